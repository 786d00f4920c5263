import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "unmount [options] IMAGE [IMAGE...]",
  short: "Unmount an image's root filesystem",
  long: "Image storage increments a mount counter each time an image is mounted. When an image is unmounted, the mount counter is decremented, and the image's root filesystem is physically unmounted only when the mount counter reaches zero.",
  examples: ["tspod image unmount imgID", "tspod image unmount --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Unmount all of the currently mounted images" },
    { name: "force", short: "f", type: "bool", description: "Force the complete unmount of the specified mounted images" },
  ],
  async run(ctx, parsed) {
    const all = bool(parsed.flags, "all");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "image name or ID must be specified");
    if (all && parsed.args.length) throw new TspodError("invalid_argument", "when using the --all switch, you may not pass any image names or IDs");
    const ids = await (await ctx.engines()).imageStore.unmount(parsed.args, all || bool(parsed.flags, "force"));
    for (const id of ids) ctx.out(`${id}\n`);
    return 0;
  },
};
