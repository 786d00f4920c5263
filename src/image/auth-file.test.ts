import { afterEach, beforeEach, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AuthFile, lookupKeys } from "./auth-file.ts";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "authfile-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const b64 = (s: string) => Buffer.from(s).toString("base64");

test("store writes Podman's format with mode 0600 and keeps other keys", () => {
  const file = path.join(dir, "sub", "auth.json");
  fs.mkdirSync(path.dirname(file));
  fs.writeFileSync(file, JSON.stringify({ auths: { "other.io": { auth: b64("o:p") } }, credHelpers: { x: "y" } }));
  const a = new AuthFile({ primary: file, fallbacks: [], explicit: true });
  a.store("reg.io:5000", { username: "u", password: "p:w" });
  const j = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(j.auths["reg.io:5000"].auth).toBe(b64("u:p:w"));
  expect(j.auths["other.io"].auth).toBe(b64("o:p"));
  expect(j.credHelpers).toEqual({ x: "y" });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(a.lookup("reg.io:5000")).toEqual({ username: "u", password: "p:w" });
});

test("lookup prefers the most specific key, then falls back to Docker's config.json", () => {
  const primary = path.join(dir, "auth.json");
  const docker = path.join(dir, "config.json");
  fs.writeFileSync(primary, JSON.stringify({ auths: { "r.io": { auth: b64("host:1") }, "r.io/team": { auth: b64("team:2") } } }));
  fs.writeFileSync(docker, JSON.stringify({ auths: { "https://index.docker.io/v1/": { auth: b64("hub:3") } } }));
  const a = new AuthFile({ primary, fallbacks: [docker], explicit: false });
  expect(a.lookup("r.io/team/app")?.username).toBe("team");
  expect(a.lookup("r.io/other/app")?.username).toBe("host");
  expect(a.lookup("docker.io/library/busybox")?.username).toBe("hub");
  expect(a.lookup("nope.io")).toBeUndefined();
  expect(a.onlyInFallback("https://index.docker.io/v1/")).toBe(true);
});

test("remove and removeAll; a missing file is not created by logout", () => {
  const file = path.join(dir, "auth.json");
  const a = new AuthFile({ primary: file, fallbacks: [], explicit: true });
  expect(a.remove("r.io")).toBe(false);
  expect(fs.existsSync(file)).toBe(false);
  a.store("r.io", { username: "u", password: "p" });
  a.store("s.io", { username: "u", password: "p" });
  expect(a.remove("r.io")).toBe(true);
  expect(a.remove("r.io")).toBe(false);
  a.removeAll();
  expect(JSON.parse(fs.readFileSync(file, "utf8"))).toEqual({ auths: {} });
});

test("a corrupt file is a clear error", () => {
  const file = path.join(dir, "auth.json");
  fs.writeFileSync(file, "{not json");
  const a = new AuthFile({ primary: file, fallbacks: [], explicit: true });
  expect(() => a.lookup("r.io")).toThrow(/unmarshaling JSON at/);
  expect(() => a.store("r.io", { username: "u", password: "p" })).toThrow(/unmarshaling JSON at/);
  expect(fs.readFileSync(file, "utf8")).toBe("{not json");
});

test("lookupKeys", () => {
  expect(lookupKeys("h:1/a/b")).toEqual(["h:1/a/b", "h:1/a", "h:1"]);
});
