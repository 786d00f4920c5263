import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { str } from "../../flags.ts";
import { renderSingle } from "../../format/output.ts";

export const command: CommandSpec = {
  use: "diff [options] IMAGE [IMAGE]",
  short: "Inspect changes to the image's file systems",
  long: "Displays changes to the image's filesystem: added (A), changed (C) or deleted (D) files, against its parent layer or another image.",
  examples: ["tspod image diff myImage", "tspod image diff --format json redis"],
  flags: [{ name: "format", type: "string", description: "Change the output format (json)" }],
  async run(ctx, parsed) {
    if (parsed.args.length < 1 || parsed.args.length > 2) throw new TspodError("invalid_argument", `requires at least 1 arg(s) and at most 2, received ${parsed.args.length}`);
    const format = str(parsed.flags, "format");
    if (format !== undefined && format !== "json") throw new TspodError("invalid_argument", `only supported value for '--format' is 'json'`);
    const changes = await (await ctx.engines()).imageStore.diff(parsed.args[0]!, parsed.args[1]);
    if (format === "json") {
      const pick = (k: string) => changes.filter((c) => c.kind === k).map((c) => c.path);
      const out: Record<string, string[]> = {};
      if (pick("C").length) out.changed = pick("C");
      if (pick("A").length) out.added = pick("A");
      if (pick("D").length) out.deleted = pick("D");
      ctx.out(renderSingle(undefined, out, true, { jsonIndent: 5 }));
    } else for (const c of changes) ctx.out(`${c.kind} ${c.path}\n`);
    return 0;
  },
};
