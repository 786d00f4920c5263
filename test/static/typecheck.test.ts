// The whole tree must type-check (strict TypeScript), like a compile step would enforce.
import { expect, test } from "bun:test";
import { resolve } from "node:path";

test("tsc --noEmit passes", async () => {
  const root = resolve(import.meta.dir, "../..");
  const proc = Bun.spawn([resolve(root, "node_modules/.bin/tsc"), "--noEmit", "-p", root], { stdout: "pipe", stderr: "pipe" });
  const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) console.error(out + err);
  expect(code).toBe(0);
}, 120_000);
