/**
 * One error type for all of tspod, and one table mapping each code to Podman's message text,
 * the HTTP status the API answers with, and the CLI exit code.
 */

export type ErrorCode = keyof typeof ERROR_TABLE;

interface ErrorInfo {
  /** Podman's wording for the cause (the text after the last colon in its messages). */
  cause: string;
  http: number;
  exit: number;
}

export const EXIT_ENGINE = 125;
export const EXIT_CANNOT_INVOKE = 126;
export const EXIT_NOT_FOUND = 127;

export const ERROR_TABLE = {
  internal: { cause: "internal error", http: 500, exit: EXIT_ENGINE },
  invalid_argument: { cause: "invalid argument", http: 400, exit: EXIT_ENGINE },
  bad_flag: { cause: "invalid flag", http: 400, exit: EXIT_ENGINE },
  no_such_container: { cause: "no such container", http: 404, exit: EXIT_ENGINE },
  no_such_image: { cause: "image not known", http: 404, exit: EXIT_ENGINE },
  no_such_object: { cause: "no such object", http: 404, exit: EXIT_ENGINE },
  ctr_exists: { cause: "container already exists", http: 409, exit: EXIT_ENGINE },
  name_in_use: { cause: "that name is already in use", http: 409, exit: EXIT_ENGINE },
  ctr_state_invalid: { cause: "container state improper", http: 409, exit: EXIT_ENGINE },
  ctr_running: { cause: "container is running", http: 409, exit: EXIT_ENGINE },
  image_in_use: { cause: "image is in use by a container", http: 409, exit: 2 },
  image_has_children: { cause: "image has dependent child images", http: 409, exit: EXIT_ENGINE },
  layer_gone: { cause: "image content removed by a concurrent removal", http: 409, exit: EXIT_ENGINE },
  invalid_reference: { cause: "invalid reference format", http: 400, exit: EXIT_ENGINE },
  short_name: { cause: "short-name resolution enforced but cannot prompt without a TTY", http: 400, exit: EXIT_ENGINE },
  short_name_unresolved: { cause: "short-name resolution failed", http: 400, exit: EXIT_ENGINE },
  registry_unreachable: { cause: "registry unreachable", http: 500, exit: EXIT_ENGINE },
  blocked_registry: { cause: "registry is blocked in registries.conf", http: 403, exit: EXIT_ENGINE },
  registry: { cause: "registry error", http: 500, exit: EXIT_ENGINE },
  unauthorized: { cause: "authentication required", http: 401, exit: EXIT_ENGINE },
  manifest_unknown: { cause: "manifest unknown", http: 404, exit: EXIT_ENGINE },
  digest_mismatch: { cause: "digest mismatch", http: 500, exit: EXIT_ENGINE },
  unsafe_content: { cause: "unsafe content refused", http: 400, exit: EXIT_ENGINE },
  runtime: { cause: "OCI runtime error", http: 500, exit: EXIT_ENGINE },
  cmd_not_found: { cause: "OCI runtime attempted to invoke a command that was not found", http: 500, exit: EXIT_NOT_FOUND },
  cmd_permission: { cause: "OCI permission denied", http: 500, exit: EXIT_CANNOT_INVOKE },
  config: { cause: "invalid configuration", http: 500, exit: EXIT_ENGINE },
  aborted: { cause: "operation aborted", http: 500, exit: EXIT_ENGINE },
  no_such_file: { cause: "no such file or directory", http: 404, exit: EXIT_ENGINE },
  image_rejected: { cause: "Source image rejected", http: 403, exit: EXIT_ENGINE },
  invalid_policy: { cause: "invalid policy configuration", http: 500, exit: EXIT_ENGINE },
  no_such_network: { cause: "network not found", http: 404, exit: EXIT_ENGINE },
  network_exists: { cause: "network already exists", http: 409, exit: EXIT_ENGINE },
  network_in_use: { cause: "network is being used", http: 409, exit: EXIT_ENGINE },
  port_bind: { cause: "cannot bind a published host port", http: 500, exit: EXIT_ENGINE },
  start_failed: { cause: "container start failed", http: 500, exit: EXIT_CANNOT_INVOKE },
  build_failed: { cause: "build failed", http: 500, exit: EXIT_ENGINE },
  no_such_volume: { cause: "no such volume", http: 404, exit: EXIT_ENGINE },
  volume_exists: { cause: "volume already exists", http: 409, exit: EXIT_ENGINE },
  volume_in_use: { cause: "volume is being used", http: 409, exit: 2 },
  no_such_secret: { cause: "no such secret", http: 404, exit: EXIT_ENGINE },
  secret_in_use: { cause: "secret name in use", http: 409, exit: EXIT_ENGINE },
  no_such_pod: { cause: "no such pod", http: 404, exit: EXIT_ENGINE },
  body_too_large: { cause: "request body too large", http: 413, exit: EXIT_ENGINE },
  not_implemented: { cause: "not implemented", http: 501, exit: EXIT_ENGINE },
  swarm_inactive: { cause: "This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.", http: 503, exit: EXIT_ENGINE },
} satisfies Record<string, ErrorInfo>;

export class TspodError extends Error {
  readonly code: ErrorCode;
  override readonly cause?: unknown;

  constructor(code: ErrorCode, message?: string, cause?: unknown) {
    const info = ERROR_TABLE[code];
    super(message ? `${message}: ${info.cause}` : info.cause);
    this.name = "TspodError";
    this.code = code;
    this.cause = cause;
  }

  get exitCode(): number {
    return ERROR_TABLE[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_TABLE[this.code].http;
  }

  /** Podman's short cause text, as sent in the API's `cause` field. */
  get causeText(): string {
    return ERROR_TABLE[this.code].cause;
  }
}

/** Wraps an unknown thrown value so callers always see a TspodError. */
export function asTspodError(err: unknown): TspodError {
  if (err instanceof TspodError) return err;
  if (err instanceof Error && err.name === "AbortError") return new TspodError("aborted", err.message, err);
  const message = err instanceof Error ? err.message : String(err);
  const wrapped = new TspodError("internal", undefined, err);
  Object.defineProperty(wrapped, "message", { value: message });
  return wrapped;
}

export function isErrorCode(err: unknown, code: ErrorCode): boolean {
  return err instanceof TspodError && err.code === code;
}

/** A TspodError whose message is exactly `message` (Podman prints some errors without a cause suffix). */
export function exactError(code: ErrorCode, message: string, cause?: unknown): TspodError {
  const err = new TspodError(code, undefined, cause);
  Object.defineProperty(err, "message", { value: message });
  return err;
}
