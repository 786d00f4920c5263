// Bad network input gets Podman 4.3.1's error text and exit code and leaves nothing behind:
// network create (overlaps, bad CIDRs, gateways, ranges, names, drivers, options), published
// ports already in use (a host listener, another container) or malformed, network rm of a
// network in use, connect/disconnect mistakes, --network naming what does not exist, --dns none.
// Every expected text below was taken from Podman 4.3.1 run on this machine.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { parseJson, systemSetup, type Result } from "./harness.ts";
import { freeBridgeName, freeTestSubnet } from "./test-networks.ts";

const t = systemSetup({ name: "netbad" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** `Error: <message>` (plus Podman's usage hint for flag errors) and the exit code. */
function expectError(r: Result, code: number, message: string, hint?: string): void {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: `Error: ${message}\n${hint ? `${hint}\n` : ""}` });
}

/** What a failed command must not leave: network files, netns bind mounts, IP allocations, containers. */
async function leftovers(): Promise<{ networks: string[]; netns: string[]; ipam: string; containers: string }> {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
  const ipamFile = join(t.runroot, "networks", "ipam.json");
  return {
    networks: list(join(t.tmp, "networks")).filter((f) => f.endsWith(".json")),
    netns: list(join(t.runroot, "netns")),
    ipam: existsSync(ipamFile) ? JSON.stringify(JSON.parse(readFileSync(ipamFile, "utf8"))) : "{}",
    containers: (await t.ok(["ps", "-a", "-q", "--no-trunc"])).out,
  };
}

function natRules(): string {
  return Bun.spawnSync({ cmd: ["iptables", "-t", "nat", "-S"], stdout: "pipe" }).stdout.toString();
}

/** a TCP port nothing listens on right now (above the range random host ports come from) */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20000 + Math.floor(Math.random() * 9000);
    const s = createServer();
    const ok = await new Promise<boolean>((resolve) => {
      s.once("error", () => resolve(false));
      s.listen(port, "0.0.0.0", () => resolve(true));
    });
    if (ok) {
      await new Promise<void>((r) => s.close(() => r()));
      return port;
    }
  }
}

async function listen(port: number): Promise<Server> {
  const s = createServer();
  await new Promise<void>((resolve, reject) => {
    s.once("error", reject);
    s.listen(port, "0.0.0.0", () => resolve());
  });
  return s;
}

/** Whether this process can bind 0.0.0.0:port right now (TCP). */
async function canBind(port: number): Promise<boolean> {
  const s = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    s.once("error", () => resolve(false));
    s.listen(port, "0.0.0.0", () => resolve(true));
  });
  if (ok) await new Promise<void>((r) => s.close(() => r()));
  return ok;
}

const state = async (name: string) => (await t.ok(["inspect", "--format", "{{.State.Status}}", name])).out;

