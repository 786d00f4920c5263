/**
 * Docker's network routes (list, inspect, create, remove, connect, disconnect, prune) in Docker's
 * shapes. As Podman does, the default network ("podman") is shown as Docker's "bridge", and
 * "bridge" names it in requests.
 */
import type { ApiRequest } from "../api-request.ts";
import type { NetworkConfig } from "../../network/network-types.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool, qFilters } from "../api-params.ts";
import { Fields } from "./body-fields.ts";

const DEFAULT = "podman";

/** The engine's name for a name or id in a Docker request. */
export function engineNetworkName(name: string): string {
  return name === "bridge" ? DEFAULT : name;
}

function dockerName(name: string): string {
  return name === DEFAULT ? "bridge" : name;
}

type Endpoints = Record<string, { Name: string; EndpointID: string; MacAddress: string; IPv4Address: string; IPv6Address: string }>;

/** The running containers on each network, with their addresses (Docker lists only live endpoints). */
async function endpointsByNetwork(r: ApiRequest): Promise<Map<string, Endpoints>> {
  const out = new Map<string, Endpoints>();
  const live = (await r.engines.containers.list({ all: true, filters: [] })).filter((c) => (c.State === "running" || c.State === "paused") && c.Networks.length);
  if (!live.length) return out;
  const inspected = await r.engines.containers.inspect(live.map((c) => c.Id)).catch(() => []);
  for (const c of inspected) {
    const nets = (c.NetworkSettings as { Networks?: Record<string, Record<string, unknown>> }).Networks ?? {};
    for (const [name, ep] of Object.entries(nets)) {
      const map = out.get(name) ?? {};
      const ip = String(ep.IPAddress ?? "");
      const ip6 = String(ep.GlobalIPv6Address ?? "");
      map[c.Id] = {
        Name: c.Name,
        EndpointID: String(ep.EndpointID ?? ""),
        MacAddress: String(ep.MacAddress ?? ""),
        IPv4Address: ip ? `${ip}/${ep.IPPrefixLen}` : "",
        IPv6Address: ip6 ? `${ip6}/${ep.GlobalIPv6PrefixLen}` : "",
      };
      out.set(name, map);
    }
  }
  return out;
}

export function dockerNetwork(n: NetworkConfig, containers: Endpoints): Record<string, unknown> {
  return {
    Name: dockerName(n.name),
    Id: n.id,
    Created: n.created,
    Scope: "local",
    Driver: n.driver,
    EnableIPv6: n.ipv6_enabled,
    IPAM: {
      Driver: "default",
      Options: n.ipam_options ?? {},
      Config: (n.subnets ?? []).map((s) => ({
        Subnet: s.subnet,
        ...(s.gateway ? { Gateway: s.gateway } : {}),
        ...(s.lease_range?.start_ip ? { IPRange: s.subnet } : {}),
      })),
    },
    Internal: n.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: "" },
    ConfigOnly: false,
    Containers: containers,
    Options: n.options ?? {},
    Labels: n.labels ?? {},
  };
}

export async function list(r: ApiRequest): Promise<void> {
  const type: string[] = [];
  const filters = qFilters(r.query).filter((f) => {
    if (!f.startsWith("type=")) return true;
    const v = f.slice(5);
    if (v !== "custom" && v !== "builtin") throw exactError("invalid_argument", `invalid filter: 'type'='${v}'`);
    type.push(v);
    return false;
  });
  // Docker's name filter is a substring match of the shown name
  const nets = (await r.engines.networks.list(filters.map((f) => (f === "name=bridge" ? `name=${DEFAULT}` : f)))).filter(
    (n) => !type.length || type.includes(n.name === DEFAULT ? "builtin" : "custom"),
  );
  const eps = await endpointsByNetwork(r);
  r.reply.json(200, nets.map((n) => dockerNetwork(n, eps.get(n.name) ?? {})));
}

async function find(r: ApiRequest, nameOrId: string): Promise<NetworkConfig> {
  const { found, errors } = await r.engines.networks.inspect([engineNetworkName(nameOrId)]);
  if (!found[0]) throw errors[0] ?? exactError("no_such_network", `network ${nameOrId} not found`);
  return found[0];
}

export async function inspect(r: ApiRequest): Promise<void> {
  qBool(r.query, "verbose");
  const n = await find(r, r.params.id!);
  const eps = await endpointsByNetwork(r);
  r.reply.json(200, dockerNetwork(n, eps.get(n.name) ?? {}));
}

