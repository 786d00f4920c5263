import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { isTerminal } from "../../../util/is-terminal.ts";
import { bool, str } from "../../flags.ts";
import { ProgressBars } from "../../format/progress-bars.ts";

const POLICIES = ["always", "missing", "never", "newer"] as const;

/** `--platform os/arch[/variant]` plus the `--os`/`--arch`/`--variant` overrides. */
function platformFlags(f: Record<string, unknown>): { os?: string; arch?: string; variant?: string } | undefined {
  const out: { os?: string; arch?: string; variant?: string } = {};
  const platform = f.platform as string | undefined;
  if (platform) {
    if (f.os || f.arch || f.variant) throw new TspodError("invalid_argument", "--platform option can not be specified with --arch or --os");
    const parts = platform.split("/");
    if (parts.length < 2 || parts.length > 3 || parts.some((p) => !p)) throw new TspodError("invalid_argument", `invalid platform syntax for --platform=${JSON.stringify(platform)}: expected OS/ARCH[/VARIANT]`);
    out.os = parts[0];
    out.arch = parts[1];
    if (parts[2]) out.variant = parts[2];
  }
  if (f.os) out.os = f.os as string;
  if (f.arch) out.arch = f.arch as string;
  if (f.variant) out.variant = f.variant as string;
  return out.os || out.arch || out.variant ? out : undefined;
}

export const command: CommandSpec = {
  use: "pull [options] IMAGE [IMAGE...]",
  short: "Pull an image from a registry",
  long: "Pulls an image from a registry and stores it locally.",
  examples: ["tspod pull imageName", "tspod pull --cert-dir image/certs --tls-verify=false 127.0.0.1:5000/busybox", "tspod pull --arch=arm64 myregistry/myrepository/imageName:tag"],
  flags: [
    { name: "all-tags", short: "a", type: "bool", description: "All tagged images in the repository will be pulled" },
    { name: "authfile", type: "string", description: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "arch", type: "string", description: "Use `ARCH` instead of the architecture of the machine for choosing images", valueName: "ARCH" },
    { name: "cert-dir", type: "string", description: "`Pathname` of a directory containing TLS certificates and keys", valueName: "Pathname" },
    { name: "creds", type: "string", description: "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry", valueName: "[username[:password]]" },
    { name: "os", type: "string", description: "Use `OS` instead of the running OS for choosing images", valueName: "OS" },
    { name: "platform", type: "string", description: "Specify the platform for selecting the image.  (Conflicts with arch and os)", valueName: "string" },
    { name: "policy", type: "string", description: "Pull image policy (\"always\"|\"missing\"|\"never\"|\"newer\")", default: "always" },
    { name: "quiet", short: "q", type: "bool", description: "Suppress output information when pulling images" },
    { name: "signature-policy", type: "string", description: "`Pathname` of signature policy file (not usually used)", valueName: "Pathname", hidden: true },
    { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
    { name: "variant", type: "string", description: "Use `VARIANT` instead of the running architecture variant for choosing images", valueName: "VARIANT" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const f = parsed.flags;
    const policy = str(f, "policy") ?? "always";
    if (!(POLICIES as readonly string[]).includes(policy)) throw new TspodError("invalid_argument", `unsupported pull policy ${JSON.stringify(policy)}`);
    const platform = platformFlags(f);
    const engines = await ctx.engines();
    const quiet = bool(f, "quiet");
    for (const ref of parsed.args) {
      if (/^(oci|oci-archive|docker-archive|dir):/.test(ref)) {
        const { id } = await engines.archives.pullLocal(ref, { quiet }, (line) => ctx.err(`${line}\n`));
        ctx.out(`${id}\n`);
        continue;
      }
      // progress bars on a terminal, plain lines otherwise, nothing with -q
      const bars = !quiet && isTerminal(2) ? new ProgressBars((s) => ctx.err(s)) : undefined;
      const r = await engines.images.pull(
        ref,
        {
          tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
          certDir: str(f, "cert-dir"),
          creds: str(f, "creds"),
          authfile: str(f, "authfile"),
          quiet,
          signaturePolicy: str(f, "signature-policy"),
          allTags: bool(f, "all-tags"),
          pullPolicy: policy as (typeof POLICIES)[number],
          ...(platform ? { platform } : {}),
          ...(bars ? { onBlobProgress: (p) => bars.update(p) } : {}),
        },
        (line) => (bars ? bars.line(line) : ctx.err(`${line}\n`)),
      );
      for (const id of r.ids ?? [r.id]) ctx.out(`${id}\n`);
    }
    return 0;
  },
};
