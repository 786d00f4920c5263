/**
 * Swarm routes: this node is never a swarm manager (Docker's answer and status). /secrets is not
 * here: tspod has secrets (Podman serves them on the compat /secrets routes).
 */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";

export async function notSwarmManager(_r: ApiRequest): Promise<void> {
  throw exactError("swarm_inactive", 'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.');
}

export const SWARM_PATHS = ["/swarm", "/swarm/{rest*}", "/services", "/services/{rest*}", "/nodes", "/nodes/{rest*}", "/tasks", "/tasks/{rest*}", "/configs", "/configs/{rest*}"];
