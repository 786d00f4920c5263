import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";
import { goJson } from "../../format/go-funcs.ts";
const CHANGE_LETTER = ["C", "A", "D"] as const;
import { targets } from "./latest.ts";

export const command: CommandSpec = {
  use: "diff [options] CONTAINER",
  short: "Inspect changes to the container's file systems",
  long: "Displays changes to the container filesystem's'.  The container will be compared to its parent layer.",
  examples: ["tspod container diff myCtr", "tspod container diff -l --format json myCtr"],
  flags: [
    { name: "format", type: "string", description: "Change the output format (json)" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    const [name] = await targets(engines, parsed.args, bool(f, "latest"));
    if (!name) throw new TspodError("invalid_argument", "diff requires a container name or ID");
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", `accepts at most 1 arg(s), received ${parsed.args.length}`);
    const format = str(f, "format");
    if (format !== undefined && format !== "json") throw new TspodError("invalid_argument", `only supported value for '--format' is 'json'`);
    const changes = await engines.containerFs.diff(name);
    if (format === "json") {
      const out = { changed: [] as string[], added: [] as string[], deleted: [] as string[] };
      for (const c of changes) (c.Kind === 0 ? out.changed : c.Kind === 1 ? out.added : out.deleted).push(c.Path);
      const clean = Object.fromEntries(Object.entries(out).filter(([, v]) => v.length > 0));
      ctx.out(goJson(clean, 4, true) + "\n");
    } else for (const c of changes) ctx.out(`${CHANGE_LETTER[c.Kind]} ${c.Path}\n`);
    return 0;
  },
};
