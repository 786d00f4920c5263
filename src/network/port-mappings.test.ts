import { describe, expect, test } from "bun:test";
import { inspectPorts, portsColumn, resolvePorts } from "./port-mappings.ts";
import { parseExpose, parsePublish } from "../util/publish-spec.ts";

describe("port mappings", () => {
  test("parses every -p form", () => {
    expect(parsePublish("8080:80")).toEqual({ hostIp: "", hostPort: { start: 8080, count: 1 }, container: { start: 80, count: 1 }, protocols: ["tcp"] });
    expect(parsePublish("127.0.0.1:8080:80/udp")).toMatchObject({ hostIp: "127.0.0.1", protocols: ["udp"] });
    expect(parsePublish("8080-8090:80-90").container).toEqual({ start: 80, count: 11 });
    expect(parsePublish("80").hostPort).toBeUndefined();
    expect(parsePublish("127.0.0.1::80")).toMatchObject({ hostIp: "127.0.0.1", hostPort: undefined });
    expect(parsePublish("[::1]:8080:80")).toMatchObject({ hostIp: "::1", hostPort: { start: 8080, count: 1 } });
    expect(parsePublish("80/tcp,udp").protocols).toEqual(["tcp", "udp"]);
    expect(parsePublish("9/sctp").protocols).toEqual(["sctp"]);
  });
  test("rejects bad -p values with Podman's words", () => {
    expect(() => parsePublish("abc")).toThrow('parsing container port: invalid port number: strconv.Atoi: parsing "abc": invalid syntax');
    expect(() => parsePublish("70000")).toThrow("port numbers must be between 1 and 65535 (inclusive), got 70000");
    expect(() => parsePublish("1:2:3:4")).toThrow("invalid port format - format is [[hostIP:]hostPort:]containerPort");
    expect(() => parsePublish("8080-8081:80")).toThrow("host and container port ranges have different lengths: 2 vs 1");
    expect(() => parsePublish("80/foo")).toThrow('unrecognized protocol "foo" in port mapping');
    expect(() => parsePublish("nothost:80:80")).toThrow('cannot parse "nothost" as an IP address');
    expect(() => parsePublish("-5")).toThrow("parsing container port: port numbers cannot be negative");
    expect(() => parsePublish("80-")).toThrow("parsing container port: must provide ending number for port range");
    expect(() => parsePublish("8080:")).toThrow("must provide a non-empty container port to publish");
    expect(() => parsePublish("80/")).toThrow("must provide a non-empty protocol to publish");
    expect(() => parsePublish(":8080:80")).toThrow("must provide a non-empty container host IP to publish");
    expect(() => parsePublish("[::1]:80")).toThrow("invalid port format - must provide host and destination port if specifying an IP");
    expect(() => parsePublish("[::1]80")).toThrow("invalid port format - IPv6 address must be followed by a colon (':')");
    expect(() => parsePublish("8080-8070:80-90")).toThrow("parsing host port: the end port of a range must be higher than the start port - 8070 is not higher than 8080");
    expect(() => parsePublish("80/udp/tcp")).toThrow("invalid port format - protocol can only be specified once");
    expect(() => parsePublish("99999999999999999999")).toThrow('strconv.Atoi: parsing "99999999999999999999": value out of range');
    expect(parsePublish("+80").container).toEqual({ start: 80, count: 1 });
    expect(parsePublish("0.0.0.0:8080:80").hostIp).toBe("");
  });
  test("joins adjacent ports into ranges; overlapping host ranges conflict like Podman", () => {
    const pick = () => 40000;
    const ports = resolvePorts(["8081:81", "8080:80", "8080:80", "8083:83"].map(parsePublish), [], false, pick);
    expect(portsColumn(ports)).toBe("0.0.0.0:8080-8081->80-81/tcp, 0.0.0.0:8083->83/tcp");
    // the same host port for two container ports is not caught here (Podman fails at start)
    expect(resolvePorts(["8080:80", "8080:81"].map(parsePublish), [], false, pick)).toHaveLength(2);
    expect(() => resolvePorts(["8080-8085:80-85", "8083:90"].map(parsePublish), [], false, pick)).toThrow("conflicting port mappings for host port 8083 (protocol tcp)");
  });
  test("resolves random ports, -P and order", () => {
    let next = 40000;
    const pick = () => next++;
    const ports = resolvePorts([parsePublish("81/udp"), parsePublish("8080:80"), parsePublish("82")], ["80/tcp", "7000/tcp"], true, pick);
    expect(ports).toEqual([
      { host_ip: "", container_port: 80, host_port: 8080, range: 1, protocol: "tcp" },
      { host_ip: "", container_port: 82, host_port: 40000, range: 1, protocol: "tcp" },
      { host_ip: "", container_port: 7000, host_port: 40002, range: 1, protocol: "tcp" },
      { host_ip: "", container_port: 81, host_port: 40001, range: 1, protocol: "udp" },
    ]);
    expect(portsColumn(ports.slice(0, 1))).toBe("0.0.0.0:8080->80/tcp");
    expect(portsColumn(resolvePorts([parsePublish("127.0.0.1:9000-9001:90-91")], [], false, pick))).toBe("127.0.0.1:9000-9001->90-91/tcp");
    expect(inspectPorts(ports.slice(0, 1), ["7000/tcp"])).toEqual({ "7000/tcp": null, "80/tcp": [{ HostIp: "", HostPort: "8080" }] });
  });
  test("--expose", () => {
    expect(parseExpose("80")).toEqual(["80/tcp"]);
    expect(parseExpose("8000-8002/udp")).toEqual(["8000/udp", "8001/udp", "8002/udp"]);
    expect(() => parseExpose("abc")).toThrow("invalid range format for --expose: abc");
    expect(() => parseExpose("90-80")).toThrow("invalid range format for --expose: 90-80: Invalid range specified for the Port: 90-80");
    expect(() => parseExpose("70000")).toThrow('invalid range format for --expose: 70000: strconv.ParseUint: parsing "70000": value out of range');
    expect(() => parseExpose("80/foo")).toThrow('validating protocols for exposed port 80: unrecognized protocol "foo" in port mapping');
    expect(() => parseExpose("80/tcp/udp")).toThrow("invalid expose format - protocol can only be specified once");
  });
});
