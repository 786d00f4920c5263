/** POST /libpod/containers/create: Podman's SpecGenerator (the fields tspod supports) → ContainerCreateOptions. */
import type { ApiRequest } from "../api-request.ts";
import type { ContainerCreateFlags, ContainerCreateOptions } from "../../domain/container-engine.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { Fields } from "../compat/body-fields.ts";
import { healthConfig, networkFlags, storageFlags, systemFlags } from "./specgen-extras.ts";

function entries(map: Record<string, string> | undefined): string[] {
  return Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`);
}

/** SpecGenerator → our options (exported for unit tests). */
export function optionsFromSpecGenerator(body: unknown): ContainerCreateOptions {
  const s = Fields.of(body, "specgen.SpecGenerator");
  const image = s.str("image");
  if (!image) throw exactError("invalid_argument", "no image or rootfs provided: you must provide an image");
  const flags: ContainerCreateFlags = {};
  const res = s.sub("resource_limits", "specs.LinuxResources");
  const mem = res.sub("memory", "specs.LinuxMemory").int("limit");
  if (mem) flags.memory = String(mem);
  const cpu = res.sub("cpu", "specs.LinuxCPU");
  if (cpu.int("shares")) flags.cpuShares = cpu.int("shares");
  if (cpu.int("quota")) flags.cpuQuota = cpu.int("quota");
  if (cpu.int("period")) flags.cpuPeriod = cpu.int("period");
  const pids = res.sub("pids", "specs.LinuxPids").int("limit");
  if (pids) flags.pidsLimit = pids;
  if (s.bool("init")) flags.init = true;
  const stopSignal = s.int("stop_signal");
  if (stopSignal) flags.stopSignal = String(stopSignal);
  const stopTimeout = s.int("stop_timeout");
  if (stopTimeout !== undefined) flags.stopTimeout = stopTimeout;
  const annotations = s.strMap("annotations");
  if (annotations) flags.annotations = entries(annotations);
  const mode = s.sub("netns", "specgen.Namespace").str("nsmode");
  const network = !mode || mode === "default" ? undefined : mode === "bridge" || mode === "none" || mode === "host" || mode === "private" ? mode : undefined;
  if (mode && network === undefined && !["slirp4netns", "pasta"].includes(mode)) throw exactError("not_implemented", `network mode ${mode} is not supported yet`);
  Object.assign(flags, storageFlags(s), systemFlags(s));
  const net = networkFlags(s);
  const restart = s.str("restart_policy");
  const tries = s.int("restart_tries");
  return {
    image,
    name: s.str("name") || undefined,
    command: s.strList("command") ?? [],
    entrypoint: s.has("entrypoint") ? s.strList("entrypoint") : undefined,
    env: entries(s.strMap("env")),
    workdir: s.str("work_dir") || undefined,
    user: s.str("user") || undefined,
    hostname: s.str("hostname") || undefined,
    tty: s.bool("terminal"),
    interactive: s.bool("stdin"),
    detach: true,
    remove: s.bool("remove"),
    network: net.network ?? network,
    netFlags: net.netFlags,
    pod: s.str("pod") || undefined,
    healthcheck: healthConfig(s),
    labels: entries(s.strMap("labels")),
    ulimits: s.list("r_limits", "[]specs.POSIXRlimit").map((l) => `${(l.str("type") ?? "").replace(/^RLIMIT_/i, "").toLowerCase()}=${l.int("soft") ?? 0}:${l.int("hard") ?? 0}`),
    capAdd: s.strList("cap_add") ?? [],
    capDrop: s.strList("cap_drop") ?? [],
    privileged: s.bool("privileged"),
    readOnly: s.bool("read_only_filesystem"),
    pull: "never",
    restart: restart && restart !== "no" ? (restart === "on-failure" && tries ? `on-failure:${tries}` : restart) : undefined,
    timeout: s.int("timeout"),
    createFlags: flags,
  };
}

export async function createContainer(r: ApiRequest): Promise<void> {
  const { id, warnings } = await r.engines.containers.create(optionsFromSpecGenerator(await r.json()), undefined, r.signal);
  r.reply.json(201, { Id: id, Warnings: warnings });
}
