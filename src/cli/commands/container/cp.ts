import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";
import type { CopyEndpoint } from "../../../domain/container-fs-engine.ts";

/** `CONTAINER:PATH` or a host path (an absolute or ./relative path with a colon stays a host path). */
function endpoint(arg: string): CopyEndpoint {
  if (arg.startsWith("/") || arg.startsWith(".")) return { path: arg };
  const colon = arg.indexOf(":");
  if (colon <= 0) return { path: arg };
  return { container: arg.slice(0, colon), path: arg.slice(colon + 1) || "/" };
}

async function readAllStdin(): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of process.stdin) chunks.push(c as Uint8Array);
  return new Uint8Array(Buffer.concat(chunks));
}

export const command: CommandSpec = {
  use: "cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH",
  short: "Copy files/folders between a container and the local filesystem",
  long: "Copy the contents of SRC_PATH to the DEST_PATH. You can copy from the container's file system to the local machine or the reverse, from the local filesystem to the container. If \"-\" is specified for either the SRC_PATH or DEST_PATH, you can also stream a tar archive from STDIN or to STDOUT.",
  examples: ["tspod cp [options] [CONTAINER:]SRC_PATH [CONTAINER:]DEST_PATH", "tspod cp /myapp/app.conf containerID:/myapp/app.conf", "tspod cp containerID:/myapp/ /myapp/"],
  flags: [
    { name: "archive", short: "a", type: "bool", description: "Chown copied files to the primary uid/gid of the destination container.", default: true },
    { name: "overwrite", type: "bool", description: "Allow to overwrite directories with non-directories and vice versa" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw new TspodError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const src = endpoint(parsed.args[0]!);
    const dst = endpoint(parsed.args[1]!);
    const engines = await ctx.engines();
    await engines.containerFs.copy(src, dst, { archive: bool(parsed.flags, "archive"), overwrite: bool(parsed.flags, "overwrite") }, { readStdin: readAllStdin, writeStdout: (d) => ctx.out(d) });
    return 0;
  },
};
