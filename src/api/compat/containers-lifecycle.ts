/** Docker's container lifecycle routes: start, stop, kill, restart, pause, unpause, wait, delete, rename, update, prune, resize. */
import type { ApiRequest } from "../api-request.ts";
import type { LifecycleReport } from "../../domain/container-lifecycle-engine.ts";
import type { WaitCondition } from "../../domain/container-stream-engine.ts";
import { exactError, TspodError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "./body-fields.ts";

function check(reports: LifecycleReport[]): void {
  const failed = reports.find((r) => r.error);
  if (failed) throw failed.error;
}

async function status(r: ApiRequest): Promise<string> {
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  return c!.State.Status;
}

const ACTIVE = ["running", "paused"];

export async function start(r: ApiRequest): Promise<void> {
  const started = await r.engines.streams.start(r.params.id!, r.query.get("detachKeys") ?? undefined);
  r.reply.send(started ? 204 : 304);
}

export async function stop(r: ApiRequest): Promise<void> {
  if (!ACTIVE.includes(await status(r))) return r.reply.send(304);
  check(await r.engines.lifecycle.stop({ nameOrIds: [r.params.id!] }, qInt(r.query, "t") ?? qInt(r.query, "timeout")));
  r.reply.send(204);
}

export async function kill(r: ApiRequest): Promise<void> {
  if (!ACTIVE.includes(await status(r))) throw exactError("ctr_state_invalid", `Cannot kill container: ${r.params.id}: Container ${r.params.id} is not running`);
  check(await r.engines.lifecycle.kill({ nameOrIds: [r.params.id!] }, r.query.get("signal") || "KILL"));
  r.reply.send(204);
}

export async function restart(r: ApiRequest): Promise<void> {
  check(await r.engines.lifecycle.restart({ nameOrIds: [r.params.id!] }, qInt(r.query, "t") ?? qInt(r.query, "timeout")));
  r.reply.send(204);
}

export async function pause(r: ApiRequest): Promise<void> {
  check(await r.engines.lifecycle.pause({ nameOrIds: [r.params.id!] }));
  r.reply.send(204);
}

export async function unpause(r: ApiRequest): Promise<void> {
  check(await r.engines.lifecycle.unpause({ nameOrIds: [r.params.id!] }));
  r.reply.send(204);
}

/** The response starts at once (Docker's clients wait for the headers before they start the container). */
export async function wait(r: ApiRequest): Promise<void> {
  const condition = (r.query.get("condition") || "not-running") as WaitCondition;
  if (!["not-running", "next-exit", "removed"].includes(condition)) throw new TspodError("invalid_argument", `invalid condition "${condition}"`);
  await r.engines.containers.inspect([r.params.id!]);
  const out = r.reply.stream(200, "application/json");
  let body: Record<string, unknown>;
  try {
    body = { StatusCode: await r.engines.streams.wait(r.params.id!, condition, r.signal), Error: null };
  } catch (err) {
    body = { StatusCode: -1, Error: { Message: (err as Error).message } };
  }
  await out.write(`${JSON.stringify(body)}\n`);
  out.end();
}

export async function remove(r: ApiRequest): Promise<void> {
  const force = qBool(r.query, "force");
  // Docker's force removal kills at once (no stop timeout)
  const [report] = await r.engines.containers.remove([r.params.id!], { force, all: false, ignore: false, volumes: qBool(r.query, "v"), timeout: force ? 0 : undefined });
  if (report?.error) throw report.error;
  r.reply.send(204);
}

export async function rename(r: ApiRequest): Promise<void> {
  const name = r.query.get("name");
  if (!name) throw exactError("invalid_argument", "a new name is required (query parameter name)");
  await r.engines.lifecycle.rename(r.params.id!, name);
  r.reply.send(204);
}

export async function update(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "container.UpdateConfig");
  const memory = b.int("Memory");
  const swap = b.int("MemorySwap");
  const nano = b.int("NanoCpus");
  const policy = b.sub("RestartPolicy", "container.RestartPolicy");
  const name = policy.str("Name");
  const max = policy.int("MaximumRetryCount") ?? 0;
  await r.engines.lifecycle.update(r.params.id!, {
    memory: memory ? String(memory) : undefined,
    memorySwap: swap ? String(swap) : undefined,
    cpus: nano ? nano / 1e9 : undefined,
    cpuShares: b.int("CpuShares") || undefined,
    cpuQuota: b.int("CpuQuota") || undefined,
    cpuPeriod: b.int("CpuPeriod") || undefined,
    pidsLimit: b.int("PidsLimit") || undefined,
    restart: name ? (name === "on-failure" && max > 0 ? `on-failure:${max}` : name) : undefined,
  });
  r.reply.json(200, { Warnings: [] });
}

export async function prune(r: ApiRequest): Promise<void> {
  const reports = await r.engines.lifecycle.prune(qFilters(r.query));
  check(reports);
  r.reply.json(200, { ContainersDeleted: reports.map((x) => x.id), SpaceReclaimed: 0 });
}

export async function resize(r: ApiRequest): Promise<void> {
  const h = qInt(r.query, "h");
  const w = qInt(r.query, "w");
  if (h === undefined || w === undefined || h < 0 || w < 0) throw exactError("invalid_argument", "resize needs h and w (rows and columns)");
  await r.engines.streams.resize(r.params.id!, h, w);
  r.reply.send(200, "");
}
