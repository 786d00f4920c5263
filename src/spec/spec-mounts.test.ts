import { describe, expect, test } from "bun:test";
import { buildMounts, cleanPath, parseSize, sortMounts } from "./spec-mounts.ts";

const base = { privileged: false, readOnly: false, readOnlyTmpfs: true, shmSize: "65536k", extraMounts: [] };
const find = (ms: ReturnType<typeof buildMounts>, d: string) => ms.find((m) => m.destination === d);

describe("buildMounts", () => {
  test("Podman's default kernel filesystems", () => {
    const ms = buildMounts(base);
    expect(ms.map((m) => m.destination)).toEqual(["/proc", "/dev", "/sys", "/dev/pts", "/dev/mqueue", "/dev/shm", "/sys/fs/cgroup"]);
    expect(find(ms, "/sys")?.options).toEqual(["nosuid", "noexec", "nodev", "ro"]);
    expect(find(ms, "/dev/pts")?.options).toEqual(["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]);
    expect(find(ms, "/sys/fs/cgroup")).toEqual({ destination: "/sys/fs/cgroup", type: "cgroup", source: "cgroup", options: ["rprivate", "nosuid", "noexec", "nodev", "relatime", "ro"] });
    expect(find(ms, "/dev/shm")?.options).toEqual(["nosuid", "noexec", "nodev", "mode=1777", "size=67108864"]);
  });
  test("privileged: /sys and cgroup read-write", () => {
    const ms = buildMounts({ ...base, privileged: true });
    expect(find(ms, "/sys")?.options).toEqual(["rprivate", "nosuid", "noexec", "nodev", "rw"]);
    expect(find(ms, "/sys/fs/cgroup")?.options?.at(-1)).toBe("rw");
  });
  test("--shm-size", () => {
    expect(find(buildMounts({ ...base, shmSize: "10m" }), "/dev/shm")?.options).toContain("size=10485760");
  });
  test("--read-only adds tmpfs on /tmp, /var/tmp, /run and makes the engine's /etc files read-only", () => {
    const ms = buildMounts({
      ...base,
      readOnly: true,
      extraMounts: [
        { destination: "/run/.containerenv", type: "bind", source: "/x/.containerenv", options: ["bind", "rprivate"] },
        { destination: "/etc/hosts", type: "bind", source: "/x/hosts", options: ["bind", "rprivate"] },
      ],
    });
    expect(find(ms, "/tmp")).toEqual({ destination: "/tmp", type: "tmpfs", source: "tmpfs", options: ["rw", "rprivate", "nosuid", "nodev", "tmpcopyup"] });
    expect(find(ms, "/var/tmp")).toBeDefined();
    expect(find(ms, "/etc/hosts")?.options).toEqual(["bind", "rprivate", "ro", "nosuid", "noexec", "nodev"]);
    expect(find(ms, "/run/.containerenv")?.options).toEqual(["bind", "rprivate"]);
    const order = ms.map((m) => m.destination);
    expect(order.indexOf("/run")).toBeLessThan(order.indexOf("/run/.containerenv"));
  });
  test("--read-only-tmpfs=false adds no tmpfs", () => {
    expect(find(buildMounts({ ...base, readOnly: true, readOnlyTmpfs: false }), "/tmp")).toBeUndefined();
  });
  test("an engine mount replaces the default at the same destination", () => {
    const ms = buildMounts({ ...base, extraMounts: [{ destination: "/dev/shm/", type: "bind", source: "/x/shm", options: ["bind"] }] });
    expect(ms.filter((m) => m.destination === "/dev/shm")).toEqual([{ destination: "/dev/shm", type: "bind", source: "/x/shm", options: ["bind"] }]);
  });
});

describe("helpers", () => {
  test("sortMounts puts parents first and is stable", () => {
    const ms = sortMounts([{ destination: "/a/b/c" }, { destination: "/z" }, { destination: "/a/b" }, { destination: "/a" }]);
    expect(ms.map((m) => m.destination)).toEqual(["/z", "/a", "/a/b", "/a/b/c"]);
  });
  test("cleanPath", () => {
    expect(cleanPath("//a/./b/../c/")).toBe("/a/c");
    expect(cleanPath("/../..")).toBe("/");
  });
  test("parseSize", () => {
    expect(parseSize("64m")).toBe(67108864);
    expect(parseSize("65536k")).toBe(67108864);
    expect(parseSize("1g")).toBe(1073741824);
    expect(parseSize("100")).toBe(100);
    expect(parseSize("64MB")).toBe(67108864);
    expect(() => parseSize("lots")).toThrow("invalid size");
    expect(() => parseSize("0")).toThrow("invalid size");
  });
});
