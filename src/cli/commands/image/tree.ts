import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";

/** docker/go-units HumanSizeWithPrecision: "2.13MB", "10.24kB". */
function unitSize(bytes: number, precision: number): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(precision))}${units[i]}`;
}

export const command: CommandSpec = {
  use: "tree [options] IMAGE",
  short: "Print layer hierarchy of an image in a tree format",
  long: "Prints layer hierarchy of an image in a tree format",
  examples: ["tspod image tree alpine:latest", "tspod image tree --whatrequires alpine"],
  flags: [{ name: "whatrequires", type: "bool", description: "Show all child images and layers of the specified image" }],
  async run(ctx, parsed) {
    if (parsed.args.length !== 1) throw new TspodError("invalid_argument", `accepts 1 arg(s), received ${parsed.args.length}`);
    const tree = await (await ctx.engines()).imageStore.tree(parsed.args[0]!, bool(parsed.flags, "whatrequires"));
    let out = `Image ID: ${tree.id.slice(0, 12)}\nTags:     [${tree.tags.join(" ")}]\nSize:     ${unitSize(tree.size, 4)}\n`;
    if (tree.children) {
      out += "Image Layers\n";
      const items = tree.children;
      items.forEach((c, i) => {
        out += `${i === items.length - 1 ? "└──" : "├──"} ID: ${c.id.slice(0, 12)} Top Layer of: [${c.tags.join(" ")}]\n`;
      });
      if (items.length === 0) out += "└── (no images depend on this image)\n";
    } else {
      out += "Image Layers\n";
      tree.layers.forEach((l, i) => {
        const top = l.topOf.length ? ` Top Layer of: [${l.topOf.join(" ")}]` : "";
        out += `${i === tree.layers.length - 1 ? "└──" : "├──"} ID: ${l.id.slice(0, 12)} Size: ${unitSize(l.size, 4).padStart(7)}${top}\n`;
      });
    }
    ctx.out(out);
    return 0;
  },
};
