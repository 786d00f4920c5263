import { expect, test } from "bun:test";
import { nextLink } from "./registry-ops-client.ts";

test("nextLink follows rel=next on the same origin only", () => {
  const base = "http://127.0.0.1:5000";
  expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"', base)).toBe("/v2/_catalog?last=b&n=2");
  expect(nextLink(null, base)).toBeUndefined();
  expect(nextLink('<http://evil.example/v2/_catalog?n=1>; rel="next"', base)).toBeUndefined();
});
