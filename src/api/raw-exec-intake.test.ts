import { expect, test } from "bun:test";
import { parseHijackHead } from "./raw-exec-intake.ts";

const head = (lines: string[]) => Buffer.from(`${lines.join("\r\n")}\r\n\r\n`);

test("Podman's exec start without Upgrade is taken, with its Content-Length", () => {
  const buf = head(["POST /v4.3.1/libpod/exec/abc/start HTTP/1.1", "Host: d", "Content-Length: 27", "Content-Type: application/json"]);
  const h = parseHijackHead(Buffer.concat([buf, Buffer.from('{"Detach":false,"Tty":false}')]));
  expect(h).toMatchObject({ method: "POST", url: "/v4.3.1/libpod/exec/abc/start", headEnd: buf.length });
  expect(h !== undefined && h !== "incomplete" && h.headers["content-length"]).toBe("27");
  expect(parseHijackHead(head(["POST /exec/abc/start HTTP/1.1", "Content-Length: 2"]))).toMatchObject({ url: "/exec/abc/start" });
});

test("everything else goes to node:http", () => {
  expect(parseHijackHead(head(["GET /v1.41/containers/json HTTP/1.1", "Host: d"]))).toBeUndefined();
  expect(parseHijackHead(Buffer.from("GET /v1.41/ver"))).toBeUndefined();
  // a client asking for the upgrade (docker) is served by node:http's upgrade event
  expect(parseHijackHead(head(["POST /v1.41/exec/abc/start HTTP/1.1", "Connection: Upgrade", "Upgrade: tcp", "Content-Length: 2"]))).toBeUndefined();
  expect(parseHijackHead(head(["POST /v1.41/exec/abc/start HTTP/1.1", "Transfer-Encoding: chunked"]))).toBeUndefined();
  expect(parseHijackHead(head(["POST /v1.41/exec/abc/resize HTTP/1.1", "Content-Length: 0"]))).toBeUndefined();
  expect(parseHijackHead(head(["POST /v1.41/exec/abc/start HTTP/1.1", "bad header line"]))).toBeUndefined();
});

test("a partial head waits only while it can still be an exec start", () => {
  expect(parseHijackHead(Buffer.from("PO"))).toBe("incomplete");
  expect(parseHijackHead(Buffer.from("POST /v4.3.1/libpod/exec/abc/start HTTP/1.1\r\nHost"))).toBe("incomplete");
  expect(parseHijackHead(Buffer.from("POST /v4.3.1/libpod/containers/create HTTP/1.1\r\nHost"))).toBeUndefined();
  expect(parseHijackHead(Buffer.alloc(70 * 1024, 0x41))).toBeUndefined();
});
