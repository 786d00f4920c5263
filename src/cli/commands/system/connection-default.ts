import type { CommandSpec } from "../../command.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { readDestinations, writeDestinations } from "../../../config/service-destinations.ts";

export const command: CommandSpec = {
  use: "default NAME",
  short: "Set named destination as default",
  long: "Set named destination as default for the tspod service",
  examples: ["tspod system connection default testing"],
  flags: [],
  async run(_ctx, parsed) {
    if (parsed.args.length !== 1) throw exactError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const name = parsed.args[0]!;
    const file = readDestinations();
    if (!file.destinations.some((d) => d.name === name)) throw notDefined(name);
    writeDestinations(file.path, name, file.destinations);
    return 0;
  },
};

export function notDefined(name: string): Error {
  return exactError("invalid_argument", `"${name}" destination is not defined. See "tspod system connection add ..." to create a connection`);
}