const CREATE_FIELDS = ["Name", "CheckDuplicate", "Driver", "Scope", "Internal", "Attachable", "Ingress", "ConfigOnly", "ConfigFrom", "IPAM", "EnableIPv6", "Options", "Labels"];

export async function create(r: ApiRequest): Promise<void> {
  const b = Fields.of(await r.json(), "types.NetworkCreateRequest").only(CREATE_FIELDS);
  const name = b.str("Name");
  if (!name) throw exactError("invalid_argument", "network name is required (Name)");
  if (name === "bridge" || name === "host" || name === "none") throw exactError("invalid_argument", `network name ${name} is reserved: invalid argument`);
  if (b.bool("Ingress") || b.bool("ConfigOnly") || !["", "local"].includes(b.str("Scope") ?? "")) {
    throw exactError("invalid_argument", "swarm-scoped networks (Ingress, ConfigOnly, Scope other than local) are not supported");
  }
  const ipam = b.sub("IPAM", "network.IPAM").only(["Driver", "Config", "Options"]);
  const ipamDriver = ipam.str("Driver");
  if (ipamDriver && ipamDriver !== "default" && ipamDriver !== "host-local") throw exactError("invalid_argument", `unsupported ipam driver ${JSON.stringify(ipamDriver)}`);
  const configs = ipam.list("Config", "[]network.IPAMConfig").map((c) => c.only(["Subnet", "IPRange", "Gateway", "AuxiliaryAddresses"]));
  const options = { ...(b.strMap("Options") ?? {}) };
  // Docker's bridge options under their Podman names
  const iface = options["com.docker.network.bridge.name"];
  delete options["com.docker.network.bridge.name"];
  if (options["com.docker.network.driver.mtu"] !== undefined) {
    options.mtu = options["com.docker.network.driver.mtu"]!;
    delete options["com.docker.network.driver.mtu"];
  }
  const driver = b.str("Driver") || "bridge";
  const net = await r.engines.networks.create({
    name,
    driver,
    subnets: configs.map((c) => c.str("Subnet") ?? "").filter(Boolean),
    gateways: configs.map((c) => c.str("Gateway") ?? "").filter(Boolean),
    ipRanges: configs.map((c) => c.str("IPRange") ?? "").filter(Boolean),
    ipv6: b.bool("EnableIPv6"),
    internal: b.bool("Internal"),
    disableDns: false,
    options,
    labels: b.strMap("Labels") ?? {},
    dns: [],
    interfaceName: iface || undefined,
  });
  r.reply.json(201, { Id: net.id, Warning: "" });
}

export async function remove(r: ApiRequest): Promise<void> {
  const n = await find(r, r.params.id!);
  if (n.name === DEFAULT) throw exactError("invalid_argument", "bridge is a pre-defined network and cannot be removed");
  const [report] = await r.engines.networks.remove([n.name], false);
  if (report?.error) throw report.error;
  r.reply.send(204);
}

export async function prune(r: ApiRequest): Promise<void> {
  const gone = await r.engines.networks.prune(qFilters(r.query));
  r.reply.json(200, { NetworksDeleted: gone });
}

export async function connect(r: ApiRequest): Promise<void> {
  const n = await find(r, r.params.id!);
  const b = Fields.of(await r.json(), "types.NetworkConnect").only(["Container", "EndpointConfig"]);
  const container = b.str("Container");
  if (!container) throw exactError("invalid_argument", "container is required (Container)");
  const ep = b.sub("EndpointConfig", "network.EndpointSettings");
  const ipam = ep.sub("IPAMConfig", "network.EndpointIPAMConfig");
  const ips = [ipam.str("IPv4Address"), ipam.str("IPv6Address")].filter((x): x is string => !!x);
  await r.engines.networks.connect(n.name, container, { ips, mac: ep.str("MacAddress") || undefined, aliases: ep.strList("Aliases") ?? [] });
  r.reply.send(200, "OK");
}

export async function disconnect(r: ApiRequest): Promise<void> {
  const n = await find(r, r.params.id!);
  const b = Fields.of(await r.json(), "types.NetworkDisconnect").only(["Container", "Force"]);
  const container = b.str("Container");
  if (!container) throw exactError("invalid_argument", "container is required (Container)");
  await r.engines.networks.disconnect(n.name, container, b.bool("Force"));
  r.reply.send(200, "OK");
}
