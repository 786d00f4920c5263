/** The --health-* create/run flags and their translation into a healthcheck config. */
import { TspodError } from "../../../errors/tspod-error.ts";
import type { HealthConfig, HealthOnFailure } from "../../../define/health-types.ts";
import { parseGoDuration } from "../../../util/event-time.ts";
import { bool, int, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";

export const HEALTH_FLAGS: FlagSpec[] = [
  { name: "health-cmd", type: "string", description: "set a healthcheck command for the container ('none' disables the existing healthcheck)" },
  { name: "health-interval", type: "string", description: "set an interval for the healthcheck (a value of disable results in no automatic timer setup)", default: "30s" },
  { name: "health-on-failure", type: "string", description: "action to take once the container turns unhealthy", default: "none" },
  { name: "health-retries", type: "int", description: "the number of retries allowed before a healthcheck is considered to be unhealthy", default: 3 },
  { name: "health-start-period", type: "string", description: "the initialization time needed for a container to bootstrap", default: "0s" },
  { name: "health-timeout", type: "string", description: "the maximum time allowed to complete the healthcheck before an interval is considered failed", default: "30s" },
  { name: "no-healthcheck", type: "bool", description: "Disable healthchecks on container" },
];

const ACTIONS: HealthOnFailure[] = ["none", "kill", "restart", "stop"];

function usage(message: string): TspodError {
  const err = new TspodError("invalid_argument", message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}

function durationNs(flags: ParsedArgs["flags"], name: string): number {
  const value = str(flags, name) ?? "0s";
  const ms = value === "0" ? 0 : parseGoDuration(value);
  if (ms === undefined) throw usage(`invalid ${name.replace(/^health-/, "healthcheck-")}: time: invalid duration "${value}"`);
  return Math.round(ms * 1e6);
}

export interface HealthOptions {
  /** undefined: use the image's HEALTHCHECK; null: --no-healthcheck / --health-cmd none. */
  healthcheck?: HealthConfig | null;
  /** --health-* flags given without --health-cmd: they override the image's values. */
  healthOverrides?: Partial<HealthConfig>;
  healthOnFailure: HealthOnFailure;
}

export function healthOptionsFromFlags(parsed: ParsedArgs): HealthOptions {
  const f = parsed.flags;
  const action = str(f, "health-on-failure") ?? "none";
  if (!(ACTIONS as string[]).includes(action)) {
    throw usage(`invalid on-failure action "${action}" for health check: supported actions are ${ACTIONS.join(",")}`);
  }
  const cmd = str(f, "health-cmd");
  if (bool(f, "no-healthcheck")) {
    if (cmd !== undefined && cmd !== "none") throw usage("cannot specify both --no-healthcheck and --health-cmd");
    return { healthcheck: null, healthOnFailure: action as HealthOnFailure };
  }
  if (cmd === "none") return { healthcheck: null, healthOnFailure: action as HealthOnFailure };
  const retries = int(f, "health-retries") ?? 3;
  if (retries < 1) throw usage("healthcheck-retries must be greater than 0");
  const intervalText = str(f, "health-interval") ?? "30s";
  const interval = intervalText === "disable" ? 0 : durationNs(f, "health-interval");
  const timeout = durationNs(f, "health-timeout");
  if (timeout < 1e9) throw usage("healthcheck-timeout must be at least 1 second");
  const startPeriod = durationNs(f, "health-start-period");
  if (startPeriod < 0) throw usage("healthcheck-start-period must be 0 seconds or greater");
  const values: Partial<HealthConfig> = {};
  if (interval > 0) values.Interval = interval;
  values.Timeout = timeout;
  if (startPeriod > 0) values.StartPeriod = startPeriod;
  values.Retries = retries;
  if (cmd === undefined) {
    const overrides: Partial<HealthConfig> = {};
    for (const [flag, key] of [["health-interval", "Interval"], ["health-timeout", "Timeout"], ["health-start-period", "StartPeriod"], ["health-retries", "Retries"]] as const) {
      if (parsed.changed.has(flag)) overrides[key] = (values[key] ?? 0) as number;
    }
    return { healthOverrides: overrides, healthOnFailure: action as HealthOnFailure };
  }
  let test: string[] = ["CMD-SHELL", cmd];
  if (cmd.startsWith("[")) {
    try {
      const argv = JSON.parse(cmd) as unknown;
      if (Array.isArray(argv) && argv.every((a) => typeof a === "string")) test = argv[0] === "CMD" || argv[0] === "CMD-SHELL" ? argv : ["CMD", ...argv];
    } catch {
      // not JSON: a shell command
    }
  }
  return { healthcheck: { Test: test, ...values }, healthOnFailure: action as HealthOnFailure };
}
