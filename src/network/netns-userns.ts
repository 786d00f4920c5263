/**
 * A network namespace for a container in a user namespace must be owned by that user namespace:
 * otherwise runc (which joins the user namespace first) may not join it, and the container can
 * neither mount /sys nor set `net.*` sysctls. So the engine makes both up front, persisted as
 * bind-mounted files: `<netns file>-userns` with the container's mappings, and the netns inside it.
 * runc then joins both by path (Podman instead lets runc create the netns and configures it after).
 */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { OciIdMapping } from "../spec/oci-spec-types.ts";
import { MNT_DETACH, MS_BIND, mount, umount2 } from "../util/libc.ts";

export function usernsFileFor(netnsFile: string): string {
  return `${netnsFile}-userns`;
}

function mapText(m: OciIdMapping[]): string {
  return m.map((e) => `${e.containerID} ${e.hostID} ${e.size}\n`).join("");
}

function nsId(pid: number | "self", ns: string): string {
  try {
    return fs.readlinkSync(`/proc/${pid}/ns/${ns}`);
  } catch {
    return "";
  }
}

function bindNs(pid: number, ns: string, file: string): void {
  fs.writeFileSync(file, "", { mode: 0o644 });
  mount(`/proc/${pid}/ns/${ns}`, file, "", MS_BIND, "");
}

export type UsernsSource = { uid: OciIdMapping[]; gid: OciIdMapping[] } | { join: string };

/**
 * Creates the network namespace, loopback up, owned by a new user namespace with the mappings
 * (persisted next to it), or by an existing one (`join`: a /proc/PID/ns/user path).
 */
export async function createUsernsNetns(netnsFile: string, source: UsernsSource): Promise<void> {
  const usernsFile = usernsFileFor(netnsFile);
  fs.mkdirSync(path.dirname(netnsFile), { recursive: true, mode: 0o755 });
  const cmd = "join" in source ? ["nsenter", `--user=${source.join}`, "unshare", "--net", "sleep", "30"] : ["unshare", "--user", "--net", "sleep", "30"];
  const helper = Bun.spawn({ cmd, stdout: "ignore", stderr: "pipe" });
  try {
    // ready once the helper is in its new network namespace (after nsenter's setns, for `join`)
    const hostNet = nsId("self", "net");
    const ready = () => {
      const net = nsId(helper.pid, "net");
      return net !== "" && net !== hostNet;
    };
    for (let i = 0; i < 400 && !ready() && helper.exitCode === null; i++) await Bun.sleep(5);
    if (helper.exitCode !== null || !ready()) {
      throw new TspodError("internal", `creating the user namespace for ${netnsFile}: ${await new Response(helper.stderr).text()}`);
    }
    if (!("join" in source)) {
      fs.writeFileSync(`/proc/${helper.pid}/uid_map`, mapText(source.uid));
      fs.writeFileSync(`/proc/${helper.pid}/gid_map`, mapText(source.gid));
      bindNs(helper.pid, "user", usernsFile);
    }
    bindNs(helper.pid, "net", netnsFile);
    const lo = Bun.spawnSync({ cmd: ["nsenter", `--net=${netnsFile}`, "ip", "link", "set", "lo", "up"], stdout: "ignore", stderr: "pipe" });
    if (lo.exitCode !== 0) throw new TspodError("internal", `setting up loopback in ${netnsFile}: ${lo.stderr.toString().trim()}`);
  } catch (err) {
    removeUserns(netnsFile);
    throw err;
  } finally {
    helper.kill("SIGKILL");
    await helper.exited;
  }
}

/** Unmounts and deletes the user namespace file that goes with a netns file (missing is fine). */
export function removeUserns(netnsFile: string): void {
  const file = usernsFileFor(netnsFile);
  if (!fs.existsSync(file)) return;
  try {
    umount2(file, MNT_DETACH);
  } catch {
    // not mounted
  }
  fs.rmSync(file, { force: true });
}
