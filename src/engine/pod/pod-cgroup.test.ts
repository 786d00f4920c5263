import { expect, test } from "bun:test";
import { podCgroupFiles } from "./pod-cgroup.ts";
import type { PodConfig } from "./pod-record.ts";

function pod(resources: Partial<PodConfig["resources"]>): PodConfig {
  const base = { nanoCpus: 0, cpuQuota: 0, cpuPeriod: 0, cpuShares: 0, cpusetCpus: "", cpusetMems: "", memory: 0, memorySwap: 0 };
  return { resources: { ...base, ...resources } } as PodConfig;
}

test("cgroup v1: memory with swap, cpuset (mems inherited), blkio weight and throttles", () => {
  const files = podCgroupFiles(pod({ memory: 100, memorySwap: 200, cpusetCpus: "0", blkioWeight: 300, deviceReadBps: ["254:0 1048576"], deviceWriteBps: ["254:0 5", "8:0 7"] }), false);
  expect(Object.fromEntries(files)).toEqual({
    memory: { "memory.limit_in_bytes": "100", "memory.memsw.limit_in_bytes": "200" },
    cpuset: { "cpuset.cpus": "0", "cpuset.mems": "inherit" },
    blkio: { "blkio.bfq.weight": "300", "blkio.throttle.read_bps_device": "254:0 1048576", "blkio.throttle.write_bps_device": "254:0 5\n8:0 7" },
  });
});

test("cgroup v2: one directory, swap as the part above memory, io.max lines", () => {
  const files = podCgroupFiles(pod({ memory: 100, memorySwap: 250, cpusetMems: "0", deviceReadBps: ["8:0 10"], deviceWriteBps: ["8:0 20"] }), true);
  expect(Object.fromEntries(files)).toEqual({
    "": { "memory.max": "100", "memory.swap.max": "150", "cpuset.mems": "0", "io.max": "8:0 rbps=10\n8:0 wbps=20" },
  });
  expect(podCgroupFiles(pod({}), true).size).toBe(0);
});
