import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { readDestinations, writeDestinations } from "../../../config/service-destinations.ts";
import { notDefined } from "./connection-default.ts";

export const command: CommandSpec = {
  use: "rename OLD NEW",
  short: "Rename \"old\" to \"new\"",
  long: "Rename destination \"old\" to \"new\"",
  examples: ["tspod system connection rename laptop devl"],
  flags: [],
  async run(_ctx, parsed) {
    if (parsed.args.length !== 2) throw exactError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const [from, to] = parsed.args as [string, string];
    const file = readDestinations();
    if (!file.destinations.some((d) => d.name === from)) throw notDefined(from);
    const renamed = file.destinations.filter((d) => d.name !== to).map((d) => (d.name === from ? { ...d, name: to } : d));
    writeDestinations(file.path, file.active === from ? to : file.active, renamed);
    return 0;
  },
};
