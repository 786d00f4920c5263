/**
 * TLS material for a registry, the containers-certs.d(5) way: `*.crt` files are extra CAs,
 * `*.cert` + `*.key` pairs are client certificates. Read from `--cert-dir` if given, else from
 * `/etc/containers/certs.d/<host:port>/`.
 */
import fs from "node:fs";
import path from "node:path";
import tls from "node:tls";

export const DEFAULT_CERTS_D = "/etc/containers/certs.d";

export interface RegistryTlsOptions {
  /** Extra CA certificates (PEM), added to the system roots. */
  ca?: string[];
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

export function loadRegistryTls(host: string, opts: { certDir?: string; certsD?: string; verify: boolean }): RegistryTlsOptions {
  const dir = opts.certDir ?? path.join(opts.certsD ?? DEFAULT_CERTS_D, host);
  const out: RegistryTlsOptions = { rejectUnauthorized: opts.verify };
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir).sort();
  } catch {
    return out;
  }
  const cas = files.filter((f) => f.endsWith(".crt")).map((f) => fs.readFileSync(path.join(dir, f), "utf8"));
  if (cas.length) out.ca = [...tls.rootCertificates, ...cas];
  const cert = files.find((f) => f.endsWith(".cert"));
  if (cert) {
    const key = cert.replace(/\.cert$/, ".key");
    if (files.includes(key)) {
      out.cert = fs.readFileSync(path.join(dir, cert), "utf8");
      out.key = fs.readFileSync(path.join(dir, key), "utf8");
    }
  }
  return out;
}
