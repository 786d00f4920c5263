import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";
import { latestContainer } from "./latest.ts";

export const command: CommandSpec = {
  use: "unmount [options] CONTAINER [CONTAINER...]",
  short: "Unmount working container's root filesystem",
  long: "Container storage increments a mount counter each time a container is mounted. When a container is unmounted, the mount counter is decremented and the container's root filesystem is physically unmounted only when the mount counter reaches zero indicating no other processes are using the mount.",
  examples: ["tspod container unmount ctrID", "tspod unmount ctrID1 ctrID2 ctrID3", "tspod unmount --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Unmount all of the currently mounted containers" },
    { name: "force", short: "f", type: "bool", description: "Force the complete unmount of the specified mounted containers" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let names = parsed.args;
    if (bool(f, "latest")) names = [await latestContainer(engines)];
    if (!bool(f, "all") && names.length === 0) throw new TspodError("invalid_argument", "when not using the --all flag you must specify at least one container");
    const ids = await engines.containerFs.unmount(names, { all: bool(f, "all"), force: bool(f, "force") });
    for (const [i, id] of ids.entries()) ctx.out(`${bool(f, "all") ? id : names[i]}\n`);
    return 0;
  },
};
