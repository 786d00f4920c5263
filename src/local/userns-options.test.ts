import { expect, test } from "bun:test";
import { parseProcMap, subordinateRanges } from "./userns-options.ts";

test("subordinateRanges reads one user's NAME:START:COUNT lines", () => {
  const file = "containers:100000:65536\nalice:200000:1000\n# x\ncontainers:500000:10\nbroken:x:1\n";
  expect(subordinateRanges(file, "containers")).toEqual([
    { start: 100000, count: 65536 },
    { start: 500000, count: 10 },
  ]);
  expect(subordinateRanges(file, "bob")).toEqual([]);
});

test("parseProcMap reads /proc/PID/uid_map", () => {
  expect(parseProcMap("         0     100000      65536\n     65536     300000          1\n")).toEqual([
    { containerID: 0, hostID: 100000, size: 65536 },
    { containerID: 65536, hostID: 300000, size: 1 },
  ]);
});
