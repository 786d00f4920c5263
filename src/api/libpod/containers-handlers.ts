/** Podman's libpod container routes whose answers differ from Docker's: wait, DELETE, stop/kill, start. */
import type { ApiRequest } from "../api-request.ts";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import { qBool, qInt } from "../api-params.ts";

/** libpod wait answers the exit code as a bare number; conditions are Podman's state words. */
export async function wait(r: ApiRequest): Promise<void> {
  const conditions = r.query.getAll("condition").flatMap((c) => c.split(",")).filter(Boolean);
  await r.engines.containers.inspect([r.params.id!]);
  const out = r.reply.stream(200, "application/json");
  let code: number;
  try {
    code = conditions.length === 0 || conditions.every((c) => c === "stopped" || c === "exited")
      ? await r.engines.streams.wait(r.params.id!, "not-running", r.signal)
      : (await r.engines.lifecycle.waitCondition([r.params.id!], conditions, qInt(r.query, "interval") ?? 250))[0]!;
  } catch (err) {
    if (r.signal.aborted) return out.end();
    code = -1;
    void err;
  }
  await out.write(`${code}\n`);
  out.end();
}

export async function remove(r: ApiRequest): Promise<void> {
  const force = qBool(r.query, "force");
  const reports = await r.engines.containers.remove([r.params.id!], {
    force,
    all: false,
    ignore: qBool(r.query, "ignore"),
    volumes: qBool(r.query, "v"),
    depend: qBool(r.query, "depend"),
    timeout: qInt(r.query, "timeout"),
  });
  const failed = reports.find((x) => x.error);
  if (failed && reports.length === 1) throw failed.error;
  r.reply.json(200, reports.map((x) => ({ Id: x.id, Err: x.error ? x.error.message : null })));
}

export async function stop(r: ApiRequest): Promise<void> {
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  if (c!.State.Status !== "running" && c!.State.Status !== "paused") return r.reply.send(304);
  const [rep] = await r.engines.lifecycle.stop({ nameOrIds: [r.params.id!], ignore: qBool(r.query, "ignore") }, qInt(r.query, "timeout") ?? qInt(r.query, "t"));
  if (rep?.error) throw rep.error;
  r.reply.send(204);
}

export async function kill(r: ApiRequest): Promise<void> {
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  if (c!.State.Status !== "running" && c!.State.Status !== "paused") {
    throw exactError("ctr_state_invalid", `can only kill running containers. ${c!.Id} is in state ${c!.State.Status}: container state improper`);
  }
  const [rep] = await r.engines.lifecycle.kill({ nameOrIds: [r.params.id!] }, r.query.get("signal") || "TERM");
  if (rep?.error) throw rep.error;
  r.reply.send(204);
}

export async function init(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.lifecycle.init({ nameOrIds: [r.params.id!] });
  if (rep?.error) {
    if (rep.error instanceof TspodError && rep.error.code === "ctr_state_invalid") return r.reply.send(304);
    throw rep.error;
  }
  r.reply.send(204);
}
