import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { list, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "set [options] REGISTRY",
  short: "Set default trust policy or a new trust policy for a registry",
  long: "Set default trust policy or add a new trust policy for a registry",
  examples: [
    "tspod image trust set -f public-key.gpg -t signedBy docker.io/library/busybox",
    "tspod image trust set -t reject default",
  ],
  flags: [
    { name: "policypath", type: "string", description: "", hidden: true },
    { name: "pubkeysfile", short: "f", type: "strings", description: "Path of installed public key(s) to trust for TARGET.\nAbsolute path to keys is added to policy.json. May\nused multiple times to define multiple public keys.\nFile(s) must exist before using this command", valueName: "stringArray" },
    { name: "type", short: "t", type: "string", description: "Trust type, accept values: signedBy(default), accept, reject", default: "signedBy", valueName: "string" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const f = parsed.flags;
    const engines = await ctx.engines();
    await engines.trust.policySet(parsed.args[0]!, { type: str(f, "type") ?? "signedBy", pubKeys: list(f, "pubkeysfile"), policyPath: str(f, "policypath") });
    return 0;
  },
};
