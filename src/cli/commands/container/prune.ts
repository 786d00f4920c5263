import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { bool, list } from "../../flags.ts";
import { printReports } from "./container-targets.ts";

/** Reads one answer line from stdin (the confirmation prompt). */
export function readAnswer(): string {
  const buf = Buffer.alloc(256);
  let text = "";
  try {
    for (;;) {
      const n = fs.readSync(0, buf, 0, buf.length, null);
      if (n <= 0) break;
      text += buf.subarray(0, n).toString();
      if (text.includes("\n")) break;
    }
  } catch {
    // no stdin: treat as "no"
  }
  return text.trim();
}

export const command: CommandSpec = {
  use: "prune [options]",
  short: "Remove all non running containers",
  long: "tspod container prune removes all non running containers",
  examples: ["tspod container prune", "tspod container prune --filter until=24h -f"],
  flags: [
    { name: "filter", type: "strings", description: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation.  The default is false" },
  ],
  async run(ctx, parsed) {
    if (!bool(parsed.flags, "force")) {
      ctx.out("WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ");
      if (!/^y(es)?$/i.test(readAnswer())) return 0;
    }
    const engines = await ctx.engines();
    return printReports(ctx, await engines.lifecycle.prune(list(parsed.flags, "filter")), (r) => r.id);
  },
};
