import { describe, expect, test } from "bun:test";
import { hostConfigBase, inspectMounts, userMounts } from "./container-inspect-parts.ts";
import { initialState, type ContainerRecord } from "./container-record.ts";

const rec = {
  config: {
    spec: {
      mounts: [
        { destination: "/proc", type: "proc", source: "proc" },
        { destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["nosuid", "size=65536000"] },
        { destination: "/etc/hosts", type: "bind", source: "/run/x/hosts", options: ["bind"] },
        { destination: "/data", type: "bind", source: "/srv/data", options: ["ro", "rbind", "rprivate"] },
        { destination: "/scratch", type: "tmpfs", source: "tmpfs", options: ["rw", "nosuid", "nodev"] },
      ],
      linux: { namespaces: [{ type: "pid" }, { type: "mount" }], resources: { pids: { limit: 2048 }, memory: { limit: 1 << 20 }, cpu: { quota: 50000, period: 100000 } } },
    },
  },
  state: initialState(),
} as unknown as ContainerRecord;

describe("inspect parts", () => {
  test("user mounts leave out the engine's own", () => {
    expect(userMounts(rec).map((m) => m.destination)).toEqual(["/data", "/scratch"]);
    expect(inspectMounts(rec)).toEqual([{ Type: "bind", Source: "/srv/data", Destination: "/data", Driver: "", Mode: "", Options: ["rbind"], RW: false, Propagation: "rprivate" }]);
  });

  test("HostConfig from the spec", () => {
    const h = hostConfigBase(rec);
    expect(h.Binds).toEqual(["/srv/data:/data:ro,rprivate,rbind"]);
    expect(h.Tmpfs).toEqual({ "/scratch": "rw,nosuid,nodev" });
    expect(h.ShmSize).toBe(65536000);
    expect(h.PidMode).toBe("private");
    expect(h.IpcMode).toBe("host");
    expect(h.PidsLimit).toBe(2048);
    expect(h.Memory).toBe(1 << 20);
    expect(h.NanoCpus).toBe(500_000_000);
    expect(h.CpuQuota).toBe(50000);
  });
});
