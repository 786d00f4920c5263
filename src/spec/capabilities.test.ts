import { describe, expect, test } from "bun:test";
import { ALL_CAPABILITIES, normalizeCapability, resolveCapabilities } from "./capabilities.ts";

const DEFAULTS = ["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"];
const DEFAULT_CAPS = DEFAULTS.map((c) => `CAP_${c}`);

describe("normalizeCapability", () => {
  test("accepts names with or without CAP_, any case", () => {
    expect(normalizeCapability("net_admin")).toBe("CAP_NET_ADMIN");
    expect(normalizeCapability("CAP_SYS_ADMIN")).toBe("CAP_SYS_ADMIN");
    expect(normalizeCapability("cap_chown")).toBe("CAP_CHOWN");
    expect(normalizeCapability("all")).toBe("ALL");
  });
  test("rejects unknown names", () => {
    expect(() => normalizeCapability("FLY")).toThrow('unknown capability "FLY"');
  });
  test("knows 41 capabilities", () => {
    expect(ALL_CAPABILITIES.length).toBe(41);
  });
});

describe("resolveCapabilities", () => {
  test("root gets the defaults as bounding, effective and permitted", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 0 });
    expect(caps).toEqual({ bounding: DEFAULT_CAPS, effective: DEFAULT_CAPS, permitted: DEFAULT_CAPS });
  });
  test("--cap-add and --cap-drop adjust the set (sorted like Podman)", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 0, capAdd: ["net_admin"], capDrop: ["CAP_CHOWN"] });
    expect(caps.bounding).toEqual([...DEFAULT_CAPS.filter((c) => c !== "CAP_CHOWN"), "CAP_NET_ADMIN"].sort());
    expect(caps.effective).toEqual(caps.bounding);
    expect(caps.inheritable).toBeUndefined();
  });
  test("--cap-drop all --cap-add sys_admin leaves only SYS_ADMIN", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 0, capAdd: ["sys_admin"], capDrop: ["all"] });
    expect(caps).toEqual({ bounding: ["CAP_SYS_ADMIN"], effective: ["CAP_SYS_ADMIN"], permitted: ["CAP_SYS_ADMIN"] });
  });
  test("--cap-add all gives everything", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 0, capAdd: ["ALL"] });
    expect(caps.bounding?.length).toBe(41);
  });
  test("a non-root user has only the added capabilities in effect (Podman 4.3.1)", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 1000, capAdd: ["net_admin"], capDrop: ["chown"] });
    expect(caps.bounding).toContain("CAP_NET_ADMIN");
    expect(caps.bounding).not.toContain("CAP_CHOWN");
    for (const set of ["effective", "inheritable", "permitted", "ambient"] as const) {
      expect(caps[set]).toEqual(["CAP_NET_ADMIN"]);
    }
  });
  test("a non-root user without --cap-add has only a bounding set", () => {
    expect(Object.keys(resolveCapabilities({ defaults: DEFAULTS, uid: 1000 }))).toEqual(["bounding"]);
  });
  test("privileged gets every capability and ignores --cap-drop", () => {
    const caps = resolveCapabilities({ defaults: DEFAULTS, uid: 0, privileged: true, capDrop: ["chown"] });
    expect(caps.bounding).toEqual([...ALL_CAPABILITIES].sort());
    expect(caps.permitted).toEqual(caps.bounding);
  });
});
