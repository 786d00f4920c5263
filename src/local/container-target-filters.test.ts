import { expect, test } from "bun:test";
import { containerFilter } from "./container-target-filters.ts";
import type { ContainerRecord } from "../engine/container/container-record.ts";

const rec = (name: string, labels: Record<string, string>, status: string, created: string) =>
  ({ config: { id: `${name}0000`, name, labels, created }, state: { status } }) as unknown as ContainerRecord;

test("keys are ANDed, values of one key ORed", () => {
  const a = rec("web", { app: "x" }, "running", "2026-01-01T00:00:00Z");
  const b = rec("db", { app: "y" }, "exited", "2026-01-01T00:00:00Z");
  const f = containerFilter(["label=app=x", "label=app=y", "status=exited"], ["label", "status"]);
  expect([a, b].filter(f).map((r) => r.config.name)).toEqual(["db"]);
  expect([a, b].filter(containerFilter(["name=^w"], ["name"])).map((r) => r.config.name)).toEqual(["web"]);
});

test("until compares the creation time; bad keys are refused", () => {
  const old = rec("old", {}, "exited", "2020-01-01T00:00:00Z");
  const now = rec("new", {}, "exited", new Date().toISOString());
  expect([old, now].filter(containerFilter(["until=1h"], ["until"])).map((r) => r.config.name)).toEqual(["old"]);
  expect(() => containerFilter(["bogus=1"], ["until"])).toThrow("bogus is an invalid filter");
});
