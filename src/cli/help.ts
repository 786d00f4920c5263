/** Podman-style (cobra) help text for the command tree and for single commands. */
import type { CommandSpec } from "./command.ts";
import type { CommandNode } from "./command-node.ts";
import type { FlagSpec } from "./flags.ts";
import { GLOBAL_FLAGS } from "./global-options.ts";
import { compareStrings } from "../util/compare-strings.ts";

function flagLeft(f: FlagSpec): string {
  const names = f.short ? `  -${f.short}, --${f.name}` : `      --${f.name}`;
  const typeName = f.valueName ?? (f.type === "bool" ? "" : f.type === "strings" ? "stringArray" : f.type);
  return typeName ? `${names} ${typeName}` : names;
}

function defaultText(f: FlagSpec): string {
  const d = f.default;
  if (d === undefined || d === false || d === "" || (Array.isArray(d) && d.length === 0)) return "";
  if (typeof d === "string") return ` (default "${d}")`;
  if (Array.isArray(d)) return ` (default [${d.join(",")}])`;
  return ` (default ${d})`;
}

export function formatFlags(flags: FlagSpec[]): string {
  const shown = flags.filter((f) => !f.hidden).sort((a, b) => compareStrings(a.name, b.name));
  const width = Math.max(0, ...shown.map((f) => flagLeft(f).length));
  return shown.map((f) => `${flagLeft(f).padEnd(width)}   ${f.description}${defaultText(f)}`).join("\n");
}

function commandList(all: CommandNode[]): string {
  const nodes = all.filter((n) => !n.hidden).sort((a, b) => compareStrings(a.name, b.name));
  const width = Math.max(11, ...nodes.map((n) => n.name.length));
  return nodes.map((n) => `  ${n.name.padEnd(width)} ${n.short}`).join("\n");
}

export function treeHelp(path: string[], nodes: CommandNode[], short: string): string {
  const prog = ["tspod", ...path].join(" ");
  return [
    short,
    "",
    "Usage:",
    `  ${prog} [options] [command]`,
    "",
    "Available Commands:",
    commandList(nodes),
    "",
    "Options:",
    formatFlags(GLOBAL_FLAGS),
    "",
  ].join("\n");
}

export function commandHelp(path: string[], spec: CommandSpec): string {
  const parts = [spec.short, "", "Description:", `  ${spec.long ?? spec.short}`, "", "Usage:", `  ${["tspod", ...path.slice(0, -1), spec.use].join(" ")}`, ""];
  if (spec.examples?.length) parts.push("Examples:", ...spec.examples.map((e) => `  ${e}`), "");
  if (spec.flags.length) parts.push("Options:", formatFlags(spec.flags), "");
  return parts.join("\n");
}
