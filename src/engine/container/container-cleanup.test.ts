import { expect, test } from "bun:test";
import { shouldRestart } from "./container-cleanup.ts";
import type { ContainerRecord } from "./container-record.ts";

function rec(policy: string, retries: number, exitCode: number, restartCount = 0, stoppedByUser = false, status = "exited"): ContainerRecord {
  return { config: { restartPolicy: policy, restartRetries: retries }, state: { status, exitCode, restartCount, stoppedByUser } } as unknown as ContainerRecord;
}

test("no policy never restarts", () => {
  expect(shouldRestart(rec("", 0, 1))).toBe(false);
  expect(shouldRestart(rec("no", 0, 1))).toBe(false);
});

test("always and unless-stopped restart any exit, but not after a user stop", () => {
  expect(shouldRestart(rec("always", 0, 0))).toBe(true);
  expect(shouldRestart(rec("unless-stopped", 0, 3))).toBe(true);
  expect(shouldRestart(rec("always", 0, 0, 5, true))).toBe(false);
});

test("on-failure restarts non-zero exits up to the retry limit (0: unlimited)", () => {
  expect(shouldRestart(rec("on-failure", 2, 0))).toBe(false);
  expect(shouldRestart(rec("on-failure", 2, 3, 0))).toBe(true);
  expect(shouldRestart(rec("on-failure", 2, 3, 1))).toBe(true);
  expect(shouldRestart(rec("on-failure", 2, 3, 2))).toBe(false);
  expect(shouldRestart(rec("on-failure", 0, 3, 50))).toBe(true);
});

test("only an exited container restarts", () => {
  expect(shouldRestart(rec("always", 0, 0, 0, false, "running"))).toBe(false);
});
