import type { CommandSpec } from "../../command.ts";
import { printInspected } from "../inspect-output.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, str } from "../../flags.ts";

export const command: CommandSpec = {
  use: "inspect [options] SECRET [SECRET...]",
  short: "Inspect a secret",
  long: "Display detailed information on one or more secrets. The secret's value is shown only with --showsecret.",
  examples: ["tspod secret inspect mysecret", "tspod secret inspect --showsecret mysecret"],
  flags: [
    { name: "format", short: "f", type: "string", description: "Format inspect output using Go template", default: "json" },
    { name: "pretty", type: "bool", description: "Print inspect output in human-readable format" },
    { name: "showsecret", type: "bool", description: "Display the secret" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length === 0) throw new TspodError("invalid_argument", "requires at least 1 arg(s), only received 0");
    const engines = await ctx.engines();
    const show = bool(parsed.flags, "showsecret");
    const results = [];
    const errors: Error[] = [];
    for (const name of parsed.args) {
      try {
        results.push(await engines.secrets.inspect(name, show));
      } catch (err) {
        errors.push(err as Error);
      }
    }
    if (bool(parsed.flags, "pretty")) {
      for (const r of results) {
        ctx.out(`ID:              ${r.ID}\nName:            ${r.Spec.Name}\nDriver:          ${r.Spec.Driver.Name}\nCreated at:      ${r.CreatedAt}\nUpdated at:      ${r.UpdatedAt}\n`);
        if (r.SecretData !== undefined) ctx.out(`Secret data:     ${r.SecretData}\n`);
      }
      return printInspected(ctx, "{{\"\"}}", [], errors);
    }
    return printInspected(ctx, str(parsed.flags, "format"), results, errors);
  },
};
