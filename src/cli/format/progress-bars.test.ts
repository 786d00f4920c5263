import { describe, expect, test } from "bun:test";
import { barLine, iecSize, ProgressBars } from "./progress-bars.ts";

const D = "sha256:" + "ab".repeat(32);

describe("progress bars", () => {
  test("sizes and bar text", () => {
    expect(iecSize(12)).toBe("12B");
    expect(iecSize(1536)).toBe("1.5KiB");
    expect(iecSize(3.4 * 1024 * 1024)).toBe("3.4MiB");
    expect(barLine({ digest: D, bytes: 0, total: 100, status: "downloading" })).toBe(`Copying blob abababababab [>${"-".repeat(29)}] 0B / 100B`);
    expect(barLine({ digest: D, bytes: 50, total: 100, status: "downloading" })).toBe(`Copying blob abababababab [${"=".repeat(15)}>${"-".repeat(14)}] 50B / 100B`);
    expect(barLine({ digest: D, bytes: 100, total: 100, status: "done" })).toBe("Copying blob abababababab done");
    expect(barLine({ digest: D, bytes: 0, total: 0, status: "skipped" })).toBe("Copying blob abababababab skipped: already exists");
  });

  test("redraws in place, throttled, and keeps bars above later lines", () => {
    let out = "";
    let now = 0;
    const bars = new ProgressBars((s) => (out += s), () => now);
    bars.line("Trying to pull x...");
    bars.update({ digest: D, bytes: 1, total: 10, status: "downloading" });
    now = 50;
    bars.update({ digest: D, bytes: 2, total: 10, status: "downloading" }); // throttled
    expect(out.match(/Copying blob/g)).toHaveLength(1);
    now = 200;
    bars.update({ digest: D, bytes: 10, total: 10, status: "done" });
    expect(out).toContain("\x1b[1A");
    bars.line("Copying config 123456789012 done");
    expect(out.endsWith("\x1b[1A\r\x1b[2KCopying blob abababababab done\nCopying config 123456789012 done\n")).toBe(true);
  });
});
