// Terminals and attach: -t through conmon's console socket, window size and resize, stdin with
// -i, detach keys, re-attach. A real pseudo-terminal drives bin/tspod (test/system/pty-run.py).

import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { systemSetup, TSPOD, waitFor } from "./harness.ts";

const t = systemSetup({ name: "tty" });
let BB = "";
const PTY_RUN = join(import.meta.dir, "pty-run.py");

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

type Step = { expect: string; timeout?: number } | { send: string } | { resize: [number, number] } | { sleep: number };

/** runs tspod on a pseudo-terminal of rows×cols, playing the steps */
async function onPty(args: string[], steps: Step[], rows = 24, cols = 80): Promise<{ output: string; exit: number; timedOut: boolean }> {
  const spec = { argv: [TSPOD, "--root", t.root, "--runroot", t.runroot, ...args], rows, cols, steps };
  const proc = Bun.spawn(["python3", PTY_RUN, JSON.stringify(spec)], { stdout: "pipe", stderr: "pipe" });
  const [out, err] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (!out.trim()) throw new Error(`pty-run failed: ${err}`);
  return JSON.parse(out.trim().split("\n").pop()!);
}

describe("run -it", () => {
  test("the container gets /dev/pts/0 with the terminal's size, and follows a resize", async () => {
    const r = await onPty(
      ["run", "-it", "--rm", BB, "sh"],
      [
        { expect: "# " },
        { send: "tty; stty size\n" },
        { expect: "33 111" },
        { resize: [44, 122] },
        { sleep: 0.3 },
        { send: "stty size; exit 5\n" },
        { expect: "44 122" },
      ],
      33,
      111,
    );
    expect(r.timedOut).toBe(false);
    expect(r.output).toContain("/dev/pts/0\r\n");
    expect(r.exit).toBe(5);
    // raw mode on our side: one CR per line, as the container's TTY sends it
    expect(r.output).not.toContain("\r\r\n");
  });

  test("ctrl-p,ctrl-q detaches and leaves the container running; attach takes over", async () => {
    const first = await onPty(["run", "-it", "--name", "det", BB, "sh"], [{ expect: "# " }, { send: "echo marker-one\n" }, { expect: "marker-one\r\n" }, { send: "\u0010\u0011" }]);
    expect(first.timedOut).toBe(false);
    expect(first.exit).toBe(0);
    expect((await t.ok(["inspect", "-f", "{{.State.Status}}", "det"])).out).toBe("running");
    const second = await onPty(["attach", "det"], [{ sleep: 0.5 }, { send: "echo marker-two\n" }, { expect: "marker-two\r\n" }, { send: "exit 7\n" }]);
    expect(second.timedOut).toBe(false);
    expect(second.output).toContain("marker-two");
    expect(second.exit).toBe(7);
    await waitFor(async () => (await t.ok(["inspect", "-f", "{{.State.Status}}", "det"])).out === "exited");
    expect((await t.ok(["inspect", "-f", "{{.State.ExitCode}}", "det"])).out).toBe("7");
  });

  test("--detach-keys chooses another sequence", async () => {
    const r = await onPty(["run", "-it", "--detach-keys", "ctrl-x", "--name", "dk", BB, "sh"], [{ expect: "# " }, { send: "\u0018" }]);
    expect(r.timedOut).toBe(false);
    expect(r.exit).toBe(0);
    expect((await t.ok(["inspect", "-f", "{{.State.Status}}", "dk"])).out).toBe("running");
    await t.ok(["rm", "-f", "-t", "0", "dk"]);
  });
});

describe("stdin without a terminal", () => {
  test("echo hi | run -i cat prints hi and exits 0", async () => {
    const r = await t.tspod(["run", "--rm", "-i", BB, "cat"], { stdin: "hi\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("hi\n");
  });

  test("without -i the container's stdin is empty", async () => {
    const r = await t.tspod(["run", "--rm", BB, "cat"], { stdin: "not-forwarded\n" });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });

  test("large input arrives whole", async () => {
    const big = "x".repeat(200_000) + "\n";
    const r = await t.tspod(["run", "--rm", "-i", BB, "wc", "-c"], { stdin: big });
    expect(r.out.trim()).toBe(String(big.length));
  });

  test("--attach stdout leaves out stderr", async () => {
    const r = await t.tspod(["run", "--rm", "-a", "stdout", BB, "sh", "-c", "echo out; echo err >&2"]);
    expect(r.stdout).toBe("out\n");
    expect(r.stderr).toBe("");
    const bad = await t.tspod(["run", "--rm", "-a", "bogus", BB, "true"]);
    expect(bad.code).toBe(125);
  });

  test("attach to a detached container shows its output and returns its exit code", async () => {
    await t.ok(["run", "-d", "--name", "at", BB, "sh", "-c", "sleep 1; echo late-output; exit 6"]);
    const r = await t.tspod(["attach", "--no-stdin", "at"]);
    expect(r.stdout).toBe("late-output\n");
    expect(r.code).toBe(6);
  });

  test("--sig-proxy=false leaves SIGTERM to tspod", async () => {
    const proc = Bun.spawn([TSPOD, "--root", t.root, "--runroot", t.runroot, "run", "--name", "sp", "--sig-proxy=false", BB, "sh", "-c", "trap 'echo trapped; exit 9' TERM; sleep 5 & wait"], { stdout: "pipe", stderr: "pipe" });
    await waitFor(async () => (await t.tspod(["inspect", "-f", "{{.State.Status}}", "sp"])).out === "running");
    proc.kill("SIGTERM");
    await proc.exited;
    expect((await t.ok(["inspect", "-f", "{{.State.Status}}", "sp"])).out).toBe("running");
    await t.ok(["rm", "-f", "-t", "0", "sp"]);
  });

  test("--sig-proxy (default) forwards SIGTERM to the container", async () => {
    const proc = Bun.spawn([TSPOD, "--root", t.root, "--runroot", t.runroot, "run", "--rm", "--name", "sp2", BB, "sh", "-c", "echo ready; trap 'echo trapped; exit 9' TERM; while true; do sleep 0.1; done"], { stdout: "pipe", stderr: "pipe" });
    // the trap is set once the container has printed "ready"
    await waitFor(async () => (await t.tspod(["logs", "sp2"])).stdout.includes("ready"), 20_000);
    await Bun.sleep(200);
    proc.kill("SIGTERM");
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(out).toBe("ready\ntrapped\n");
    expect(code).toBe(9);
  });
});
