import { describe, expect, test } from "bun:test";
import { destinationUri } from "./connection-uri.ts";

describe("system connection add DESTINATION", () => {
  const o = { port: 22 };
  test("ssh forms become ssh://user@host:port/path", () => {
    expect(destinationUri("root@server", o)).toBe("ssh://root@server:22/run/podman/podman.sock");
    expect(destinationUri("server", { port: 2222 })).toBe("ssh://server:2222/run/podman/podman.sock");
    expect(destinationUri("ssh://core@h:2200/run/x.sock", { port: 33 })).toBe("ssh://core@h:2200/run/x.sock");
    expect(destinationUri("ssh://core@h", { port: 22, socketPath: "/run/user/1000/podman/podman.sock" })).toBe("ssh://core@h:22/run/user/1000/podman/podman.sock");
  });

  test("unix and tcp are kept; bad ones refused", () => {
    expect(destinationUri("unix:///run/a.sock", o)).toBe("unix:///run/a.sock");
    expect(destinationUri("tcp://localhost:8080", o)).toBe("tcp://localhost:8080");
    expect(() => destinationUri("unix://rel", o)).toThrow("must be absolute");
    expect(() => destinationUri("tcp://localhost", o)).toThrow("tcp://HOST:PORT");
    expect(() => destinationUri("http://a", o)).toThrow('unsupported scheme "http"');
    expect(() => destinationUri("ssh://core@h", o)).toThrow("--socket-path");
  });
});
