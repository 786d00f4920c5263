// `tspod network …`: create/ls/inspect/rm/prune/exists, connect/disconnect on running
// containers, reload, DNS between containers, isolation between networks, --internal.
// Every network here uses a random free subnet and bridge name (other test files and other
// users of this machine run at the same time).

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseJson, systemSetup, waitFor } from "./harness.ts";
import { freeBridgeName, freeTestSubnet, leftoverFirewallRules } from "./test-networks.ts";

const t = systemSetup({ name: "netmgr" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

const created: { subnet: string; bridge: string }[] = [];

/** creates a network with its own subnet and bridge; returns the subnet's first three octets + "." */
async function makeNetwork(name: string, extra: string[] = []): Promise<{ prefix: string; bridge: string; subnet: string }> {
  const { subnet } = freeTestSubnet();
  const bridge = freeBridgeName();
  created.push({ subnet, bridge });
  await t.ok(["network", "create", "--subnet", subnet, "--interface-name", bridge, ...extra, name]);
  return { prefix: subnet.replace(/0\/24$/, ""), bridge, subnet };
}

describe("network create / ls / inspect / rm", () => {
  test("create writes Podman's JSON; ls and inspect show it", async () => {
    const { subnet, bridge, prefix } = await makeNetwork("mgr1", ["--label", "team=a", "-o", "mtu=1400", "--ip-range", "", "--dns", "192.0.2.53"].filter((x) => x !== "--ip-range" && x !== ""));
    const file = JSON.parse(readFileSync(join(t.tmp, "networks", "mgr1.json"), "utf8"));
    expect(file).toMatchObject({
      name: "mgr1",
      driver: "bridge",
      network_interface: bridge,
      subnets: [{ subnet, gateway: `${prefix}1` }],
      ipv6_enabled: false,
      internal: false,
      dns_enabled: true,
      network_dns_servers: ["192.0.2.53"],
      labels: { team: "a" },
      options: { mtu: "1400" },
      ipam_options: { driver: "host-local" },
    });
    expect(file.id).toMatch(/^[0-9a-f]{64}$/);
    const inspect = parseJson((await t.ok(["network", "inspect", "mgr1"])).stdout);
    expect(inspect[0]).toEqual(file);
    expect((await t.ok(["network", "inspect", "--format", "{{.Name}} {{.NetworkInterface}} {{.DNSEnabled}}", file.id.slice(0, 12)])).out).toBe(`mgr1 ${bridge} true`);
    const ls = (await t.ok(["network", "ls"])).out.split("\n");
    expect(ls[0]).toMatch(/^NETWORK ID\s+NAME\s+DRIVER$/);
    expect(ls).toContainEqual(expect.stringMatching(new RegExp(`^${file.id.slice(0, 12)}\\s+mgr1\\s+bridge$`)));
    expect((await t.ok(["network", "ls", "-q", "--filter", "label=team=a"])).out).toBe("mgr1");
    expect((await t.ok(["network", "ls", "--filter", "name=mgr", "--format", "{{.Name}} {{.Labels}}"])).out).toBe("mgr1 team=a");
    const json = parseJson((await t.ok(["network", "ls", "--format", "json"])).stdout);
    expect(json.map((n: any) => n.name)).toEqual(["mgr1", "podman"]); // sorted by name, like Podman
    expect((await t.tspod(["network", "exists", "mgr1"])).code).toBe(0);
    expect((await t.tspod(["network", "exists", "nope"])).code).toBe(1);
    const again = await t.tspod(["network", "create", "--subnet", "10.1.2.0/24", "mgr1"]);
    expect(again.code).toBe(125);
    expect(again.stderr).toContain("network name mgr1 already used: network already exists");
    const overlap = await t.tspod(["network", "create", "--subnet", subnet, "mgr-overlap"]);
    expect(overlap.stderr).toContain(`subnet ${subnet} is already used on the host or by another config`);
    const gw = await t.tspod(["network", "create", "--subnet", "10.251.1.0/24", "--gateway", "10.251.2.1", "mgr-gw"]);
    expect(gw.stderr).toContain("gateway 10.251.2.1 not in subnet 10.251.1.0/24");
    const missing = await t.tspod(["network", "inspect", "nope"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain("unable to find network with name or ID nope: network not found");
    expect((await t.ok(["network", "rm", "mgr1"])).out).toBe("mgr1");
    expect(existsSync(join(t.tmp, "networks", "mgr1.json"))).toBe(false);
  });

  test("rm refuses a network in use; rm -f removes its containers; prune keeps used ones", async () => {
    await makeNetwork("mgr2");
    await makeNetwork("mgr3");
    const id = (await t.ok(["create", "--network", "mgr2", BB, "true"])).out;
    const busy = await t.tspod(["network", "rm", "mgr2"]);
    expect(busy.code).toBe(2); // Podman's exit code for a network in use
    expect(busy.stderr).toContain(`"mgr2" has associated containers with it. Use -f to forcibly delete containers and pods: network is being used`);
    const keep = (await t.ok(["create", "--network", "mgr3", BB, "true"])).out;
    expect((await t.ok(["network", "prune", "-f"])).out).toBe("");
    await t.ok(["network", "rm", "-f", "mgr2"]);
    expect((await t.tspod(["container", "exists", id])).code).toBe(1);
    await t.ok(["rm", keep]);
    expect((await t.ok(["network", "prune", "-f"])).out).toBe("mgr3");
    expect((await t.ok(["network", "ls", "-q"])).out).toBe("podman");
  });
});

describe("DNS, isolation and internal networks", () => {
  test("containers resolve each other by name and alias; other networks cannot reach them", async () => {
    const { prefix } = await makeNetwork("dns1");
    const server = (await t.ok(["run", "-d", "--name", "srv", "--network", "dns1", "--network-alias", "web", BB, "sh", "-c", "while true; do echo hi | nc -l -p 8080; done"])).out;
    const ip = parseJson((await t.ok(["inspect", server])).stdout)[0].NetworkSettings.Networks.dns1.IPAddress;
    expect(ip.startsWith(prefix)).toBe(true);
    const same = await t.ok(["run", "--rm", "--network", "dns1", BB, "sh", "-c", "cat /etc/resolv.conf; nslookup srv; nslookup web; nc -w 3 web 8080"]);
    expect(same.out).toContain(`nameserver ${prefix}1`);
    expect(same.out).toContain("search dns.podman");
    expect(same.out.match(new RegExp(`Address: ${ip.replace(/\./g, "\\.")}`, "g"))?.length).toBe(2);
    expect(same.out.trim().endsWith("hi")).toBe(true);
    const other = await t.tspod(["run", "--rm", BB, "sh", "-c", `nc -w 2 ${ip} 8080; echo rc=$?`]);
    expect(other.out).toContain("rc=1");
    expect(other.out).not.toContain("hi");
    await t.ok(["rm", "-f", "-t", "0", server]);
    await t.ok(["network", "rm", "dns1"]);
  });

  test("when one isolated network's last container goes, the others stay isolated", async () => {
    const { prefix } = await makeNetwork("isoa");
    await makeNetwork("isob");
    const server = (await t.ok(["run", "-d", "--network", "isoa", BB, "sh", "-c", "while true; do echo hi | nc -l -p 8080; done"])).out;
    const ip = parseJson((await t.ok(["inspect", server])).stdout)[0].NetworkSettings.Networks.isoa.IPAddress;
    expect(ip.startsWith(prefix)).toBe(true);
    // netavark 1.4 deletes the shared FORWARD jump with isob's last container; tspod puts it back
    const passer = (await t.ok(["run", "-d", "--network", "isob", BB, "sleep", "60"])).out;
    await t.ok(["rm", "-f", "-t", "0", passer]);
    expect(Bun.spawnSync({ cmd: ["iptables", "-w", "-C", "FORWARD", "-j", "NETAVARK_ISOLATION_1"], stderr: "ignore" }).exitCode).toBe(0);
    const other = await t.tspod(["run", "--rm", BB, "sh", "-c", `nc -w 2 ${ip} 8080; echo rc=$?`]);
    expect(other.out).toContain("rc=1");
    expect(other.out).not.toContain("hi");
    await t.ok(["rm", "-f", "-t", "0", server]);
    await t.ok(["network", "rm", "isoa", "isob"]);
  });

  test("--internal networks have no route out", async () => {
    const { prefix } = await makeNetwork("int1", ["--internal"]);
    const r = await t.ok(["run", "--rm", "--network", "int1", BB, "sh", "-c", "ip route; ip -4 addr show eth0"]);
    expect(r.out).toContain(`inet ${prefix}`);
    expect(r.out).not.toContain("default via");
    await t.ok(["network", "rm", "int1"]);
  });
});

describe("connect, disconnect and reload", () => {
  test("a running container joins and leaves a network; reload restores flushed rules", async () => {
    const { prefix } = await makeNetwork("cn1");
    const id = (await t.ok(["run", "-d", BB, "sleep", "120"])).out;
    await t.ok(["network", "connect", "--alias", "extra", "cn1", id]);
    const addrs = (await t.ok(["exec", id, "ip", "-4", "addr"])).out;
    expect(addrs).toContain(`inet ${prefix}`);
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    expect(Object.keys(info.NetworkSettings.Networks).sort()).toEqual(["cn1", "podman"]);
    expect(info.NetworkSettings.Networks.cn1.Aliases).toEqual(["extra", id.slice(0, 12)]);
    expect((await t.ok(["ps", "--format", "{{.Networks}}", "--filter", `id=${id}`])).out).toBe("cn1,podman");
    const twice = await t.tspod(["network", "connect", "cn1", id]);
    expect(twice.code).toBe(125);
    await t.ok(["network", "disconnect", "cn1", id]);
    expect((await t.ok(["exec", id, "ip", "-4", "addr"])).out).not.toContain(`inet ${prefix}`);
    await t.ok(["rm", "-f", "-t", "0", id]);
    await t.ok(["network", "rm", "cn1"]);
  });

  test("network reload re-creates a container's port forwarding", async () => {
    const { createServer } = await import("node:net");
    const hostPort: number = await new Promise((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const id = (await t.ok(["run", "-d", "-p", `${hostPort}:80`, BB, "sh", "-c", "mkdir /w && echo up > /w/index.html && exec httpd -f -p 80 -h /w"])).out;
    const get = () => fetch(`http://127.0.0.1:${hostPort}/`, { signal: AbortSignal.timeout(1500) }).then((r) => r.text(), () => "");
    expect(await waitFor(get, 10_000, 100)).toBe("up\n");
    // flush only this container's rule from the shared DNAT chain
    const rules = Bun.spawnSync({ cmd: ["iptables", "-t", "nat", "-S", "NETAVARK-HOSTPORT-DNAT"], stdout: "pipe" }).stdout.toString();
    const mine = rules.split("\n").filter((l) => l.includes(`--dport ${hostPort} `));
    expect(mine.length).toBeGreaterThan(0);
    for (const rule of mine) {
      const args = rule.replace(/^-A /, "-D ").match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, ""));
      expect(Bun.spawnSync({ cmd: ["iptables", "-t", "nat", ...args] }).exitCode).toBe(0);
    }
    expect(await get()).toBe("");
    expect((await t.ok(["network", "reload", id])).out).toBe(id);
    expect(await waitFor(get, 10_000, 100)).toBe("up\n");
    await t.ok(["rm", "-f", "-t", "0", id]);
  });
});

describe("per-network options and crashes", () => {
  test("--network NET:ip=…,alias=… and two networks at once", async () => {
    const a = await makeNetwork("opt1");
    const b = await makeNetwork("opt2");
    const id = (await t.ok(["run", "-d", "--network", `opt1:ip=${a.prefix}50,alias=first`, BB, "sleep", "60"])).out;
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    expect(info.NetworkSettings.Networks.opt1.IPAddress).toBe(`${a.prefix}50`);
    expect(info.NetworkSettings.Networks.opt1.Aliases).toEqual(["first", id.slice(0, 12)]);
    // not the default network: the old top-level fields stay empty, like Podman's
    expect(info.NetworkSettings.IPAddress).toBe("");
    const taken = await t.tspod(["run", "--rm", "--network", `opt1:ip=${a.prefix}50`, BB, "true"]);
    expect(taken.code).toBe(126); // Podman: a run whose start fails exits 126
    expect(taken.stderr).toContain(`requested ip address ${a.prefix}50 is already allocated`);
    const two = await t.ok(["run", "--rm", "--network", "opt1,opt2", BB, "ip", "-4", "addr"]);
    expect(two.out).toContain(`inet ${a.prefix}`);
    expect(two.out).toContain(`inet ${b.prefix}`);
    const repeated = await t.ok(["run", "--rm", "--network", "opt2", "--network", `opt1:ip=${a.prefix}51`, BB, "ip", "-4", "addr"]);
    expect(repeated.out).toContain(`inet ${a.prefix}51/24`);
    expect(repeated.out).toContain(`inet ${b.prefix}`);
    await t.ok(["rm", "-f", "-t", "0", id]);
    await t.ok(["network", "rm", "opt1", "opt2"]);
  });

  test("concurrent starts get distinct addresses", async () => {
    const { prefix } = await makeNetwork("conc1");
    const ids = await Promise.all([1, 2, 3, 4, 5].map(async () => (await t.ok(["run", "-d", "--network", "conc1", BB, "sleep", "60"])).out));
    const ips = await Promise.all(ids.map(async (id) => (await t.ok(["inspect", "--format", "{{.NetworkSettings.Networks.conc1.IPAddress}}", id])).out));
    expect(new Set(ips).size).toBe(5);
    for (const ip of ips) expect(ip.startsWith(prefix)).toBe(true);
    await t.ok(["rm", "-f", "-t", "0", ...ids]);
    await t.ok(["network", "rm", "conc1"]);
  });

  test("IPv6: --ipv6 networks and --ip6", async () => {
    const { subnet } = freeTestSubnet();
    const hex = Math.floor(Math.random() * 0xffff).toString(16);
    const v6 = `fd42:7473:706f:${hex}::/64`;
    await t.ok(["network", "create", "--ipv6", "--subnet", subnet, "--subnet", v6, "--interface-name", freeBridgeName(), "v6a"]);
    const n = parseJson((await t.ok(["network", "inspect", "v6a"])).stdout)[0];
    expect(n.ipv6_enabled).toBe(true);
    expect(n.subnets[1]).toEqual({ subnet: v6, gateway: `fd42:7473:706f:${hex}::1` });
    const r = await t.ok(["run", "--rm", "--network", "v6a", "--ip6", `fd42:7473:706f:${hex}::42`, BB, "ip", "-6", "addr"]);
    expect(r.out).toContain(`inet6 fd42:7473:706f:${hex}::42/64`);
    await t.ok(["network", "rm", "v6a"]);
  });

  test("macvlan networks are written in Podman's format", async () => {
    const { subnet } = freeTestSubnet();
    await t.ok(["network", "create", "-d", "macvlan", "-o", "parent=lo", "--subnet", subnet, "mv1"]);
    const n = parseJson((await t.ok(["network", "inspect", "mv1"])).stdout)[0];
    // Podman moves `-o parent=` to network_interface
    expect(n).toMatchObject({ driver: "macvlan", network_interface: "lo", subnets: [{ subnet }] });
    expect(n.options).toBeUndefined();
    await t.ok(["network", "rm", "mv1"]);
  });

  test("a start killed at any point leaves nothing once the container is removed", async () => {
    for (const delay of [30, 120, 250]) {
      const id = (await t.ok(["create", "-p", "127.0.0.1::80", BB, "sleep", "60"])).out;
      const proc = Bun.spawn({ cmd: [join(import.meta.dir, "../../bin/tspod"), "--root", t.root, "--runroot", t.runroot, "start", id], env: { ...process.env, CONTAINERS_CONF: t.containersConf }, stdout: "ignore", stderr: "ignore" });
      await Bun.sleep(delay);
      proc.kill("SIGKILL");
      await proc.exited;
      await t.ok(["rm", "-f", "-t", "0", id]);
      expect(existsSync(join(t.runroot, "netns", id))).toBe(false);
      const ipam = join(t.runroot, "networks", "ipam.json");
      expect(existsSync(ipam) ? readFileSync(ipam, "utf8") : "{}").not.toContain(id);
      const rules = Bun.spawnSync({ cmd: ["iptables", "-t", "nat", "-S"], stdout: "pipe" }).stdout.toString();
      expect(rules).not.toContain(id);
    }
  });
});

test("removed networks leave no bridge and no firewall rule behind", async () => {
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  expect(created.length).toBeGreaterThan(5);
  for (const { subnet, bridge } of created) {
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
    expect(leftoverFirewallRules(subnet)).toEqual([]);
  }
});
