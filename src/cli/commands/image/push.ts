import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "push [options] IMAGE [DESTINATION]",
  short: "Push an image to a specified destination",
  long: "Pushes a source image to a specified destination.\n\n  The Image \"DESTINATION\" uses a \"transport\":\"details\" format. See podman-push(1) section \"DESTINATION\" for the expected format.",
  examples: ["tspod push imageID docker://registry.example.com/repository:tag", "tspod push imageID oci-archive:/path/to/layout:image:tag"],
  flags: [
    { name: "authfile", type: "string", description: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "cert-dir", type: "string", description: "Path to a directory containing TLS certificates and keys", valueName: "Pathname" },
    { name: "compress", type: "bool", description: "Compress tarball image layers when pushing to a directory using the 'dir' transport. (default is same compression type as source)" },
    { name: "compression-format", type: "string", description: "compression format to use (gzip, zstd)" },
    { name: "creds", type: "string", description: "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry", valueName: "[username[:password]]" },
    { name: "digestfile", type: "string", description: "Write the digest of the pushed image to the specified file" },
    { name: "disable-content-trust", type: "bool", description: "This is a Docker specific option and is a NOOP", hidden: true },
    { name: "format", short: "f", type: "string", description: "Manifest type (oci, v2s2, or v2s1) to use in the destination (default is manifest type of source, with fallbacks)" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress output information when pushing images" },
    { name: "remove-signatures", type: "bool", description: "Discard any pre-existing signatures in the image" },
    { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length < 1 || parsed.args.length > 2) throw new TspodError("invalid_argument", `requires at least 1 arg(s), only received ${parsed.args.length}`.replace(/requires at least 1 arg\(s\), only received (\d+)/, (m, n) => (Number(n) > 2 ? `accepts at most 2 arg(s), received ${n}` : m)));
    const format = str(f, "format");
    if (format !== undefined && format !== "oci" && format !== "v2s2") {
      if (format === "v2s1") throw new TspodError("invalid_argument", "Docker schema 1 manifests are not supported: use oci or v2s2");
      throw new TspodError("invalid_argument", `unknown format ${JSON.stringify(format)}. Choose on of the supported formats: 'oci', 'v2s1', or 'v2s2'`);
    }
    const compression = str(f, "compression-format");
    if (compression !== undefined && compression !== "gzip" && compression !== "zstd") {
      throw new TspodError("invalid_argument", `unsupported compression format ${JSON.stringify(compression)}: use gzip or zstd`);
    }
    const engines = await ctx.engines();
    await engines.registries.push(
      parsed.args[0]!,
      parsed.args[1],
      {
        authfile: str(f, "authfile"),
        certDir: str(f, "cert-dir"),
        creds: str(f, "creds"),
        tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
        format,
        compressionFormat: compression,
        quiet: bool(f, "quiet"),
        digestfile: str(f, "digestfile"),
      },
      (line) => ctx.err(`${line}\n`),
    );
    return 0;
  },
};
