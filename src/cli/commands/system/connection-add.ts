import type { CommandSpec } from "../../command.ts";
import { bool, int, str } from "../../flags.ts";
import { exactError } from "../../../errors/tspod-error.ts";
import { readDestinations, writeDestinations } from "../../../config/service-destinations.ts";
import { destinationUri } from "./connection-uri.ts";
import fs from "node:fs";

export const command: CommandSpec = {
  use: "add [options] NAME DESTINATION",
  short: "Record destination for the tspod service",
  long:
    "Add destination to tspod configuration (containers.conf, shared with Podman).\n" +
    '  "destination" is one of the form:\n' +
    "    [user@]hostname (will default to ssh)\n" +
    "    ssh://[user@]hostname[:port][/path]\n" +
    "    tcp://hostname:port (not secured)\n" +
    "    unix://path (absolute path required)",
  examples: [
    "tspod system connection add --identity ~/.ssh/dev_rsa testing ssh://root@server.fubar.com:2222",
    "tspod system connection add --identity ~/.ssh/dev_rsa --port 22 production root@server.fubar.com",
    "tspod system connection add debug tcp://localhost:8080",
  ],
  flags: [
    { name: "default", short: "d", type: "bool", description: "Set connection to be default" },
    { name: "identity", type: "string", description: "path to SSH identity file" },
    { name: "port", short: "p", type: "int", description: "SSH port number for destination", default: 22 },
    { name: "socket-path", type: "string", description: "path to tspod socket on remote host. (default '/run/podman/podman.sock' for root)" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw exactError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const [name, dest] = parsed.args as [string, string];
    const f = parsed.flags;
    const uri = destinationUri(dest, { port: int(f, "port") ?? 22, socketPath: str(f, "socket-path") });
    if (uri.startsWith("unix://") && !fs.existsSync(uri.slice("unix://".length))) {
      ctx.err(`time="${new Date().toISOString().replace(/\.\d+Z$/, "Z")}" level=warning msg="\\"${uri.slice("unix://".length)}\\" does not exists"\n`);
    }
    const file = readDestinations();
    const identity = str(f, "identity") ?? "";
    const others = file.destinations.filter((d) => d.name !== name);
    const active = bool(f, "default") || !file.active ? name : file.active;
    writeDestinations(file.path, active, [...others, { name, uri, identity }]);
    return 0;
  },
};
