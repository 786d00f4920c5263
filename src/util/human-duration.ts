/** Durations and sizes the way Podman prints them (docker/go-units HumanDuration and HumanSize). */

export function humanDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 1) return "Less than a second";
  if (seconds === 1) return "1 second";
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.round(ms / 60000);
  if (minutes === 1) return "About a minute";
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3600000);
  if (hours === 1) return "About an hour";
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

export function timeAgo(iso: string | number, now = Date.now()): string {
  const t = typeof iso === "number" ? iso : Date.parse(iso);
  return `${humanDuration(Math.max(0, now - t))} ago`;
}

/** go-units HumanSize: decimal units at `digits` significant digits, "B" to "PB". */
function scaledSize(bytes: number, digits: number, sep: string): string {
  const units = ["B", "kB", "MB", "GB", "TB", "PB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(digits))}${sep}${units[i]}`;
}

/** Decimal sizes with 3 significant digits: "4.26 MB", "942 kB", "12 B" (go-units HumanSize). */
export function humanSize(bytes: number): string {
  return scaledSize(bytes, 3, " ");
}

/** Go's units.HumanSize as Podman prints it in stats and LogConfig: 4 significant digits, no space ("1MB", "0B"). */
export function goHumanSize(bytes: number): string {
  return scaledSize(bytes, 4, "");
}
