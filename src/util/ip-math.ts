/** IPv4/IPv6 addresses and subnets as bigints: parsing, formatting, containment, overlap. */

export interface IpAddr {
  v: 4 | 6;
  n: bigint;
}

export interface Cidr {
  v: 4 | 6;
  /** The network address (host bits cleared). */
  base: bigint;
  prefix: number;
}

function parseV4(s: string): bigint | undefined {
  const parts = s.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = (n << 8n) | BigInt(Number(p));
  }
  return n;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split("::").length > 2) return undefined;
  let tail4: bigint | undefined;
  let text = s;
  const lastColon = s.lastIndexOf(":");
  if (s.slice(lastColon + 1).includes(".")) {
    tail4 = parseV4(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    text = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const h = head ? head.split(":") : [];
  const r = rest !== undefined && rest !== "" ? rest.split(":") : [];
  const groups = rest === undefined ? h : [...h, ...Array(8 - h.length - r.length).fill("0"), ...r];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  let n = 0n;
  for (const g of groups) n = (n << 16n) | BigInt(parseInt(g, 16));
  if (tail4 !== undefined) n = (n & ~0xffffffffn) | tail4;
  return n;
}

export function parseIp(s: string): IpAddr | undefined {
  const v4 = parseV4(s);
  if (v4 !== undefined) return { v: 4, n: v4 };
  const v6 = s.includes(":") ? parseV6(s) : undefined;
  return v6 === undefined ? undefined : { v: 6, n: v6 };
}

export function formatIp(ip: IpAddr): string {
  if (ip.v === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.n >> s) & 255n)).join(".");
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((ip.n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups (at least two)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return groups.join(":");
  return `${groups.slice(0, best).join(":")}::${groups.slice(best + bestLen).join(":")}`;
}

const bits = (v: 4 | 6) => (v === 4 ? 32 : 128);

export function hostMask(c: { v: 4 | 6; prefix: number }): bigint {
  return (1n << BigInt(bits(c.v) - c.prefix)) - 1n;
}

export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIp(s.slice(0, slash));
  const prefixText = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > bits(ip.v)) return undefined;
  return { v: ip.v, base: ip.n & ~hostMask({ v: ip.v, prefix }), prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp({ v: c.v, n: c.base })}/${c.prefix}`;
}

export function cidrContains(c: Cidr, ip: IpAddr): boolean {
  return c.v === ip.v && (ip.n & ~hostMask(c)) === c.base;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.v !== b.v) return false;
  const p = Math.min(a.prefix, b.prefix);
  const mask = ~hostMask({ v: a.v, prefix: p });
  return (a.base & mask) === (b.base & mask);
}

/** The last address of the subnet (the IPv4 broadcast address). */
export function cidrLast(c: Cidr): bigint {
  return c.base | hostMask(c);
}
