import { describe, expect, test } from "bun:test";
import { mergeEnv, resolveCommand, resolveWorkdir } from "./spec-process.ts";

const IMG = { Entrypoint: ["/bin/sh", "-c"], Cmd: ["echo image-cmd"] };

// Cases measured with Podman 4.3.1 (image: ENTRYPOINT ["/bin/sh","-c"], CMD ["echo image-cmd"]).
describe("resolveCommand", () => {
  test("image entrypoint + image cmd", () => {
    expect(resolveCommand(IMG, undefined, [])).toEqual(["/bin/sh", "-c", "echo image-cmd"]);
  });
  test("user args replace the image cmd", () => {
    expect(resolveCommand(IMG, undefined, ["x"])).toEqual(["/bin/sh", "-c", "x"]);
  });
  test("a user entrypoint drops the image cmd", () => {
    expect(resolveCommand(IMG, ["/bin/echo"], [])).toEqual(["/bin/echo"]);
    expect(resolveCommand(IMG, ["/bin/echo", "a"], ["b", "c"])).toEqual(["/bin/echo", "a", "b", "c"]);
  });
  test("--entrypoint '' clears it", () => {
    expect(resolveCommand(IMG, [""], ["true"])).toEqual(["true"]);
    expect(resolveCommand(IMG, [], ["true"])).toEqual(["true"]);
  });
  test("image without entrypoint uses cmd; null fields are fine", () => {
    expect(resolveCommand({ Entrypoint: null, Cmd: ["sh"] }, undefined, [])).toEqual(["sh"]);
  });
  test("nothing to run is Podman's error", () => {
    expect(() => resolveCommand({}, undefined, [])).toThrow("no command or entrypoint provided, and no CMD or ENTRYPOINT from image");
    expect(() => resolveCommand(IMG, [""], [])).toThrow("no command or entrypoint provided");
  });
});

describe("mergeEnv", () => {
  const defaults = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm"];
  test("Podman's base environment", () => {
    expect(mergeEnv({ defaults, image: [], user: {}, hostname: "e492872b66dd", home: "/root" })).toEqual([
      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "TERM=xterm", "container=podman", "HOME=/root", "HOSTNAME=e492872b66dd",
    ]);
  });
  test("image env overrides defaults; user env overrides both", () => {
    const env = mergeEnv({ defaults, image: ["PATH=/opt/bin:/bin", "FOO=img", "BAR=img"], user: { FOO: "user", NEW: "1" }, hostname: "h", home: "/home/alice" });
    expect(env).toEqual(["PATH=/opt/bin:/bin", "TERM=xterm", "container=podman", "FOO=user", "BAR=img", "NEW=1", "HOME=/home/alice", "HOSTNAME=h"]);
  });
  test("the user may override HOME, HOSTNAME and container", () => {
    const env = mergeEnv({ defaults, image: [], user: { HOME: "/h", HOSTNAME: "zz", container: "docker" }, hostname: "h", home: "/root" });
    expect(env).toContain("HOME=/h");
    expect(env).toContain("HOSTNAME=zz");
    expect(env).toContain("container=docker");
    expect(env).not.toContain("HOME=/root");
  });
  test("no HOME when the user is not in /etc/passwd; values keep '='", () => {
    const env = mergeEnv({ defaults: [], image: ["A=b=c", "NOVALUE"], user: {}, hostname: "h" });
    expect(env).toEqual(["container=podman", "A=b=c", "HOSTNAME=h"]);
  });
});

describe("resolveWorkdir", () => {
  test("user, then image, then /", () => {
    expect(resolveWorkdir("/tmp", "/work")).toBe("/tmp");
    expect(resolveWorkdir(undefined, "/work")).toBe("/work");
    expect(resolveWorkdir(undefined, "")).toBe("/");
    expect(resolveWorkdir("rel/dir/", undefined)).toBe("/rel/dir");
  });
});
