import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseK8sLogLine, readContainerLog } from "./container-logs.ts";
import type { ContainerConfig } from "./container-record.ts";
import type { LogLine } from "../../domain/container-engine.ts";

describe("k8s-file logs", () => {
  test("parses conmon's line format", () => {
    expect(parseK8sLogLine("2026-11-23T12:38:41.987348233+00:00 stdout F from-container")).toEqual({
      time: "2026-11-23T12:38:41.987348233+00:00",
      stream: "stdout",
      partial: false,
      text: "from-container",
    });
    expect(parseK8sLogLine("2026-11-23T12:38:41Z stderr P ab")?.partial).toBe(true);
    expect(parseK8sLogLine("garbage")).toBeUndefined();
  });

  test("joins partial lines, applies --tail and --since", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-log-"));
    const logPath = path.join(dir, "ctr.log");
    fs.writeFileSync(
      logPath,
      [
        "2026-01-01T00:00:01Z stdout F one",
        "2026-01-01T00:00:02Z stderr P tw",
        "2026-01-01T00:00:02Z stderr F o",
        "2026-01-01T00:00:03Z stdout F three",
        "",
      ].join("\n"),
    );
    const config = { id: "abc", name: "c", logPath } as ContainerConfig;
    const read = async (opts: { tail?: number; since?: Date }) => {
      const lines: LogLine[] = [];
      await readContainerLog(config, { follow: false, timestamps: false, names: false, ...opts }, () => false, (l) => lines.push(l));
      return lines.map((l) => `${l.stream}:${l.text}`);
    };
    expect(await read({})).toEqual(["stdout:one", "stderr:two", "stdout:three"]);
    expect(await read({ tail: 1 })).toEqual(["stdout:three"]);
    expect(await read({ since: new Date("2026-01-01T00:00:02Z") })).toEqual(["stderr:two", "stdout:three"]);
    fs.rmSync(dir, { recursive: true });
  });
});
