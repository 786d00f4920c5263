import { describe, expect, test } from "bun:test";
import { parseReference, resolveShortName } from "./reference.ts";
import { RegistriesConf } from "../config/registries-conf.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

const D = "sha256:" + "ab".repeat(32);

describe("parseReference", () => {
  const ok: [string, string, string, string, string | undefined, string | undefined][] = [
    // input, full, registry, repository, tag, digest
    ["busybox", "busybox:latest", "", "busybox", "latest", undefined],
    ["busybox:1.36", "busybox:1.36", "", "busybox", "1.36", undefined],
    ["library/busybox", "library/busybox:latest", "", "library/busybox", "latest", undefined],
    ["docker.io/busybox", "docker.io/library/busybox:latest", "docker.io", "library/busybox", "latest", undefined],
    ["index.docker.io/busybox:x", "docker.io/library/busybox:x", "docker.io", "library/busybox", "x", undefined],
    ["docker.io/user/app", "docker.io/user/app:latest", "docker.io", "user/app", "latest", undefined],
    ["localhost/x", "localhost/x:latest", "localhost", "x", "latest", undefined],
    ["localhost:5000/a/b/c:t", "localhost:5000/a/b/c:t", "localhost:5000", "a/b/c", "t", undefined],
    ["127.0.0.1:5000/busybox", "127.0.0.1:5000/busybox:latest", "127.0.0.1:5000", "busybox", "latest", undefined],
    [`127.0.0.1:5000/x@${D}`, `127.0.0.1:5000/x@${D}`, "127.0.0.1:5000", "x", undefined, D],
    [`quay.io/x/y:tag@${D}`, `quay.io/x/y:tag@${D}`, "quay.io", "x/y", "tag", D],
    ["quay.io/a_b/c-d.e__f:T_1.x-y", "quay.io/a_b/c-d.e__f:T_1.x-y", "quay.io", "a_b/c-d.e__f", "T_1.x-y", undefined],
    ["Example.COM/x", "Example.COM/x:latest", "Example.COM", "x", "latest", undefined],
    ["[::1]:5000/x", "[::1]:5000/x:latest", "[::1]:5000", "x", "latest", undefined],
  ];
  for (const [input, full, registry, repository, tag, digest] of ok) {
    test(`parses ${input}`, () => {
      const r = parseReference(input);
      expect(r.toString()).toBe(full);
      expect([r.registry, r.repository, r.tag, r.digest]).toEqual([registry, repository, tag, digest]);
    });
  }

  const bad = ["", "Busybox", "busybox:", ":tag", "a//b", "-a", "a-", "busybox@sha256:123", "a:b:c", "host:99999/x", "x:" + "t".repeat(129), "a/" + "b".repeat(256), "busy box", "a@md5", "/x"];
  for (const s of bad) {
    test(`rejects ${JSON.stringify(s)}`, () => {
      let err: unknown;
      try {
        parseReference(s);
      } catch (e) {
        err = e;
      }
      expect(isErrorCode(err, "invalid_reference")).toBe(true);
      expect((err as Error).message).toContain("invalid reference format");
    });
  }

  test("uppercase repository wording", () => {
    expect(() => parseReference("Busybox")).toThrow('parsing reference "Busybox": repository name must be lowercase: invalid reference format');
  });

  test("familiar forms", () => {
    expect(parseReference("docker.io/library/busybox").familiar()).toBe("busybox:latest");
    expect(parseReference("docker.io/user/app:1").familiar()).toBe("user/app:1");
    expect(parseReference("quay.io/x/y").familiar()).toBe("quay.io/x/y:latest");
    expect(parseReference(`localhost/x@${D}`).familiar()).toBe(`localhost/x@${D}`);
  });

  test("tagOrDigest prefers the digest", () => {
    expect(parseReference(`h.io/x:t@${D}`).tagOrDigest).toBe(D);
    expect(parseReference("h.io/x").tagOrDigest).toBe("latest");
  });
});

describe("resolveShortName", () => {
  const conf = new RegistriesConf({
    unqualifiedSearchRegistries: ["registry.fedoraproject.org", "docker.io"],
    shortNameMode: "permissive",
    aliases: { alpine: "docker.io/library/alpine", pinned: "quay.io/p/pinned:v1" },
  });

  test("fully-qualified names pass through", () => {
    expect(resolveShortName("quay.io/a/b:1", conf).map(String)).toEqual(["quay.io/a/b:1"]);
  });

  test("aliases win over search registries, keeping the user's tag", () => {
    expect(resolveShortName("alpine", conf).map(String)).toEqual(["docker.io/library/alpine:latest"]);
    expect(resolveShortName("alpine:3", conf).map(String)).toEqual(["docker.io/library/alpine:3"]);
    expect(resolveShortName("pinned", conf).map(String)).toEqual(["quay.io/p/pinned:v1"]);
    expect(resolveShortName("pinned:v2", conf).map(String)).toEqual(["quay.io/p/pinned:v2"]);
  });

  test("each search registry in order, docker.io gets library/", () => {
    expect(resolveShortName("busybox", conf).map(String)).toEqual(["registry.fedoraproject.org/busybox:latest", "docker.io/library/busybox:latest"]);
    expect(resolveShortName(`user/app@sha256:${"0".repeat(64)}`, conf).map(String)).toEqual([
      `registry.fedoraproject.org/user/app@sha256:${"0".repeat(64)}`,
      `docker.io/user/app@sha256:${"0".repeat(64)}`,
    ]);
  });

  test("no search registries → Podman's error", () => {
    const empty = new RegistriesConf({ sources: ["/etc/containers/registries.conf"] });
    expect(() => resolveShortName("busybox", empty)).toThrow(
      'short-name "busybox" did not resolve to an alias and no unqualified-search registries are defined in "/etc/containers/registries.conf"',
    );
  });

  test("enforcing mode with several candidates and no TTY refuses", () => {
    const enforcing = new RegistriesConf({ unqualifiedSearchRegistries: ["a.io", "b.io"], shortNameMode: "enforcing" });
    let err: unknown;
    try {
      resolveShortName("busybox", enforcing);
    } catch (e) {
      err = e;
    }
    expect(isErrorCode(err, "short_name")).toBe(true);
    // Podman prints exactly this, with no detail before it
    expect((err as Error).message).toBe("short-name resolution enforced but cannot prompt without a TTY");
    // unset mode is permissive (containers-registries.conf(5)): every candidate, no error
    expect(resolveShortName("busybox", new RegistriesConf({ unqualifiedSearchRegistries: ["a.io", "b.io"] })).map(String)).toEqual(["a.io/busybox:latest", "b.io/busybox:latest"]);
    expect(resolveShortName("busybox", enforcing, { interactive: true }).length).toBe(2);
    const single = new RegistriesConf({ unqualifiedSearchRegistries: ["a.io"], shortNameMode: "enforcing" });
    expect(resolveShortName("busybox", single).map(String)).toEqual(["a.io/busybox:latest"]);
  });
});
