/** Parsing `--restart` the way Podman does, with its error messages. */
import { TspodError } from "../errors/tspod-error.ts";

export interface RestartPolicy {
  /** "", "no", "on-failure", "always" or "unless-stopped" */
  policy: string;
  /** on-failure's retry limit (0: unlimited) */
  retries: number;
}

const POLICIES = ["", "no", "on-failure", "always", "unless-stopped"];

export function parseRestartPolicy(value: string | undefined): RestartPolicy {
  if (value === undefined) return { policy: "", retries: 0 };
  const colon = value.indexOf(":");
  const policy = colon >= 0 ? value.slice(0, colon) : value;
  let retries = 0;
  if (colon >= 0) {
    const raw = value.slice(colon + 1);
    if (!/^-?\d+$/.test(raw)) throw bare("invalid_argument", `parsing restart policy retry count: strconv.Atoi: parsing "${raw}": invalid syntax`);
    retries = Number(raw);
    if (retries < 0) throw new TspodError("invalid_argument", "must specify restart policy retry count as a number greater than 0");
    if (policy !== "on-failure") throw bare("invalid_argument", "restart policy retries can only be specified with on-failure restart policy");
  }
  if (!POLICIES.includes(policy)) throw new TspodError("invalid_argument", `running container create option: "${policy}" is not a valid restart policy`);
  return { policy, retries };
}

/** Podman refuses `--rm` with a restart policy that would run the container again. */
export function checkRestartWithRemove(policy: RestartPolicy, remove: boolean): void {
  if (remove && policy.policy !== "" && policy.policy !== "no") {
    throw bare("invalid_argument", `the --rm option conflicts with --restart, when the restartPolicy is not "" and "no"`);
  }
}

function bare(code: "invalid_argument", message: string): TspodError {
  const err = new TspodError(code, message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}
