import { describe, expect, test } from "bun:test";
import { hostPlatform, parseImageConfig, parseManifest, selectPlatform } from "./manifest.ts";
import { parseWwwAuthenticate } from "./registry-auth.ts";
import { MEDIA_TYPES, type OciIndex } from "./image-types.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

const enc = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));
const d = (c: string) => "sha256:" + c.repeat(64);
const desc = (c: string, extra: object = {}) => ({ mediaType: "x", digest: d(c), size: 1, ...extra });

describe("parseManifest", () => {
  test("manifest and index", () => {
    const m = parseManifest(enc({ schemaVersion: 2, config: desc("a"), layers: [desc("b")] }), MEDIA_TYPES.ociManifest);
    expect(m.kind).toBe("manifest");
    const i = parseManifest(enc({ schemaVersion: 2, manifests: [desc("c")] }), MEDIA_TYPES.dockerManifestList);
    expect(i.kind).toBe("index");
    // No media type header, but the shape says index.
    expect(parseManifest(enc({ schemaVersion: 2, manifests: [] }), "application/json").kind).toBe("index");
  });

  test("rejects bad input", () => {
    for (const [body, mt] of [
      [{ schemaVersion: 1, name: "x" }, "application/vnd.docker.distribution.manifest.v1+prettyjws"],
      [{ schemaVersion: 3 }, MEDIA_TYPES.ociManifest],
      [{ schemaVersion: 2, config: desc("a") }, MEDIA_TYPES.ociManifest],
      [{ schemaVersion: 2, config: { ...desc("a"), digest: "sha256:../../x" }, layers: [] }, MEDIA_TYPES.ociManifest],
      [{ schemaVersion: 2, config: desc("a"), layers: [{ ...desc("b"), size: -1 }] }, MEDIA_TYPES.ociManifest],
    ] as const) {
      expect(() => parseManifest(enc(body), mt)).toThrow();
    }
    expect(() => parseManifest(new TextEncoder().encode("{nope"), MEDIA_TYPES.ociManifest)).toThrow(/not JSON/);
  });
});

describe("selectPlatform", () => {
  const index: OciIndex = {
    schemaVersion: 2,
    manifests: [
      desc("1", { platform: { os: "linux", architecture: "arm", variant: "v6" } }),
      desc("2", { platform: { os: "linux", architecture: "arm64", variant: "v8" } }),
      desc("3", { platform: { os: "linux", architecture: "amd64" } }),
      desc("4", { platform: { os: "windows", architecture: "amd64" } }),
      desc("5", { platform: { os: "unknown", architecture: "unknown" } }),
    ],
  };
  test("picks the host arch", () => {
    expect(selectPlatform(index, hostPlatform("x64")).digest).toBe(d("3"));
    expect(selectPlatform(index, hostPlatform("arm64")).digest).toBe(d("2"));
    expect(selectPlatform(index, { os: "linux", architecture: "arm", variant: "v7" }).digest).toBe(d("1"));
  });
  test("no match → manifest_unknown listing what exists", () => {
    let err: unknown;
    try {
      selectPlatform(index, { os: "linux", architecture: "s390x" });
    } catch (e) {
      err = e;
    }
    expect(isErrorCode(err, "manifest_unknown")).toBe(true);
    expect((err as Error).message).toContain("linux/s390x");
    expect((err as Error).message).toContain("linux/arm64/v8");
  });
});

describe("parseImageConfig", () => {
  test("checks diff_ids against the layer count", () => {
    const cfg = { architecture: "amd64", os: "linux", rootfs: { type: "layers", diff_ids: [d("a")] } };
    expect(parseImageConfig(enc(cfg), 1).rootfs.diff_ids).toEqual([d("a")]);
    expect(() => parseImageConfig(enc(cfg), 2)).toThrow(/1 diff_ids but the manifest has 2/);
    expect(() => parseImageConfig(enc({ ...cfg, rootfs: { diff_ids: ["md5:x"] } }), 1)).toThrow();
  });
});

describe("parseWwwAuthenticate", () => {
  test("Bearer with quoted params", () => {
    expect(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"')).toEqual([
      { scheme: "bearer", params: { realm: "https://auth.docker.io/token", service: "registry.docker.io", scope: "repository:library/busybox:pull" } },
    ]);
  });
  test("Basic, unquoted values, escapes", () => {
    expect(parseWwwAuthenticate('Basic realm="tspod \\"test\\""')).toEqual([{ scheme: "basic", params: { realm: 'tspod "test"' } }]);
    expect(parseWwwAuthenticate("Bearer realm=https://x/t, service=y")[0]!.params).toEqual({ realm: "https://x/t", service: "y" });
    expect(parseWwwAuthenticate("")).toEqual([]);
  });
});
