/**
 * `--change` instructions for `import` (and `commit`): CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, USER,
 * VOLUME, WORKDIR, STOPSIGNAL, ONBUILD — in Dockerfile syntax (`CMD ["a"]`, `ENV A=1 B=2`,
 * `ENV A 1`) or Podman's `KEY=VALUE` spelling (`CMD=/bin/sh`).
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { OciContainerConfig } from "./image-types.ts";

function bad(change: string, why: string): TspodError {
  return new TspodError("invalid_argument", `invalid change ${JSON.stringify(change)}: ${why}`);
}

function jsonArray(s: string): string[] | undefined {
  if (!s.trim().startsWith("[")) return undefined;
  try {
    const v = JSON.parse(s) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v;
  } catch {
    /* shell form */
  }
  return undefined;
}

/** Splits `a=1 "b c"=2` style words, honouring double and single quotes and backslashes. */
export function splitWords(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote = "";
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = "";
      else if (ch === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === "\\" && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || cur) out.push(cur);
      cur = "";
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (quote) throw new TspodError("invalid_argument", `unterminated quote in ${JSON.stringify(s)}`);
  if (has || cur) out.push(cur);
  return out;
}

/** KEY=VALUE pairs, or the legacy `KEY VALUE` single pair. */
function pairs(change: string, rest: string): [string, string][] {
  const words = splitWords(rest);
  if (words.length === 0) throw bad(change, "missing arguments");
  if (!words[0]!.includes("=")) {
    const sp = rest.trim().search(/\s/);
    if (sp < 0) throw bad(change, "needs KEY=VALUE or KEY VALUE");
    return [[rest.trim().slice(0, sp), rest.trim().slice(sp).trim()]];
  }
  return words.map((w) => {
    const i = w.indexOf("=");
    if (i <= 0) throw bad(change, `${JSON.stringify(w)} is not KEY=VALUE`);
    return [w.slice(0, i), w.slice(i + 1)];
  });
}

/** Applies `changes` to a copy of `base`. */
export function applyChanges(base: OciContainerConfig, changes: string[]): OciContainerConfig {
  const c: OciContainerConfig = structuredClone(base);
  for (const change of changes) {
    const m = /^\s*([A-Za-z]+)(?:\s+|=)([\s\S]*)$/.exec(change);
    if (!m) throw bad(change, "expected INSTRUCTION ARGUMENTS");
    const instr = m[1]!.toUpperCase();
    const rest = m[2]!.trim();
    const cmdForm = () => jsonArray(rest) ?? ["/bin/sh", "-c", rest];
    switch (instr) {
      case "CMD":
        c.Cmd = cmdForm();
        break;
      case "ENTRYPOINT":
        c.Entrypoint = rest === "" ? null : cmdForm();
        break;
      case "ENV": {
        const env = [...(c.Env ?? [])];
        for (const [k, v] of pairs(change, rest)) {
          const i = env.findIndex((e) => e.split("=")[0] === k);
          if (i >= 0) env[i] = `${k}=${v}`;
          else env.push(`${k}=${v}`);
        }
        c.Env = env;
        break;
      }
      case "LABEL":
        c.Labels = { ...(c.Labels ?? {}), ...Object.fromEntries(pairs(change, rest)) };
        break;
      case "EXPOSE": {
        const ports = { ...(c.ExposedPorts ?? {}) };
        for (const p of splitWords(rest)) {
          if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw bad(change, `invalid port ${JSON.stringify(p)}`);
          ports[p.includes("/") ? p.toLowerCase() : `${p}/tcp`] = {};
        }
        c.ExposedPorts = ports;
        break;
      }
      case "VOLUME": {
        const vols = { ...(c.Volumes ?? {}) };
        for (const v of jsonArray(rest) ?? splitWords(rest)) vols[v] = {};
        c.Volumes = vols;
        break;
      }
      case "USER":
        if (!rest) throw bad(change, "USER needs a user");
        c.User = rest;
        break;
      case "WORKDIR":
        if (!rest) throw bad(change, "WORKDIR needs a path");
        c.WorkingDir = rest.startsWith("/") ? rest : `${c.WorkingDir ?? "/"}/${rest}`.replace(/\/+/g, "/");
        break;
      case "STOPSIGNAL":
        if (!rest) throw bad(change, "STOPSIGNAL needs a signal");
        c.StopSignal = rest;
        break;
      case "ONBUILD":
        c.OnBuild = [...(c.OnBuild ?? []), rest];
        break;
      default:
        throw bad(change, `${instr} is not a valid change instruction (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)`);
    }
  }
  return c;
}
