import { describe, expect, test } from "bun:test";
import { TspodError } from "../errors/tspod-error.ts";
import { resolveUser } from "./resolve-user.ts";

const PASSWD = "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\nalice:x:1000:1000::/home/alice:/bin/sh\n";
const GROUP = "root:x:0:\nwheel:x:10:alice\nalice:x:1000:\nusers:x:100:alice,bob\n";

// Expected values were measured with Podman 4.3.1 on a rootfs with these files.
describe("resolveUser", () => {
  test("empty user: root without additional gids, HOME from passwd", () => {
    expect(resolveUser("", PASSWD, GROUP)).toEqual({ uid: 0, gid: 0, home: "/root" });
  });
  test("empty user without /etc/passwd: no HOME", () => {
    expect(resolveUser("")).toEqual({ uid: 0, gid: 0, home: undefined });
  });
  test("'root' and '0' list the primary gid", () => {
    expect(resolveUser("root", PASSWD, GROUP)).toEqual({ uid: 0, gid: 0, additionalGids: [0], home: "/root" });
    expect(resolveUser("0", PASSWD, GROUP)).toEqual({ uid: 0, gid: 0, additionalGids: [0], home: "/root" });
  });
  test("a name gets its primary gid and supplementary groups", () => {
    expect(resolveUser("alice", PASSWD, GROUP)).toEqual({ uid: 1000, gid: 1000, additionalGids: [1000, 10, 100], home: "/home/alice" });
  });
  test("a uid with a passwd entry resolves like its name", () => {
    expect(resolveUser("1000", PASSWD, GROUP).additionalGids).toEqual([1000, 10, 100]);
  });
  test("a uid without a passwd entry: gid 0, no HOME", () => {
    expect(resolveUser("5000", PASSWD, GROUP)).toEqual({ uid: 5000, gid: 0, additionalGids: [0], home: undefined });
  });
  test("an explicit group replaces supplementary groups", () => {
    expect(resolveUser("1000:100", PASSWD, GROUP)).toEqual({ uid: 1000, gid: 100, additionalGids: [100], home: "/home/alice" });
    expect(resolveUser("alice:users", PASSWD, GROUP)).toEqual({ uid: 1000, gid: 100, additionalGids: [100], home: "/home/alice" });
    expect(resolveUser("alice:5000", PASSWD, GROUP)).toEqual({ uid: 1000, gid: 5000, additionalGids: [5000], home: "/home/alice" });
    expect(resolveUser("0:10", PASSWD, GROUP)).toEqual({ uid: 0, gid: 10, additionalGids: [10], home: "/root" });
  });
  test("an unknown user name fails with Podman's wording", () => {
    let err: unknown;
    try {
      resolveUser("nosuch", PASSWD, GROUP);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TspodError);
    expect((err as TspodError).code).toBe("invalid_argument");
    expect((err as TspodError).message).toStartWith("unable to find user nosuch: no matching entries in passwd file");
  });
  test("an unknown user name fails without any passwd file", () => {
    expect(() => resolveUser("bob")).toThrow("unable to find user bob: no matching entries in passwd file");
  });
  test("an unknown group name fails with Podman's wording", () => {
    expect(() => resolveUser("alice:nogroup", PASSWD, GROUP)).toThrow("unable to find group nogroup: no matching entries in group file");
  });
  test("comments and malformed lines are ignored", () => {
    expect(resolveUser("alice", `# c\nbad line\n${PASSWD}`, `x\n${GROUP}`).uid).toBe(1000);
  });
});
