import type { CommandSpec } from "../../command.ts";
import { bool } from "../../flags.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { readDestinations, writeDestinations } from "../../../config/service-destinations.ts";

export const command: CommandSpec = {
  use: "remove [options] NAME",
  short: "Delete named destination",
  long: "Delete named destination from containers.conf",
  examples: ["tspod system connection remove devl", "tspod system connection rm devl"],
  flags: [{ name: "all", short: "a", type: "bool", description: "Remove all connections" }],
  async run(_ctx, parsed) {
    const all = bool(parsed.flags, "all");
    if (!all && parsed.args.length !== 1) throw exactError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const file = readDestinations();
    if (all) {
      writeDestinations(file.path, "", []);
      return 0;
    }
    const name = parsed.args[0]!;
    if (!file.destinations.some((d) => d.name === name)) return 0;
    writeDestinations(file.path, file.active === name ? "" : file.active, file.destinations.filter((d) => d.name !== name));
    return 0;
  },
};
