import type { CommandSpec } from "../../command.ts";
import { bool, str } from "../../flags.ts";
import { renderFormat } from "../../format/output.ts";
import { latestContainer } from "./latest.ts";

export const command: CommandSpec = {
  use: "mount [options] [CONTAINER...]",
  short: "Mount a working container's root filesystem",
  long: "Mounts the specified containers' root file system in a location which can be accessed from the host, and returns its location. Without arguments, lists the mounted containers.",
  examples: ["tspod container mount", "tspod container mount --format=json", "tspod mount ctrID"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Mount all containers" },
    { name: "format", type: "string", description: "Print the mounted containers in specified format (json)" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "no-trunc", type: "bool", description: "Do not truncate output" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let names = parsed.args;
    if (bool(f, "latest")) names = [await latestContainer(engines)];
    if (bool(f, "all")) names = (await engines.containers.list({ all: true })).map((c) => c.Id);
    if (names.length === 0) {
      const mounted = await engines.containerFs.listMounted();
      const format = str(f, "format");
      const rows = mounted.map((m) => ({ ID: bool(f, "no-trunc") ? m.id : m.id.slice(0, 12), Id: m.id, Names: [m.name], Mountpoint: m.path }));
      if (format === "json") ctx.out(renderFormat({ format, rows: mounted.map((m) => ({ id: m.id, names: [m.name], mountpoint: m.path })), defaultFormat: "", jsonIndent: 4 }));
      else ctx.out(renderFormat({ format, rows, defaultFormat: "{{.ID}}  {{.Mountpoint}}" }));
      return 0;
    }
    const reports = await engines.containerFs.mount(names);
    for (const r of reports) ctx.out(bool(f, "all") ? `${r.id} ${r.path}\n` : `${r.path}\n`);
    return 0;
  },
};
