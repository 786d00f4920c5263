/**
 * `--env-file` and `--label-file`, read where the command runs (locally, or by the remote client
 * before it sends the create request, as Podman's client does). Errors use Podman's wording.
 */
import fs from "node:fs";
import { exactError, type TspodError } from "../errors/tspod-error.ts";

/** The errno part of Go's os.PathError text. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return (err as Error).message;
}

function readLines(file: string, what: (e: unknown) => TspodError): string[] {
  try {
    return fs.readFileSync(file, "utf8").split(/\r?\n/);
  } catch (err) {
    throw what(err);
  }
}

/** `--env-file`: KEY=VALUE lines, `# comments`, `KEY` alone copies the host's value (`KEY*` a prefix). */
export function readEnvFile(file: string, hostEnv: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = readLines(file, (e) => exactError("invalid_argument", `parsing env file ${JSON.stringify(file)}: open ${file}: ${errnoText(e)}`));
  for (const raw of lines) {
    const line = raw.replace(/^\s+/, "");
    if (line === "" || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq === 0) throw exactError("invalid_argument", `invalid environment variable: ${JSON.stringify(line)}`);
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
    else if (line.endsWith("*")) {
      const prefix = line.slice(0, -1);
      for (const [k, v] of Object.entries(hostEnv)) if (k.startsWith(prefix) && v !== undefined) out[k] = v;
    } else if (hostEnv[line] !== undefined) out[line] = hostEnv[line]!;
  }
  return out;
}

/** `--label-file`: one KEY=VALUE (or KEY) per line, `#` comments. */
export function readLabelFile(file: string): string[] {
  const lines = readLines(file, (e) => exactError("invalid_argument", `unable to process labels: open ${file}: ${errnoText(e)}`));
  return lines.map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}
