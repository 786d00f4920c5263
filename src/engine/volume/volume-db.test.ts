import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { VolumeDb } from "./volume-db.ts";
import { SecretDb } from "../secret/secret-db.ts";
import type { VolumeRecord } from "./volume-record.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "voldb-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function vol(name: string): VolumeRecord {
  return { name, driver: "local", mountpoint: `/x/${name}/_data`, createdAt: "2026-01-01T00:00:00Z", labels: {}, options: {}, anonymous: false, needsCopyUp: true, needsChown: true, mountCount: 0 };
}

describe("VolumeDb", () => {
  test("add refuses a taken name and keeps the first record; lookup by unique prefix", () => {
    const db = new VolumeDb(tmp);
    expect(db.add({ ...vol("alpha"), labels: { first: "1" } })).toBe(true);
    expect(db.add({ ...vol("alpha"), labels: { second: "1" } })).toBe(false);
    expect(db.get("alpha")!.labels).toEqual({ first: "1" });
    db.add(vol("alps"));
    expect(db.lookup("alph")!.name).toBe("alpha");
    expect(() => db.lookup("al")).toThrow("more than one result");
    expect(db.lookup("zzz")).toBeUndefined();
    expect(db.list().map((v) => v.name)).toEqual(["alpha", "alps"]);
    db.remove("alps");
    expect(db.get("alps")).toBeUndefined();
    db.close();
  });

  test("mount counts change atomically and never go below zero; a second handle sees them", () => {
    const a = new VolumeDb(tmp);
    const b = new VolumeDb(tmp);
    expect(a.changeMountCount("alpha", 1)).toBe(1);
    expect(b.changeMountCount("alpha", 1)).toBe(2);
    expect(a.changeMountCount("alpha", -Infinity)).toBe(0);
    expect(b.changeMountCount("alpha", -1)).toBe(0);
    expect(b.get("alpha")!.mountCount).toBe(0);
    a.close();
    b.close();
  });
});

describe("SecretDb", () => {
  test("values are 0600 files; replace keeps the id; remove deletes the value", () => {
    const db = new SecretDb(tmp);
    const rec = { id: "abc123", name: "s", driver: "file", driverOptions: {}, labels: {}, createdAt: "t0", updatedAt: "t0" };
    db.add(rec, new TextEncoder().encode("one"), false);
    expect(fs.statSync(path.join(db.dataDir, "abc123")).mode & 0o777).toBe(0o600);
    expect(fs.statSync(db.dataDir).mode & 0o777).toBe(0o700);
    expect(() => db.add({ ...rec, id: "def456" }, new TextEncoder().encode("two"), false)).toThrow();
    const replaced = db.add({ ...rec, id: "def456", updatedAt: "t1" }, new TextEncoder().encode("two"), true);
    expect(replaced.id).toBe("abc123");
    expect(replaced.updatedAt).toBe("t1");
    expect(Buffer.from(db.data("abc123")).toString()).toBe("two");
    expect(db.lookup("s")!.id).toBe("abc123");
    expect(db.lookup("abc")!.name).toBe("s");
    db.remove("abc123");
    expect(db.lookup("s")).toBeUndefined();
    expect(fs.existsSync(path.join(db.dataDir, "abc123"))).toBe(false);
    expect(() => db.data("../../etc")).toThrow("invalid secret id");
    db.close();
  });
});
