import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { RegistryClient } from "./registry-client.ts";
import { isErrorCode } from "../errors/tspod-error.ts";
import { sha256Digest } from "../util/digest.ts";

const MANIFEST = JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", config: {}, layers: [] });
let server: ReturnType<typeof Bun.serve>;
let hits: Record<string, number> = {};
let host: string;

beforeAll(() => {
  server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const url = new URL(req.url);
      const p = url.pathname;
      hits[p] = (hits[p] ?? 0) + 1;
      const auth = req.headers.get("authorization") ?? "";
      if (p === "/token") {
        const scope = url.searchParams.get("scope");
        if (scope === "repository:private/x:pull") {
          if (auth !== "Basic " + btoa("bob:pw")) return new Response("", { status: 401 });
          return Response.json({ access_token: "tok-private" });
        }
        return Response.json({ token: `tok-${scope}` });
      }
      const challenge = `Bearer realm="http://${url.host}/token",service="fake"`;
      if (p === "/v2/") return new Response("", { status: 401, headers: { "www-authenticate": challenge } });
      const wantToken = p.startsWith("/v2/private/") ? "Bearer tok-private" : `Bearer tok-repository:${p.split("/").slice(2, -2).join("/")}:pull`;
      if (auth !== wantToken) return new Response("", { status: 401, headers: { "www-authenticate": challenge } });
      if (p === "/v2/flaky/x/manifests/latest" && hits[p]! < 3) return new Response("busy", { status: 503 });
      if (p.endsWith("/manifests/latest") || p.endsWith(`/manifests/${sha256Digest(MANIFEST)}`)) {
        return new Response(MANIFEST, { headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" } });
      }
      if (p.endsWith(`/manifests/${sha256Digest("other")}`)) return new Response(MANIFEST);
      if (p.includes("/blobs/")) return new Response("blobdata");
      return Response.json({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }, { status: 404 });
    },
  });
  host = `127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

const client = (extra: object = {}) => new RegistryClient({ registry: host, insecure: true, retryDelayMs: 1, ...extra });

describe("RegistryClient", () => {
  test("anonymous Bearer token flow, manifest digest", async () => {
    const m = await client().getManifest("library/busybox", "latest");
    expect(m.digest).toBe(sha256Digest(MANIFEST));
    expect(m.mediaType).toBe("application/vnd.oci.image.manifest.v1+json");
    const b = await client().getBlob("library/busybox", sha256Digest("blobdata"));
    expect(await new Response(b.body).text()).toBe("blobdata");
    expect(b.size).toBe(8);
  });

  test("Bearer with Basic credentials at the token server", async () => {
    const m = await client({ credentials: { username: "bob", password: "pw" } }).getManifest("private/x", "latest");
    expect(m.digest).toBe(sha256Digest(MANIFEST));
    const err = await client({ credentials: { username: "bob", password: "wrong" } }).getManifest("private/x", "latest").catch((e) => e);
    expect(isErrorCode(err, "unauthorized")).toBe(true);
    const anon = await client().getManifest("private/x", "latest").catch((e) => e);
    expect(isErrorCode(anon, "unauthorized")).toBe(true);
  });

  test("pull by digest verifies the manifest bytes", async () => {
    expect((await client().getManifest("a/b", sha256Digest(MANIFEST))).digest).toBe(sha256Digest(MANIFEST));
    const err = await client().getManifest("a/b", sha256Digest("other")).catch((e) => e);
    expect(isErrorCode(err, "digest_mismatch")).toBe(true);
  });

  test("404 → manifest_unknown with Podman's wording", async () => {
    const err = await client().getManifest("a/b", "nope").catch((e) => e);
    expect(isErrorCode(err, "manifest_unknown")).toBe(true);
    expect((err as Error).message).toBe(`reading manifest nope in ${host}/a/b: manifest unknown`);
  });

  test("5xx is retried", async () => {
    hits = {};
    const m = await client().getManifest("flaky/x", "latest");
    expect(m.digest).toBe(sha256Digest(MANIFEST));
    expect(hits["/v2/flaky/x/manifests/latest"]).toBeGreaterThanOrEqual(3);
  });

  test("secure registry over plain HTTP is unreachable, with a clear error", async () => {
    const err = await new RegistryClient({ registry: host, attempts: 1 }).getManifest("a/b", "latest").catch((e) => e);
    expect(isErrorCode(err, "registry_unreachable")).toBe(true);
    expect((err as Error).message).toContain(`pinging container registry ${host}`);
  });

  test("abort signal stops a request", async () => {
    const ac = new AbortController();
    ac.abort();
    const err = await client().getManifest("a/b", "latest", ac.signal).catch((e) => e);
    expect(err).toBeDefined();
  });
});
