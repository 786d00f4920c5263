import { describe, expect, test } from "bun:test";
import { containerFilter } from "./container-filters.ts";
import { initialState, type ContainerRecord } from "./container-record.ts";

function rec(name: string, o: { id?: string; status?: ContainerRecord["state"]["status"]; exitCode?: number; labels?: Record<string, string>; created?: string; image?: string } = {}): ContainerRecord {
  const config = {
    id: o.id ?? name.padEnd(64, "0"),
    name,
    imageName: o.image ?? "localhost/busybox:latest",
    imageId: "f".repeat(64),
    created: o.created ?? "2026-01-01T00:00:00Z",
    labels: o.labels ?? {},
    networkMode: "private",
    spec: { mounts: [] },
  } as unknown as ContainerRecord["config"];
  return { config, state: { ...initialState(), status: o.status ?? "configured", exitCode: o.exitCode ?? 0 } };
}

const recs = [
  rec("a1", { id: "abc".padEnd(64, "1"), status: "running", labels: { x: "1" }, created: "2026-01-01T00:00:01Z" }),
  rec("b2", { id: "bcd".padEnd(64, "2"), status: "exited", exitCode: 2, labels: { x: "2", y: "" }, created: "2026-01-01T00:00:02Z" }),
  rec("c3", { id: "cde".padEnd(64, "3"), created: "2026-01-01T00:00:03Z", image: "quay.io/other:1" }),
];
const resolve = (n: string) => {
  const r = recs.find((r) => r.config.name === n);
  if (!r) throw new Error("no such container");
  return r;
};
const names = (filters: string[]) => recs.filter(containerFilter(filters, resolve)).map((r) => r.config.name);

describe("containerFilter", () => {
  test("same key ORs, different keys AND, labels AND", () => {
    expect(names(["name=a", "name=b"])).toEqual(["a1", "b2"]);
    expect(names(["name=a|b", "status=exited"])).toEqual(["b2"]);
    expect(names(["label=x", "label=y"])).toEqual(["b2"]);
    expect(names(["label=x=1"])).toEqual(["a1"]);
    expect(names([])).toEqual(["a1", "b2", "c3"]);
  });

  test("status, exited, id, ancestor, before, since", () => {
    expect(names(["status=created"])).toEqual(["c3"]);
    expect(names(["exited=2"])).toEqual(["b2"]);
    expect(names(["id=^bc"])).toEqual(["b2"]);
    expect(names(["ancestor=quay.io/other"])).toEqual(["c3"]);
    expect(names(["ancestor=" + "f".repeat(64)])).toEqual(["a1", "b2", "c3"]);
    expect(names(["before=b2"])).toEqual(["a1"]);
    expect(names(["since=a1"])).toEqual(["b2", "c3"]);
    expect(names(["health=healthy"])).toEqual([]);
  });

  test("errors use Podman's wording", () => {
    expect(() => names(["nope=1"])).toThrow("nope is an invalid filter");
    expect(() => names(["running"])).toThrow('invalid filter "running"');
    expect(() => names(["status=zzz"])).toThrow("unknown container state: zzz");
    expect(() => names(["exited=x"])).toThrow("exited code out of range");
    expect(() => names(["name=("])).toThrow("invalid regular expression");
  });
});
