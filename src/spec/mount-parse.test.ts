import { describe, expect, test } from "bun:test";
import { checkDestination, parseMountFlag, parseSecretFlag, parseVolumeFlag, parseVolumeOptions } from "./mount-parse.ts";

describe("parseVolumeFlag", () => {
  test("anonymous, named and bind forms", () => {
    expect(parseVolumeFlag("/data", "/cwd")).toMatchObject({ kind: "volume", destination: "/data" });
    expect("name" in parseVolumeFlag("/data", "/cwd")).toBe(false);
    expect(parseVolumeFlag("/data:ro", "/cwd")).toMatchObject({ kind: "volume", destination: "/data", flags: { readOnly: true } });
    expect(parseVolumeFlag("vol:/data", "/cwd")).toMatchObject({ kind: "volume", name: "vol", destination: "/data" });
    expect(parseVolumeFlag("/src:/dst:ro,Z,rslave", "/cwd")).toMatchObject({
      kind: "bind", source: "/src", destination: "/dst", flags: { readOnly: true, relabel: "Z", propagation: "rslave" },
    });
    expect(parseVolumeFlag("./rel:/dst", "/cwd")).toMatchObject({ kind: "bind", source: "/cwd/rel" });
    expect(parseVolumeFlag("../up:/dst", "/cwd/sub")).toMatchObject({ kind: "bind", source: "/cwd/up" });
    expect(parseVolumeFlag("v:/a/../../b/./c/", "/")).toMatchObject({ destination: "/b/c" });
  });

  test("options", () => {
    const f = parseVolumeOptions("U,O,nocopy,noexec,nosuid,bind");
    expect(f).toMatchObject({ chown: true, overlay: true, copyUp: false, nonRecursive: true, extra: ["noexec", "nosuid"] });
    expect(() => parseVolumeOptions("ro,rw")).toThrow(`invalid options "ro, rw", can only specify 1 'rw' or 'ro' option`);
    expect(() => parseVolumeOptions("z,Z")).toThrow("can only specify 1 'z', 'Z', or 'O' option");
    expect(() => parseVolumeOptions("O,z")).toThrow("can only specify 1 'z', 'Z', or 'O' option");
    expect(() => parseVolumeOptions("shared,private")).toThrow("[r]shared");
    expect(() => parseVolumeOptions("bogus")).toThrow('invalid option type "bogus"');
  });

  test("bad forms", () => {
    expect(() => parseVolumeFlag("v:rel", "/")).toThrow('invalid container path "rel", must be an absolute path');
    expect(() => parseVolumeFlag("a:/b:ro:x", "/")).toThrow("incorrect volume format");
    expect(() => parseVolumeFlag(":/b", "/")).toThrow("incorrect volume format");
    expect(() => parseVolumeFlag("", "/")).toThrow("incorrect volume format");
  });
});

describe("parseMountFlag", () => {
  test("bind, volume, tmpfs, devpts", () => {
    expect(parseMountFlag("type=bind,src=/a,dst=/b,ro,bind-propagation=rshared", "/")).toMatchObject({
      kind: "bind", source: "/a", destination: "/b", flags: { readOnly: true, propagation: "rshared" },
    });
    expect(parseMountFlag("type=bind,source=rel,target=/b", "/cwd")).toMatchObject({ source: "/cwd/rel" });
    expect(parseMountFlag("type=volume,source=v,destination=/d,readonly=false,volume-nocopy", "/")).toMatchObject({
      kind: "volume", name: "v", flags: { readOnly: false, copyUp: false },
    });
    expect(parseMountFlag("type=volume,dst=/d", "/")).toMatchObject({ kind: "volume", name: undefined });
    expect(parseMountFlag("type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=700,notmpcopyup", "/")).toEqual({
      kind: "tmpfs", destination: "/t", options: ["rw", "size=1m", "mode=700", "nosuid", "nodev"],
    });
    expect(parseMountFlag("type=devpts,dst=/dev/pts2,gid=5", "/")).toEqual({
      kind: "devpts", destination: "/dev/pts2", options: ["nosuid", "noexec", "newinstance", "gid=5"],
    });
  });

  test("errors", () => {
    expect(() => parseMountFlag("type=foo,dst=/x", "/")).toThrow('invalid filesystem type "foo"');
    expect(() => parseMountFlag("type=volume,src=v", "/")).toThrow("must set volume destination");
    expect(() => parseMountFlag("type=bind,dst=/x", "/")).toThrow("must set source of bind mount");
    expect(() => parseMountFlag("type=volume,src=/host,dst=/x", "/")).toThrow("use type=bind");
    expect(() => parseMountFlag("type=bind,src=/a,dst=/b,colour=red", "/")).toThrow('unknown mount option "colour"');
    expect(() => parseMountFlag("type=tmpfs,dst=/t,tmpfs-mode=abc", "/")).toThrow("tmpfs-mode");
  });
});

describe("parseSecretFlag", () => {
  test("defaults and options", () => {
    expect(parseSecretFlag("s")).toEqual({ name: "s", type: "mount", target: "/run/secrets/s", uid: 0, gid: 0, mode: 0o444 });
    expect(parseSecretFlag("s,target=key,uid=1,gid=2,mode=0400")).toEqual({ name: "s", type: "mount", target: "/run/secrets/key", uid: 1, gid: 2, mode: 0o400 });
    expect(parseSecretFlag("source=s,target=/etc/k")).toMatchObject({ name: "s", target: "/etc/k" });
    expect(parseSecretFlag("s,type=env")).toMatchObject({ type: "env", target: "s" });
    expect(parseSecretFlag("s,type=env,target=API_KEY")).toMatchObject({ type: "env", target: "API_KEY" });
  });

  test("errors", () => {
    expect(() => parseSecretFlag("s,target=../x")).toThrow('must not contain ".."');
    expect(() => parseSecretFlag("s,type=env,target=1BAD")).toThrow("invalid environment variable name");
    expect(() => parseSecretFlag("s,type=env,uid=1")).toThrow("cannot be set with secret type env");
    expect(() => parseSecretFlag("s,colour=red")).toThrow('option "colour" invalid for secret');
    expect(() => parseSecretFlag("type=env")).toThrow("no secret name");
    expect(() => parseSecretFlag("s,mode=9")).toThrow("invalid secret option mode=9");
  });
});

test("checkDestination refuses / and /proc", () => {
  expect(() => checkDestination("/")).toThrow("cannot mount over the container's root");
  expect(() => checkDestination("/proc")).toThrow("cannot mount over /proc");
  expect(() => checkDestination("/proc/sys/kernel")).toThrow("cannot mount over /proc");
  expect(() => checkDestination("/procfs")).not.toThrow();
});
