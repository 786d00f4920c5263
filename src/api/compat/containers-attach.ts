/**
 * Docker's hijacked streams: POST /containers/{id}/attach and the exec routes. The connection is
 * upgraded (101, Docker's raw stream); output is framed unless the container has a TTY, and the
 * client's half of the connection is the process's stdin.
 */
import type { ApiRequest } from "../api-request.ts";
import type { StreamIo } from "../../domain/container-stream-engine.ts";
import type { HijackedStream } from "../api-reply.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qInt } from "../api-params.ts";
import { framer } from "../stream-frames.ts";
import { Fields } from "./body-fields.ts";

function streamIo(stream: HijackedStream, tty: boolean, wantStdout: boolean, wantStderr: boolean, stdin: boolean): StreamIo {
  const f = framer(!tty, (c) => stream.write(c));
  return {
    stdout: wantStdout ? f.stdout : () => {},
    stderr: wantStderr ? f.stderr : () => {},
    stdin: stdin ? stream.input : undefined,
  };
}

function contentType(tty: boolean): string {
  return tty ? "application/vnd.docker.raw-stream" : "application/vnd.docker.multiplexed-stream";
}

export async function attach(r: ApiRequest): Promise<void> {
  const [c] = await r.engines.containers.inspect([r.params.id!]);
  const tty = c!.Config.Tty;
  const q = r.query;
  const logs = qBool(q, "logs");
  const stream = qBool(q, "stream");
  if (!stream && !logs) throw exactError("invalid_argument", "at least one of logs or stream must be set");
  const stdin = qBool(q, "stdin");
  const hijacked = r.reply.hijack(contentType(tty));
  const io = streamIo(hijacked, tty, qBool(q, "stdout"), qBool(q, "stderr"), stdin);
  try {
    // logs=1: what the container printed so far, then (with stream) what comes next
    if (logs) {
      const enc = new TextEncoder();
      await r.engines.containers.logs([r.params.id!], { follow: false, timestamps: false, names: false }, (l) => (l.stream === "stdout" ? io.stdout : io.stderr)(enc.encode(`${l.text}${l.full ? "\n" : ""}`)), r.signal);
    }
    if (stream) await r.engines.streams.attach(r.params.id!, io, { stdin, detachKeys: q.get("detachKeys") ?? undefined }, r.signal);
  } finally {
    hijacked.end();
  }
}

export async function execCreate(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.ExecConfig");
  const id = await r.engines.streams.execCreate(r.params.id!, {
    command: b.strList("Cmd", true) ?? [],
    tty: b.bool("Tty"),
    interactive: b.bool("AttachStdin"),
    env: (b.strList("Env") ?? []).filter((e) => e.includes("=")),
    user: b.str("User") || undefined,
    workdir: b.str("WorkingDir") || undefined,
    privileged: b.bool("Privileged"),
  });
  r.reply.json(201, { Id: id });
}

export async function execStart(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.ExecStartCheck");
  const info = await r.engines.streams.execInspect(r.params.id!);
  if (b.bool("Detach")) {
    await r.engines.streams.execStart(r.params.id!, undefined, r.signal);
    return r.reply.send(200, "");
  }
  const tty = b.has("Tty") ? b.bool("Tty") : info.tty;
  const hijacked = r.reply.hijack(contentType(tty));
  try {
    await r.engines.streams.execStart(r.params.id!, streamIo(hijacked, tty, true, true, info.openStdin), r.signal);
  } catch (err) {
    // the stream has begun: the error goes to the client as stderr output (as Docker does)
    const f = framer(!tty, (c) => hijacked.write(c));
    f.stderr(new TextEncoder().encode(`Error: ${(err as Error).message}\n`));
  } finally {
    hijacked.end();
  }
}

export async function execInspect(r: ApiRequest): Promise<void> {
  const s = await r.engines.streams.execInspect(r.params.id!);
  r.reply.json(200, {
    ID: s.id,
    Running: s.running,
    ExitCode: s.exitCode,
    ProcessConfig: { tty: s.tty, entrypoint: s.command[0] ?? "", arguments: s.command.slice(1), privileged: s.privileged, user: s.user },
    OpenStdin: s.openStdin,
    OpenStderr: true,
    OpenStdout: true,
    CanRemove: !s.running,
    ContainerID: s.containerId,
    DetachKeys: "",
    Pid: s.pid,
  });
}

export async function execResize(r: ApiRequest): Promise<void> {
  // runc proxies the exec's terminal itself; its size follows the container's (no resize channel)
  qInt(r.query, "h");
  qInt(r.query, "w");
  await r.engines.streams.execInspect(r.params.id!);
  r.reply.send(201, "");
}
