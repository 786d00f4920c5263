import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "commit [options] CONTAINER [IMAGE]",
  short: "Create new image based on the changed container",
  long: "Create an image from a container's changes. Optionally tag the image created, set the author with the --author flag, set the commit message with the --message flag, and make changes to the instructions with the --change flag.",
  examples: ["tspod commit -q --message \"committing container to image\" reverent_golick image-committed", "tspod commit -q --author \"firstName lastName\" reverent_golick image-committed", "tspod commit -q --pause=false containerID image-committed", "tspod commit containerID"],
  flags: [
    { name: "author", short: "a", type: "string", description: "Set the author for the image committed" },
    { name: "change", short: "c", type: "strings", description: "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR" },
    { name: "format", short: "f", type: "string", description: "`format` of the image manifest and metadata", default: "oci" },
    { name: "include-volumes", type: "bool", description: "Include container volumes as image volumes" },
    { name: "iidfile", type: "string", description: "`file` to write the image ID to" },
    { name: "message", short: "m", type: "string", description: "Set commit message for imported image" },
    { name: "pause", short: "p", type: "bool", description: "Pause container during commit" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress output" },
    { name: "squash", short: "s", type: "bool", description: "squash newly built layers into a single new layer" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length < 1 || parsed.args.length > 2) throw new TspodError("invalid_argument", `requires at least 1 and at most 2 arg(s), only received ${parsed.args.length}`);
    const format = str(f, "format") ?? "oci";
    if (format !== "oci" && format !== "docker") throw new TspodError("invalid_argument", `unrecognized image type "${format}"`);
    const engines = await ctx.engines();
    const { id } = await engines.containerFs.commit(parsed.args[0]!, {
      image: parsed.args[1] ?? "",
      author: str(f, "author"),
      message: str(f, "message"),
      changes: list(f, "change"),
      pause: bool(f, "pause"),
      squash: bool(f, "squash"),
      format,
      includeVolumes: bool(f, "include-volumes"),
    });
    const iid = str(f, "iidfile");
    if (iid) (await import("node:fs")).writeFileSync(iid, id);
    ctx.out(`${id}\n`);
    return 0;
  },
};
