import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "untag IMAGE [IMAGE...]",
  short: "Remove a name from a local image",
  long: "Removes one or more names from a locally-stored image.",
  examples: ["tspod untag 0e3bbc2", "tspod untag imageID:latest otherImageName:latest"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length < 1) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const [image, ...names] = parsed.args;
    await (await ctx.engines()).imageStore.untag(image!, names);
    return 0;
  },
};
