import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list } from "../../flags.ts";

export const command: CommandSpec = {
  use: "prune [options]",
  short: "Remove unused images",
  long: "Removes dangling or unused images from local storage.",
  examples: ["tspod image prune -a", "tspod image prune -f --filter label=x"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all images not in use by containers, not just dangling ones" },
    { name: "external", type: "bool", description: "Remove images even when they are used by external containers (e.g., by build containers)" },
    { name: "filter", type: "strings", description: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length) throw new TspodError("invalid_argument", `accepts 0 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const all = bool(f, "all");
    if (!bool(f, "force")) {
      // Podman asks on stdin; without a yes we prune nothing
      ctx.err(`WARNING! This command removes all ${all ? "images without at least one container associated with them" : "dangling images"}.\nAre you sure you want to continue? [y/N] `);
      const answer = await readLine();
      if (!/^y(es)?$/i.test(answer.trim())) return 0;
    }
    const ids = await (await ctx.engines()).imageStore.prune({ all, filters: list(f, "filter") });
    for (const id of ids) ctx.out(`${id}\n`);
    return 0;
  },
};

async function readLine(): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const c of Bun.stdin.stream()) {
    chunks.push(c);
    if (c.includes(10)) break;
  }
  return Buffer.concat(chunks).toString("utf8").split("\n")[0] ?? "";
}
