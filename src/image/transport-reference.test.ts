import { describe, expect, test } from "bun:test";
import { isLocalTransport, parseLocalTransport } from "./transport-reference.ts";

describe("parseLocalTransport", () => {
  test("paths and refs", () => {
    expect(parseLocalTransport("oci:/tmp/x:latest")).toEqual({ transport: "oci", path: "/tmp/x", ref: "latest" });
    expect(parseLocalTransport("oci-archive:/tmp/x.tar")).toEqual({ transport: "oci-archive", path: "/tmp/x.tar" });
    expect(parseLocalTransport("docker-archive:/a.tar:foo/bar:1")).toEqual({ transport: "docker-archive", path: "/a.tar", ref: "foo/bar:1" });
    expect(parseLocalTransport("dir:/tmp/a:b")).toEqual({ transport: "dir", path: "/tmp/a:b" });
  });
  test("rejects others", () => {
    expect(isLocalTransport("docker://x")).toBe(false);
    expect(isLocalTransport("busybox")).toBe(false);
    expect(() => parseLocalTransport("oci:")).toThrow(/empty path/);
    expect(() => parseLocalTransport("docker://x")).toThrow(/not a local transport/);
  });
});
