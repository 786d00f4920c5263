/** ContainerExecEngine over the libpod API: exec (detached, or attached with stdout, stderr and -i stdin). */
import type { ApiClient } from "../apiclient/api-client.ts";
import { demuxStream } from "../apiclient/stream-demux.ts";
import type { ContainerExecEngine, ExecOptions, ExecResult, PortReport, TopReport } from "../domain/container-exec-engine.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";
import type { RemoteIo } from "./remote-io.ts";

const enc = encodeURIComponent;

export class RemoteExecEngine implements Partial<ContainerExecEngine> {
  constructor(
    private readonly api: ApiClient,
    private readonly io: RemoteIo,
  ) {}

  async top(nameOrId: string, descriptors: string[]): Promise<TopReport> {
    const r = await this.api.json<{ Titles: string[]; Processes: string[][] }>("GET", `/libpod/containers/${enc(nameOrId)}/top`, { query: { ps_args: descriptors.length ? descriptors.join(",") : undefined } });
    return { headers: r.Titles, rows: r.Processes };
  }

  /** `port`: the running containers' published ports, from inspect's NetworkSettings.Ports (as Podman's client). */
  async port(nameOrIds: string[], all: boolean): Promise<PortReport[]> {
    const ids = all ? (await this.api.json<{ Id: string }[]>("GET", "/libpod/containers/json")).map((c) => c.Id) : nameOrIds;
    const reports: PortReport[] = [];
    for (const n of ids) {
      const info = await this.api.json<{ Id: string; State: { Status: string }; NetworkSettings?: { Ports?: Record<string, { HostIp: string; HostPort: string }[] | null> } }>("GET", `/libpod/containers/${enc(n)}/json`);
      if (info.State.Status !== "running" && info.State.Status !== "paused") continue;
      const ports: PortReport["ports"] = [];
      for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
        const [port, protocol = "tcp"] = key.split("/");
        for (const b of bindings ?? []) ports.push({ hostIp: b.HostIp, hostPort: Number(b.HostPort), containerPort: Number(port), protocol });
      }
      reports.push({ id: info.Id, ports });
    }
    return reports;
  }

  async exec(nameOrId: string, opts: ExecOptions, stderr: (data: Uint8Array) => void): Promise<ExecResult> {
    if (opts.preserveFds > 0) throw notSupportedRemotely("exec --preserve-fds");
    const attach = !opts.detach;
    const { Id: id } = await this.api.json<{ Id: string }>("POST", `/libpod/containers/${enc(nameOrId)}/exec`, {
      body: {
        AttachStdin: attach && opts.interactive,
        AttachStdout: attach,
        AttachStderr: attach,
        Tty: opts.tty,
        Cmd: opts.command,
        Env: opts.env,
        User: opts.user,
        WorkingDir: opts.workdir,
        Privileged: opts.privileged,
        DetachKeys: opts.detachKeys,
      },
    });
    if (opts.detach) {
      await this.api.call("POST", `/libpod/exec/${id}/start`, { body: { Detach: true, Tty: opts.tty } });
      return { sessionId: id };
    }
    const conn = await this.api.hijack(`/libpod/exec/${id}/start`, { body: { Detach: false, Tty: opts.tty } });
    if (opts.interactive) {
      void (async () => {
        try {
          for await (const c of this.io.stdin()) conn.write(c);
        } catch {
          // our stdin failed: the process's input just ends
        }
        conn.endInput();
      })();
    }
    await demuxStream(conn.output, opts.tty, (kind, data) => (kind === "stderr" ? stderr(data) : this.io.stdout(data)));
    conn.close();
    const info = await this.api.json<{ ExitCode: number | null; Running: boolean }>("GET", `/libpod/exec/${id}/json`);
    return { sessionId: id, exitCode: info.ExitCode ?? undefined };
  }
}
