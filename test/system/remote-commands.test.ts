// `tspod --remote` for commands beyond the basics: cp with tar streams (`-`) over the archive routes.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { systemSetup } from "./harness.ts";
import { remote, startRemoteService, type RemoteService } from "./remote-harness.ts";

let svc: RemoteService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "remote-commands" });

beforeAll(async () => {
  svc = await startRemoteService(t, "remote-commands");
}, 60_000);

describe("tspod --remote cp", () => {
  test("cp - round trip: a tar from one container's path into another's", async () => {
    const img = t.img("busybox");
    await t.ok(["run", "-d", "--name", "rc-src", "--tls-verify=false", img, "sh", "-c", "echo hello-remote > /tmp/f.txt; sleep 600"]);
    await t.ok(["run", "-d", "--name", "rc-dst", img, "sleep", "600"]);
    const tar = await remote(t, svc!, ["cp", "rc-src:/tmp/f.txt", "-"]);
    expect(tar.code).toBe(0);
    expect(tar.stdout).toContain("hello-remote");
    const put = await remote(t, svc!, ["cp", "-", "rc-dst:/tmp"], { stdin: tar.stdout });
    expect(put.code).toBe(0);
    expect((await t.ok(["exec", "rc-dst", "cat", "/tmp/f.txt"])).out).toBe("hello-remote");
    const missing = await remote(t, svc!, ["cp", "rc-src:/nope", "-"]);
    const local = await t.tspod(["cp", "rc-src:/nope", "-"]);
    expect({ code: missing.code, stderr: missing.stderr }).toEqual({ code: local.code, stderr: local.stderr });
    expect(missing.code).not.toBe(0);
    await t.ok(["rm", "-f", "-t", "0", "rc-src", "rc-dst"]);
  }, 120_000);
});
