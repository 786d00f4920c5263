/** ContainerEngine over Podman's libpod API: create, run, start, kill, ps, inspect, rm, logs, wait. */
import type { ApiClient } from "../apiclient/api-client.ts";
import { demuxStream } from "../apiclient/stream-demux.ts";
import type { ContainerInspect, ContainerListEntry } from "../define/container-types.ts";
import type {
  AttachStreams,
  ContainerCreateOptions,
  ContainerEngine,
  ContainerListOptions,
  ContainerRemoveOptions,
  ContainerRemoveReport,
  LogLine,
  LogOptions,
} from "../domain/container-engine.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import { isErrorCode } from "../errors/tspod-error.ts";
import { timeAgo } from "../util/human-duration.ts";
import { specGenerator } from "./remote-create-spec.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import { filtersQuery } from "./remote-filters.ts";
import type { RemoteImageEngine } from "./remote-image-engine.ts";

const enc = encodeURIComponent;

/** The list entry as the API sends it: Created is a time, Status only the health. */
type WireListEntry = Omit<ContainerListEntry, "Created"> & { Created: string | number };

function statusText(e: WireListEntry, now: number): string {
  switch (e.State) {
    case "running":
      return `Up ${timeAgo(e.StartedAt * 1000, now)}${e.Status ? ` (${e.Status})` : ""}`;
    case "paused":
      return "Paused";
    case "exited":
    case "stopped":
      return `Exited (${e.ExitCode}) ${timeAgo(e.ExitedAt * 1000, now)}`;
    case "removing":
      return "Removing";
    case "initialized":
      return "Initialized";
    default:
      return "Created";
  }
}

export class RemoteContainerEngine implements Partial<ContainerEngine> {
  constructor(
    private readonly api: ApiClient,
    private readonly images: RemoteImageEngine,
  ) {}

  async create(opts: ContainerCreateOptions, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; warnings: string[] }> {
    return this.createWith(opts, opts.remove, progress, signal);
  }

  private async createWith(opts: ContainerCreateOptions, remove: boolean, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; warnings: string[] }> {
    const spec = specGenerator(opts, remove);
    await this.images.ensure(opts.image, opts.pull, { tlsVerify: opts.tlsVerify, quiet: false }, progress ?? (() => undefined), signal);
    const res = await this.api.json<{ Id: string; Warnings: string[] | null }>("POST", "/libpod/containers/create", { body: spec, signal });
    return { id: res.Id, warnings: res.Warnings ?? [] };
  }

  async run(opts: ContainerCreateOptions, io: AttachStreams, progress?: ProgressSink, signal?: AbortSignal): Promise<{ id: string; exitCode?: number }> {
    if (opts.detach) {
      const { id } = await this.createWith(opts, opts.remove, progress, signal);
      await this.api.call("POST", `/libpod/containers/${id}/start`);
      return { id };
    }
    // attached: the client removes an --rm container itself once it has the exit code
    const { id } = await this.createWith(opts, false, progress, signal);
    try {
      const conn = await this.api.hijack(`/libpod/containers/${id}/attach`, {
        query: { stream: true, stdout: true, stderr: true, stdin: opts.interactive && io.stdin !== undefined, detachKeys: io.detachKeys },
      });
      const output = demuxStream(conn.output, opts.tty, (kind, data) => (kind === "stderr" ? io.stderr(data) : io.stdout(data)));
      // the terminal is sized before the container starts (as Podman's client does), and follows ours
      const resize = async () => {
        const size = opts.tty ? io.terminalSize?.() : undefined;
        if (size) await this.api.call("POST", `/libpod/containers/${id}/resize`, { query: { h: size.rows, w: size.cols }, allowError: true }).catch(() => undefined);
      };
      await resize();
      await this.api.call("POST", `/libpod/containers/${id}/start`);
      io.onStarted?.(id);
      if (opts.tty) io.onResize?.(() => void resize());
      if (opts.interactive && io.stdin) {
        const stdin = io.stdin;
        void (async () => {
          try {
            for await (const c of stdin) conn.write(c);
          } catch {
            // our stdin failed: the container's input just ends
          }
          conn.endInput();
        })();
      }
      await output;
      conn.close();
      const [code] = await this.wait([id]);
      return { id, exitCode: code };
    } finally {
      if (opts.remove) await this.api.call("DELETE", `/libpod/containers/${id}`, { query: { force: true }, allowError: true });
    }
  }

