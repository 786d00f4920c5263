import { describe, expect, test } from "bun:test";
import { normalizePath, Router } from "./api-router.ts";

const h = async () => {};

describe("normalizePath", () => {
  test("strips Docker and libpod version prefixes", () => {
    expect(normalizePath("/_ping")).toEqual({ path: "/_ping", libpod: false, version: undefined });
    expect(normalizePath("/v1.41/containers/json")).toEqual({ path: "/containers/json", libpod: false, version: "1.41" });
    expect(normalizePath("/v4.3.1/libpod/info")).toEqual({ path: "/info", libpod: true, version: "4.3.1" });
    expect(normalizePath("/libpod/_ping").libpod).toBe(true);
    // a name that merely starts with v is not a version
    expect(normalizePath("/version").path).toBe("/version");
  });
});

describe("Router", () => {
  const other = async () => {};
  const r = new Router().add("GET", "/images/{name*}/json", h).add("DELETE", "/images/{name*}", other).add("GET", "/containers/{id}/json", h).addLibpod("GET", "/info", h);

  test("image names keep their slashes; ids are one segment", () => {
    const m = r.match("GET", "/images/127.0.0.1:5000/library/busybox:latest/json", false);
    expect(m !== undefined && m !== "method" && m.params.name).toBe("127.0.0.1:5000/library/busybox:latest");
    const d = r.match("DELETE", "/images/a/b%2Fc", false);
    expect(d !== undefined && d !== "method" && d.handler).toBe(other);
    expect(r.match("GET", "/containers/a/b/json", false)).toBeUndefined();
  });

  test("HEAD falls back to GET; a known path with another method is told apart", () => {
    expect(r.match("HEAD", "/containers/x/json", false)).not.toBeUndefined();
    expect(r.match("POST", "/containers/x/json", false)).toBe("method");
    expect(r.match("GET", "/nope", false)).toBeUndefined();
  });

  test("libpod routes are separate from compat ones", () => {
    expect(r.match("GET", "/info", false)).toBeUndefined();
    expect(r.match("GET", "/info", true)).not.toBeUndefined();
    expect(r.match("GET", "/containers/x/json", true)).toBeUndefined();
  });
});
