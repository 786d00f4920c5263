import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import type { ImageListEntry } from "../../../define/image-types.ts";
import { humanSize, timeAgo } from "../../../util/human-duration.ts";

/** One template row per repository:tag, as Podman lists them (untagged images as <none>). */
function templateRows(images: ImageListEntry[], noTrunc: boolean, digests: boolean) {
  return images.flatMap((img) => {
    const names = img.RepoTags ?? ["<none>:<none>"];
    return names.map((name) => {
      const colon = name.lastIndexOf(":");
      const slash = name.lastIndexOf("/");
      const hasTag = colon > slash;
      return {
        ...img,
        ID: noTrunc ? `sha256:${img.Id}` : img.Id.slice(0, 12),
        Repository: hasTag ? name.slice(0, colon) : name,
        Tag: hasTag ? name.slice(colon + 1) : "<none>",
        Digest: img.Digest,
        Created: timeAgo(img.Created * 1000),
        CreatedSince: timeAgo(img.Created * 1000),
        Size: humanSize(img.Size),
        ReadOnly: false,
        Labels: img.Labels ?? {},
        showDigest: digests,
      };
    });
  });
}

export const command: CommandSpec = {
  use: "images [options] [IMAGE]",
  short: "List images in local storage",
  long: "Lists images previously pulled to the system or created on the system.",
  examples: ["tspod images --format json", "tspod images --format \"{{.Repository}}:{{.Tag}}\""],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Show all images (default hides intermediate images)" },
    { name: "digests", type: "bool", description: "Show digests" },
    { name: "format", type: "string", description: "Change the output format to JSON or a Go template" },
    { name: "noheading", short: "n", type: "bool", description: "Do not print column headings" },
    { name: "no-trunc", type: "bool", description: "Do not truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Display only image IDs" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    const images = await engines.images.list({ all: bool(f, "all") });
    const digests = bool(f, "digests");
    const format = bool(f, "quiet") ? "{{.ID}}" : str(f, "format");
    const defaultFormat = digests
      ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.Created}}\t{{.Size}}"
      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    const rows: object[] = format === "json" ? images : templateRows(images, bool(f, "no-trunc"), digests);
    ctx.out(renderFormat({ format, rows, defaultFormat, headers: { ID: "IMAGE ID" }, noHeading: bool(f, "noheading"), jsonIndent: 4 }));
    return 0;
  },
};