describe("network create", () => {
  const ula = () => `fd${Math.floor(Math.random() * 0xff).toString(16).padStart(2, "0")}:${Math.floor(Math.random() * 0xffff).toString(16)}::/64`;

  test("bad subnets, gateways, ranges, names, drivers and options: Podman's errors, no file written", async () => {
    const before = await leftovers();
    const { subnet } = freeTestSubnet();
    const net = subnet.replace(/\.0\/24$/, "");
    const inside = `${t.defaultSubnet.replace(/\.0\/24$/, "")}.128/25`;
    const v6 = ula();
    const cases: [string[], string][] = [
      // overlaps: another network's subnet, part of it, a host address (loopback 127.0.0.1/8)
      [["--subnet", t.defaultSubnet], `subnet ${t.defaultSubnet} is already used on the host or by another config`],
      [["--subnet", inside], `subnet ${inside} is already used on the host or by another config`],
      [["--subnet", "127.5.0.0/16"], "subnet 127.5.0.0/16 is already used on the host or by another config"],
      // invalid CIDRs
      [["--subnet", "10.0.0.0/33"], "invalid CIDR address: 10.0.0.0/33"],
      [["--subnet", "foo"], "invalid CIDR address: foo"],
      [["--subnet", "10.0.0.1"], "invalid CIDR address: 10.0.0.1"],
      [["--subnet", subnet, "--ip-range", "foo"], "invalid CIDR address: foo"],
      // gateways and ranges
      [["--subnet", subnet, "--gateway", "10.254.254.1"], `gateway 10.254.254.1 not in subnet ${subnet}`],
      [["--subnet", subnet, "--ip-range", "10.254.254.0/25"], `lease range start ip 10.254.254.1 not in subnet ${subnet}`],
      [["--subnet", `${net}.0/25`, "--ip-range", `${net}.0/24`], `lease range end ip ${net}.255 not in subnet ${net}.0/25`],
      [["--subnet", subnet, "--gateway", `${net}.1`, "--gateway", `${net}.2`], "cannot set more gateways than subnets"],
      [["--subnet", subnet, "--ip-range", `${net}.0/26`, "--ip-range", `${net}.64/26`], "cannot set more ranges than subnets"],
      [["--gateway", `${net}.1`], "cannot set gateway or range without subnet"],
      // IPv4 and IPv6 mixed up
      [["--subnet", v6, "--gateway", `${net}.1`], `gateway ${net}.1 not in subnet ${v6}`],
      [["--subnet", "fd00:2::/129"], "invalid CIDR address: fd00:2::/129"],
      // drivers, IPAM, options, labels
      [["-d", "foo"], "unsupported driver foo: invalid argument"],
      [["-d", "ipvlan"], "unsupported driver ipvlan: invalid argument"],
      [["-d", "macvlan"], "macvlan driver needs at least one subnet specified, DHCP is not yet supported with netavark"],
      [["-d", "macvlan", "-o", "parent=nonexist0"], "parent interface nonexist0 does not exist"],
      [["-d", "macvlan", "--subnet", subnet, "-o", "mode=foo"], 'unknown macvlan mode "foo"'],
      [["--ipam-driver", "dhcp"], "dhcp ipam driver is not yet supported with netavark"],
      [["--ipam-driver", "none", "--subnet", subnet], "none ipam driver is set but subnets are given"],
      [["--ipam-driver", "foo"], 'unsupported ipam driver "foo"'],
      [["-o", "foo=bar"], "unsupported bridge network option foo"],
      [["-o", "mtu=abc"], 'strconv.Atoi: parsing "abc": invalid syntax'],
      [["-o", "mtu=-5"], "mtu -5 is less than zero"],
      [["-o", "vlan=5000"], "vlan ID 5000 must be between 0 and 4094"],
      [["-o", "isolate=maybe"], 'strconv.ParseBool: parsing "maybe": invalid syntax'],
      [["-o", "=x"], 'unable to parse options: invalid label format: "=x"'],
      [["--label", "=x", "--subnet", "foo"], 'failed to parse labels: invalid label format: "=x"'],
    ];
    for (const [args, message] of cases) {
      const r = await t.tspod(["network", "create", ...args, "nbbad"]);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 125, stderr: `Error: ${message}\n` });
    }
    // names
    for (const [name, message] of [
      ["bad name", "network name bad name invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument"],
      ["-bad", "network name -bad invalid: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument"],
      ["none", 'cannot create network with name "none" because it conflicts with a valid network mode'],
      ["host", 'cannot create network with name "host" because it conflicts with a valid network mode'],
      ["podman", "network name podman already used: network already exists"],
    ]) {
      expectError(await t.tspod(["network", "create", "--", name!]), 125, message!);
    }
    // a gateway that is not an address is a flag error (with the usage hint)
    expectError(await t.tspod(["network", "create", "--subnet", subnet, "--gateway", "foo", "nbbad"]), 125, 'invalid argument "foo" for "--gateway" flag: invalid string being converted to IP address: foo', "See 'tspod network create --help'");
    expectError(await t.tspod(["network", "create", "a", "b"]), 125, "accepts at most 1 arg(s), received 2");
    expect(await leftovers()).toEqual(before);
  }, 120_000);

  test("a duplicate name fails (and --ignore returns the existing network); a second network may not reuse a subnet", async () => {
    const { subnet } = freeTestSubnet();
    await t.ok(["network", "create", "--subnet", subnet, "--interface-name", freeBridgeName(), "nbdup"]);
    const file = readFileSync(join(t.tmp, "networks", "nbdup.json"), "utf8");
    expectError(await t.tspod(["network", "create", "nbdup"]), 125, "network name nbdup already used: network already exists");
    expect((await t.ok(["network", "create", "--ignore", "nbdup"])).out).toBe("nbdup");
    expectError(await t.tspod(["network", "create", "--subnet", subnet, "nbdup2"]), 125, `subnet ${subnet} is already used on the host or by another config`);
    expect(readFileSync(join(t.tmp, "networks", "nbdup.json"), "utf8")).toBe(file);
    expect(existsSync(join(t.tmp, "networks", "nbdup2.json"))).toBe(false);
    await t.ok(["network", "rm", "nbdup"]);
  });

  test("valid options are stored the way Podman stores them", async () => {
    const { subnet } = freeTestSubnet();
    await t.ok(["network", "create", "--subnet", subnet, "--interface-name", freeBridgeName(), "-o", "isolate=1", "--internal", "--disable-dns", "nbopt"]);
    const n = parseJson((await t.ok(["network", "inspect", "nbopt"])).stdout)[0];
    // internal without DNS: no gateway; isolate normalized to what netavark reads
    expect(n.subnets).toEqual([{ subnet }]);
    expect(n.options).toEqual({ isolate: "true" });
    await t.ok(["network", "create", "-d", "macvlan", "-o", "parent=lo", "--subnet", freeTestSubnet().subnet, "nbmv"]);
    const mv = parseJson((await t.ok(["network", "inspect", "nbmv"])).stdout)[0];
    expect(mv.network_interface).toBe("lo");
    expect(mv.options).toBeUndefined();
    await t.ok(["network", "create", "--ipam-driver", "none", "--interface-name", freeBridgeName(), "nbnone"]);
    const none = parseJson((await t.ok(["network", "inspect", "nbnone"])).stdout)[0];
    expect(none).toMatchObject({ dns_enabled: false, ipam_options: { driver: "none" } });
    expect(none.subnets).toBeUndefined();
    await t.ok(["network", "rm", "nbopt", "nbmv", "nbnone"]);
  });
});

