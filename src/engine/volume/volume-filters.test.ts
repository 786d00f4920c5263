import { describe, expect, test } from "bun:test";
import { volumeFilter } from "./volume-filters.ts";
import type { VolumeRecord } from "./volume-record.ts";

function vol(name: string, extra: Partial<VolumeRecord> = {}): VolumeRecord {
  return {
    name, driver: "local", mountpoint: `/v/${name}/_data`, createdAt: "2026-01-01T00:00:00.000000000Z",
    labels: {}, options: {}, anonymous: false, needsCopyUp: true, needsChown: true, mountCount: 0, ...extra,
  };
}

describe("volumeFilter", () => {
  test("name, label, driver, opt", () => {
    const a = vol("alpha", { labels: { team: "x", env: "prod" }, options: { type: "tmpfs" } });
    const b = vol("beta");
    expect(volumeFilter(["name=alpha"])(a, false)).toBe(true);
    expect(volumeFilter(["name=alpha"])(b, false)).toBe(false);
    expect(volumeFilter(["label=team"])(a, false)).toBe(true);
    expect(volumeFilter(["label=team=y"])(a, false)).toBe(false);
    expect(volumeFilter(["label=team", "label=env=prod"])(a, false)).toBe(true);
    expect(volumeFilter(["label!=team"])(a, false)).toBe(false);
    expect(volumeFilter(["driver=local"])(b, false)).toBe(true);
    expect(volumeFilter(["opt=type=tmpfs"])(a, false)).toBe(true);
    expect(volumeFilter(["opt=type=tmpfs"])(b, false)).toBe(false);
  });

  test("dangling and until", () => {
    const a = vol("a");
    expect(volumeFilter(["dangling=true"])(a, false)).toBe(true);
    expect(volumeFilter(["dangling=true"])(a, true)).toBe(false);
    expect(volumeFilter(["dangling=false"])(a, true)).toBe(true);
    expect(volumeFilter(["until=2027-01-01"])(a, false)).toBe(true);
    expect(volumeFilter(["until=2025-01-01"])(a, false)).toBe(false);
  });

  test("bad filters are refused", () => {
    expect(() => volumeFilter(["bogus=1"])).toThrow("bogus is an invalid volume filter");
    expect(() => volumeFilter(["dangling=maybe"])).toThrow("dangling");
    expect(() => volumeFilter(["name=a"], true)).toThrow("name is an invalid volume filter");
    expect(() => volumeFilter(["noequals"])).toThrow("must be KEY=VALUE");
  });
});
