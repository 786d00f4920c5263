import { expect, test } from "bun:test";
import { podOptionsFromSpec } from "./pods-handlers.ts";

test("PodSpecGenerator → pod create options", () => {
  const o = podOptionsFromSpec({
    name: "p",
    no_infra: false,
    labels: { a: "b" },
    portmappings: [{ host_ip: "127.0.0.1", container_port: 80, host_port: 8080, protocol: "tcp" }, { container_port: 53, protocol: "udp" }],
    Networks: { n1: {} },
    dns_server: ["1.1.1.1"],
    hostadd: ["h:1.2.3.4"],
    shared_namespaces: ["net", "ipc"],
  });
  expect(o).toMatchObject({ name: "p", infra: true, labels: ["a=b"], publish: ["127.0.0.1:8080:80/tcp", "53/udp"], network: "n1", dns: ["1.1.1.1"], addHost: ["h:1.2.3.4"], share: "net,ipc" });
  expect(podOptionsFromSpec({ no_infra: true }).infra).toBe(false);
  expect(() => podOptionsFromSpec({ labels: ["x"] })).toThrow("cannot unmarshal array");
});
