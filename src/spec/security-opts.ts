/**
 * `--security-opt` values as Podman reads them: seccomp=unconfined|PATH, no-new-privileges[=bool],
 * mask=PATHS, unmask=PATHS|ALL, systempaths=unconfined, label=… and apparmor=… (accepted and
 * recorded; this host runs neither SELinux nor AppArmor), proc-opts=….
 */
import { exactError } from "../errors/tspod-error.ts";
import type { SpecSecurity } from "./spec-options.ts";

export interface SecurityOpts extends SpecSecurity {
  /** `unconfined`, a profile path, or undefined for the default profile. */
  seccomp?: string;
  labels: string[];
  apparmor?: string;
  /** What inspect shows as `HostConfig.SecurityOpt`. */
  recorded: string[];
}

export function parseSecurityOpts(entries: string[]): SecurityOpts {
  const out: SecurityOpts = { labels: [], recorded: [], mask: [], unmask: [] };
  for (const raw of entries) {
    const opt = raw.trim();
    if (opt === "no-new-privileges") {
      out.noNewPrivileges = true;
      out.recorded.push(opt);
      continue;
    }
    const eq = opt.search(/[=:]/);
    if (eq <= 0) throw exactError("invalid_argument", `invalid --security-opt 1: ${JSON.stringify(opt)}`);
    const key = opt.slice(0, eq);
    const value = opt.slice(eq + 1);
    switch (key) {
      case "no-new-privileges":
        if (value !== "true" && value !== "false") throw exactError("invalid_argument", `invalid --security-opt 2: ${JSON.stringify(opt)}`);
        out.noNewPrivileges = value === "true";
        if (out.noNewPrivileges) out.recorded.push("no-new-privileges");
        break;
      case "seccomp":
        out.seccomp = value;
        out.recorded.push(`seccomp=${value}`);
        break;
      case "mask":
        out.mask!.push(...value.split(":").filter(Boolean));
        break;
      case "unmask":
        out.unmask!.push(...value.split(":").filter(Boolean));
        break;
      case "systempaths":
        if (value !== "unconfined") throw exactError("invalid_argument", `invalid systempaths option ${JSON.stringify(value)}, only \`unconfined\` is supported`);
        out.unmask!.push("ALL");
        break;
      case "label":
        out.labels.push(value);
        out.recorded.push(`label=${value}`);
        break;
      case "apparmor":
        out.apparmor = value;
        out.recorded.push(`apparmor=${value}`);
        break;
      case "proc-opts":
        break;
      default:
        throw exactError("invalid_argument", `invalid --security-opt 2: ${JSON.stringify(opt)}`);
    }
  }
  for (const p of [...out.mask!, ...out.unmask!]) {
    if (p !== "ALL" && !p.startsWith("/")) throw exactError("invalid_argument", `${p} is not an absolute path`);
  }
  return out;
}
