/**
 * Splits a parsed Containerfile into stages (`FROM … [AS name]`), with the global ARGs declared
 * before the first FROM, and resolves `--target`. Pure.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { Instruction, ParsedContainerfile } from "./containerfile-parse.ts";

export interface Stage {
  index: number;
  /** `AS name`, lower-cased (stage names are case-insensitive). */
  name?: string;
  from: Instruction;
  instructions: Instruction[];
}

export interface StagePlan {
  globalArgs: Instruction[];
  stages: Stage[];
}

export const KNOWN_CMDS = new Set(["FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "WORKDIR", "USER", "EXPOSE", "CMD", "ENTRYPOINT", "LABEL", "VOLUME", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "ONBUILD", "MAINTAINER"]);

export function planStages(file: ParsedContainerfile, target?: string): StagePlan {
  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const inst of file.instructions) {
    if (!KNOWN_CMDS.has(inst.cmd)) {
      const err = new TspodError("invalid_argument", `building at STEP "${inst.original}": Build error: Unknown instruction: "${inst.cmd}"`);
      throw err;
    }
    if (inst.cmd === "FROM") {
      const m = /^(\S+)(?:\s+[Aa][Ss]\s+(\S+))?\s*$/.exec(inst.rest);
      if (!m) throw new TspodError("invalid_argument", `FROM requires either one or three arguments`);
      stages.push({ index: stages.length, name: m[2]?.toLowerCase(), from: inst, instructions: [] });
      continue;
    }
    const cur = stages.at(-1);
    if (!cur) {
      if (inst.cmd !== "ARG") throw new TspodError("invalid_argument", `no FROM statement found`);
      globalArgs.push(inst);
      continue;
    }
    cur.instructions.push(inst);
  }
  if (stages.length === 0) throw new TspodError("invalid_argument", `no FROM statement found`);
  if (target !== undefined && target !== "") {
    const t = stages.findIndex((s) => s.name === target.toLowerCase());
    if (t < 0) throw new TspodError("invalid_argument", `The target "${target}" was not found in the provided Dockerfile`);
    stages.length = t + 1;
  }
  return { globalArgs, stages };
}

/** The base image text of a FROM line (before substitution). */
export function fromImage(inst: Instruction): string {
  return inst.rest.split(/\s+/)[0]!;
}
