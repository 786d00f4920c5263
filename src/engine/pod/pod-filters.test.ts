import { describe, expect, test } from "bun:test";
import { podFilter } from "./pod-filters.ts";
import type { PodConfig } from "./pod-record.ts";
import type { ContainerRecord } from "../container/container-record.ts";

const pod = { id: "abc123", name: "web", labels: { app: "x" }, created: "2026-01-01T00:00:00Z", network: { network: "" } } as unknown as PodConfig;
const member = (name: string, status: string) => ({ config: { id: `${name}-id`, name }, state: { status } }) as unknown as ContainerRecord;
const members = [member("infra", "running"), member("db", "exited")];

describe("podFilter", () => {
  test("name, id, label", () => {
    expect(podFilter(["name=^we"])(pod, members)).toBe(true);
    expect(podFilter(["id=abc"])(pod, members)).toBe(true);
    expect(podFilter(["label=app=x"])(pod, members)).toBe(true);
    expect(podFilter(["label=app=y"])(pod, members)).toBe(false);
  });
  test("status is the aggregated pod status", () => {
    expect(podFilter(["status=degraded"])(pod, members)).toBe(true);
    expect(podFilter(["status=running"])(pod, members)).toBe(false);
  });
  test("container filters", () => {
    expect(podFilter(["ctr-names=db"])(pod, members)).toBe(true);
    expect(podFilter(["ctr-status=exited"])(pod, members)).toBe(true);
    expect(podFilter(["ctr-number=2"])(pod, members)).toBe(true);
  });
  test("values of one key are alternatives; keys combine", () => {
    expect(podFilter(["name=nope", "name=web"])(pod, members)).toBe(true);
    expect(podFilter(["name=web", "label=app=y"])(pod, members)).toBe(false);
  });
  test("unknown keys are refused", () => expect(() => podFilter(["foo=bar"])).toThrow("foo is an invalid filter"));
});
