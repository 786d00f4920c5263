import { expect, test } from "bun:test";
import { specToJson } from "./spec-json.ts";
import type { OciSpec } from "./oci-spec-types.ts";
import { RLIM_INFINITY } from "./rlimits.ts";

test("bigint rlimits are written as exact integers", () => {
  const spec: OciSpec = {
    ociVersion: "1.0.2-dev",
    process: { user: { uid: 0, gid: 0 }, args: ["sh"], env: ["X=\u0000bigint:1"], cwd: "/", rlimits: [{ type: "RLIMIT_CORE", soft: RLIM_INFINITY, hard: 5 }] },
    root: { path: "/r" },
    mounts: [],
    linux: { namespaces: [] },
  };
  const json = specToJson(spec);
  expect(json).toContain('"soft":18446744073709551615,"hard":5');
  expect(JSON.parse(json).process.env).toEqual(["X=\u0000bigint:1"]);
  expect(specToJson(spec, 2)).toContain('"soft": 18446744073709551615');
});