  async start(nameOrIds: string[]): Promise<string[]> {
    for (const n of nameOrIds) await this.api.call("POST", `/libpod/containers/${enc(n)}/start`);
    return nameOrIds;
  }

  async kill(nameOrId: string, signal: string): Promise<void> {
    await this.api.call("POST", `/libpod/containers/${enc(nameOrId)}/kill`, { query: { signal } });
  }

  async list(opts: ContainerListOptions): Promise<ContainerListEntry[]> {
    if (opts.namespaces) throw notSupportedRemotely("ps --ns");
    const wire = await this.api.json<WireListEntry[]>("GET", "/libpod/containers/json", {
      query: { all: opts.all, last: opts.last, size: opts.size, filters: filtersQuery(opts.filters) },
    });
    const now = Date.now();
    const out = wire.map((e) => ({ ...e, Created: typeof e.Created === "number" ? e.Created : Math.floor(Date.parse(e.Created) / 1000), Status: statusText(e, now) }));
    // the service lists newest first, local mode oldest first
    return out.reverse();
  }

  async inspect(nameOrIds: string[], opts?: { size?: boolean }): Promise<ContainerInspect[]> {
    const out: ContainerInspect[] = [];
    for (const n of nameOrIds) out.push(await this.api.json<ContainerInspect>("GET", `/libpod/containers/${enc(n)}/json`, { query: { size: opts?.size } }));
    return out;
  }

  async remove(nameOrIds: string[], opts: ContainerRemoveOptions): Promise<ContainerRemoveReport[]> {
    let names = nameOrIds;
    if (opts.all) names = (await this.list({ all: true })).map((e) => e.Id);
    const reports: ContainerRemoveReport[] = [];
    for (const n of names) {
      try {
        const res = await this.api.json<{ Id: string; Err: string | null }[]>("DELETE", `/libpod/containers/${enc(n)}`, {
          query: { force: opts.force, v: opts.volumes, depend: opts.depend, timeout: opts.timeout },
        });
        for (const r of res) reports.push({ id: r.Id, requested: opts.all ? r.Id : n, error: r.Err ? new Error(r.Err) : undefined });
      } catch (err) {
        if (opts.ignore && isErrorCode(err, "no_such_container")) continue;
        reports.push({ id: "", requested: n, error: err as Error });
      }
    }
    return reports;
  }

  async logs(nameOrIds: string[], opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    const targets = await this.inspect(nameOrIds);
    await Promise.all(targets.map((c) => this.logsOf(c, opts, onLine, signal)));
  }

  private async logsOf(c: ContainerInspect, opts: LogOptions, onLine: (line: LogLine) => void, signal?: AbortSignal): Promise<void> {
    const res = await this.api.request("GET", `/libpod/containers/${c.Id}/logs`, {
      query: {
        stdout: true,
        stderr: true,
        follow: opts.follow,
        timestamps: true,
        tail: opts.tail,
        since: opts.since ? String(opts.since.getTime() / 1000) : undefined,
        until: opts.until ? String(opts.until.getTime() / 1000) : undefined,
      },
      signal,
    });
    const container = { id: c.Id, name: c.Name };
    const pending: Record<string, string> = { stdout: "", stderr: "" };
    const dec = { stdout: new TextDecoder(), stderr: new TextDecoder() };
    const emit = (stream: "stdout" | "stderr", raw: string, full: boolean) => {
      const sp = raw.indexOf(" ");
      const time = sp > 0 ? raw.slice(0, sp).replace(/Z$/, "+00:00") : "";
      onLine({ container, stream, time, text: sp > 0 ? raw.slice(sp + 1) : raw, full });
    };
    await demuxStream(res.body, c.Config.Tty, (stream, data) => {
      let text = pending[stream] + dec[stream].decode(data, { stream: true });
      let nl: number;
      while ((nl = text.indexOf("\n")) >= 0) {
        emit(stream, text.slice(0, nl), true);
        text = text.slice(nl + 1);
      }
      pending[stream] = text;
    });
    for (const stream of ["stdout", "stderr"] as const) if (pending[stream]) emit(stream, pending[stream]!, false);
  }

  async wait(nameOrIds: string[]): Promise<number[]> {
    const codes: number[] = [];
    for (const n of nameOrIds) {
      const text = await (await this.api.request("POST", `/libpod/containers/${enc(n)}/wait`)).text();
      codes.push(Number(text.trim()));
    }
    return codes;
  }
}
