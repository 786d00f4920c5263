/** Credentials for a registry: `--creds USER:PASS`, else auth.json (and Docker's config.json). */
import { TspodError } from "../errors/tspod-error.ts";
import { resolveAuthPaths } from "../config/auth-paths.ts";
import type { Runtime } from "../engine/runtime.ts";
import { AuthFile } from "../image/auth-file.ts";
import type { Credentials } from "../image/registry-auth.ts";

/** Parses `--creds USER[:PASS]` (Podman refuses an empty user name). */
export function parseCreds(creds: string): Credentials {
  const i = creds.indexOf(":");
  const username = i < 0 ? creds : creds.slice(0, i);
  if (!username) throw new TspodError("invalid_argument", "credentials can't be empty");
  return { username, password: i < 0 ? "" : creds.slice(i + 1) };
}

export function authFileFor(rt: Runtime, authfile?: string): AuthFile {
  return new AuthFile(resolveAuthPaths(authfile, rt.settings.env));
}

/** A lookup `(registry, repository) → credentials` for pulls and pushes. */
export function credentialsLookup(rt: Runtime, opts: { creds?: string; authfile?: string }): (registry: string, repository: string) => Credentials | undefined {
  if (opts.creds !== undefined) {
    const c = parseCreds(opts.creds);
    return () => c;
  }
  const file = authFileFor(rt, opts.authfile);
  return (registry, repository) => file.lookup(repository ? `${registry}/${repository}` : registry);
}
