import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "create [options] [NAME]",
  short: "Create a new volume",
  long: "If using the default driver, \"local\", the volume will be created on the host in the volumes directory under container storage.",
  examples: ["tspod volume create myvol", "tspod volume create", "tspod volume create --label foo=bar myvol", "tspod volume create -o type=tmpfs -o device=tmpfs -o o=size=2m tmpvol"],
  flags: [
    { name: "driver", short: "d", type: "string", description: "Specify volume driver name", default: "local" },
    { name: "ignore", type: "bool", description: "Don't fail if volume already exists" },
    { name: "label", short: "l", type: "strings", description: "Set metadata for a volume (e.g. --label mykey=value)" },
    { name: "opt", short: "o", type: "strings", description: "Set driver specific options" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", "too many arguments, create takes at most 1 argument");
    const f = parsed.flags;
    const name = await (await ctx.engines()).volumes.create({
      name: parsed.args[0],
      driver: str(f, "driver"),
      options: list(f, "opt"),
      labels: list(f, "label"),
      ignore: bool(f, "ignore"),
    });
    ctx.out(`${name}\n`);
    return 0;
  },
};
