import { expect, test } from "bun:test";
import { runtimeFailure } from "./runtime-error.ts";

test("runc failures map to Podman's exit codes", () => {
  expect(runtimeFailure("runc", 'runc create failed: unable to start container process: exec: "/nonexistent": stat /nonexistent: no such file or directory').exitCode).toBe(127);
  expect(runtimeFailure("runc", 'unable to start container process: exec: "nope": executable file not found in $PATH').exitCode).toBe(127);
  expect(runtimeFailure("runc", 'unable to start container process: exec: "/etc/passwd": permission denied').exitCode).toBe(126);
  expect(runtimeFailure("runc", "cgroups: cannot find cgroup mount destination").exitCode).toBe(125);
});
