import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, int, list, str } from "../../flags.ts";
import { isJsonFormat, renderFormat } from "../../format/output.ts";

const DESCRIPTION_WIDTH = 44;

export const command: CommandSpec = {
  use: "search [options] TERM",
  short: "Search registry for image",
  long: "Search registries for a given image. Can search all the default registries or a specific registry.\n\n\tUsers can limit the number of results, and filter the output based on certain conditions.",
  examples: ["tspod search --filter=is-official --limit 3 alpine", "tspod search registry.fedoraproject.org/  # only works with v2 registries", "tspod search --format \"table {{.Index}} {{.Name}}\" registry.fedoraproject.org/fedora"],
  flags: [
    { name: "authfile", type: "string", description: "Path of the authentication file. Use REGISTRY_AUTH_FILE environment variable to override" },
    { name: "cert-dir", type: "string", description: "Path to a directory containing TLS certificates and keys", valueName: "Pathname" },
    { name: "compatible", type: "bool", description: "List stars, official and automated columns (Docker compatibility)" },
    { name: "creds", type: "string", description: "`Credentials` (USERNAME:PASSWORD) to use for authenticating to a registry", valueName: "[username[:password]]" },
    { name: "filter", short: "f", type: "strings", description: "Filter output based on conditions provided (default [])" },
    { name: "format", type: "string", description: "Change the output format to JSON or a Go template" },
    { name: "limit", type: "int", description: "Limit the number of results" },
    { name: "list-tags", type: "bool", description: "List the tags of the input registry" },
    { name: "no-trunc", type: "bool", description: "Do not truncate the output" },
    { name: "tls-verify", type: "bool", description: "Require HTTPS and verify certificates when contacting registries", default: true },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const listTags = bool(f, "list-tags");
    const filters = list(f, "filter").flatMap((s) => s.split(","));
    if (listTags && filters.length) throw new TspodError("invalid_argument", "filters are not applicable to list tags result");
    const engines = await ctx.engines();
    const results = await engines.registries.search(parsed.args[0]!, {
      authfile: str(f, "authfile"),
      certDir: str(f, "cert-dir"),
      creds: str(f, "creds"),
      tlsVerify: parsed.changed.has("tls-verify") ? bool(f, "tls-verify") : undefined,
      limit: int(f, "limit"),
      listTags,
      filters,
    });
    const format = str(f, "format");
    const noTrunc = bool(f, "no-trunc");
    const rows = isJsonFormat(format)
      ? results
      : results.map((r) => ({
          ...r,
          Description: !noTrunc && r.Description.length > DESCRIPTION_WIDTH ? r.Description.slice(0, DESCRIPTION_WIDTH - 3) + "..." : r.Description,
        }));
    const defaultFormat = listTags
      ? "table {{.Name}}\t{{.Tag}}"
      : bool(f, "compatible")
        ? "table {{.Name}}\t{{.Description}}\t{{.Stars}}\t{{.Official}}\t{{.Automated}}"
        : "table {{.Name}}\t{{.Description}}";
    ctx.out(renderFormat({ format, rows, defaultFormat, jsonIndent: 4, name: "search" }));
    return 0;
  },
};
