import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { goJson } from "../../format/go-funcs.ts";

export const command: CommandSpec = {
  use: "show [options] [REGISTRY]",
  short: "Display trust policy for the system",
  long: "Display trust policy for the system",
  examples: ["tspod image trust show", "tspod image trust show --raw"],
  flags: [
    { name: "json", short: "j", type: "bool", description: "Output as json" },
    { name: "noheading", short: "n", type: "bool", description: "Do not print column headings" },
    { name: "policypath", type: "string", description: "", hidden: true },
    { name: "raw", type: "bool", description: "Output raw policy file" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    const policyPath = str(f, "policypath");
    if (bool(f, "raw")) {
      ctx.out(await engines.trust.policyRaw(policyPath));
      ctx.out("\n");
      return 0;
    }
    let rows = await engines.trust.policyShow(policyPath);
    const filter = parsed.args[0];
    if (filter) rows = rows.filter((r) => r.transport === "all" || r.repo_name === filter || r.name === filter || (r.name ?? "").startsWith(`${filter}/`));
    if (bool(f, "json")) {
      ctx.out(goJson(rows, 2, true) + "\n");
      return 0;
    }
    const table = rows.map((r) => ({ Transport: r.transport, RepoName: r.repo_name ?? "", Type: r.type, GPGId: r.gpg_id ?? "", SignatureStore: r.sigstore ?? "" }));
    ctx.out(
      renderFormat({
        rows: table,
        defaultFormat: "table {{.Transport}}\t{{.RepoName}}\t{{.Type}}\t{{.GPGId}}\t{{.SignatureStore}}",
        headers: { Transport: "TRANSPORT", RepoName: "NAME", Type: "TYPE", GPGId: "ID", SignatureStore: "STORE" },
        noHeading: bool(f, "noheading"),
      }),
    );
    return 0;
  },
};
