/**
 * Where registry credentials live, the containers-auth.json(5) way: `--authfile`, else
 * `REGISTRY_AUTH_FILE`, else `${XDG_RUNTIME_DIR}/containers/auth.json` (root:
 * `/run/containers/0/auth.json`); Docker's `$HOME/.docker/config.json` is read as a fallback.
 */
import path from "node:path";

export interface AuthPaths {
  /** The file `login` writes and `logout` edits. */
  primary: string;
  /** Read-only fallbacks, in order (Docker's config.json). */
  fallbacks: string[];
  /** True when the user chose the file (`--authfile` or REGISTRY_AUTH_FILE): no fallbacks apply. */
  explicit: boolean;
}

export function resolveAuthPaths(authfile?: string, env: NodeJS.ProcessEnv = process.env, uid: number = process.getuid?.() ?? 0): AuthPaths {
  const chosen = authfile || env.REGISTRY_AUTH_FILE;
  if (chosen) return { primary: path.resolve(chosen), fallbacks: [], explicit: true };
  const primary = uid === 0 || !env.XDG_RUNTIME_DIR
    ? path.join(uid === 0 ? "/run/containers/0" : `/run/containers/${uid}`, "auth.json")
    : path.join(env.XDG_RUNTIME_DIR, "containers", "auth.json");
  const fallbacks: string[] = [];
  if (env.XDG_CONFIG_HOME || env.HOME) fallbacks.push(path.join(env.XDG_CONFIG_HOME ?? path.join(env.HOME!, ".config"), "containers", "auth.json"));
  if (env.DOCKER_CONFIG) fallbacks.push(path.join(env.DOCKER_CONFIG, "config.json"));
  else if (env.HOME) fallbacks.push(path.join(env.HOME, ".docker", "config.json"));
  return { primary, fallbacks, explicit: false };
}
