import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databasesOpened, openDatabase, schemaHash, settleDatabases } from "./sqlite.ts";

const dir = mkdtempSync(join(tmpdir(), "tspod-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the schema is applied on first open and again only when its SQL changes", () => {
  const file = join(dir, "a.db");
  const v1 = "CREATE TABLE IF NOT EXISTS t (a TEXT);";
  let db = openDatabase(file, v1);
  expect((db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(schemaHash(v1));
  db.close();
  // a grown schema (a new table) reaches a store created with the old one
  const v2 = v1 + "\nCREATE TABLE IF NOT EXISTS u (b TEXT);";
  db = openDatabase(file, v2);
  expect(db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual([{ name: "t" }, { name: "u" }]);
  expect((db.query("PRAGMA user_version").get() as { user_version: number }).user_version).toBe(schemaHash(v2));
  db.close();
});

test("schemaHash is a stable non-zero int32", () => {
  expect(schemaHash("x")).toBe(schemaHash("x"));
  expect(schemaHash("x")).not.toBe(schemaHash("y"));
  expect(Number.isInteger(schemaHash(""))).toBe(true);
  expect(schemaHash("")).not.toBe(0);
  expect(Math.abs(schemaHash("abc"))).toBeLessThan(2 ** 31);
});

test("settleDatabases truncates a WAL past its limit and keeps a small one, with the data intact", () => {
  const big = join(dir, "big.db");
  const small = join(dir, "small.db");
  const a = openDatabase(big, "CREATE TABLE IF NOT EXISTS t (x TEXT);");
  const b = openDatabase(small, "CREATE TABLE IF NOT EXISTS t (x TEXT);");
  expect(databasesOpened()).toBe(true);
  for (let i = 0; i < 300; i++) a.query("INSERT INTO t VALUES (?)").run("x".repeat(3000));
  b.query("INSERT INTO t VALUES (?)").run("y");
  const smallWal = statSync(`${small}-wal`).size;
  expect(statSync(`${big}-wal`).size).toBeGreaterThan(640 * 1024);
  settleDatabases();
  expect(statSync(`${big}-wal`).size).toBe(0);
  expect(statSync(`${small}-wal`).size).toBe(smallWal);
  expect((a.query("SELECT count(*) AS n FROM t").get() as { n: number }).n).toBe(300);
  a.close();
  b.close();
});
