import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventMatcher, readEvents } from "./event-reader.ts";
import type { TspodEvent } from "./event.ts";

const ev = (o: Partial<TspodEvent>): TspodEvent => ({ Status: "start", Type: "container", Time: "2026-11-23T12:00:00.000000001Z", Attributes: {}, ...o });

test("filters: one key ORs its values, different keys AND", () => {
  const m = eventMatcher({ filters: ["event=start", "event=died", "container=web"] });
  expect(m(ev({ Name: "web" }))).toBe(true);
  expect(m(ev({ Name: "web", Status: "died" }))).toBe(true);
  expect(m(ev({ Name: "db" }))).toBe(false);
  expect(m(ev({ Name: "web", Status: "create" }))).toBe(false);
  expect(eventMatcher({ filters: ["container=abc"] })(ev({ ID: "abcdef" }))).toBe(true);
  expect(eventMatcher({ filters: ["label=a"] })(ev({ Attributes: { a: "1" } }))).toBe(true);
  expect(eventMatcher({ filters: ["label=a=2"] })(ev({ Attributes: { a: "1" } }))).toBe(false);
  expect(eventMatcher({ filters: ["type=image"] })(ev({}))).toBe(false);
  expect(() => eventMatcher({ filters: ["nope=1"] })).toThrow("nope is an invalid filter");
});

test("since/until compare at nanosecond precision", () => {
  const at = Date.parse("2026-11-23T12:00:00Z");
  expect(eventMatcher({ filters: [], since: at })(ev({}))).toBe(true);
  expect(eventMatcher({ filters: [], until: at })(ev({}))).toBe(false);
  expect(eventMatcher({ filters: [], since: at + 1 })(ev({}))).toBe(false);
});

test("reads complete lines and skips torn ones", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "evr-")), "events.log");
  writeFileSync(file, `${JSON.stringify(ev({ Name: "a" }))}\n{"Status":"sta\n${JSON.stringify(ev({ Name: "b" }))}\n`);
  const got: string[] = [];
  await readEvents(file, { filters: [], stream: false }, (e) => got.push(e.Name!));
  expect(got).toEqual(["a", "b"]);
});
