/**
 * Process-level rules: argv from Entrypoint/Cmd (Docker/Podman rules), the environment merge
 * order, and the working directory.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { SpecImageConfig } from "./spec-options.ts";
import { cleanPath } from "./spec-mounts.ts";

/**
 * argv = entrypoint + command, where
 * - a user `--entrypoint` replaces the image's and also drops the image's Cmd;
 *   `[]` or `[""]` means no entrypoint at all;
 * - user arguments replace the image's Cmd.
 */
export function resolveCommand(image: SpecImageConfig, entrypoint: string[] | undefined, command: string[]): string[] {
  let ep: string[];
  let cmd: string[];
  if (entrypoint !== undefined) {
    ep = entrypoint.length === 1 && entrypoint[0] === "" ? [] : entrypoint;
    cmd = command;
  } else {
    ep = image.Entrypoint ?? [];
    cmd = command.length > 0 ? command : image.Cmd ?? [];
  }
  const argv = [...ep, ...cmd];
  if (argv.length === 0) {
    throw new TspodError("invalid_argument", "no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
  }
  return argv;
}

export interface EnvRequest {
  /** containers.conf `env` (`PATH=…`, `TERM=xterm`). */
  defaults: string[];
  image: string[];
  user: Record<string, string>;
  hostname: string;
  /** The user's home from /etc/passwd; HOME is left unset when unknown. */
  home?: string;
  /** `--unsetenv`: default/image variables to drop (the user's own `-e` values stay). */
  unset?: string[];
  /** `--unsetenv-all`: only the user's values remain. */
  unsetAll?: boolean;
}

/**
 * Later layers win: containers.conf defaults, `container=podman`, the image's Env, the user's
 * values; then HOME and HOSTNAME are added when no layer set them.
 */
export function mergeEnv(req: EnvRequest): string[] {
  const env = new Map<string, string>();
  const addList = (list: string[]) => {
    for (const entry of list) {
      const eq = entry.indexOf("=");
      if (eq <= 0) continue;
      env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  };
  const unset = new Set(req.unset ?? []);
  if (!req.unsetAll) {
    addList(req.defaults);
    env.set("container", "podman");
    addList(req.image);
    for (const key of unset) env.delete(key);
  }
  for (const [key, value] of Object.entries(req.user)) env.set(key, value);
  if (req.unsetAll) return [...env].map(([k, v]) => `${k}=${v}`);
  if (!env.has("HOME") && !unset.has("HOME") && req.home !== undefined && req.home !== "") env.set("HOME", req.home);
  if (!env.has("HOSTNAME") && !unset.has("HOSTNAME")) env.set("HOSTNAME", req.hostname);
  return [...env].map(([k, v]) => `${k}=${v}`);
}

/** `-w`, else the image's WorkingDir, else `/`; relative paths are taken from `/`. */
export function resolveWorkdir(user: string | undefined, image: string | undefined): string {
  const dir = user && user !== "" ? user : image && image !== "" ? image : "/";
  return cleanPath(dir);
}
