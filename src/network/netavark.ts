/** Drives netavark (`setup` / `teardown` with the network options on stdin) and finds its binaries. */
import fs from "node:fs";
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { NetworkConfig, NetworkStatus, PerNetworkOptions, PortMapping } from "./network-types.ts";

const HELPER_DIRS = ["/usr/local/libexec/podman", "/usr/local/lib/podman", "/usr/libexec/podman", "/usr/lib/podman"];

function findHelper(name: string): string {
  for (const d of HELPER_DIRS) {
    const p = `${d}/${name}`;
    if (fs.existsSync(p)) return p;
  }
  throw new TspodError("config", `could not find "${name}" in one of [${HELPER_DIRS.join(" ")}]`);
}

/** netavark's stdin: what a container wants from each network. */
export interface NetavarkOptions {
  container_id: string;
  container_name: string;
  networks: Record<string, PerNetworkOptions>;
  network_info: Record<string, NetworkConfig>;
  port_mappings?: PortMapping[];
}

/** One lock for every netavark process on the host (see argv). */
const HOST_LOCK = "/run/lock/tspod-netavark.lock";

export class Netavark {
  private readonly bin: string;
  private readonly aardvark: string;

  /** `runDir`: netavark's --config (aardvark-dns state and lock live below it). */
  constructor(private readonly runDir: string) {
    this.bin = findHelper("netavark");
    this.aardvark = findHelper("aardvark-dns");
  }

  /**
   * netavark calls run one at a time on the whole host, as Podman serialises them: concurrent
   * setups on one config dir would each start an aardvark-dns and leak all but one, and the
   * firewall chains netavark shares between networks are host-wide (a teardown on one store's
   * networks can delete a chain another store's setup is appending to). The lock is held by
   * util-linux `flock` around the netavark process (not by tspod), so a synchronous teardown can
   * never wait on a lock its own process holds.
   */
  private argv(verb: string, ...rest: string[]): string[] {
    fs.mkdirSync(this.runDir, { recursive: true, mode: 0o755 });
    fs.mkdirSync(path.dirname(HOST_LOCK), { recursive: true, mode: 0o755 });
    return ["flock", "--close", HOST_LOCK, this.bin, "--config", this.runDir, "--aardvark-binary", this.aardvark, verb, ...rest];
  }

  async setup(netns: string, opts: NetavarkOptions): Promise<Record<string, NetworkStatus>> {
    fs.mkdirSync(this.runDir, { recursive: true, mode: 0o755 });
    const proc = Bun.spawn(this.argv("setup", netns), { stdin: new Blob([JSON.stringify(opts)]), stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new TspodError("internal", `netavark: ${errorText(out, err)}`);
    try {
      return JSON.parse(out) as Record<string, NetworkStatus>;
    } catch {
      throw new TspodError("internal", `netavark: unexpected output ${JSON.stringify(out.slice(0, 200))}`);
    }
  }

  /** Synchronous so it can run from every cleanup path; returns the error text, if any. */
  teardown(netns: string, opts: NetavarkOptions): string | undefined {
    const r = Bun.spawnSync({ cmd: this.argv("teardown", netns), stdin: new TextEncoder().encode(JSON.stringify(opts)), stdout: "pipe", stderr: "pipe" });
    const repair = this.isolationRepairArgv(opts);
    if (repair) Bun.spawnSync({ cmd: repair, stdout: "ignore", stderr: "ignore" });
    return r.exitCode === 0 ? undefined : errorText(r.stdout.toString(), r.stderr.toString());
  }

  async teardownAsync(netns: string, opts: NetavarkOptions): Promise<string | undefined> {
    const proc = Bun.spawn(this.argv("teardown", netns), { stdin: new Blob([JSON.stringify(opts)]), stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    const repair = this.isolationRepairArgv(opts);
    if (repair) await Bun.spawn({ cmd: repair, stdout: "ignore", stderr: "ignore" }).exited;
    return code === 0 ? undefined : errorText(out, err);
  }

  /**
   * netavark 1.4's teardown of the last container of an isolated network deletes the shared
   * `FORWARD -j NETAVARK_ISOLATION_1` jump even when other isolated networks still have rules
   * in that chain, which leaves them reachable until the next setup adds the jump back. Under the
   * same host lock, put it back (first in FORWARD, where netavark inserts it) when the chain still
   * has rules. One `iptables -S` when nothing needs repair; ip6tables only after an IPv6 network.
   * Undefined when the teardown touched no isolated network.
   */
  private isolationRepairArgv(opts: NetavarkOptions): string[] | undefined {
    const nets = Object.values(opts.network_info).filter((n) => n.options?.isolate === "true");
    if (nets.length === 0) return undefined;
    const families = nets.some((n) => n.subnets?.some((s) => s.subnet.includes(":"))) ? ["iptables", "ip6tables"] : ["iptables"];
    const chain = "NETAVARK_ISOLATION_1";
    const repair = (ipt: string) =>
      `r=$(${ipt} -w -S 2>/dev/null); if printf '%s\\n' "$r" | grep -q '^-A ${chain} ' && ! printf '%s\\n' "$r" | grep -qx -- '-A FORWARD -j ${chain}'; then ${ipt} -w -I FORWARD 1 -j ${chain}; fi`;
    return ["flock", "--close", HOST_LOCK, "sh", "-c", `${families.map(repair).join("; ")}; exit 0`];
  }
}

/** netavark prints `{"error": "..."}` on stdout; drop its syslog complaint from stderr. */
function errorText(out: string, err: string): string {
  try {
    const j = JSON.parse(out) as { error?: string };
    if (j.error) return j.error;
  } catch {
    // not JSON
  }
  const lines = err.split("\n").filter((l) => l.trim() && !l.includes("failed to connect to syslog"));
  return lines.join("\n").trim() || out.trim() || "failed";
}
