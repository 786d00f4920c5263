import { expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { isTerminal } from "./is-terminal.ts";

test("files, pipes and /dev/null are not terminals", () => {
  const fd = fs.openSync("/dev/null", "r");
  try {
    expect(isTerminal(fd)).toBe(false);
  } finally {
    fs.closeSync(fd);
  }
  expect(isTerminal(987654)).toBe(false);
});

test("a pseudo-terminal is a terminal, as isatty says", () => {
  // script(1) gives the child a pty on stdin/stdout; compare with the shell's own `test -t`.
  const code = `require("${import.meta.dir}/is-terminal.ts").isTerminal(1) ? 1 : 0`;
  const r = spawnSync("script", ["-qec", `${process.execPath} -e 'process.exit(${code})'; echo rc=$?`, "/dev/null"], { encoding: "utf8" });
  if (r.error) throw r.error;
  expect(r.stdout).toContain("rc=1");
});
