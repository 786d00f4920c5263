/** The flags `create` and `run` share, and their translation into ContainerCreateOptions. */
import { TspodError } from "../../../errors/tspod-error.ts";
import type { ContainerCreateOptions } from "../../../domain/container-engine.ts";
import { bool, list, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";
import { HEALTH_FLAGS, healthOptionsFromFlags } from "./health-flags.ts";

export const CREATE_FLAGS: FlagSpec[] = [
  { name: "cap-add", type: "strings", description: "Add capabilities to the container" },
  { name: "cap-drop", type: "strings", description: "Drop capabilities from the container" },
  { name: "cert-dir", type: "string", description: "use certificates at the specified path to access the registry", valueName: "Pathname" },
  { name: "entrypoint", type: "string", description: "Overwrite the default ENTRYPOINT of the image" },
  { name: "env", short: "e", type: "strings", description: "Set environment variables in container" },
  { name: "hostname", short: "h", type: "string", description: "Set container hostname" },
  { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
  { name: "label", short: "l", type: "strings", description: "Set metadata on container" },
  { name: "name", type: "string", description: "Assign a name to the container" },
  { name: "network", type: "string", description: "Connect a container to a network", valueName: "mode" },
  { name: "net", type: "string", description: "Connect a container to a network", hidden: true },
  { name: "privileged", type: "bool", description: "Give extended privileges to container" },
  { name: "pull", type: "string", description: "Pull image policy", default: "missing" },
  { name: "read-only", type: "bool", description: "Make containers root filesystem read-only" },
  { name: "rm", type: "bool", description: "Remove container (and pod if created) after exit" },
  { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
  { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY for container" },
  { name: "ulimit", type: "strings", description: "Ulimit options" },
  { name: "user", short: "u", type: "string", description: "Username or UID (format: <name|uid>[:<group|gid>])" },
  { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
  ...HEALTH_FLAGS,
];

/** `--entrypoint '["a","b"]'` is a JSON array; anything else is one argument ("" clears it). */
export function parseEntrypoint(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value === "") return [""];
  if (value.startsWith("[")) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed) && parsed.every((x) => typeof x === "string")) return parsed as string[];
    } catch {
      // not JSON: one argument, as Podman does
    }
  }
  return [value];
}

const PULL_POLICIES = ["always", "missing", "never", "newer"] as const;

function splitCommas(values: string[]): string[] {
  return values.flatMap((v) => v.split(",")).filter(Boolean);
}

export function createOptionsFromFlags(parsed: ParsedArgs, detach: boolean): ContainerCreateOptions {
  const f = parsed.flags;
  const [image, ...command] = parsed.args;
  if (!image) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
  const pull = str(f, "pull") ?? "missing";
  if (!(PULL_POLICIES as readonly string[]).includes(pull)) {
    const err = new TspodError("invalid_argument", `unsupported pull policy "${pull}"`);
    Object.defineProperty(err, "message", { value: `unsupported pull policy "${pull}"` });
    throw err;
  }
  return {
    image,
    command,
    name: str(f, "name"),
    entrypoint: parseEntrypoint(str(f, "entrypoint")),
    env: list(f, "env"),
    workdir: str(f, "workdir"),
    user: str(f, "user"),
    hostname: str(f, "hostname"),
    tty: bool(f, "tty"),
    interactive: bool(f, "interactive"),
    detach,
    remove: bool(f, "rm"),
    network: str(f, "network") ?? str(f, "net"),
    labels: list(f, "label"),
    ulimits: list(f, "ulimit"),
    capAdd: splitCommas(list(f, "cap-add")),
    capDrop: splitCommas(list(f, "cap-drop")),
    privileged: bool(f, "privileged"),
    readOnly: bool(f, "read-only"),
    pull: pull as ContainerCreateOptions["pull"],
    tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
    certDir: str(f, "cert-dir"),
    ...healthOptionsFromFlags(parsed),
  };
}
