import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";
import { readStdinText } from "../../read-stdin.ts";

export const command: CommandSpec = {
  use: "login [options] [REGISTRY]",
  short: "Log in to a container registry",
  long: "Log in to a container registry on a specified server.",
  examples: ["tspod login quay.io", "tspod login --username USERNAME --password-stdin quay.io", "tspod login --authfile authdir/myauths.json quay.io"],
  flags: [
    { name: "authfile", type: "string", description: "path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "cert-dir", type: "string", description: "use certificates at the specified path to access the registry", valueName: "string" },
    { name: "get-login", type: "bool", description: "Return the current login user for the registry" },
    { name: "password", short: "p", type: "string", description: "Password for registry" },
    { name: "password-stdin", type: "bool", description: "Take the password from stdin" },
    { name: "tls-verify", type: "bool", description: "require HTTPS and verify certificates when contacting registries", default: true },
    { name: "username", short: "u", type: "string", description: "Username for registry" },
    { name: "verbose", short: "v", type: "bool", description: "Write more detailed information to stdout" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", `accepts at most 1 arg(s), received ${parsed.args.length}`);
    const registry = parsed.args[0];
    if (!registry) throw new TspodError("invalid_argument", "please provide a registry to log in to");
    const engines = await ctx.engines();
    if (bool(f, "get-login")) {
      ctx.out(`${await engines.registries.getLogin(registry, str(f, "authfile"))}\n`);
      return 0;
    }
    let password = str(f, "password");
    if (bool(f, "password-stdin")) {
      if (password !== undefined) throw new TspodError("invalid_argument", "can't specify both --password-stdin and --password");
      if (str(f, "username") === undefined) throw new TspodError("invalid_argument", "must provide --username with --password-stdin");
      password = (await readStdinText()).replace(/\r?\n$/, "");
    }
    const report = await engines.registries.login(registry, {
      username: str(f, "username"),
      password,
      authfile: str(f, "authfile"),
      certDir: str(f, "cert-dir"),
      tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
    });
    for (const m of report.messages) ctx.out(`${m}\n`);
    return 0;
  },
};
