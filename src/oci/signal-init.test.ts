import { afterEach, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { signalInitDirectly } from "./signal-init.ts";

const dirs: string[] = [];
const children: ReturnType<typeof Bun.spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill(9);
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function startTime(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

/** A runc-like state dir for a real process (a sleeping child standing in for a container's init). */
function fakeContainer(opts: { start?: string; pidNs?: boolean } = {}) {
  const child = Bun.spawn(["sleep", "30"]);
  children.push(child);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "signal-init-"));
  dirs.push(stateDir);
  fs.mkdirSync(path.join(stateDir, "c1"));
  const namespaces = opts.pidNs === false ? [{ type: "NEWNS", path: "" }] : [{ type: "NEWPID", path: "" }];
  const state = { init_process_pid: child.pid, init_process_start: opts.start ?? Number(startTime(child.pid)), config: { namespaces } };
  fs.writeFileSync(path.join(stateDir, "c1", "state.json"), JSON.stringify(state));
  return { child, stateDir };
}

test("delivers a numeric signal or KILL to the recorded init process", async () => {
  const { child, stateDir } = fakeContainer();
  expect(signalInitDirectly(stateDir, "c1", "15", false)).toBe(true);
  expect(await child.exited).toBe(143);
  const second = fakeContainer();
  expect(signalInitDirectly(second.stateDir, "c1", "KILL", true)).toBe(true);
  await second.child.exited;
  expect(second.child.signalCode).toBe("SIGKILL");
});

test("refuses when the pid now belongs to another process, the state is missing, or --all needs runc", () => {
  const reused = fakeContainer({ start: "1" });
  expect(signalInitDirectly(reused.stateDir, "c1", "9", false)).toBe(false);
  expect(signalInitDirectly(reused.stateDir, "nope", "9", false)).toBe(false);
  const sharedPidNs = fakeContainer({ pidNs: false });
  expect(signalInitDirectly(sharedPidNs.stateDir, "c1", "9", true)).toBe(false);
  // only SIGKILL reaches every process of a PID namespace through its init
  const own = fakeContainer();
  expect(signalInitDirectly(own.stateDir, "c1", "15", true)).toBe(false);
  expect(signalInitDirectly(own.stateDir, "c1", "USR1", false)).toBe(false);
  for (const c of [reused, sharedPidNs, own]) expect(c.child.exitCode).toBeNull();
});
