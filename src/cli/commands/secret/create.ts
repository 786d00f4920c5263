import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, list, str } from "../../flags.ts";

async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const c of stream) chunks.push(c);
  return Buffer.concat(chunks);
}

export const command: CommandSpec = {
  use: "create [options] NAME FILE|-",
  short: "Create a new secret",
  long: "Create a secret. Input can be a path to a file or \"-\" (read from stdin). Secret drivers \"file\" (default) is supported.",
  examples: ["tspod secret create mysecret /path/to/secret", "printf \"secret\" | tspod secret create mysecret -", "tspod secret create --env mysecret ENVVAR"],
  flags: [
    { name: "driver", short: "d", type: "string", description: "Specify secret driver", default: "file" },
    { name: "driver-opts", type: "strings", description: "Specify driver specific options" },
    { name: "env", type: "bool", description: "Read secret data from environment variable" },
    { name: "label", short: "l", type: "strings", description: "Specify labels on the secret" },
    { name: "replace", type: "bool", description: "If a secret with the same name exists, replace it" },
  ],
  async run(ctx, parsed) {
    if (parsed.args.length !== 2) throw new TspodError("invalid_argument", `accepts 2 arg(s), received ${parsed.args.length}`);
    const [name, source] = parsed.args as [string, string];
    const f = parsed.flags;
    let data: Uint8Array = new Uint8Array();
    let fromEnv: string | undefined;
    if (bool(f, "env")) fromEnv = source;
    else if (source === "-") data = await readAll(fs.createReadStream("", { fd: 0 }) as unknown as AsyncIterable<Uint8Array>);
    else {
      try {
        data = fs.readFileSync(source);
      } catch (err) {
        throw new TspodError("no_such_file", `open ${source}`, err);
      }
    }
    const id = await (await ctx.engines()).secrets.create({
      name,
      data,
      fromEnv,
      driver: str(f, "driver"),
      driverOptions: list(f, "driver-opts"),
      labels: list(f, "label"),
      replace: bool(f, "replace"),
    });
    ctx.out(`${id}\n`);
    return 0;
  },
};
