import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list } from "../../flags.ts";

export const command: CommandSpec = {
  use: "prune [options]",
  short: "Remove all unused volumes",
  long: "Remove all unused volumes. You will be prompted to confirm unless --force is given.",
  examples: ["tspod volume prune -f", "tspod volume prune --filter label=tmp -f"],
  flags: [
    { name: "filter", type: "strings", description: "Provide filter values (e.g. 'label=<key>=<value>')" },
    { name: "force", short: "f", type: "bool", description: "Do not prompt for confirmation" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length) throw new TspodError("invalid_argument", `accepts 0 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    if (!bool(f, "force")) {
      ctx.err("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nAre you sure you want to continue? [y/N] ");
      const answer = await readLine();
      if (!/^y(es)?$/i.test(answer.trim())) return 0;
    }
    const names = await (await ctx.engines()).volumes.prune(list(f, "filter"));
    for (const n of names) ctx.out(`${n}\n`);
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
