/**
 * Network shapes in netavark's wire casing: the config files under network_config_dir (the same
 * JSON Podman writes), the options netavark reads on stdin and the status it prints.
 */

export interface NetworkSubnet {
  subnet: string;
  gateway?: string;
  lease_range?: { start_ip?: string; end_ip?: string };
}

/** One network, as stored in `<network_config_dir>/<name>.json`. */
export interface NetworkConfig {
  name: string;
  id: string;
  driver: string;
  network_interface?: string;
  created: string;
  subnets?: NetworkSubnet[];
  ipv6_enabled: boolean;
  internal: boolean;
  dns_enabled: boolean;
  network_dns_servers?: string[];
  labels?: Record<string, string>;
  options?: Record<string, string>;
  ipam_options?: Record<string, string>;
}

/** `-p`: one published port range. `host_ip` "" means every address. */
export interface PortMapping {
  host_ip: string;
  container_port: number;
  host_port: number;
  range: number;
  protocol: string;
}

/** Per network options of a container (netavark's `networks` map). */
export interface PerNetworkOptions {
  static_ips?: string[];
  aliases?: string[];
  static_mac?: string;
  interface_name: string;
}

/** What netavark reports per network after `setup`. */
export interface NetworkStatus {
  dns_search_domains?: string[];
  dns_server_ips?: string[];
  interfaces: Record<string, { mac_address: string; subnets?: { ipnet: string; gateway?: string }[] }>;
}

/** The network part of a container's config (fixed at create; networks change with connect/disconnect). */
export interface ContainerNetConfig {
  /** Bridge networks the container joins, in order; empty for none/host/ns:/container: modes. */
  networks: Record<string, PerNetworkOptions>;
  ports: PortMapping[];
  /** `--expose` and, with `-P`, the image's EXPOSE: `80/tcp`. */
  exposed: string[];
  publishAll: boolean;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  addHosts: string[];
  noHosts: boolean;
  /** `--dns none`: no resolv.conf is mounted; the image's own file stays. */
  useImageResolvConf?: boolean;
  /** `--network container:ID`: the container whose network namespace this one joins. */
  joinContainer?: string;
}

/** The network part of a container's state while its namespace is set up. */
export interface ContainerNetState {
  /** The netns file (bind mount) netavark configured. */
  netns: string;
  networks: Record<string, NetworkStatus>;
}
