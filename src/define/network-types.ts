/** Shared plain types for networks (the CLI/API request and the network store's input). */

/** `network create`'s options, as the store takes them. */
export interface NetworkCreateRequest {
  name?: string;
  driver?: string;
  subnets: string[];
  gateways: string[];
  ipRanges: string[];
  ipv6: boolean;
  internal: boolean;
  disableDns: boolean;
  options: Record<string, string>;
  labels: Record<string, string>;
  dns: string[];
  interfaceName?: string;
  /** `--ipam-driver`: "" / host-local, none (dhcp is refused like Podman 4.3 with netavark). */
  ipamDriver?: string;
  ignoreExisting?: boolean;
}
