import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";

export const command: CommandSpec = {
  use: "tag IMAGE TARGET_NAME [TARGET_NAME...]",
  short: "Add an additional name to a local image",
  long: "Adds one or more additional names to locally-stored image.",
  examples: ["tspod image tag 0e3bbc2 fedora:latest", "tspod image tag httpd myregistryhost:5000/fedora/httpd:v2"],
  flags: [],
  async run(ctx, parsed) {
    if (parsed.args.length < 2) throw new TspodError("invalid_argument", `requires at least 2 arg(s), only received ${parsed.args.length}`);
    const [image, ...names] = parsed.args;
    await (await ctx.engines()).imageStore.tag(image!, names);
    return 0;
  },
};
