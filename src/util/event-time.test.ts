import { expect, test } from "bun:test";
import { parseEventTime, parseGoDuration } from "./event-time.ts";
import { eventTimeNanos, goTimeString } from "./go-time.ts";

test("Go durations", () => {
  expect(parseGoDuration("10m")).toBe(600_000);
  expect(parseGoDuration("1h30m")).toBe(5_400_000);
  expect(parseGoDuration("1.5s")).toBe(1500);
  expect(parseGoDuration("250ms")).toBe(250);
  expect(parseGoDuration("10")).toBeUndefined();
  expect(parseGoDuration("10x")).toBeUndefined();
});

test("event times: durations before now, unix stamps, RFC 3339", () => {
  const now = Date.parse("2026-11-23T12:00:00Z");
  expect(parseEventTime("10m", now)).toBe(now - 600_000);
  expect(parseEventTime("1700000000", now)).toBe(1_700_000_000_000);
  expect(parseEventTime("1700000000.5", now)).toBe(1_700_000_000_500);
  expect(parseEventTime("2026-11-23T11:00:00Z", now)).toBe(now - 3_600_000);
  expect(parseEventTime("2026-11-23T13:00:00+02:00", now)).toBe(now - 3_600_000);
  expect(parseEventTime("2026-11-23", now)).toBe(Date.parse("2026-11-23T00:00:00Z"));
  expect(() => parseEventTime("soon", now)).toThrow('failed to parse time "soon"');
});

test("Go's time.Time String and nanosecond precision", () => {
  expect(goTimeString("2026-11-23T13:19:46.358987952Z")).toBe("2026-11-23 13:19:46.358987952 +0000 UTC");
  expect(goTimeString("2026-11-23T13:19:46.358987950Z")).toBe("2026-11-23 13:19:46.35898795 +0000 UTC");
  expect(goTimeString("2026-11-23T13:19:46Z")).toBe("2026-11-23 13:19:46 +0000 UTC");
  expect(eventTimeNanos("1970-01-01T00:00:01.000000002Z")).toBe(1_000_000_002n);
});
