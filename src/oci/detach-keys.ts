/**
 * Podman's `--detach-keys`: a comma-separated key sequence such as "ctrl-p,ctrl-q" (the
 * default), where each key is `ctrl-<c>` (c one of a-z @ [ \ ] ^ _) or a single character.
 * An empty string disables detaching. The matcher sees stdin bytes and says when to detach.
 */
import { TspodError } from "../errors/tspod-error.ts";

export const DEFAULT_DETACH_KEYS = "ctrl-p,ctrl-q";

export function parseDetachKeys(spec: string): Uint8Array {
  if (spec === "") return new Uint8Array(0);
  const out: number[] = [];
  for (const key of spec.split(",")) {
    const ctrl = /^ctrl-(.)$/.exec(key);
    if (ctrl) {
      const c = ctrl[1]!;
      const code = c.toLowerCase().charCodeAt(0);
      if (code >= 97 && code <= 122) out.push(code - 96);
      else if ("@[\\]^_".includes(c)) out.push(c.charCodeAt(0) - 64);
      else throw invalid(spec);
    } else if (key.length === 1) out.push(key.charCodeAt(0));
    else throw invalid(spec);
  }
  return Uint8Array.from(out);
}

function invalid(spec: string): TspodError {
  return new TspodError("invalid_argument", `invalid detach keys: ${spec}`);
}

/**
 * Feeds stdin chunks through the detach sequence. Bytes that might start the sequence are held
 * back until it is clear they do not; `push` returns what to forward and whether to detach.
 */
export class DetachKeyMatcher {
  private matched = 0;

  constructor(private readonly keys: Uint8Array) {}

  push(chunk: Uint8Array): { forward: Uint8Array; detach: boolean } {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const b of chunk) {
      if (b === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Uint8Array.from(out), detach: true };
        continue;
      }
      // Not the sequence after all: release the held-back prefix, then restart matching at b.
      for (let i = 0; i < this.matched; i++) out.push(this.keys[i]!);
      this.matched = 0;
      if (b === this.keys[0]) this.matched = 1;
      else out.push(b);
    }
    return { forward: Uint8Array.from(out), detach: false };
  }
}
