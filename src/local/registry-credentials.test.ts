import { expect, test } from "bun:test";
import { parseCreds } from "./registry-credentials.ts";
import { loginKey } from "./local-registry-engine.ts";

test("--creds USER[:PASS]", () => {
  expect(parseCreds("u:p:q")).toEqual({ username: "u", password: "p:q" });
  expect(parseCreds("u")).toEqual({ username: "u", password: "" });
  expect(() => parseCreds(":p")).toThrow(/credentials can't be empty/);
});

test("login keys drop transports and schemes", () => {
  expect(loginKey("docker://quay.io/team")).toBe("quay.io/team");
  expect(loginKey("https://index.docker.io/v1/")).toBe("docker.io");
  expect(loginKey("127.0.0.1:5000")).toBe("127.0.0.1:5000");
  expect(() => loginKey("quay.io/a/b:tag")).toThrow();
});
