import { expect, test } from "bun:test";
import { libpodLinkTarget } from "./archive-link-target.ts";

test("linkTarget is the absolute path, symlinks resolved against their directory", () => {
  expect(libpodLinkTarget("/tmp/", "")).toBe("/tmp");
  expect(libpodLinkTarget("etc/passwd", "")).toBe("/etc/passwd");
  expect(libpodLinkTarget("/bin/sh", "busybox")).toBe("/bin/busybox");
  expect(libpodLinkTarget("/a/link", "/abs/target")).toBe("/abs/target");
});
