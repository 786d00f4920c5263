import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";
import type { ArchiveFormat } from "../../../domain/image-archive-engine.ts";

const FORMATS = ["docker-archive", "oci-archive", "oci-dir", "docker-dir"];

export const command: CommandSpec = {
  use: "save [options] IMAGE [IMAGE...]",
  short: "Save image(s) to an archive",
  long: "Save an image to docker-archive or oci-archive on the local machine. Default is docker-archive.",
  examples: ["tspod save --quiet -o myimage.tar imageID", "tspod save --format docker-dir -o ubuntu-dir ubuntu", "tspod save > alpine-all.tar alpine:latest"],
  flags: [
    { name: "compress", type: "bool", description: "Compress tarball image layers when saving to a directory using the 'dir' transport. (default is same compression type as source)" },
    { name: "format", type: "string", description: "Save image to oci-archive, oci-dir (directory with oci manifest type), docker-archive, docker-dir (directory with v2s2 manifest type)", default: "docker-archive" },
    { name: "multi-image-archive", short: "m", type: "bool", description: "Interpret additional arguments as images not tags and create a multi-image-archive (only for docker-archive)" },
    { name: "output", short: "o", type: "string", description: "Write to a specified file (default: stdout, which must be redirected)" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress the output" },
    { name: "uncompressed", type: "bool", description: "Accept uncompressed layers when copying OCI images" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "need at least 1 argument");
    const f = parsed.flags;
    const format = str(f, "format") ?? "docker-archive";
    if (!FORMATS.includes(format)) throw new TspodError("invalid_argument", `unknown format option "${format}"`);
    const output = str(f, "output");
    if (!output && ctx.stdoutIsTty) {
      const err = new TspodError("invalid_argument");
      Object.defineProperty(err, "message", { value: "refusing to save to terminal. Use -o flag or redirect" });
      throw err;
    }
    const engines = await ctx.engines();
    await engines.archives.save(
      parsed.args,
      { format: format as ArchiveFormat, multiImage: bool(f, "multi-image-archive"), output, write: output ? undefined : (c) => ctx.out(c), quiet: bool(f, "quiet") },
      (line) => ctx.err(`${line}\n`),
    );
    return 0;
  },
};
