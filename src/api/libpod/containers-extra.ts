/** Podman's libpod container routes with their own shapes: stats, prune, update, mount, unmount, showmounted, healthcheck. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters, qInt } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";
import { sleep } from "../../util/sleep.ts";

/** GET /libpod/containers/stats?containers=…&stream=&interval=: {Error, Stats: [ContainerStats]} per interval. */
export async function stats(r: ApiRequest): Promise<void> {
  const named = r.query.getAll("containers").flatMap((x) => x.split(",")).filter(Boolean);
  const stream = qBool(r.query, "stream", true);
  const interval = Math.max(1, qInt(r.query, "interval") ?? 5);
  const sample = async () => {
    const ids = named.length ? named : (await r.engines.containers.list({ all: false, filters: [], size: false })).map((c) => c.Id);
    return r.engines.containerExec.stats(ids, false);
  };
  const first = await sample();
  if (!stream) return r.reply.json(200, { Error: null, Stats: first });
  const out = r.reply.stream(200, "application/json");
  await out.write(`${JSON.stringify({ Error: null, Stats: first })}\n`);
  while (!r.signal.aborted) {
    await sleep(interval * 1000);
    if (r.signal.aborted) break;
    try {
      await out.write(`${JSON.stringify({ Error: null, Stats: await sample() })}\n`);
    } catch {
      break; // a container stopped
    }
  }
  out.end();
}

export async function prune(r: ApiRequest): Promise<void> {
  const reports = await r.engines.lifecycle.prune(qFilters(r.query));
  r.reply.json(200, reports.map((x) => ({ Id: x.id, Size: 0, Err: x.error ? x.error.message : null })));
}

/** POST /libpod/containers/{id}/update: the body is an OCI LinuxResources. */
export async function update(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "specs.LinuxResources");
  const mem = b.sub("memory", "specs.LinuxMemory");
  const cpu = b.sub("cpu", "specs.LinuxCPU");
  const limit = mem.int("limit");
  const swap = mem.int("swap");
  const id = await r.engines.lifecycle.update(r.params.id!, {
    memory: limit ? String(limit) : undefined,
    memorySwap: swap ? String(swap) : undefined,
    cpuShares: cpu.int("shares") || undefined,
    cpuQuota: cpu.int("quota") || undefined,
    cpuPeriod: cpu.int("period") || undefined,
    pidsLimit: b.sub("pids", "specs.LinuxPids").int("limit") || undefined,
  });
  r.reply.json(201, id);
}

export async function mount(r: ApiRequest): Promise<void> {
  const [rep] = await r.engines.containerFs.mount([r.params.id!]);
  r.reply.json(200, rep!.path);
}

export async function unmount(r: ApiRequest): Promise<void> {
  await r.engines.containerFs.unmount([r.params.id!], { all: false, force: false });
  r.reply.send(204);
}

export async function showMounted(r: ApiRequest): Promise<void> {
  const mounted = await r.engines.containerFs.listMounted();
  r.reply.json(200, Object.fromEntries(mounted.map((m) => [m.id, m.path])));
}

/** GET /libpod/containers/{id}/healthcheck: runs the check once and answers the health state. */
export async function healthcheck(r: ApiRequest): Promise<void> {
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  if (!c!.Config.Healthcheck) throw exactError("invalid_argument", `container ${c!.Id} has no defined healthcheck`);
  if (c!.State.Status !== "running") throw exactError("ctr_state_invalid", `container ${c!.Id} is not running: container state improper`);
  await r.engines.health.run(c!.Id);
  const [after] = await r.engines.containers.inspect([c!.Id]);
  const h = after!.State.Health ?? after!.State.Healthcheck;
  r.reply.json(200, { Status: h?.Status ?? "starting", FailingStreak: h?.FailingStreak ?? 0, Log: h?.Log ?? [] });
}
