/**
 * Size and CPU value parsing the way Podman's flags read them (Docker's go-units RAMInBytes:
 * binary multiples, `b`/`k`/`m`/`g`/`t`/`p` with optional `i` and `b`).
 */
import { exactError } from "../errors/tspod-error.ts";

const MULT: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** `64m`, `1.5g`, `512` → bytes; undefined when not a size. */
export function ramInBytes(value: string): number | undefined {
  const m = value.match(/^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * MULT[(m[2] ?? "").toLowerCase()]!);
}

/** Podman's memory flags: `invalid value for memory: invalid size: 'abc'`. `-1` is allowed for swap. */
export function parseMemory(value: string | undefined, allowUnlimited = false): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (allowUnlimited && value === "-1") return -1;
  const n = ramInBytes(value);
  if (n === undefined) throw exactError("invalid_argument", `invalid value for memory: invalid size: '${value}'`);
  return n;
}

/** `--cpus 1.5` → nano CPUs (1.5e9). */
export function parseNanoCpus(value: string | undefined): number | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(value.trim())) {
    throw exactError("bad_flag", `invalid argument "${value}" for "--cpus" flag: strconv.ParseFloat: parsing "${value}": invalid syntax`);
  }
  return Math.round(Number(value) * 1e9);
}

/** `0-2,4` → [0,1,2,4]; undefined when malformed. */
export function parseCpuList(value: string): number[] | undefined {
  const out: number[] = [];
  for (const part of value.split(",")) {
    const m = part.trim().match(/^(\d+)(?:-(\d+))?$/);
    if (!m) return undefined;
    const lo = Number(m[1]);
    const hi = m[2] !== undefined ? Number(m[2]) : lo;
    if (hi < lo) return undefined;
    for (let i = lo; i <= hi; i++) out.push(i);
  }
  return out;
}
