import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { compareKernel, convertSeccomp, goArch } from "./seccomp.ts";
import type { OciSeccomp } from "./oci-spec-types.ts";

const REAL = "/usr/share/containers/seccomp.json";
const hasReal = existsSync(REAL);
const real = (): unknown => JSON.parse(readFileSync(REAL, "utf8"));
const DEFAULT_CAPS = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SETFCAP", "CAP_SETGID", "CAP_SETPCAP", "CAP_SETUID", "CAP_SYS_CHROOT"];

function actionFor(s: OciSeccomp, name: string): string[] {
  return (s.syscalls ?? []).filter((c) => c.names.includes(name) && !c.args).map((c) => c.action);
}

describe("convertSeccomp on a synthetic profile", () => {
  const profile = {
    defaultAction: "SCMP_ACT_ERRNO",
    defaultErrnoRet: 38,
    archMap: [
      { architecture: "SCMP_ARCH_X86_64", subArchitectures: ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
      { architecture: "SCMP_ARCH_AARCH64", subArchitectures: ["SCMP_ARCH_ARM"] },
    ],
    syscalls: [
      { names: ["read", "write"], action: "SCMP_ACT_ALLOW", args: [], includes: {}, excludes: {} },
      { name: "legacy", action: "SCMP_ACT_ALLOW" },
      { names: ["reboot"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_BOOT"] } },
      { names: ["both"], action: "SCMP_ACT_ALLOW", includes: { caps: ["CAP_SYS_BOOT", "CAP_SYS_ADMIN"] } },
      { names: ["notadmin"], action: "SCMP_ACT_ERRNO", errnoRet: 1, excludes: { caps: ["CAP_SYS_ADMIN"] } },
      { names: ["arch_prctl"], action: "SCMP_ACT_ALLOW", includes: { arches: ["amd64", "x32"] } },
      { names: ["notarm"], action: "SCMP_ACT_ALLOW", excludes: { arches: ["arm64"] } },
      { names: ["newer"], action: "SCMP_ACT_ALLOW", includes: { minKernel: "5.8" } },
      { names: ["personality"], action: "SCMP_ACT_ALLOW", args: [{ index: 0, value: 8, valueTwo: 0, op: "SCMP_CMP_EQ" }, { index: 1, value: 1, valueTwo: 3, op: "SCMP_CMP_MASKED_EQ" }] },
    ],
  };
  const names = (s: OciSeccomp) => (s.syscalls ?? []).flatMap((c) => c.names);

  test("amd64: native arch plus sub-architectures, default errno", () => {
    const s = convertSeccomp(profile, { capabilities: [], arch: "x64" });
    expect(s.defaultAction).toBe("SCMP_ACT_ERRNO");
    expect(s.defaultErrnoRet).toBe(38);
    expect(s.architectures).toEqual(["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]);
    expect(names(s)).toEqual(["read", "write", "legacy", "notadmin", "arch_prctl", "notarm", "newer", "personality"]);
  });
  test("arm64 drops amd64-only and arm-excluded entries", () => {
    const s = convertSeccomp(profile, { capabilities: [], arch: "arm64" });
    expect(s.architectures).toEqual(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]);
    expect(names(s)).not.toContain("arch_prctl");
    expect(names(s)).not.toContain("notarm");
  });
  test("includes.caps needs every cap; excludes.caps any", () => {
    const boot = names(convertSeccomp(profile, { capabilities: ["CAP_SYS_BOOT"], arch: "amd64" }));
    expect(boot).toContain("reboot");
    expect(boot).not.toContain("both");
    const both = names(convertSeccomp(profile, { capabilities: ["CAP_SYS_BOOT", "CAP_SYS_ADMIN"], arch: "amd64" }));
    expect(both).toContain("both");
    expect(both).not.toContain("notadmin");
  });
  test("minKernel compares with the given kernel version", () => {
    expect(names(convertSeccomp(profile, { capabilities: [], arch: "x64", kernelVersion: "5.4.0-1" }))).not.toContain("newer");
    expect(names(convertSeccomp(profile, { capabilities: [], arch: "x64", kernelVersion: "6.18.44-fc-v669" }))).toContain("newer");
  });
  test("errnoRet and non-empty args are copied; zero valueTwo and empty args omitted", () => {
    const s = convertSeccomp(profile, { capabilities: [], arch: "x64" });
    expect(s.syscalls?.[0]).toEqual({ names: ["read", "write"], action: "SCMP_ACT_ALLOW" });
    expect(s.syscalls?.find((c) => c.names[0] === "notadmin")).toEqual({ names: ["notadmin"], action: "SCMP_ACT_ERRNO", errnoRet: 1 });
    expect(s.syscalls?.find((c) => c.names[0] === "personality")?.args).toEqual([
      { index: 0, value: 8, op: "SCMP_CMP_EQ" },
      { index: 1, value: 1, valueTwo: 3, op: "SCMP_CMP_MASKED_EQ" },
    ]);
  });
  test("a plain architectures list is used as is", () => {
    const s = convertSeccomp({ defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"] }, { capabilities: [], arch: "x64" });
    expect(s).toEqual({ defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64"] });
  });
  test("invalid profiles are refused", () => {
    expect(() => convertSeccomp({}, { capabilities: [], arch: "x64" })).toThrow("no defaultAction");
    expect(() => convertSeccomp({ defaultAction: "SCMP_ACT_ALLOW", architectures: ["A"], archMap: [{ architecture: "A" }] }, { capabilities: [], arch: "x64" })).toThrow();
  });
  test("helpers", () => {
    expect(goArch("x64")).toBe("amd64");
    expect(goArch("amd64")).toBe("amd64");
    expect(compareKernel("6.18.44-fc", "5.8")).toBeGreaterThan(0);
    expect(compareKernel("5.8", "5.8.0")).toBe(0);
    expect(compareKernel("4.19", "5.0")).toBeLessThan(0);
  });
});

describe.skipIf(!hasReal)("convertSeccomp on this host's /usr/share/containers/seccomp.json", () => {
  const fixture = JSON.parse(readFileSync(join(import.meta.dir, "testdata/podman-4.3.1-base-config.json"), "utf8"));

  test("default capabilities: identical to Podman 4.3.1's output", () => {
    const s = convertSeccomp(real(), { capabilities: DEFAULT_CAPS, arch: "x64" });
    expect(s).toEqual(fixture.linux.seccomp);
  });
  test("with CAP_SYS_CHROOT chroot is allowed, without it denied with EPERM", () => {
    expect(actionFor(convertSeccomp(real(), { capabilities: DEFAULT_CAPS, arch: "x64" }), "chroot")).toEqual(["SCMP_ACT_ALLOW"]);
    expect(convertSeccomp(real(), { capabilities: ["CAP_SYS_ADMIN"], arch: "x64" }).syscalls?.find((c) => c.names.includes("chroot")))
      .toEqual({ names: ["chroot"], action: "SCMP_ACT_ERRNO", errnoRet: 1 });
  });
  test("CAP_SYS_ADMIN switches the bpf/mount group from EPERM to allowed (as Podman with --cap-drop all --cap-add sys_admin)", () => {
    expect(actionFor(convertSeccomp(real(), { capabilities: DEFAULT_CAPS, arch: "x64" }), "bpf")).toEqual(["SCMP_ACT_ERRNO"]);
    expect(actionFor(convertSeccomp(real(), { capabilities: ["CAP_SYS_ADMIN"], arch: "x64" }), "bpf")).toEqual(["SCMP_ACT_ALLOW"]);
  });
  test("CAP_AUDIT_WRITE replaces the conditional socket rules with an unconditional allow", () => {
    const without = convertSeccomp(real(), { capabilities: DEFAULT_CAPS, arch: "x64" }).syscalls?.filter((c) => c.names.includes("socket"));
    expect(without?.length).toBe(4);
    const withCap = convertSeccomp(real(), { capabilities: ["CAP_AUDIT_WRITE"], arch: "x64" }).syscalls?.filter((c) => c.names.includes("socket"));
    expect(withCap).toEqual([{ names: ["socket"], action: "SCMP_ACT_ALLOW" }]);
  });
  test("arm64 gets the arm-only syscalls and not arch_prctl", () => {
    const s = convertSeccomp(real(), { capabilities: DEFAULT_CAPS, arch: "arm64" });
    expect(s.architectures).toEqual(["SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"]);
    const all = (s.syscalls ?? []).flatMap((c) => c.names);
    expect(all).toContain("cacheflush");
    expect(all).not.toContain("arch_prctl");
  });
});
