import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "import VOLUME [SOURCE]",
  short: "Import a tarball contents into a podman volume",
  long: "Imports the contents of a tarball (a file, or - for stdin) into the volume's mount point.",
  examples: ["tspod volume import myvol /home/user/import.tar", "cat ctr.tar | tspod volume import myvol -"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw new TspodError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const [name, source] = parsed.args as [string, string];
    if (source !== "-" && !fs.existsSync(source)) throw new TspodError("no_such_file", `open ${source}`);
    const stream = source === "-" ? fs.createReadStream("", { fd: 0, highWaterMark: 1 << 20 }) : fs.createReadStream(source, { highWaterMark: 1 << 20 });
    await (await ctx.engines()).volumes.import(name, stream as unknown as AsyncIterable<Uint8Array>);
    return 0;
  },
};
