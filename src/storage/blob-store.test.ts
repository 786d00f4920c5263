import { afterEach, beforeEach, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { BlobStore } from "./blob-store.ts";
import { sha256Digest } from "../util/digest.ts";
import { isErrorCode } from "../errors/tspod-error.ts";

let dir: string;
let store: BlobStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-blobs-"));
  store = new BlobStore(dir);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const enc = new TextEncoder();
async function* chunks(...parts: string[]) {
  for (const p of parts) yield enc.encode(p);
}
const tmpFiles = () => (fs.existsSync(path.join(dir, "blobs/tmp")) ? fs.readdirSync(path.join(dir, "blobs/tmp")) : []);

test("ingest verifies and stores content-addressed", async () => {
  const d = sha256Digest("hello world");
  const p = await store.ingest(chunks("hello ", "world"), { digest: d, size: 11 });
  expect(p).toBe(path.join(dir, "blobs/sha256", d.slice(7)));
  expect(store.has(d)).toBe(true);
  expect(new TextDecoder().decode(store.readBytes(d))).toBe("hello world");
  expect(tmpFiles()).toEqual([]);
});

test("ingest from a web ReadableStream", async () => {
  const d = sha256Digest("abc");
  await store.ingest(new Response("abc").body!, { digest: d });
  expect(store.has(d)).toBe(true);
});

test("digest mismatch removes the temp file", async () => {
  const err = await store.ingest(chunks("evil"), { digest: sha256Digest("good"), size: 4 }).catch((e: unknown) => e);
  expect(isErrorCode(err, "digest_mismatch")).toBe(true);
  expect(store.has(sha256Digest("good"))).toBe(false);
  expect(tmpFiles()).toEqual([]);
});

test("size mismatch (short and long) is refused", async () => {
  const d = sha256Digest("abc");
  expect(isErrorCode(await store.ingest(chunks("ab"), { digest: d, size: 3 }).catch((e: unknown) => e), "digest_mismatch")).toBe(true);
  expect(isErrorCode(await store.ingest(chunks("abcd"), { digest: d, size: 3 }).catch((e: unknown) => e), "digest_mismatch")).toBe(true);
  expect(tmpFiles()).toEqual([]);
});

test("concurrent ingests of one digest all succeed", async () => {
  const data = "x".repeat(100000);
  const d = sha256Digest(data);
  await Promise.all([1, 2, 3, 4, 5].map(() => store.ingest(chunks(data.slice(0, 5000), data.slice(5000)), { digest: d, size: data.length })));
  expect(store.size(d)).toBe(100000);
  expect(tmpFiles()).toEqual([]);
});

test("abort removes the temp file", async () => {
  const ac = new AbortController();
  async function* slow() {
    yield enc.encode("a");
    ac.abort();
    yield enc.encode("b");
  }
  const err = await store.ingest(slow(), { digest: sha256Digest("ab") }, { signal: ac.signal }).catch((e: unknown) => e);
  expect(err).toBeDefined();
  expect(tmpFiles()).toEqual([]);
});

test("invalid digests are rejected", () => {
  expect(() => store.path("sha256:../../etc")).toThrow();
  expect(() => store.path("md5:abc")).toThrow();
});
