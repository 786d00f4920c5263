import { describe, expect, test } from "bun:test";
import { dockerScopes, parsePolicy, requirementsFor } from "./policy.ts";
import { describePolicy, setTrust } from "./policy-describe.ts";
import { createPayload, identityMatches, parsePayload } from "./signature-payload.ts";
import { parseReference } from "./reference.ts";

const ref = (s: string) => parseReference(s);

describe("policy.json", () => {
  test("scopes from most to least specific", () => {
    expect(dockerScopes(ref("reg.example.com:5000/ns/app:1"))).toEqual([
      "reg.example.com:5000/ns/app:1",
      "reg.example.com:5000/ns/app",
      "reg.example.com:5000/ns",
      "reg.example.com:5000",
      "*.example.com",
      "*.com",
    ]);
  });

  test("most specific scope wins, then the transport's \"\" scope, then default", () => {
    const p = parsePolicy(JSON.stringify({
      default: [{ type: "reject" }],
      transports: { docker: {
        "r.io": [{ type: "insecureAcceptAnything" }],
        "r.io/a/b": [{ type: "reject" }],
        "*.io": [{ type: "signedBy", keyType: "GPGKeys", keyPath: "/k" }],
      } },
    }));
    expect(requirementsFor(p, ref("r.io/a/b:latest")).scope).toBe("r.io/a/b");
    expect(requirementsFor(p, ref("r.io/a/c:latest")).scope).toBe("r.io");
    expect(requirementsFor(p, ref("x.io/a:latest")).scope).toBe("*.io");
    expect(requirementsFor(p, ref("x.org/a:latest")).scope).toBe("default");
  });

  test("invalid policies are refused", () => {
    expect(() => parsePolicy("{")).toThrow(/invalid policy/);
    expect(() => parsePolicy(JSON.stringify({ default: [] }))).toThrow(/no policy requirements/);
    expect(() => parsePolicy(JSON.stringify({ default: [{ type: "bogus" }] }))).toThrow(/unknown policy requirement/);
    expect(() => parsePolicy(JSON.stringify({ default: [{ type: "signedBy", keyType: "GPGKeys" }] }))).toThrow(/exactly one/);
    expect(() => parsePolicy(JSON.stringify({ default: [{ type: "signedBy", keyType: "X509", keyPath: "/k" }] }))).toThrow(/keyType/);
  });

  test("trust set replaces a scope's requirements and keeps the rest", () => {
    const p = parsePolicy(JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
    const a = setTrust(p, "r.io/x", "reject", []);
    const b = setTrust(a, "r.io/y", "signedBy", ["/k1", "/k2"]);
    expect(b.transports!.docker).toEqual({
      "r.io/x": [{ type: "reject" }],
      "r.io/y": [{ type: "signedBy", keyType: "GPGKeys", keyPath: "/k1" }, { type: "signedBy", keyType: "GPGKeys", keyPath: "/k2" }],
    });
    expect(setTrust(b, "default", "reject", []).default).toEqual([{ type: "reject" }]);
    expect(() => setTrust(p, "r.io/x", "accept", ["/k"])).toThrow("1 public keys unexpectedly provided for trust type accept");
    expect(() => setTrust(p, "bad scope!", "reject", [])).toThrow("invalid image uri");
    expect(describePolicy(b).map((r) => [r.transport, r.repo_name, r.type])).toEqual([
      ["all", "default", "accept"],
      ["repository", "r.io/x", "reject"],
      ["repository", "r.io/y", "signed"],
      ["repository", "r.io/y", "signed"],
    ]);
  });
});

describe("simple signing payload and identities", () => {
  test("round trip", () => {
    const p = parsePayload(createPayload({ dockerReference: "r.io/a:1", manifestDigest: "sha256:" + "1".repeat(64) }));
    expect(p).toEqual({ dockerReference: "r.io/a:1", manifestDigest: "sha256:" + "1".repeat(64) });
    expect(() => parsePayload(new TextEncoder().encode('{"critical":{"type":"other"}}'))).toThrow(/Invalid signature format/);
  });

  test("signedIdentity rules", () => {
    const tagged = ref("r.io/a:1");
    const byDigest = ref("r.io/a@sha256:" + "2".repeat(64));
    expect(identityMatches(undefined, tagged, "r.io/a:1")).toBe(true);
    expect(identityMatches(undefined, tagged, "r.io/a:2")).toBe(false);
    expect(identityMatches(undefined, byDigest, "r.io/a:anything")).toBe(true);
    expect(identityMatches({ type: "matchExact" }, byDigest, "r.io/a:anything")).toBe(false);
    expect(identityMatches({ type: "matchRepository" }, tagged, "r.io/a:2")).toBe(true);
    expect(identityMatches({ type: "matchRepository" }, tagged, "r.io/b:1")).toBe(false);
    expect(identityMatches({ type: "exactReference", dockerReference: "q.io/z:9" }, tagged, "q.io/z:9")).toBe(true);
    expect(identityMatches({ type: "exactRepository", dockerRepository: "q.io/z" }, tagged, "q.io/z:5")).toBe(true);
    expect(identityMatches({ type: "remapIdentity", prefix: "r.io", signedPrefix: "q.io" }, tagged, "q.io/a:1")).toBe(true);
    expect(identityMatches(undefined, tagged, "not a ref")).toBe(false);
  });
});
