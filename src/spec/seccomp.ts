/**
 * Converts a seccomp profile in containers/common's format (/usr/share/containers/seccomp.json:
 * `defaultAction`, `defaultErrnoRet`, `archMap`, `syscalls` with `includes`/`excludes` conditions
 * on capabilities, architectures and kernel version) into the OCI `linux.seccomp` section for one
 * container, as Podman does at create time:
 * - a syscall entry is kept when every `includes.caps` is in the container's (bounding)
 *   capabilities, the native arch is in `includes.arches` (if any) and the kernel is at least
 *   `includes.minKernel` (if known); it is dropped when any `excludes.caps` is held or the native
 *   arch is in `excludes.arches`;
 * - architectures: the profile's `architectures`, plus the native one and its
 *   `subArchitectures` from `archMap`;
 * - actions keep their `SCMP_ACT_*` names; `errnoRet` and non-empty `args` are copied.
 */
import { TspodError } from "../errors/tspod-error.ts";
import type { OciSeccomp, OciSeccompArg, OciSyscall } from "./oci-spec-types.ts";

export interface SeccompContext {
  /** The container's bounding capabilities (`CAP_…`). */
  capabilities: string[];
  /** Node's `process.arch` (`x64`) or a Go arch name (`amd64`). */
  arch: string;
  /** `uname -r`, for `minKernel`; undefined treats every minKernel as satisfied. */
  kernelVersion?: string;
}

/** Node `process.arch` → Go `GOARCH` (the names the profile's `arches` use). */
const NODE_TO_GO: Record<string, string> = {
  x64: "amd64", ia32: "386", arm64: "arm64", arm: "arm", ppc64: "ppc64le", s390x: "s390x",
  mips: "mips", mipsel: "mipsle", riscv64: "riscv64", loong64: "loong64",
};

/** Go arch → libseccomp architecture name. */
const GO_TO_SCMP: Record<string, string> = {
  amd64: "SCMP_ARCH_X86_64", "386": "SCMP_ARCH_X86", arm64: "SCMP_ARCH_AARCH64", arm: "SCMP_ARCH_ARM",
  ppc64: "SCMP_ARCH_PPC64", ppc64le: "SCMP_ARCH_PPC64LE", s390x: "SCMP_ARCH_S390X", s390: "SCMP_ARCH_S390",
  mips: "SCMP_ARCH_MIPS", mipsle: "SCMP_ARCH_MIPSEL", mips64: "SCMP_ARCH_MIPS64", mips64le: "SCMP_ARCH_MIPSEL64",
  riscv64: "SCMP_ARCH_RISCV64", loong64: "SCMP_ARCH_LOONGARCH64",
};

/** `x64` → `amd64`; Go names pass through. */
export function goArch(arch: string): string {
  return NODE_TO_GO[arch] ?? arch;
}

interface ProfileArg { index: number; value: number; valueTwo?: number; op: string }
interface ProfileCondition { caps?: string[] | null; arches?: string[] | null; minKernel?: string | null }
interface ProfileSyscall {
  name?: string;
  names?: string[] | null;
  action: string;
  errnoRet?: number | null;
  args?: ProfileArg[] | null;
  includes?: ProfileCondition | null;
  excludes?: ProfileCondition | null;
}
interface Profile {
  defaultAction: string;
  defaultErrnoRet?: number | null;
  architectures?: string[] | null;
  archMap?: Array<{ architecture: string; subArchitectures?: string[] | null }> | null;
  syscalls?: ProfileSyscall[] | null;
  flags?: string[] | null;
  listenerPath?: string;
  listenerMetadata?: string;
}

export function convertSeccomp(profile: unknown, ctx: SeccompContext): OciSeccomp {
  const p = validate(profile);
  const arch = goArch(ctx.arch);
  const caps = new Set(ctx.capabilities);
  const out: OciSeccomp = { defaultAction: p.defaultAction };
  if (typeof p.defaultErrnoRet === "number") out.defaultErrnoRet = p.defaultErrnoRet;

  const arches = [...(p.architectures ?? [])];
  const native = GO_TO_SCMP[arch];
  for (const entry of p.archMap ?? []) {
    if (entry.architecture === native) arches.push(entry.architecture, ...(entry.subArchitectures ?? []));
  }
  if (arches.length > 0) out.architectures = [...new Set(arches)];
  if (p.flags && p.flags.length > 0) out.flags = [...p.flags];
  if (p.listenerPath) out.listenerPath = p.listenerPath;
  if (p.listenerMetadata) out.listenerMetadata = p.listenerMetadata;

  const syscalls: OciSyscall[] = [];
  for (const call of p.syscalls ?? []) {
    if (!applies(call, caps, arch, ctx.kernelVersion)) continue;
    const names = call.names && call.names.length > 0 ? [...call.names] : call.name ? [call.name] : [];
    if (names.length === 0) continue;
    const sc: OciSyscall = { names, action: call.action };
    if (typeof call.errnoRet === "number") sc.errnoRet = call.errnoRet;
    if (call.args && call.args.length > 0) sc.args = call.args.map(convertArg);
    syscalls.push(sc);
  }
  if (syscalls.length > 0) out.syscalls = syscalls;
  return out;
}

function applies(call: ProfileSyscall, caps: Set<string>, arch: string, kernel: string | undefined): boolean {
  const inc = call.includes ?? {};
  const exc = call.excludes ?? {};
  if (exc.arches?.includes(arch)) return false;
  if (exc.caps?.some((c) => caps.has(c))) return false;
  if (inc.arches && inc.arches.length > 0 && !inc.arches.includes(arch)) return false;
  if (inc.caps && inc.caps.some((c) => !caps.has(c))) return false;
  if (inc.minKernel && kernel !== undefined && compareKernel(kernel, inc.minKernel) < 0) return false;
  return true;
}

function convertArg(a: ProfileArg): OciSeccompArg {
  const arg: OciSeccompArg = { index: a.index, value: a.value, op: a.op };
  if (a.valueTwo) arg.valueTwo = a.valueTwo;
  return arg;
}

/** Compares `major.minor[.patch]` prefixes of two kernel versions (`6.18.44-fc` vs `5.8`). */
export function compareKernel(a: string, b: string): number {
  const parse = (v: string) => (v.match(/^(\d+)(?:\.(\d+))?(?:\.(\d+))?/) ?? []).slice(1, 4).map((x) => Number(x ?? 0));
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function validate(profile: unknown): Profile {
  if (typeof profile !== "object" || profile === null || typeof (profile as Profile).defaultAction !== "string") {
    throw new TspodError("config", "seccomp profile has no defaultAction");
  }
  const p = profile as Profile;
  if (p.architectures && p.architectures.length > 0 && p.archMap && p.archMap.length > 0) {
    throw new TspodError("config", "seccomp profile: use either 'architectures' or 'archMap'");
  }
  if (p.syscalls != null && !Array.isArray(p.syscalls)) throw new TspodError("config", "seccomp profile: 'syscalls' is not a list");
  return p;
}
