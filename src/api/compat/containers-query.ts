/** Docker's read-only container routes: json (list), {id}/json, top, changes, stats, export. */
import type { ApiRequest } from "../api-request.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { dockerInspect, dockerListEntry } from "./container-views.ts";
import type { ContainerStatsEntry } from "../../domain/container-exec-engine.ts";
import { sleep } from "../../util/sleep.ts";

export async function list(r: ApiRequest): Promise<void> {
  const limit = qInt(r.query, "limit");
  const entries = await r.engines.containers.list({
    all: qBool(r.query, "all"),
    last: limit !== undefined && limit > 0 ? limit : undefined,
    filters: qFilters(r.query),
    size: qBool(r.query, "size"),
  });
  // Docker lists newest first
  entries.reverse();
  // libpod's ListContainer has Created as a time (the CLI's JSON prints unix seconds)
  if (r.libpod) return r.reply.json(200, entries.map((e) => ({ ...e, Created: new Date(e.Created * 1000).toISOString(), Status: /\((healthy|unhealthy|starting)\)$/.exec(e.Status)?.[1] ?? "" })));
  r.reply.json(200, entries.map((e) => dockerListEntry(e)));
}

export async function inspect(r: ApiRequest): Promise<void> {
  const [c] = await r.engines.containers.inspect([r.params.id!], { size: qBool(r.query, "size") });
  r.reply.json(200, r.libpod ? c : dockerInspect(c!));
}

export async function top(r: ApiRequest): Promise<void> {
  const psArgs = r.query.get("ps_args");
  const report = await r.engines.containerExec.top(r.params.id!, psArgs ? psArgs.split(/[\s,]+/).filter(Boolean) : []);
  r.reply.json(200, { Titles: report.headers, Processes: report.rows });
}

export async function changes(r: ApiRequest): Promise<void> {
  const list = await r.engines.containerFs.diff(r.params.id!);
  r.reply.json(200, list.length ? list : null);
}

function dockerStats(s: ContainerStatsEntry, prev: ContainerStatsEntry | undefined, cpus: number): Record<string, unknown> {
  const cpuStats = (e: ContainerStatsEntry | undefined) => ({
    cpu_usage: { total_usage: e?.CPUNano ?? 0, percpu_usage: null, usage_in_kernelmode: 0, usage_in_usermode: e?.CPUNano ?? 0 },
    // the host's CPU time over all CPUs, as Docker's clients divide by it
    system_cpu_usage: (e?.SystemNano ?? 0) * cpus,
    online_cpus: cpus,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  });
  return {
    read: new Date().toISOString(),
    preread: prev ? new Date(prev.SystemNano / 1e6).toISOString() : "0001-01-01T00:00:00Z",
    pids_stats: { current: s.PIDs },
    blkio_stats: { io_service_bytes_recursive: [{ major: 0, minor: 0, op: "read", value: s.BlockInput }, { major: 0, minor: 0, op: "write", value: s.BlockOutput }] },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpuStats(s),
    precpu_stats: cpuStats(prev),
    memory_stats: { usage: s.MemUsage, max_usage: s.MemUsage, stats: {}, limit: s.MemLimit },
    name: `/${s.Name}`,
    id: s.ContainerID,
    networks: { eth0: { rx_bytes: s.NetInput, rx_packets: 0, rx_errors: 0, rx_dropped: 0, tx_bytes: s.NetOutput, tx_packets: 0, tx_errors: 0, tx_dropped: 0 } },
  };
}

export async function stats(r: ApiRequest): Promise<void> {
  const stream = qBool(r.query, "stream", true) && !qBool(r.query, "one-shot");
  const cpus = navigator.hardwareConcurrency || 1;
  let prev: ContainerStatsEntry | undefined;
  const sample = async () => (await r.engines.containerExec.stats([r.params.id!], false))[0]!;
  if (!stream) {
    prev = await sample();
    await sleep(100);
    const now = await sample();
    return r.reply.json(200, dockerStats(now, prev, cpus));
  }
  const first = await sample();
  const out = r.reply.stream(200, "application/json");
  await out.write(`${JSON.stringify(dockerStats(first, undefined, cpus))}\n`);
  prev = first;
  while (!r.signal.aborted) {
    await sleep(1000);
    if (r.signal.aborted) break;
    let now: ContainerStatsEntry;
    try {
      now = await sample();
    } catch {
      break; // the container stopped
    }
    await out.write(`${JSON.stringify(dockerStats(now, prev, cpus))}\n`);
    prev = now;
  }
  out.end();
}

export async function exportTar(r: ApiRequest): Promise<void> {
  await r.engines.containers.inspect([r.params.id!]);
  const out = r.reply.stream(200, "application/x-tar");
  // writes are ordered: awaiting the last one waits for all
  let last: Promise<void> = Promise.resolve();
  await r.engines.containerFs.exportTar(r.params.id!, (d) => void (last = out.write(d)));
  await last;
  out.end();
}
