import type { CommandSpec } from "../../command.ts";
import { TspodError, isErrorCode } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

export const command: CommandSpec = {
  use: "rm [options] IMAGE [IMAGE...]",
  short: "Remove one or more images from local storage",
  long: "Removes one or more previously pulled or locally created images.",
  examples: ["tspod image rm imageID", "tspod image rm --force alpine", "tspod image rm c4dfb1609ee2 93fd78260bd1 c0ed59d05ff7"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove all images" },
    { name: "force", short: "f", type: "bool", description: "Force Removal of the image" },
    { name: "ignore", short: "i", type: "bool", description: "Ignore errors if a specified image does not exist" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const all = bool(f, "all");
    if (all && parsed.args.length) throw new TspodError("invalid_argument", "when using the --all switch, you may not pass any images names or IDs");
    if (!all && parsed.args.length === 0) throw new TspodError("invalid_argument", "image name or ID must be specified");
    const engines = await ctx.engines();
    const lines = await engines.imageStore.remove(parsed.args, { all, force: bool(f, "force"), ignore: bool(f, "ignore") });
    // Podman: 2 when an image is in use, 1 when one is missing, else 125
    let code = 0;
    const errors: Error[] = [];
    for (const l of lines) {
      if ("untagged" in l) ctx.out(`Untagged: ${l.untagged}\n`);
      else if ("deleted" in l) ctx.out(`Deleted: ${l.deleted}\n`);
      else {
        errors.push(l.error);
        const c = isErrorCode(l.error, "image_in_use") ? 2 : isErrorCode(l.error, "no_such_image") ? 1 : 125;
        if (code === 0 || c === 2 || (c === 1 && code === 125)) code = c;
      }
    }
    for (const e of errors) ctx.err(`Error: ${e.message}\n`);
    return code;
  },
};