describe("published ports", () => {
  test("a host port a host program listens on: run exits 126 and the container stays Created with nothing set up", async () => {
    const port = await freePort();
    const server = await listen(port);
    try {
      const before = await leftovers();
      const r = await t.tspod(["run", "-d", "--name", "pbusy", "-p", `${port}:80`, BB, "sleep", "100"]);
      expectError(r, 126, `cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
      expect(await state("pbusy")).toBe("created");
      const after = await leftovers();
      expect(after.containers.split("\n").length).toBe(before.containers ? before.containers.split("\n").length + 1 : 1);
      expect({ netns: after.netns, ipam: after.ipam }).toEqual({ netns: before.netns, ipam: before.ipam });
      expect(natRules()).not.toContain(`--dport ${port} `);
      // with --rm the container that never ran is removed (detached or not)
      for (const detach of [["-d"], []]) {
        expectError(await t.tspod(["run", ...detach, "--rm", "--name", "pbusyrm", "-p", `${port}:80`, BB, "true"]), 126, `cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
        expect((await t.tspod(["container", "exists", "pbusyrm"])).code).toBe(1);
      }
      // start fails the same way, with Podman's prefix and 125
      const id = (await t.ok(["inspect", "--format", "{{.Id}}", "pbusy"])).out;
      expectError(await t.tspod(["start", "pbusy"]), 125, `unable to start container "${id}": cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
      expect(await state("pbusy")).toBe("created");
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
    // once the port is free the same container starts, and conmon holds the port meanwhile
    await t.ok(["start", "pbusy"]);
    expect(await state("pbusy")).toBe("running");
    expect(await canBind(port)).toBe(false);
    await t.ok(["rm", "-f", "-t", "0", "pbusy"]);
    expect(await canBind(port)).toBe(true);
    expect(natRules()).not.toContain(`--dport ${port} `);
  }, 120_000);

  test("a host port another container publishes (TCP and UDP): the second one fails, the first keeps working", async () => {
    const port = await freePort();
    const uport = await freePort();
    await t.ok(["run", "-d", "--name", "pown", "-p", `${port}:80`, "-p", `${uport}:81/udp`, BB, "sleep", "100"]);
    const before = await leftovers();
    expectError(await t.tspod(["run", "-d", "--name", "ptcp", "-p", `${port}:80`, BB, "true"]), 126, `cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
    expectError(await t.tspod(["run", "--rm", "-p", `${uport}:80/udp`, BB, "true"]), 126, `cannot listen on the UDP port: listen udp4 :${uport}: bind: address already in use`);
    expectError(await t.tspod(["run", "--rm", "-p", `127.0.0.1:${port}:80`, BB, "true"]), 126, `cannot listen on the TCP port: listen tcp4 127.0.0.1:${port}: bind: address already in use`);
    // create does not check; start does
    await t.ok(["create", "--name", "plater", "-p", `${port}:80`, BB, "true"]);
    const id = (await t.ok(["inspect", "--format", "{{.Id}}", "plater"])).out;
    expectError(await t.tspod(["start", "plater"]), 125, `unable to start container "${id}": cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
    const after = await leftovers();
    expect({ netns: after.netns, ipam: after.ipam }).toEqual({ netns: before.netns, ipam: before.ipam });
    expect(await state("pown")).toBe("running");
    // the UDP port is held by the first container's conmon
    const sock = createSocket("udp4");
    const bound = await new Promise<boolean>((resolve) => {
      sock.once("error", () => resolve(false));
      sock.bind(uport, "0.0.0.0", () => resolve(true));
    });
    sock.close();
    expect(bound).toBe(false);
    await t.ok(["rm", "-f", "-t", "0", "pown", "ptcp", "plater"]);
  }, 120_000);

  test("an address the host does not have", async () => {
    const port = await freePort();
    expectError(await t.tspod(["run", "--rm", "-p", `198.51.100.77:${port}:80`, BB, "true"]), 126, `cannot listen on the TCP port: listen tcp4 198.51.100.77:${port}: bind: cannot assign requested address`);
  }, 60_000);

  test("duplicate and overlapping -p in one command", async () => {
    const port = await freePort();
    // the same mapping twice is one mapping; adjacent ones are joined into a range
    await t.ok(["create", "--name", "pdup", "-p", `${port}:80`, "-p", `${port}:80`, "-p", `${port + 1}:81`, BB, "true"]);
    expect((await t.ok(["ps", "-a", "--filter", "name=pdup", "--format", "{{.Ports}}"])).out).toBe(`0.0.0.0:${port}-${port + 1}->80-81/tcp`);
    // a host port inside a range mapped to another container port: refused at create
    const before = await leftovers();
    expectError(await t.tspod(["create", "-p", `${port}-${port + 5}:80-85`, "-p", `${port + 3}:90`, BB, "true"]), 125, `conflicting port mappings for host port ${port + 3} (protocol tcp)`);
    // one host port for two container ports: Podman accepts it at create and fails at start
    await t.ok(["create", "--name", "ptwice", "-p", `${port}:80`, "-p", `${port}:81`, BB, "true"]);
    const id = (await t.ok(["inspect", "--format", "{{.Id}}", "ptwice"])).out;
    expectError(await t.tspod(["start", "ptwice"]), 125, `unable to start container "${id}": cannot listen on the TCP port: listen tcp4 :${port}: bind: address already in use`);
    const after = await leftovers();
    expect({ netns: after.netns, ipam: after.ipam }).toEqual({ netns: before.netns, ipam: before.ipam });
    await t.ok(["rm", "-f", "pdup", "ptwice"]);
  }, 60_000);

  test("malformed -p and --expose values create nothing", async () => {
    const before = await leftovers();
    const cases: [string, string][] = [
      ["70000:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000"],
      ["abc", 'parsing container port: invalid port number: strconv.Atoi: parsing "abc": invalid syntax'],
      ["1-3:1-2", "host and container port ranges have different lengths: 3 vs 2"],
      ["0:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 0"],
      ["-5", "parsing container port: port numbers cannot be negative"],
      ["8080:", "must provide a non-empty container port to publish"],
      ["8080:80/", "must provide a non-empty protocol to publish"],
      ["8080:80/foo", 'unrecognized protocol "foo" in port mapping'],
      ["8080:80/udp/tcp", "invalid port format - protocol can only be specified once"],
      ["1.2.3:8080:80", 'cannot parse "1.2.3" as an IP address'],
      [":8080:80", "must provide a non-empty container host IP to publish"],
      ["::1:8080:80", "invalid port format - format is [[hostIP:]hostPort:]containerPort"],
      ["[::1]:80", "invalid port format - must provide host and destination port if specifying an IP"],
      ["8080-8070:80-90", "parsing host port: the end port of a range must be higher than the start port - 8070 is not higher than 8080"],
      // -p is a string slice: commas separate values
      ["8080:80/tcp,udp", 'parsing container port: invalid port number: strconv.Atoi: parsing "udp": invalid syntax'],
    ];
    for (const [spec, message] of cases) {
      const r = await t.tspod(["create", "-p", spec, BB, "true"]);
      expect({ spec, code: r.code, stderr: r.stderr }).toEqual({ spec, code: 125, stderr: `Error: ${message}\n` });
    }
    expectError(await t.tspod(["create", "--expose", "90-80", BB, "true"]), 125, "invalid range format for --expose: 90-80: Invalid range specified for the Port: 90-80");
    expectError(await t.tspod(["create", "--expose", "80/foo", BB, "true"]), 125, 'validating protocols for exposed port 80: unrecognized protocol "foo" in port mapping');
    expect(await leftovers()).toEqual(before);
  }, 120_000);
});

describe("network rm, connect, disconnect", () => {
  const nets: string[] = [];
  async function net(name: string): Promise<void> {
    await t.ok(["network", "create", "--subnet", freeTestSubnet().subnet, "--interface-name", freeBridgeName(), name]);
    nets.push(name);
  }
  afterAll(async () => {
    await t.tspod(["network", "rm", "-f", ...nets]);
  });

  test("rm of a network in use: exit 2 naming it, the rest left alone; -f removes its containers", async () => {
    await net("nbused");
    await net("nbfree1");
    await net("nbfree2");
    await t.ok(["create", "--name", "onused", "--network", "nbused", BB, "true"]);
    const msg = '"nbused" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used';
    expectError(await t.tspod(["network", "rm", "nbused"]), 2, msg);
    // Podman stops at the network in use and prints only that error
    const r = await t.tspod(["network", "rm", "nbused", "nbfree1"]);
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 2, stdout: "", stderr: `Error: ${msg}\n` });
    expect(existsSync(join(t.tmp, "networks", "nbfree1.json"))).toBe(true);
    expect(existsSync(join(t.tmp, "networks", "nbused.json"))).toBe(true);
    expect(await state("onused")).toBe("created");
    // missing networks: exit 1, the others are removed
    const m = await t.tspod(["network", "rm", "nbnope", "nbfree2"]);
    expect({ code: m.code, stdout: m.stdout, stderr: m.stderr }).toEqual({ code: 1, stdout: "nbfree2\n", stderr: "Error: unable to find network with name or ID nbnope: network not found\n" });
    expectError(await t.tspod(["network", "rm", "podman"]), 125, "default network podman cannot be removed");
    expectError(await t.tspod(["network", "rm", "-f", "podman"]), 125, "default network podman cannot be removed");
    expectError(await t.tspod(["network", "rm"]), 125, "requires at least 1 arg(s), only received 0");
    // -f: the container goes, then the network
    await t.ok(["run", "-d", "--name", "onused2", "--network", "nbused", BB, "sleep", "100"]);
    expect((await t.ok(["network", "rm", "-f", "-t", "0", "nbused"])).out).toBe("nbused");
    expect((await t.tspod(["container", "exists", "onused"])).code).toBe(1);
    expect((await t.tspod(["container", "exists", "onused2"])).code).toBe(1);
    expect(existsSync(join(t.tmp, "networks", "nbused.json"))).toBe(false);
    await t.ok(["network", "rm", "nbfree1"]);
  }, 120_000);

  test("connect and disconnect mistakes", async () => {
    await net("nbc1");
    await net("nbc2");
    await t.ok(["create", "--name", "cidle", "--network", "nbc1", BB, "true"]);
    expectError(await t.tspod(["network", "connect", "nbnope", "cidle"]), 125, "unable to find network with name or ID nbnope: network not found");
    expectError(await t.tspod(["network", "connect", "nbc1", "nocontainer"]), 125, 'no container with name or ID "nocontainer" found: no such container');
    expectError(await t.tspod(["network", "connect", "nbc1"]), 125, "accepts 2 arg(s), received 1");
    expectError(await t.tspod(["network", "connect", "--ip", "foo", "nbc2", "cidle"]), 125, 'invalid argument "foo" for "--ip" flag: failed to parse IP: "foo"', "See 'tspod network connect --help'");
    expectError(await t.tspod(["network", "connect", "--mac-address", "foo", "nbc2", "cidle"]), 125, "address foo: invalid MAC address");
    // connecting a container that is not running to its network again is a no-op (Docker compat)
    await t.ok(["network", "connect", "nbc1", "cidle"]);
    const running = (await t.ok(["run", "-d", "--name", "crun", "--network", "nbc1", BB, "sleep", "100"])).out;
    expectError(await t.tspod(["network", "connect", "nbc1", "crun"]), 125, `container ${running} is already connected to network "nbc1": network is already connected`);
    // a static address outside the network: the connection is undone
    const ipam = readFileSync(join(t.runroot, "networks", "ipam.json"), "utf8");
    expectError(await t.tspod(["network", "connect", "--ip", "10.254.254.9", "nbc2", "crun"]), 125, "requested static ip 10.254.254.9 not in any subnet on network nbc2");
    expect(readFileSync(join(t.runroot, "networks", "ipam.json"), "utf8")).toBe(ipam);
    expect((await t.ok(["inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "crun"])).out.trim()).toBe("nbc1");
    expectError(await t.tspod(["network", "disconnect", "nbc2", "crun"]), 125, "container crun is not connected to network nbc2");
    expectError(await t.tspod(["network", "disconnect", "nbnope", "crun"]), 125, "unable to find network with name or ID nbnope: network not found");
    await t.ok(["rm", "-f", "-t", "0", "cidle", "crun"]);
  }, 120_000);
});

describe("create/run with bad network settings", () => {
  test("--network naming what does not exist, bad per-network options: nothing created", async () => {
    const before = await leftovers();
    const cases: [string[], string][] = [
      [["--network", "nbnope"], "unable to find network with name or ID nbnope: network not found"],
      [["--network", "podman,nbnope"], "unable to find network with name or ID nbnope: network not found"],
      [["--network", "podman:ip=foo"], 'invalid option for network podman: invalid ip address "foo"'],
      [["--network", "podman:mac=foo"], "invalid option for network podman: address foo: invalid MAC address"],
      [["--network", "podman:alias="], "invalid option for network podman: alias cannot be empty"],
      [["--network", "bogus:x=1"], "invalid option for network bogus: unknown bridge network option: x"],
      [["--network", "ns:/nonexistent/netns"], "cannot find specified network namespace path: stat /nonexistent/netns: no such file or directory"],
      [["--network", "container:nocontainer"], 'looking up container to share net namespace with: no container with name or ID "nocontainer" found: no such container'],
      [["--ip", "foo"], '"foo" is not an ip address'],
      [["--mac-address", "foo"], "address foo: invalid MAC address"],
      [["--network", "none", "--ip", "10.1.1.1"], "--ip can only be set when the network mode is bridge: invalid argument"],
      [["--dns", "none", "--dns", "192.0.2.53"], "none is not allowed to be specified with other DNS ip addresses"],
      [["--dns", "none", "--dns-search", "example.com"], "invalid config provided: UseImageResolvConf and DNSSearch are mutually exclusive options"],
      [["--network", "none", "--dns", "192.0.2.53"], "conflicting options: dns and the network mode: none"],
    ];
    for (const verb of ["create", "run"]) {
      for (const [args, message] of cases) {
        const r = await t.tspod([verb, "--rm", ...args, BB, "true"]);
        expect({ verb, args, code: r.code, stderr: r.stderr }).toEqual({ verb, args, code: 125, stderr: `Error: ${message}\n` });
      }
    }
    expect(await leftovers()).toEqual(before);
  }, 120_000);

  test("a static IP outside the network fails at start (run: 126) and leaves no IP or netns", async () => {
    const before = await leftovers();
    const r = await t.tspod(["run", "--name", "badip", "--ip", "10.254.254.9", BB, "true"]);
    expectError(r, 126, "requested static ip 10.254.254.9 not in any subnet on network podman");
    expect(await state("badip")).toBe("created");
    const after = await leftovers();
    expect({ netns: after.netns, ipam: after.ipam }).toEqual({ netns: before.netns, ipam: before.ipam });
    await t.ok(["rm", "badip"]);
  }, 60_000);

  test("--dns none keeps the image's resolv.conf (busybox has none)", async () => {
    const r = await t.tspod(["run", "--rm", "--dns", "none", BB, "cat", "/etc/resolv.conf"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "cat: can't open '/etc/resolv.conf': No such file or directory\n" });
    await t.ok(["create", "--name", "dnsnone", "--dns", "none", BB, "true"]);
    expect((await t.ok(["inspect", "--format", "{{json .HostConfig.Dns}}", "dnsnone"])).out).toBe("[]");
    await t.ok(["rm", "dnsnone"]);
    // without it, tspod's resolv.conf is mounted as before
    expect((await t.ok(["run", "--rm", "--dns", "192.0.2.53", BB, "cat", "/etc/resolv.conf"])).out).toContain("nameserver 192.0.2.53");
  }, 60_000);

  test("--network none keeps the image's resolv.conf too, as Podman does", async () => {
    const r = await t.tspod(["run", "--rm", "--network", "none", BB, "cat", "/etc/resolv.conf"]);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 1, stderr: "cat: can't open '/etc/resolv.conf': No such file or directory\n" });
    await t.ok(["create", "--name", "netnone", "--network", "none", BB, "true"]);
    const info = parseJson((await t.ok(["inspect", "netnone"])).stdout)[0];
    expect(info.ResolvConfPath).toBe("");
    expect(info.HostsPath).not.toBe("");
    await t.ok(["rm", "netnone"]);
  }, 60_000);
});
