import type { CommandSpec } from "../../command.ts";
import { bool, list, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import type { ImageListEntry } from "../../../define/image-types.ts";
import { humanSize, timeAgo } from "../../../util/human-duration.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { imageArgFilter } from "../../../local/image-filters.ts";
import { compareStrings } from "../../../util/compare-strings.ts";

const SORT_KEYS = ["created", "id", "repository", "size", "tag"];

type Row = ReturnType<typeof templateRows>[number];

function sortRows(rows: Row[], key: string): Row[] {
  const cmp: Record<string, (a: Row, b: Row) => number> = {
    created: (a, b) => b.Created0 - a.Created0,
    id: (a, b) => compareStrings(a.Id, b.Id),
    repository: (a, b) => compareStrings(a.Repository, b.Repository) || compareStrings(a.Tag, b.Tag),
    size: (a, b) => a.Size0 - b.Size0,
    tag: (a, b) => compareStrings(a.Tag, b.Tag),
  };
  return [...rows].sort(cmp[key]!);
}

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
        Created0: img.Created,
        Size0: img.Size,
        ID: noTrunc ? `sha256:${img.Id}` : img.Id.slice(0, 12),
        Repository: hasTag ? name.slice(0, colon) : name,
        Tag: hasTag ? name.slice(colon + 1) : "<none>",
        Digest: img.Digest,
        Dangling: img.RepoTags === null,
        History: (img.History ?? []).join(", "),
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
    { name: "filter", short: "f", type: "strings", description: "Filter output based on conditions provided (default [])" },
    { name: "format", type: "string", description: "Change the output format to JSON or a Go template" },
    { name: "noheading", short: "n", type: "bool", description: "Do not print column headings" },
    { name: "no-trunc", type: "bool", description: "Do not truncate output" },
    { name: "quiet", short: "q", type: "bool", description: "Display only image IDs" },
    { name: "sort", type: "string", description: "Sort by created, id, repository, size, tag", default: "created" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    const sort = str(f, "sort") ?? "created";
    if (!SORT_KEYS.includes(sort)) throw new TspodError("invalid_argument", `invalid option for --sort, options are: ${SORT_KEYS.join(", ")}`);
    if (parsed.args.length > 1) throw new TspodError("invalid_argument", "cannot specify more than one search term");
    const filters = [...list(f, "filter"), ...parsed.args.map(imageArgFilter)];
    const digests = bool(f, "digests");
    const quiet = bool(f, "quiet");
    const format = quiet ? "{{.ID}}" : str(f, "format");
    const containerCounts = format === "json" || (format ?? "").includes("Containers");
    const images = await engines.images.list({ all: bool(f, "all"), filters, containerCounts });
    const defaultFormat = digests
      ? "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.Created}}\t{{.Size}}"
      : "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.Created}}\t{{.Size}}";
    let rows: object[] = format === "json" ? images : sortRows(templateRows(images, bool(f, "no-trunc"), digests), sort);
    if (quiet) rows = (rows as Row[]).filter((r, i, all) => all.findIndex((x) => x.Id === r.Id) === i);
    ctx.out(renderFormat({ format, rows, defaultFormat, headers: { ID: "IMAGE ID" }, noHeading: bool(f, "noheading"), jsonIndent: 4 }));
    return 0;
  },
};
