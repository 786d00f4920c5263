import { describe, expect, test } from "bun:test";
import { qBool, qFilters, qInt, qTime } from "./api-params.ts";
import { frame } from "./stream-frames.ts";
import { parseListenAddress } from "./api-listen-address.ts";

const q = (s: string) => new URLSearchParams(s);

describe("query parameters", () => {
  test("booleans as Docker's clients send them", () => {
    expect(qBool(q("all=1"), "all")).toBe(true);
    expect(qBool(q("all=True"), "all")).toBe(true);
    expect(qBool(q("all=0"), "all")).toBe(false);
    expect(qBool(q(""), "all", true)).toBe(true);
    expect(() => qBool(q("all=maybe"), "all")).toThrow("invalid boolean value");
  });

  test("integers and times", () => {
    expect(qInt(q("t=5"), "t")).toBe(5);
    expect(qInt(q("t="), "t")).toBeUndefined();
    expect(() => qInt(q("t=1.5"), "t")).toThrow("invalid integer");
    expect(qTime(q("since=1700000000.5"), "since")).toBe(1_700_000_000_500);
    expect(qTime(q("since=2026-01-01T00:00:00Z"), "since")).toBe(Date.parse("2026-01-01T00:00:00Z"));
    expect(() => qTime(q("since=yesterday"), "since")).toThrow("invalid time value");
    expect(qTime(q("until=0001-01-01T00:00:00Z"), "until")).toBeUndefined();
    expect(qTime(q("since=0"), "since")).toBeUndefined();
  });

  test("filters in both of Docker's encodings", () => {
    expect(qFilters(q(`filters=${encodeURIComponent('{"label":["a=b","c"],"status":{"running":true,"exited":false}}')}`))).toEqual(["label=a=b", "label=c", "status=running"]);
    expect(qFilters(q(""))).toEqual([]);
    expect(() => qFilters(q("filters=%7Bx"))).toThrow("not JSON");
    expect(() => qFilters(q(`filters=${encodeURIComponent('{"label":[1]}')}`))).toThrow("values must be strings");
    expect(() => qFilters(q(`filters=${encodeURIComponent("[1]")}`))).toThrow("expected an object");
  });
});

test("multiplexed frames: type, three zero bytes, big-endian length", () => {
  const f = frame(2, new TextEncoder().encode("hey"));
  expect([...f.subarray(0, 8)]).toEqual([2, 0, 0, 0, 0, 0, 0, 3]);
  expect(new TextDecoder().decode(f.subarray(8))).toBe("hey");
});

test("listen addresses", () => {
  expect(parseListenAddress("unix:///run/x.sock")).toEqual({ kind: "unix", path: "/run/x.sock" });
  expect(parseListenAddress("tcp://127.0.0.1:8080")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 8080 });
  expect(parseListenAddress("tcp://[::1]:80")).toEqual({ kind: "tcp", host: "::1", port: 80 });
  expect(() => parseListenAddress("unix://relative")).toThrow("must be absolute");
  expect(() => parseListenAddress("tcp://host")).toThrow("expected tcp://HOST:PORT");
  expect(() => parseListenAddress("http://x")).toThrow("not supported");
});
