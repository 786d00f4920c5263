/**
 * The REST API service (`tspod system service`): node:http on a unix socket, TCP, or a socket
 * systemd passed (fd 3). Answers Docker's compat routes and Podman's /libpod routes from one engine
 * set; exits after `idleMs` without requests (0: never); on shutdown it stops accepting, lets
 * requests in flight finish (up to `graceMs`), then cuts what is left (streams that never end).
 */
import http, { type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { Readable } from "node:stream";
import type net from "node:net";
import fs from "node:fs";
import path from "node:path";
import type { Socket } from "node:net";
import type { Engines } from "../domain/engines.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { DOCKER_API_VERSION, LIBPOD_API_VERSION } from "../define/version.ts";
import type { ListenAddress } from "./api-listen-address.ts";
import { HttpReply, UpgradeReply, type ApiReply } from "./api-reply.ts";
import { makeBodyReaders, ServerCache, type ApiRequest } from "./api-request.ts";
import { normalizePath, type Router } from "./api-router.ts";
import { replyError } from "./api-error-reply.ts";
import { createIntakeServer } from "./raw-exec-intake.ts";
import { MemoryKeeper } from "./api-memory.ts";

/** The request as handle() needs it: node:http's IncomingMessage, or one read by raw-exec-intake. */
type RequestSource = Readable & { method?: string; url?: string; headers: IncomingHttpHeaders };

export interface ApiServerOptions {
  address: ListenAddress;
  /** Exit after this long without a request in flight; 0 disables. */
  idleMs: number;
  /** How long shutdown waits for requests in flight before cutting them. */
  graceMs?: number;
  engines: Engines;
  router: Router;
  /** One line per request at debug level (method, path, status, ms). */
  log?: (line: string) => void;
}

export class ApiServer {
  private readonly http: http.Server;
  /** Accepts connections and hands them to `http` (or answers raw exec starts itself). */
  private readonly server: net.Server;
  private readonly shutdownController = new AbortController();
  private readonly sockets = new Set<Socket>();
  private inFlight = 0;
  private readonly cache = new ServerCache();
  private readonly memory = new MemoryKeeper();
  private idleTimer?: ReturnType<typeof setTimeout>;
  private drained?: () => void;
  private closing?: Promise<void>;
  private resolveStopped!: () => void;
  /** Resolves once the server has shut down (idle timeout or shutdown()). */
  readonly stopped = new Promise<void>((r) => (this.resolveStopped = r));

  constructor(private readonly opts: ApiServerOptions) {
    this.http = http.createServer((req, res) => void this.handle(req, new HttpReply(req, res), res));
    this.http.on("upgrade", (req: http.IncomingMessage, socket: Socket) => void this.handle(req, new UpgradeReply(socket), socket));
    // keep-alive clients (docker) hold idle connections; they must not keep the service alive
    this.http.keepAliveTimeout = 5_000;
    this.server = createIntakeServer(this.http, (req, socket) => void this.handle(req, new UpgradeReply(socket, false), socket));
    this.server.on("connection", (s: Socket) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<void> {
    const a = this.opts.address;
    if (a.kind === "unix") {
      fs.mkdirSync(path.dirname(a.path), { recursive: true });
      removeStaleSocket(a.path);
    }
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      const done = () => {
        this.server.off("error", reject);
        resolve();
      };
      if (a.kind === "unix") this.server.listen(a.path, done);
      else if (a.kind === "tcp") this.server.listen(a.port, a.host, done);
      else this.server.listen({ fd: a.fd }, done);
    });
    if (a.kind === "unix") fs.chmodSync(a.path, 0o660);
    this.armIdleTimer();
  }

  /** The bound TCP port (tcp://HOST:0 picks a free one). */
  get port(): number | undefined {
    const addr = this.server.address();
    return addr && typeof addr === "object" ? addr.port : undefined;
  }

  shutdown(): Promise<void> {
    this.closing ??= (async () => {
      clearTimeout(this.idleTimer);
      this.memory.stop();
      this.server.close();
      this.http.closeIdleConnections?.();
      if (this.inFlight > 0) {
        const drained = new Promise<void>((r) => (this.drained = r));
        const grace = new Promise<void>((r) => setTimeout(r, this.opts.graceMs ?? 10_000).unref?.());
        await Promise.race([drained, grace]);
      }
      this.shutdownController.abort();
      for (const s of this.sockets) s.destroy();
      const a = this.opts.address;
      if (a.kind === "unix") fs.rmSync(a.path, { force: true });
      this.resolveStopped();
    })();
    return this.closing;
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.opts.idleMs > 0 && this.inFlight === 0 && !this.closing) {
      this.idleTimer = setTimeout(() => void this.shutdown(), this.opts.idleMs);
    }
  }

  private async handle(req: RequestSource, reply: ApiReply, conn: ServerResponse | Socket): Promise<void> {
    this.inFlight++;
    clearTimeout(this.idleTimer);
    const started = Date.now();
    const abort = new AbortController();
    const onShutdown = () => abort.abort();
    this.shutdownController.signal.addEventListener("abort", onShutdown);
    conn.on("close", () => abort.abort());
    const url = new URL(req.url ?? "/", "http://d");
    const { path: p, libpod } = normalizePath(url.pathname);
    let status = 0;
    reply.setHeader("API-Version", DOCKER_API_VERSION);
    reply.setHeader("Libpod-API-Version", LIBPOD_API_VERSION);
    reply.setHeader("Server", `Libpod/${LIBPOD_API_VERSION} (linux)`);
    reply.setHeader("Ostype", "linux");
    try {
      const method = req.method ?? "GET";
      const m = this.opts.router.match(method, p, libpod);
      if (m === undefined) throw new TspodError("no_such_object", `${method} ${url.pathname}: page not found`);
      if (m === "method") throw new TspodError("not_implemented", `${method} ${url.pathname}: method not allowed`);
      const r: ApiRequest = {
        method,
        path: p,
        params: m.params,
        query: url.searchParams,
        headers: req.headers,
        libpod,
        engines: this.opts.engines,
        signal: abort.signal,
        reply,
        cache: this.cache,
        ...makeBodyReaders(req),
      };
      await m.handler(r);
      if (!reply.started) reply.send(204);
      status = reply.status;
    } catch (err) {
      status = replyError(reply, err, libpod);
    } finally {
      this.shutdownController.signal.removeEventListener("abort", onShutdown);
      this.opts.log?.(`${req.method} ${req.url} ${status} ${Date.now() - started}ms`);
      this.inFlight--;
      if (this.inFlight === 0) this.drained?.();
      this.memory.requestDone(this.inFlight === 0);
      this.armIdleTimer();
    }
  }
}

function removeStaleSocket(p: string): void {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new TspodError("invalid_argument", `${p} exists and is not a socket`);
  fs.rmSync(p);
}
