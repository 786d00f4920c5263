import { describe, expect, test } from "bun:test";
import { portBindings } from "./pod-view.ts";

describe("portBindings", () => {
  test("host ip, host port, container port and protocol", () => {
    expect(portBindings(["8080:80", "127.0.0.1:9090:90/udp", "7000"])).toEqual({
      "80/tcp": [{ HostIp: "", HostPort: "8080" }],
      "90/udp": [{ HostIp: "127.0.0.1", HostPort: "9090" }],
      "7000/tcp": [{ HostIp: "", HostPort: "" }],
    });
  });
});
