import { describe, expect, test } from "bun:test";
import { cidrContains, cidrsOverlap, formatCidr, formatIp, parseCidr, parseIp } from "./ip-math.ts";

describe("ip-math", () => {
  test("parses and formats IPv4 and IPv6", () => {
    expect(formatIp(parseIp("10.88.0.1")!)).toBe("10.88.0.1");
    expect(parseIp("10.88.0.256")).toBeUndefined();
    expect(parseIp("1.2.3")).toBeUndefined();
    expect(formatIp(parseIp("fd00::1")!)).toBe("fd00::1");
    expect(formatIp(parseIp("fd00:0:0:1:0:0:0:5")!)).toBe("fd00:0:0:1::5");
    expect(formatIp(parseIp("::ffff:1.2.3.4")!)).toBe("::ffff:102:304");
    expect(parseIp("fd00:::1")).toBeUndefined();
    expect(parseIp("nonsense")).toBeUndefined();
  });
  test("subnets", () => {
    const c = parseCidr("10.88.3.7/16")!;
    expect(formatCidr(c)).toBe("10.88.0.0/16");
    expect(cidrContains(c, parseIp("10.88.255.1")!)).toBe(true);
    expect(cidrContains(c, parseIp("10.89.0.1")!)).toBe(false);
    expect(cidrsOverlap(c, parseCidr("10.88.5.0/24")!)).toBe(true);
    expect(cidrsOverlap(c, parseCidr("10.89.0.0/24")!)).toBe(false);
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(formatCidr(parseCidr("fd12:3456::/64")!)).toBe("fd12:3456::/64");
  });
});
