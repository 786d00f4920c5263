import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";

export const command: CommandSpec = {
  use: "mount [options] [IMAGE...]",
  short: "Mount an image's root filesystem",
  long: "Mounts the specified images' root file system in a location which can be accessed from the host, and returns its location. With no IMAGE, lists mounted images.",
  examples: ["tspod image mount imgID", "tspod image mount --all"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Mount all images" },
    { name: "format", type: "string", description: "Print the mounted images in specified format (json)" },
  ],
  async run(ctx, parsed) {
    const engines = await ctx.engines();
    const f = parsed.flags;
    if (bool(f, "all")) {
      const images = await engines.images.list({ all: false });
      for (const img of images) ctx.out(`${img.Id} ${await engines.imageStore.mount(img.Id)}\n`);
      return 0;
    }
    if (parsed.args.length === 0) {
      const mounted = await engines.imageStore.mounted();
      const rows = mounted.map((m) => ({ ID: m.id, Repositories: m.names, Names: m.names.join(" ") || m.id, Path: m.path, MountPoint: m.path }));
      const format = str(f, "format");
      if (format === "json") ctx.out(renderFormat({ format, rows: mounted.map((m) => ({ id: m.id, Names: m.names, Repositories: m.names, mountpoint: m.path })), defaultFormat: "" }));
      else ctx.out(renderFormat({ format, rows, defaultFormat: "{{.Names}}  {{.Path}}" }));
      return 0;
    }
    for (const name of parsed.args) ctx.out(`${await engines.imageStore.mount(name)}\n`);
    return 0;
  },
};
