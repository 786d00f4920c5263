import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool } from "../../flags.ts";
import { targets } from "./latest.ts";

export const command: CommandSpec = {
  use: "port [options] CONTAINER [PORT]",
  short: "List port mappings or a specific mapping for the container",
  long: "List port mappings for the container or look up the public-facing port that is NAT-ed to the private_port.",
  examples: ["tspod port --all", "tspod port ctrID 80/tcp", "tspod port --latest 80"],
  flags: [
    { name: "all", short: "a", type: "bool", description: "Display port information for all containers" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const all = bool(f, "all");
    if (!all && !bool(f, "latest") && parsed.args.length === 0) throw new TspodError("invalid_argument", "you must supply a running container name or id");
    const engines = await ctx.engines();
    const names = all ? [] : await targets(engines, parsed.args.slice(0, bool(f, "latest") ? 0 : 1), bool(f, "latest"));
    const wanted = all ? undefined : parsed.args[bool(f, "latest") ? 0 : 1];
    let want: { port: number; proto: string } | undefined;
    if (wanted !== undefined) {
      const m = /^(\d+)(?:\/(tcp|udp|sctp))?$/.exec(wanted);
      if (!m) throw new TspodError("invalid_argument", `unable to parse port ${wanted}`);
      want = { port: Number(m[1]), proto: m[2] ?? "tcp" };
    }
    const reports = await engines.containerExec.port(names, all);
    let found = false;
    for (const r of reports) {
      const ports = r.ports.filter((p) => !want || (p.containerPort === want.port && p.protocol === want.proto));
      for (const p of ports) {
        found = true;
        const prefix = all ? `${r.id.slice(0, 12)}\t` : "";
        ctx.out(want ? `${p.hostIp || "0.0.0.0"}:${p.hostPort}\n` : `${prefix}${p.containerPort}/${p.protocol} -> ${p.hostIp || "0.0.0.0"}:${p.hostPort}\n`);
      }
    }
    if (want && !found) throw new TspodError("invalid_argument", `failed to find published port "${wanted}"`);
    return 0;
  },
};
