/** Podman's inspect view of a container's user mounts: `Mounts` and `HostConfig.Binds`. */
import type { ContainerMount } from "./container-mount.ts";

const HIDDEN = new Set(["ro", "rw", "shared", "rshared", "slave", "rslave", "private", "rprivate", "unbindable", "runbindable"]);

function shownOptions(m: ContainerMount): string[] {
  return m.options.filter((o) => !HIDDEN.has(o));
}

/** Volumes first, then bind mounts, as Podman lists them (tmpfs mounts are in HostConfig.Tmpfs). */
export function inspectContainerMounts(mounts: ContainerMount[]): Record<string, unknown>[] {
  const volumes = mounts.filter((m) => m.type === "volume");
  const binds = mounts.filter((m) => m.type === "bind");
  return [
    ...volumes.map((m) => ({
      Type: "volume",
      Name: m.name,
      Source: m.source,
      Destination: m.destination,
      Driver: "local",
      Mode: m.mode,
      Options: shownOptions(m),
      RW: m.rw,
      Propagation: m.propagation,
    })),
    ...binds.map((m) => ({
      Type: "bind",
      Source: m.source,
      Destination: m.destination,
      Driver: "",
      Mode: m.mode,
      Options: shownOptions(m),
      RW: m.rw,
      Propagation: m.propagation,
    })),
  ];
}

/** `HostConfig.Binds`: `name-or-path:dest:rw,rprivate,nosuid,nodev,rbind`. */
export function containerBinds(mounts: ContainerMount[]): string[] {
  return mounts
    .filter((m) => m.type === "volume" || m.type === "bind")
    .sort((a, b) => (a.type === b.type ? 0 : a.type === "volume" ? -1 : 1))
    .map((m) => {
      const opts = [m.rw ? "rw" : "ro", ...(m.mode ? [m.mode] : []), m.propagation, ...shownOptions(m)];
      return `${m.type === "volume" ? m.name : m.source}:${m.destination}:${opts.join(",")}`;
    });
}
