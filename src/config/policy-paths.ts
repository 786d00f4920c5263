/**
 * Where signature policy (containers-policy.json(5)) and signature storage configuration
 * (containers-registries.d(5)) live. Like containers/image: the user's
 * `$HOME/.config/containers/policy.json` wins over `/etc/containers/policy.json` when it exists;
 * `$HOME/.config/containers/registries.d` wins over `/etc/containers/registries.d`.
 * `--signature-policy` / `--policypath` override the policy path.
 */
import fs from "node:fs";
import path from "node:path";

export const SYSTEM_POLICY_PATH = "/etc/containers/policy.json";
export const SYSTEM_REGISTRIES_D = "/etc/containers/registries.d";

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? "/root";
}

/** The policy.json to read (or write with `trust set`). */
export function policyPath(override: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (override) return path.resolve(override);
  const user = path.join(home(env), ".config/containers/policy.json");
  return fs.existsSync(user) ? user : SYSTEM_POLICY_PATH;
}

/** The registries.d directory holding lookaside (signature storage) configuration. */
export function registriesDir(env: NodeJS.ProcessEnv = process.env): string {
  const user = path.join(home(env), ".config/containers/registries.d");
  return fs.existsSync(user) ? user : SYSTEM_REGISTRIES_D;
}

/** GNUPGHOME for signing (the user's keyring). */
export function gnupgHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.GNUPGHOME ?? path.join(home(env), ".gnupg");
}

/** Where `image sign` writes when neither -d nor registries.d says (Podman's default). */
export function defaultSigstoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (process.getuid?.() === 0) return "/var/lib/containers/sigstore";
  return path.join(env.XDG_DATA_HOME ?? path.join(home(env), ".local/share"), "containers/sigstore");
}
