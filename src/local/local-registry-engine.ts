/** RegistryEngine over auth.json, the registry client and the local image store. */
import { TspodError } from "../errors/tspod-error.ts";
import type { ProgressSink } from "../domain/image-engine.ts";
import type { LoginOptions, LoginReport, LogoutOptions, PushOptions, RegistryEngine, SearchOptions, SearchResult } from "../domain/registry-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { RegistryOpsClient } from "../image/registry-ops-client.ts";
import type { Credentials } from "../image/registry-auth.ts";
import { authFileFor, credentialsLookup } from "./registry-credentials.ts";
import { pushWithProgress } from "./image-push.ts";
import { searchRegistries } from "./registry-search.ts";

/** `docker://host/repo`, `https://host/` → `host/repo` (the auth.json key). */
export function loginKey(registry: string): string {
  // A URL (Docker's `https://index.docker.io/v1/`) names a host; `docker://host/repo` a repository.
  let k = /^https?:\/\//.test(registry) ? registry.replace(/^https?:\/\//, "").split("/")[0]! : registry.replace(/^docker:\/\//, "").replace(/\/+$/, "");
  if (k === "index.docker.io" || k === "registry-1.docker.io") k = "docker.io";
  if (!k) throw new TspodError("invalid_argument", "please provide a registry to log in to");
  if (k.includes("@") || k.split("/").slice(1).some((part) => part.includes(":"))) throw new TspodError("invalid_argument", `${registry} is not a valid registry or repository: tags and digests are not allowed`);
  return k;
}

export class LocalRegistryEngine implements RegistryEngine {
  constructor(private readonly rt: Runtime) {}

  private client(host: string, opts: { tlsVerify?: boolean; certDir?: string }, credentials?: Credentials): RegistryOpsClient {
    return new RegistryOpsClient({
      registry: host,
      tlsVerify: opts.tlsVerify,
      insecure: this.rt.registries.isInsecure(host),
      certDir: opts.certDir,
      credentials,
    });
  }

  async login(registry: string, opts: LoginOptions, signal?: AbortSignal): Promise<LoginReport> {
    const key = loginKey(registry);
    const host = key.split("/")[0]!;
    const file = authFileFor(this.rt, opts.authfile);
    const messages: string[] = [];
    if (opts.username === undefined && opts.password === undefined) {
      const existing = file.lookup(key);
      if (existing) {
        messages.push(`Authenticating with existing credentials for ${key}`);
        try {
          await this.client(host, opts, existing).checkLogin(signal);
          messages.push(`Existing credentials are valid. Already logged in to ${key}`);
          return { messages };
        } catch (err) {
          if (!(err instanceof TspodError && err.code === "unauthorized")) throw err;
          messages.push("Existing credentials are invalid, please enter valid username and password");
        }
      }
      throw new TspodError("invalid_argument", "getting username and password: reading username: EOF");
    }
    if (!opts.username) throw new TspodError("invalid_argument", "getting username and password: username is empty");
    if (opts.password === undefined || opts.password === "") throw new TspodError("invalid_argument", "getting username and password: password is empty");
    const creds = { username: opts.username, password: opts.password };
    await this.client(host, opts, creds).checkLogin(signal);
    file.store(key, creds);
    messages.push("Login Succeeded!");
    return { messages };
  }

  async getLogin(registry: string, authfile?: string): Promise<string> {
    const key = loginKey(registry);
    const creds = authFileFor(this.rt, authfile).lookup(key);
    if (!creds) throw notLoggedIn(key);
    return creds.username;
  }

  async logout(registry: string | undefined, opts: LogoutOptions): Promise<string> {
    const file = authFileFor(this.rt, opts.authfile);
    if (opts.all) {
      file.removeAll();
      return "Removed login credentials for all registries";
    }
    if (!registry) throw new TspodError("invalid_argument", "registry must be given");
    const key = loginKey(registry);
    if (file.remove(key)) return `Removed login credentials for ${key}`;
    if (file.onlyInFallback(key)) {
      const err = new TspodError("invalid_argument");
      Object.defineProperty(err, "message", {
        value: `not logged into ${key} with current tool. Existing credentials were established via docker login. Please use docker logout instead`,
      });
      throw err;
    }
    throw notLoggedIn(key);
  }

  push(source: string, destination: string | undefined, opts: PushOptions, progress: ProgressSink, signal?: AbortSignal): Promise<{ digest: string }> {
    return pushWithProgress(this.rt, source, destination, opts, opts.quiet ? undefined : progress, signal);
  }

  search(term: string, opts: SearchOptions, signal?: AbortSignal): Promise<SearchResult[]> {
    const creds = credentialsLookup(this.rt, opts);
    return searchRegistries(term, opts, this.rt.registries, (host) => this.client(host, opts, creds(host, "")), signal);
  }
}

function notLoggedIn(key: string): TspodError {
  const err = new TspodError("invalid_argument");
  Object.defineProperty(err, "message", { value: `not logged into ${key}` });
  return err;
}
