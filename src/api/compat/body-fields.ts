/**
 * Typed reads of a JSON request body, with Docker's (Go's) wording when a field has the wrong
 * type: `json: cannot unmarshal number into Go struct field Config.Cmd of type []string`.
 */
import { exactError } from "../../errors/tspod-error.ts";

export type Obj = Record<string, unknown>;

function jsonKind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : typeof v;
}

function wrongType(where: string, key: string, v: unknown, goType: string): never {
  throw exactError("invalid_argument", `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${where}.${key} of type ${goType}`);
}

export class Fields {
  constructor(
    private readonly obj: Obj,
    private readonly where: string,
  ) {}

  static of(v: unknown, where: string): Fields {
    if (v === undefined || v === null) return new Fields({}, where);
    if (typeof v !== "object" || Array.isArray(v)) throw exactError("invalid_argument", `json: cannot unmarshal ${jsonKind(v)} into Go value of type ${where}`);
    return new Fields(v as Obj, where);
  }

  sub(key: string, where: string): Fields {
    const v = this.obj[key];
    if (v !== undefined && v !== null && (typeof v !== "object" || Array.isArray(v))) wrongType(this.where, key, v, where);
    return Fields.of(v, where);
  }

  str(key: string): string | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") wrongType(this.where, key, v, "string");
    return v;
  }

  bool(key: string): boolean {
    const v = this.obj[key];
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") wrongType(this.where, key, v, "bool");
    return v;
  }

  int(key: string): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) wrongType(this.where, key, v, "int64");
    return v;
  }

  /** `[]string`; Docker's StrSlice also takes a single string (Cmd, Entrypoint). */
  strList(key: string, allowString = false): string[] | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (allowString && typeof v === "string") return [v];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) wrongType(this.where, key, v, allowString ? "strslice.StrSlice" : "[]string");
    return v as string[];
  }

  strMap(key: string): Record<string, string> | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "object" || Array.isArray(v) || Object.values(v).some((x) => typeof x !== "string")) wrongType(this.where, key, v, "map[string]string");
    return v as Record<string, string>;
  }

  list(key: string, goType: string): Fields[] {
    const v = this.obj[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) wrongType(this.where, key, v, goType);
    return v.map((x) => Fields.of(x, goType.replace(/^\[\]\*?/, "")));
  }

  /** The underlying object (for maps whose keys are data). */
  static raw(f: Fields): Obj {
    return f.obj;
  }

  /** Refuses keys outside `known` (Go's DisallowUnknownFields wording): a typo must not be ignored silently. */
  only(known: readonly string[]): this {
    for (const k of Object.keys(this.obj)) if (!known.includes(k)) throw exactError("invalid_argument", `json: unknown field ${JSON.stringify(k)} in ${this.where}`);
    return this;
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined && this.obj[key] !== null;
  }
}
