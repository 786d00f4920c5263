// Bridge networking through netavark: the default network, modes, published ports (TCP and UDP
// from the host), /etc/hosts and resolv.conf, and cleanup of netns, IPs and firewall rules.

import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "network" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

/** a TCP port nothing listens on right now */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function ipamEmpty(): boolean {
  const f = join(t.runroot, "networks", "ipam.json");
  return !existsSync(f) || readFileSync(f, "utf8").trim() === "{}";
}

function natRules(): string {
  return Bun.spawnSync({ cmd: ["iptables", "-t", "nat", "-S"], stdout: "pipe" }).stdout.toString();
}

const prefix = () => t.defaultSubnet.replace(/\.0\/24$/, ".");

describe("default network", () => {
  test("a container gets its own address, /etc/hosts and resolv.conf", async () => {
    const r = await t.ok([
      "run", "--rm", "--name", "hostsy", "--hostname", "hosty", "--add-host", "extra.example:192.0.2.77",
      "--dns", "192.0.2.53", "--dns-search", "corp.example", "--dns-option", "ndots:3",
      BB, "sh", "-c", "ip -4 addr show eth0; echo ---; cat /etc/hosts; echo ---; cat /etc/resolv.conf; echo ---; hostname",
    ]);
    const [addr, hosts, resolv, hostname] = r.out.split("---\n");
    const ip = new RegExp(`inet (${prefix().replace(/\./g, "\\.")}\\d+)/24`).exec(addr!)?.[1];
    expect(ip).toBeDefined();
    const lines = hosts!.trim().split("\n");
    expect(lines[0]).toBe("192.0.2.77\textra.example");
    expect(lines).toContain(`${prefix()}1\thost.containers.internal`);
    expect(lines.at(-1)).toBe(`${ip}\thosty hostsy`);
    expect(resolv!.trim().split("\n")).toEqual(["search corp.example", "nameserver 192.0.2.53", "options ndots:3"]);
    expect(hostname!.trim()).toBe("hosty");
  });

  test("outbound traffic reaches the host through NAT, and inspect shows the endpoint", async () => {
    const id = (await t.ok(["run", "-d", BB, "sleep", "60"])).out;
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    const ns = info.NetworkSettings;
    expect(ns.IPAddress.startsWith(prefix())).toBe(true);
    expect(ns.Gateway).toBe(`${prefix()}1`);
    expect(ns.IPPrefixLen).toBe(24);
    expect(ns.MacAddress).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(ns.Networks.podman.IPAddress).toBe(ns.IPAddress);
    expect(ns.Networks.podman.Aliases).toEqual([id.slice(0, 12)]);
    expect(ns.SandboxKey).toBe(join(t.runroot, "netns", id));
    expect(info.HostConfig.NetworkMode).toBe("bridge");
    // the host's own address: the container reaches it through the bridge's gateway route
    const r = await t.tspod(["exec", id, "sh", "-c", `ip route; nc -w 3 ${prefix()}1 1 </dev/null; echo rc=$?`]);
    expect(r.out).toContain(`default via ${prefix()}1`);
    await t.ok(["rm", "-f", "-t", "0", id]);
    expect(existsSync(join(t.runroot, "netns", id))).toBe(false);
    expect(ipamEmpty()).toBe(true);
  });

  test("--no-hosts keeps the image's /etc/hosts", async () => {
    const r = await t.tspod(["run", "--rm", "--no-hosts", BB, "sh", "-c", "grep -c host.containers.internal /etc/hosts || true"]);
    expect(r.out).not.toContain("1");
  });
});

