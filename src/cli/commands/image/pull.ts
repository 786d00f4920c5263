import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "pull [options] IMAGE [IMAGE...]",
  short: "Pull an image from a registry",
  long: "Pulls an image from a registry and stores it locally.",
  examples: ["tspod pull imageName", "tspod pull --cert-dir image/certs --tls-verify=false 127.0.0.1:5000/busybox"],
  flags: [
    { name: "authfile", type: "string", description: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "cert-dir", type: "string", description: "`Pathname` of a directory containing TLS certificates and keys", valueName: "Pathname" },
    { name: "creds", type: "string", description: "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry", valueName: "[username[:password]]" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress output information when pulling images" },
    { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const f = parsed.flags;
    const engines = await ctx.engines();
    const quiet = bool(f, "quiet");
    for (const ref of parsed.args) {
      const { id } = await engines.images.pull(
        ref,
        { tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined, certDir: str(f, "cert-dir"), creds: str(f, "creds"), authfile: str(f, "authfile"), quiet },
        (line) => ctx.err(`${line}\n`),
      );
      ctx.out(`${id}\n`);
    }
    return 0;
  },
};
