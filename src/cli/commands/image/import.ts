import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "import [options] PATH [REFERENCE]",
  short: "Import a tarball to create a filesystem image",
  long: "Create a container image from the contents of the specified tarball (.tar, .tar.gz, .tgz, .tar.zst), a URL, or - for stdin.",
  examples: [
    "tspod import https://example.com/ctr.tar url-image",
    "cat ctr.tar | tspod -q import --message 'importing the ctr.tar tarball' - image-imported",
    "cat ctr.tar | tspod import -",
  ],
  flags: [
    { name: "arch", type: "string", description: "Set the architecture of the imported image" },
    { name: "change", short: "c", type: "strings", description: "Apply the following possible instructions to the created image (default []): CMD | ENTRYPOINT | ENV | EXPOSE | LABEL | ONBUILD | STOPSIGNAL | USER | VOLUME | WORKDIR" },
    { name: "message", short: "m", type: "string", description: "Set commit message for imported image" },
    { name: "os", type: "string", description: "Set the OS of the imported image" },
    { name: "platform", type: "string", description: "Set the OS/ARCH[/VARIANT] of the imported image" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress output" },
    { name: "variant", type: "string", description: "Set the variant of the imported image" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length < 1) throw new TspodError("invalid_argument", "need to give the path to the tarball, or must specify a tarball of '-' for stdin");
    if (parsed.args.length > 2) throw new TspodError("invalid_argument", "too many arguments. Usage TARBALL [REFERENCE]");
    const f = parsed.flags;
    const [source, reference] = parsed.args as [string, string | undefined];
    let platform = str(f, "platform");
    if (!platform && (str(f, "os") || str(f, "arch") || str(f, "variant"))) {
      platform = `${str(f, "os") ?? ""}/${str(f, "arch") ?? ""}/${str(f, "variant") ?? ""}`;
    }
    const engines = await ctx.engines();
    const { id } = await engines.archives.import(
      source,
      {
        changes: list(f, "change"),
        message: str(f, "message"),
        platform,
        reference,
        stream: source === "-" ? (fs.createReadStream("", { fd: 0, highWaterMark: 1 << 20 }) as unknown as AsyncIterable<Uint8Array>) : undefined,
        quiet: bool(f, "quiet"),
      },
      (line) => ctx.err(`${line}\n`),
    );
    ctx.out(`sha256:${id}\n`);
    return 0;
  },
};