describe("network modes", () => {
  test("none, host, container: and ns:", async () => {
    const none = await t.ok(["run", "--rm", "--network", "none", BB, "sh", "-c", "ls /sys/class/net"]);
    expect(none.out.split(/\s+/)).toEqual(["lo"]);
    const noneHosts = (await t.ok(["run", "--rm", "--network", "none", "--name", "nonebox", "--hostname", "nb", BB, "cat", "/etc/hosts"])).out.split("\n");
    expect(noneHosts.at(-1)).toBe("127.0.0.1\tnb nonebox");
    expect(noneHosts.some((l) => l.endsWith("\thost.containers.internal"))).toBe(true);
    const host = await t.ok(["run", "--rm", "--network", "host", BB, "ls", "/sys/class/net"]);
    expect(host.out.split(/\s+/).sort()).toEqual(readdirSync("/sys/class/net").sort());
    const a = (await t.ok(["run", "-d", "--name", "nsowner", BB, "sleep", "60"])).out;
    const ipA = parseJson((await t.ok(["inspect", a])).stdout)[0].NetworkSettings.IPAddress;
    const joined = await t.ok(["run", "--rm", "--network", "container:nsowner", BB, "ip", "-4", "addr", "show", "eth0"]);
    expect(joined.out).toContain(`inet ${ipA}/24`);
    const byPath = await t.ok(["run", "--rm", "--network", `ns:${join(t.runroot, "netns", a)}`, BB, "ip", "-4", "addr", "show", "eth0"]);
    expect(byPath.out).toContain(`inet ${ipA}/24`);
    await t.ok(["rm", "-f", "-t", "0", a]);
  });

  test("--ip, --mac-address and bad values", async () => {
    const ip = `${prefix()}200`;
    const r = await t.ok(["run", "--rm", "--ip", ip, "--mac-address", "92:d0:c6:0a:29:33", BB, "ip", "addr", "show", "eth0"]);
    expect(r.out).toContain(`inet ${ip}/24`);
    expect(r.out).toContain("92:d0:c6:0a:29:33");
    const bad = await t.tspod(["create", "--network", "none", "--ip", ip, BB]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain("--ip can only be set when the network mode is bridge");
    const missing = await t.tspod(["create", "--network", "nosuchnet", BB]);
    expect(missing.stderr).toContain("unable to find network with name or ID nosuchnet: network not found");
    const port = await t.tspod(["create", "-p", "8080-8081:80", BB]);
    expect(port.stderr).toContain("host and container port ranges have different lengths: 2 vs 1");
  });
});

describe("published ports", () => {
  test("HTTP from a container through -p, port, ps and inspect", async () => {
    const hostPort = await freePort();
    const id = (await t.ok([
      "run", "-d", "-p", `${hostPort}:80`, "-p", "127.0.0.1::81", "--expose", "7000", BB,
      "sh", "-c", "mkdir /www && echo hello-from-container > /www/index.html && exec httpd -f -p 80 -h /www",
    ])).out;
    const body = await waitFor(async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${hostPort}/`)).text();
      } catch {
        return "";
      }
    }, 10_000, 100);
    expect(body).toBe("hello-from-container\n");
    const port = (await t.ok(["port", id])).out.split("\n");
    expect(port[0]).toBe(`80/tcp -> 0.0.0.0:${hostPort}`);
    expect(port[1]).toMatch(/^81\/tcp -> 127\.0\.0\.1:\d+$/);
    expect((await t.ok(["port", id, "80"])).out).toBe(`0.0.0.0:${hostPort}`);
    expect((await t.ok(["port", "-a"])).out.split("\n")).toContain(`${id.slice(0, 12)}\t80/tcp -> 0.0.0.0:${hostPort}`);
    const missing = await t.tspod(["port", id, "9999"]);
    expect(missing.code).toBe(125);
    expect(missing.stderr).toContain(`failed to find published port "9999"`);
    const ps = (await t.ok(["ps", "--format", "{{.Ports}}", "--filter", `id=${id}`])).out;
    expect(ps).toMatch(new RegExp(`^0\\.0\\.0\\.0:${hostPort}->80/tcp, 127\\.0\\.0\\.1:\\d+->81/tcp$`));
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    expect(info.NetworkSettings.Ports["7000/tcp"]).toBeNull();
    expect(info.NetworkSettings.Ports["80/tcp"]).toEqual([{ HostIp: "", HostPort: String(hostPort) }]);
    expect(info.HostConfig.PortBindings["80/tcp"]).toEqual([{ HostIp: "", HostPort: String(hostPort) }]);
    await t.ok(["rm", "-f", "-t", "0", id]);
    expect(natRules()).not.toContain(`--dport ${hostPort} `);
  });

  test("UDP through -p PORT/udp", async () => {
    const src = join(t.tmp, "udpecho.c");
    await Bun.write(src, `#include <stdio.h>
#include <stdlib.h>
#include <netinet/in.h>
#include <sys/socket.h>
int main(int argc, char **argv) {
  int s = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1])); a.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(s, (struct sockaddr *)&a, sizeof a) < 0) { perror("bind"); return 1; }
  for (;;) {
    char buf[512], out[600]; struct sockaddr_in from; socklen_t fl = sizeof from;
    ssize_t n = recvfrom(s, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
    if (n < 0) continue;
    int m = snprintf(out, sizeof out, "echo:%.*s", (int)n, buf);
    sendto(s, out, m, 0, (struct sockaddr *)&from, fl);
  }
}
`);
    const bin = join(t.tmp, "udpecho");
    const cc = Bun.spawnSync({ cmd: ["gcc", "-static", "-O2", "-o", bin, src], stderr: "pipe" });
    expect(cc.exitCode).toBe(0);
    const hostPort = await freePort();
    const id = (await t.ok(["create", "-p", `127.0.0.1:${hostPort}:5353/udp`, BB, "/udpecho", "5353"])).out;
    await t.ok(["cp", bin, `${id}:/udpecho`]);
    await t.ok(["start", id]);
    const sock = createSocket("udp4");
    const reply = await waitFor(
      () =>
        new Promise<string>((resolve) => {
          const timer = setTimeout(() => resolve(""), 300);
          sock.once("message", (m) => {
            clearTimeout(timer);
            resolve(m.toString());
          });
          sock.send("ping", hostPort, "127.0.0.1");
        }),
      10_000,
      10,
    );
    sock.close();
    expect(reply).toBe("echo:ping");
    expect((await t.ok(["port", id])).out).toBe(`5353/udp -> 127.0.0.1:${hostPort}`);
    await t.ok(["rm", "-f", "-t", "0", id]);
  });

  test("-P publishes the exposed ports on free host ports", async () => {
    const id = (await t.ok(["create", "-P", "--expose", "9000-9001", BB, "true"])).out;
    const info = parseJson((await t.ok(["inspect", id])).stdout)[0];
    const ports = info.HostConfig.PortBindings;
    expect(Object.keys(ports).sort()).toEqual(["9000/tcp", "9001/tcp"]);
    expect(Number(ports["9000/tcp"][0].HostPort)).toBeGreaterThan(0);
    await t.ok(["rm", id]);
  });
});

describe("cleanup", () => {
  test("stop, kill and exit leave no netns, IP or rule behind", async () => {
    const hostPort = await freePort();
    const id = (await t.ok(["run", "-d", "-p", `${hostPort}:80`, BB, "sleep", "60"])).out;
    expect(natRules()).toContain(`--dport ${hostPort} `);
    await t.ok(["kill", id]);
    await waitFor(() => !existsSync(join(t.runroot, "netns", id)) && ipamEmpty(), 10_000);
    expect(existsSync(join(t.runroot, "netns", id))).toBe(false);
    expect(ipamEmpty()).toBe(true);
    expect(natRules()).not.toContain(`--dport ${hostPort} `);
    // started again: same config, a network again; stop tears it down
    await t.ok(["start", id]);
    expect(existsSync(join(t.runroot, "netns", id))).toBe(true);
    await t.ok(["stop", "-t", "0", id]);
    expect(existsSync(join(t.runroot, "netns", id))).toBe(false);
    expect(ipamEmpty()).toBe(true);
    await t.ok(["rm", id]);
  });
});
