import { describe, expect, test } from "bun:test";
import { parseApiAddress } from "./api-address.ts";
import { errorFromResponse } from "./api-error.ts";
import { demuxStream } from "./stream-demux.ts";
import { TspodError } from "../errors/tspod-error.ts";

describe("parseApiAddress", () => {
  test("unix, tcp and ssh URIs", () => {
    expect(parseApiAddress("unix:///run/x.sock")).toEqual({ kind: "unix", path: "/run/x.sock" });
    expect(parseApiAddress("unix://run/podman/podman.sock")).toEqual({ kind: "unix", path: "/run/podman/podman.sock" });
    expect(parseApiAddress("tcp://127.0.0.1:8080")).toEqual({ kind: "tcp", host: "127.0.0.1", port: 8080 });
    expect(parseApiAddress("ssh://core@host:2222/run/user/1000/podman/podman.sock", "/k")).toEqual({
      kind: "ssh", user: "core", host: "host", port: 2222, path: "/run/user/1000/podman/podman.sock", identity: "/k",
    });
    expect(parseApiAddress("ssh://host")).toMatchObject({ kind: "ssh", host: "host", port: 22, path: "/run/podman/podman.sock" });
  });

  test("bad URIs are refused clearly", () => {
    expect(() => parseApiAddress("http://x:1")).toThrow('unsupported connection scheme "http"');
    expect(() => parseApiAddress("tcp://host")).toThrow("expected tcp://HOST:PORT");
    expect(() => parseApiAddress("not a url")).toThrow("is not a valid URL");
  });
});

describe("errorFromResponse", () => {
  test("maps Podman's cause back to the shared code (message and exit code as locally)", () => {
    const e = errorFromResponse(404, JSON.stringify({ cause: "no such container", message: 'no container with name or ID "x" found: no such container', response: 404 }));
    expect(e).toBeInstanceOf(TspodError);
    expect((e as TspodError).code).toBe("no_such_container");
    expect(e.message).toBe('no container with name or ID "x" found: no such container');
    const inUse = errorFromResponse(409, JSON.stringify({ cause: "image is in use by a container", message: "x: image is in use by a container", response: 409 }));
    expect((inUse as TspodError).exitCode).toBe(2);
  });

  test("Docker's {message}, plain text and unknown causes", () => {
    expect((errorFromResponse(404, JSON.stringify({ message: "nope: image not known" })) as TspodError).code).toBe("no_such_image");
    expect((errorFromResponse(500, "boom") as TspodError).code).toBe("internal");
    expect(errorFromResponse(500, "boom").message).toBe("boom");
    expect((errorFromResponse(409, "{}") as TspodError).code).toBe("ctr_state_invalid");
  });
});

describe("demuxStream", () => {
  const frame = (kind: number, text: string) => {
    const body = Buffer.from(text);
    const head = Buffer.alloc(8);
    head[0] = kind;
    head.writeUInt32BE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  async function* chunks(parts: Uint8Array[]) {
    for (const p of parts) yield p;
  }

  test("splits frames across chunk boundaries", async () => {
    const all = Buffer.concat([frame(1, "out\n"), frame(2, "err\n"), frame(1, "more")]);
    const got: string[] = [];
    await demuxStream(chunks([all.subarray(0, 3), all.subarray(3, 13), all.subarray(13)]), false, (k, d) => got.push(`${k}:${Buffer.from(d).toString()}`));
    expect(got).toEqual(["stdout:out\n", "stderr:err\n", "stdout:more"]);
  });

  test("a TTY stream is raw stdout", async () => {
    const got: string[] = [];
    await demuxStream(chunks([Buffer.from("a\r\n")]), true, (k, d) => got.push(`${k}:${Buffer.from(d).toString()}`));
    expect(got).toEqual(["stdout:a\r\n"]);
  });
});
