import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "sign [options] IMAGE [IMAGE...]",
  short: "Sign an image",
  long: "Create a signature file that can be used later to verify the image.",
  examples: ["tspod image sign --sign-by mykey imageID", "tspod image sign --sign-by mykey --directory ./mykeydir imageID"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Sign all the manifests of the multi-architecture image" },
    { name: "authfile", type: "string", description: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "cert-dir", type: "string", description: "`Pathname` of a directory containing TLS certificates and keys", valueName: "Pathname" },
    { name: "directory", short: "d", type: "string", description: "Define an alternate directory to store signatures", valueName: "string" },
    { name: "sign-by", type: "string", description: "Name of the signing key", valueName: "string" },
    { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true, hidden: true },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "at least one image name must be specified");
    const f = parsed.flags;
    const signBy = str(f, "sign-by");
    if (!signBy) throw new TspodError("invalid_argument", "please provide an identity");
    const engines = await ctx.engines();
    await engines.trust.sign(parsed.args, {
      signBy,
      directory: str(f, "directory"),
      certDir: str(f, "cert-dir"),
      tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
      all: bool(f, "all"),
    });
    return 0;
  },
};
