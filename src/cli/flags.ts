/**
 * A pflag-style command-line parser (what Podman's cobra commands accept): `--name value`,
 * `--name=value`, `-n value`, `-nvalue`, combined short booleans (`-dit`), repeatable string
 * lists, `--bool=false`, and `--` to end options. Commands like `run` stop parsing options at
 * the first positional argument (the image), so the container's own flags pass through.
 */
import { TspodError } from "../errors/tspod-error.ts";

export type FlagType = "bool" | "string" | "strings" | "int";

export interface FlagSpec {
  /** long name without dashes, e.g. "detach" */
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  /** Placeholder shown in help instead of the type ("ARCH", "DEVICE_NAME:WEIGHT"). */
  valueName?: string;
  default?: string | number | boolean | string[];
  hidden?: boolean;
  /** Validates each value as pflag's typed flags do: returns why it is invalid (the CLI prints Podman's usage error). */
  check?: (raw: string) => string | undefined;
}

export type FlagValue = string | number | boolean | string[];
export type FlagValues = Record<string, FlagValue | undefined>;

export interface ParsedArgs {
  flags: FlagValues;
  /** Flags the user actually gave (to tell an explicit value from a default). */
  changed: Set<string>;
  args: string[];
}

function badFlag(message: string): TspodError {
  const err = new TspodError("bad_flag", message);
  Object.defineProperty(err, "message", { value: message });
  return err;
}

function assign(out: ParsedArgs, spec: FlagSpec, raw: string, shown: string): void {
  out.changed.add(spec.name);
  const why = spec.check?.(raw);
  if (why) throw badFlag(`invalid argument "${raw}" for "${shown}" flag: ${why}`);
  switch (spec.type) {
    case "bool": {
      if (raw !== "true" && raw !== "false") throw badFlag(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
      out.flags[spec.name] = raw === "true";
      return;
    }
    case "int": {
      if (!/^-?\d+$/.test(raw)) throw badFlag(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      out.flags[spec.name] = Number(raw);
      return;
    }
    case "string":
      out.flags[spec.name] = raw;
      return;
    case "strings":
      // Podman's string-slice flags also split on commas (`--cap-add a,b`); string-array ones
      // (-e, --label) do not, so commands that want splitting do it themselves.
      out.flags[spec.name] = [...((out.flags[spec.name] as string[]) ?? []), raw];
      return;
  }
}

export interface ParseOptions {
  /** Stop at the first positional argument (Podman's run/exec/create). */
  stopAtFirstArg?: boolean;
}

export function parseArgs(argv: string[], specs: FlagSpec[], opts: ParseOptions = {}): ParsedArgs {
  const out: ParsedArgs = { flags: {}, changed: new Set(), args: [] };
  for (const s of specs) if (s.default !== undefined) out.flags[s.name] = Array.isArray(s.default) ? [...s.default] : s.default;
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  // strings flags collect across repeats; track which were reset from their default
  const reset = new Set<string>();
  const take = (spec: FlagSpec, raw: string, shown: string) => {
    if (spec.type === "strings" && !reset.has(spec.name)) {
      reset.add(spec.name);
      out.flags[spec.name] = [];
      out.changed.add(spec.name);
    }
    assign(out, spec, raw, shown);
  };
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw badFlag(`unknown flag: --${name}`);
      if (eq >= 0) take(spec, a.slice(eq + 1), `--${name}`);
      else if (spec.type === "bool") take(spec, "true", `--${name}`);
      else {
        if (i + 1 >= argv.length) throw badFlag(`flag needs an argument: --${name}`);
        take(spec, argv[++i]!, `--${name}`);
      }
      i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      let j = 1;
      while (j < a.length) {
        const ch = a[j]!;
        const spec = byShort.get(ch);
        if (!spec) throw badFlag(`unknown shorthand flag: '${ch}' in ${a}`);
        const shown = `-${ch}, --${spec.name}`;
        if (spec.type === "bool") {
          if (a[j + 1] === "=") {
            take(spec, a.slice(j + 2), shown);
            j = a.length;
          } else {
            take(spec, "true", shown);
            j++;
          }
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith("=")) rest = rest.slice(1);
        if (rest.length > 0) take(spec, rest, shown);
        else {
          if (i + 1 >= argv.length) throw badFlag(`flag needs an argument: '${ch}' in -${ch}`);
          take(spec, argv[++i]!, shown);
        }
        j = a.length;
      }
      i++;
      continue;
    }
    out.args.push(a);
    i++;
    if (opts.stopAtFirstArg) {
      out.args.push(...argv.slice(i));
      break;
    }
  }
  return out;
}

export function str(flags: FlagValues, name: string): string | undefined {
  const v = flags[name];
  return typeof v === "string" ? v : undefined;
}

export function bool(flags: FlagValues, name: string): boolean {
  return flags[name] === true;
}

export function list(flags: FlagValues, name: string): string[] {
  const v = flags[name];
  return Array.isArray(v) ? v : [];
}

export function int(flags: FlagValues, name: string): number | undefined {
  const v = flags[name];
  return typeof v === "number" ? v : undefined;
}
