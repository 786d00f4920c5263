import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "logout [options] [REGISTRY]",
  short: "Log out of a container registry",
  long: "Remove the cached username and password for the registry.",
  examples: ["tspod logout quay.io", "tspod logout --authfile authdir/myauths.json quay.io", "tspod logout --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Remove the cached credentials for all registries in the auth file" },
    { name: "authfile", type: "string", description: "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", `accepts at most 1 arg(s), received ${parsed.args.length}`);
    const all = bool(f, "all");
    if (!all && !parsed.args[0]) throw new TspodError("invalid_argument", "please provide a registry to log out from");
    const engines = await ctx.engines();
    ctx.out(`${await engines.registries.logout(parsed.args[0], { authfile: str(f, "authfile"), all })}\n`);
    return 0;
  },
};
