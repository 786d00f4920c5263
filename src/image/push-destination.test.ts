import { expect, test } from "bun:test";
import { parsePushDestination } from "./push-destination.ts";

test("registry references default to docker", () => {
  expect(parsePushDestination("localhost:5000/a/b:1")).toEqual({ transport: "docker", target: "localhost:5000/a/b:1" });
  expect(parsePushDestination("docker://quay.io/x:y")).toEqual({ transport: "docker", target: "quay.io/x:y" });
  expect(parsePushDestination("busybox")).toEqual({ transport: "docker", target: "busybox" });
});

test("archive transports by prefix", () => {
  expect(parsePushDestination("oci:/tmp/lay:tag")).toEqual({ transport: "oci", target: "/tmp/lay:tag" });
  expect(parsePushDestination("oci-archive:/tmp/a.tar")).toEqual({ transport: "oci-archive", target: "/tmp/a.tar" });
  expect(parsePushDestination("docker-archive:/tmp/a.tar:x:y")).toEqual({ transport: "docker-archive", target: "/tmp/a.tar:x:y" });
  expect(parsePushDestination("dir:/tmp/d")).toEqual({ transport: "dir", target: "/tmp/d" });
});
