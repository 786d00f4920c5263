// Minimal `push` for the local transports (oci:, oci-archive:, docker-archive:, dir:); the
// registry (docker://) half is another module's and is merged into this command by the lead.
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

const LOCAL = /^(oci|oci-archive|docker-archive|dir):/;

export const command: CommandSpec = {
  use: "push [options] IMAGE [DESTINATION]",
  short: "Push an image to a specified destination",
  long: "Pushes a source image to a specified destination (oci:PATH[:REF], oci-archive:PATH[:REF], docker-archive:PATH[:REF], dir:PATH).",
  examples: ["tspod push imageID oci-archive:/path/to/layout:image:tag", "tspod push busybox dir:/tmp/busybox"],
  flags: [{ name: "quiet", short: "q", type: "bool", description: "Suppress output information when pushing images" }],
  async run(ctx, parsed) {
    if (parsed.args.length < 1 || parsed.args.length > 2) throw new TspodError("invalid_argument", `accepts between 1 and 2 arg(s), received ${parsed.args.length}`);
    const [image, destination = image] = parsed.args as [string, string | undefined];
    if (!LOCAL.test(destination)) {
      throw new TspodError("invalid_argument", `pushing to ${JSON.stringify(destination)}: this build of push supports only the oci:, oci-archive:, docker-archive: and dir: transports`);
    }
    const engines = await ctx.engines();
    await engines.archives.pushLocal(image, destination, { quiet: bool(parsed.flags, "quiet") }, (line) => ctx.err(`${line}\n`));
    return 0;
  },
};
