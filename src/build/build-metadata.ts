/**
 * Instructions that only change the image config (ENV, LABEL, WORKDIR, USER, EXPOSE, CMD,
 * ENTRYPOINT, VOLUME, STOPSIGNAL, HEALTHCHECK, SHELL, ONBUILD, MAINTAINER), with Docker's
 * argument rules. Pure: the config is changed in place.
 */
import path from "node:path";
import { TspodError } from "../errors/tspod-error.ts";
import type { OciContainerConfig } from "../image/image-types.ts";
import { parseGoDuration } from "../util/event-time.ts";
import { flagValues, splitFlags, parseJsonArray, type Instruction } from "./containerfile-parse.ts";
import { expandPairs, expandWord, expandWords, type VarLookup } from "./shell-expand.ts";

export interface MetaState {
  config: OciContainerConfig;
  shell: string[];
  /** Set by MAINTAINER. */
  author?: string;
}

export const METADATA_CMDS = new Set(["ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "CMD", "ENTRYPOINT", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "MAINTAINER"]);

/** Shell form → shell + command; JSON form as given. */
export function commandArgs(inst: Pick<Instruction, "json" | "rest">, shell: string[]): string[] {
  return inst.json ?? [...shell, inst.rest];
}

function durationNs(v: string, what: string): number {
  const ms = parseGoDuration(v);
  if (ms === undefined) throw new TspodError("invalid_argument", `${what}: time: invalid duration "${v}"`);
  return Math.round(ms * 1e6);
}

function healthcheck(inst: Instruction): OciContainerConfig["Healthcheck"] {
  const split = splitFlags(inst.rest);
  const flags = [...inst.flags, ...split.flags];
  const cmdText = split.rest;
  const m = /^(\S+)\s*([\s\S]*)$/.exec(cmdText);
  const kind = m?.[1]?.toUpperCase();
  if (kind === "NONE") return { Test: ["NONE"] };
  if (kind !== "CMD") throw new TspodError("invalid_argument", `Unknown type "${m?.[1] ?? ""}" in HEALTHCHECK (try CMD)`);
  const args = m![2]!.trim();
  const json = parseJsonArray(args);
  const hc: NonNullable<OciContainerConfig["Healthcheck"]> = { Test: json ? ["CMD", ...json] : ["CMD-SHELL", args] };
  const one = (name: string) => flagValues(flags, name).at(-1);
  for (const [flag, key] of [["interval", "Interval"], ["timeout", "Timeout"], ["start-period", "StartPeriod"]] as const) {
    const v = one(flag);
    if (v !== undefined) hc[key] = durationNs(v, `--${flag}`);
  }
  const retries = one("retries");
  if (retries !== undefined) {
    if (!/^\d+$/.test(retries)) throw new TspodError("invalid_argument", `--retries: invalid number "${retries}"`);
    hc.Retries = Number(retries);
  }
  return hc;
}

/** Applies one metadata instruction; `lookup` resolves ARG/ENV values for substitution. */
export function applyMetadata(inst: Instruction, state: MetaState, lookup: VarLookup, escape: string): void {
  const cfg = state.config;
  const rest = inst.rest;
  switch (inst.cmd) {
    case "ENV": {
      const env = new Map((cfg.Env ?? []).map((e) => [e.slice(0, e.indexOf("=") < 0 ? e.length : e.indexOf("=")), e] as const));
      for (const [k, v] of expandPairs(rest, lookup, escape, "ENV")) env.set(k, `${k}=${v}`);
      cfg.Env = [...env.values()];
      return;
    }
    case "LABEL": {
      cfg.Labels = { ...(cfg.Labels ?? {}) };
      for (const [k, v] of expandPairs(rest, lookup, escape, "LABEL")) cfg.Labels[k] = v;
      return;
    }
    case "MAINTAINER":
      state.author = rest;
      return;
    case "WORKDIR": {
      const w = expandWord(rest, lookup, escape);
      if (!w) throw new TspodError("invalid_argument", "WORKDIR requires exactly one argument");
      cfg.WorkingDir = path.posix.resolve(cfg.WorkingDir || "/", w);
      return;
    }
    case "USER": {
      const u = expandWord(rest, lookup, escape);
      if (!u) throw new TspodError("invalid_argument", "USER requires exactly one argument");
      cfg.User = u;
      return;
    }
    case "EXPOSE": {
      cfg.ExposedPorts = { ...(cfg.ExposedPorts ?? {}) };
      for (const p of expandWords(rest, lookup, escape)) {
        if (!/^\d+(-\d+)?(\/(tcp|udp|sctp))?$/i.test(p)) throw new TspodError("invalid_argument", `invalid containerPort: ${p}`);
        cfg.ExposedPorts[p.includes("/") ? p.toLowerCase() : `${p}/tcp`] = {};
      }
      return;
    }
    case "CMD":
      cfg.Cmd = commandArgs(inst, state.shell);
      return;
    case "ENTRYPOINT":
      cfg.Entrypoint = commandArgs(inst, state.shell);
      return;
    case "VOLUME": {
      cfg.Volumes = { ...(cfg.Volumes ?? {}) };
      const vols = inst.json ? inst.json.map((v) => expandWord(v, lookup, escape)) : expandWords(rest, lookup, escape);
      if (vols.length === 0 || vols.some((v) => !v.trim())) throw new TspodError("invalid_argument", "VOLUME specified can not be an empty string");
      for (const v of vols) cfg.Volumes[v] = {};
      return;
    }
    case "STOPSIGNAL":
      cfg.StopSignal = expandWord(rest, lookup, escape);
      return;
    case "HEALTHCHECK":
      cfg.Healthcheck = healthcheck(inst);
      return;
    case "SHELL":
      if (!inst.json || inst.json.length === 0) throw new TspodError("invalid_argument", "SHELL requires the arguments to be in JSON form");
      state.shell = inst.json;
      cfg.Shell = inst.json;
      return;
    case "ONBUILD": {
      const trigger = rest.trim();
      const kw = trigger.split(/\s+/)[0]!.toUpperCase();
      if (kw === "ONBUILD") throw new TspodError("invalid_argument", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      if (kw === "FROM" || kw === "MAINTAINER") throw new TspodError("invalid_argument", `${kw} isn't allowed as an ONBUILD trigger`);
      cfg.OnBuild = [...(cfg.OnBuild ?? []), trigger];
      return;
    }
  }
}
