/** Top-level `inspect`: a container first, then an image (Podman's order), or `--type` only. */
import { printInspected } from "./inspect-output.ts";
import type { CommandSpec } from "../command.ts";
import { TspodError, isErrorCode } from "../../errors/tspod-error.ts";
import { bool, str } from "../flags.ts";
import { targets } from "./container/latest.ts";

export const command: CommandSpec = {
  use: "inspect [options] {CONTAINER|IMAGE} [...]",
  short: "Display the configuration of object denoted by ID",
  long: "Displays the low-level information on an object identified by name or ID: a container or an image.",
  examples: ["tspod inspect fedora", "tspod inspect --type image fedora", "tspod inspect --format \"{{.Id}}\" CtrID ImgID"],
  flags: [
    { name: "format", short: "f", type: "string", description: "Format the output to a Go template or json", default: "json" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "size", short: "s", type: "bool", description: "Display total file size" },
    { name: "type", short: "t", type: "string", description: "Specify inspect-object type (\"image\", \"container\" or \"all\")", default: "all" },
  ],
  async run(ctx, parsed) {
    const type = str(parsed.flags, "type") ?? "all";
    if (!["all", "container", "image", "volume"].includes(type)) throw new TspodError("invalid_argument", `invalid type "${type}" is not supported: must be "container", "image" or "all"`);
    if (parsed.args.length === 0 && !bool(parsed.flags, "latest")) throw new TspodError("invalid_argument", "no names or ids specified");
    const format = str(parsed.flags, "format");
    const engines = await ctx.engines();
    const results: unknown[] = [];
    const errors: Error[] = [];
    const latest = bool(parsed.flags, "latest");
    const names = latest ? await targets(engines, parsed.args, true) : parsed.args;
    const size = bool(parsed.flags, "size");
    for (const name of names) {
      try {
        if (type === "volume") {
          results.push(await engines.volumes.inspect(name));
          continue;
        }
        if (type !== "image") {
          try {
            results.push(...(await engines.containers.inspect([name], { size })));
            continue;
          } catch (err) {
            if (type === "container" || !isErrorCode(err, "no_such_container")) throw err;
          }
        }
        try {
          results.push(await engines.imageStore.inspect(name));
        } catch (err) {
          if (type === "all" && isErrorCode(err, "no_such_image") && (await engines.volumes.exists(name))) {
            results.push(await engines.volumes.inspect(name));
            continue;
          }
          if (type === "all" && isErrorCode(err, "no_such_image")) {
            const e = new TspodError("no_such_object");
            Object.defineProperty(e, "message", { value: `inspecting object: no such object: ${JSON.stringify(name)}` });
            throw e;
          }
          throw err;
        }
      } catch (err) {
        errors.push(err as Error);
      }
    }
    return printInspected(ctx, format, results, errors);
  },
};
