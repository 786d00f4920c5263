/**
 * Block I/O flags (`--blkio-weight-device`, `--device-read-bps`, `--device-write-bps`) →
 * `MAJOR:MINOR VALUE` lines as the blkio cgroup files take them, with Podman's messages.
 */
import fs from "node:fs";
import { exactError } from "../errors/tspod-error.ts";
import { ramInBytes } from "../util/parse-units.ts";

function deviceNumbers(devicePath: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(devicePath);
  } catch {
    throw exactError("invalid_argument", `could not parse throttle device at ${devicePath}: no such file or directory`);
  }
  if (!st.isBlockDevice()) throw exactError("invalid_argument", `${devicePath} is not a block device`);
  const rdev = st.rdev;
  const major = Math.floor(rdev / 256) & 0xfff;
  const minor = (rdev & 0xff) | ((Math.floor(rdev / 4096) >>> 8) & 0xfff00);
  return `${major}:${minor}`;
}

function split(value: string): [string, string] {
  const colon = value.lastIndexOf(":");
  if (colon <= 0) throw exactError("invalid_argument", `bad format: ${value}`);
  return [value.slice(0, colon), value.slice(colon + 1)];
}

/** `PATH:RATE` (bytes, with an optional unit) → `MAJOR:MINOR BYTES`. */
export function parseThrottleDevice(value: string): string {
  const [dev, rate] = split(value);
  const bytes = /^\d/.test(rate) ? ramInBytes(rate) : undefined;
  if (bytes === undefined || bytes <= 0) {
    throw exactError("invalid_argument", `invalid rate for device: ${value}. The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. Unit is optional and can be kb, mb, or gb`);
  }
  return `${deviceNumbers(dev)} ${bytes}`;
}

/** `PATH:WEIGHT` (10–1000) → `MAJOR:MINOR WEIGHT`. */
export function parseWeightDevice(value: string): string {
  const [dev, weight] = split(value);
  const w = /^\d+$/.test(weight) ? Number(weight) : NaN;
  if (!(w >= 10 && w <= 1000)) throw exactError("invalid_argument", `invalid weight for device: ${value}`);
  return `${deviceNumbers(dev)} ${w}`;
}
