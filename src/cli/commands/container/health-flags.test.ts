import { expect, test } from "bun:test";
import { parseArgs } from "../../flags.ts";
import { HEALTH_FLAGS, healthOptionsFromFlags } from "./health-flags.ts";

const parse = (argv: string[]) => healthOptionsFromFlags(parseArgs(argv, HEALTH_FLAGS));

test("--health-cmd: shell form, JSON form, none, and Podman's defaults", () => {
  expect(parse(["--health-cmd", "curl -f localhost"])).toEqual({
    healthcheck: { Test: ["CMD-SHELL", "curl -f localhost"], Interval: 30e9, Timeout: 30e9, Retries: 3 },
    healthOnFailure: "none",
  });
  expect(parse(["--health-cmd", '["true","x"]']).healthcheck?.Test).toEqual(["CMD", "true", "x"]);
  expect(parse(["--health-cmd", '["CMD-SHELL","exit 0"]']).healthcheck?.Test).toEqual(["CMD-SHELL", "exit 0"]);
  expect(parse(["--health-cmd", "none"]).healthcheck).toBeNull();
  expect(parse(["--no-healthcheck"]).healthcheck).toBeNull();
  expect(parse([]).healthcheck).toBeUndefined();
});

test("intervals, start period, disable, and overrides of the image's check", () => {
  const hc = parse(["--health-cmd", "true", "--health-interval", "1m30s", "--health-start-period", "5s", "--health-on-failure", "restart"]);
  expect(hc.healthcheck).toMatchObject({ Interval: 90e9, StartPeriod: 5e9 });
  expect(hc.healthOnFailure).toBe("restart");
  expect(parse(["--health-cmd", "true", "--health-interval", "disable"]).healthcheck?.Interval).toBeUndefined();
  expect(parse(["--health-retries", "7"]).healthOverrides).toEqual({ Retries: 7 });
});

test("bad values", () => {
  expect(() => parse(["--health-cmd", "true", "--health-interval", "1x"])).toThrow('invalid healthcheck-interval: time: invalid duration "1x"');
  expect(() => parse(["--health-cmd", "true", "--health-retries", "0"])).toThrow("healthcheck-retries must be greater than 0");
  expect(() => parse(["--health-cmd", "true", "--health-timeout", "500ms"])).toThrow("healthcheck-timeout must be at least 1 second");
  expect(() => parse(["--health-on-failure", "reboot"])).toThrow('invalid on-failure action "reboot"');
  expect(() => parse(["--no-healthcheck", "--health-cmd", "true"])).toThrow("cannot specify both --no-healthcheck and --health-cmd");
});
