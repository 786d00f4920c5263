import { afterAll, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createNetns, netnsMounted, removeNetns } from "./netns.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netns-test-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("createNetns makes a mounted namespace with loopback up and leaves this process where it was", () => {
  const home = fs.readlinkSync("/proc/thread-self/ns/net");
  const file = createNetns(path.join(dir, "a"));
  expect(netnsMounted(file)).toBe(true);
  expect(fs.readlinkSync("/proc/thread-self/ns/net")).toBe(home);
  const inside = Bun.spawnSync(["nsenter", `--net=${file}`, "readlink", "/proc/self/ns/net"]).stdout.toString().trim();
  expect(inside).toMatch(/^net:\[\d+\]$/);
  expect(inside).not.toBe(home);
  const lo = Bun.spawnSync(["nsenter", `--net=${file}`, "ip", "-o", "link", "show", "lo"]).stdout.toString();
  expect(lo).toContain("UP,LOWER_UP");
  expect(createNetns(file)).toBe(file); // already there: kept
  removeNetns(file);
  expect(fs.existsSync(file)).toBe(false);
});
