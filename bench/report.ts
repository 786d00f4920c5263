// Turns hyperfine JSON exports into the tspod-vs-Podman table (printed and written as Markdown).
//
//   bun bench/report.ts OUT.md HEADER_LINE BENCH...
//
// BENCH is `label|target|a.json,b.json,...`: target is the largest acceptable tspod/podman ratio of
// the medians; each JSON (one per round) holds a result named "tspod" and, when Podman was measured,
// one named "podman". The individual run times of all rounds are pooled before taking the median.
// `label|target|skip:REASON` prints a clearly labelled row for a benchmark that was not measured.

import { readFileSync, writeFileSync } from "node:fs";

interface HyperfineResult {
  command: string;
  median: number;
  mean: number;
  stddev: number;
  min: number;
  max: number;
  times: number[];
}

interface Row {
  label: string;
  skipped?: string;
  tspod: number;
  podman?: number;
  target: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function loadRow(spec: string): Row {
  const [label, target, files] = spec.split("|");
  if (!label || !target || !files) throw new Error(`bad benchmark spec: ${spec}`);
  if (files.startsWith("skip:")) return { label, target: Number(target), tspod: Number.NaN, runs: 0, skipped: files.slice(5) };
  const times = new Map<string, number[]>();
  for (const file of files.split(",")) {
    const results = (JSON.parse(readFileSync(file, "utf8")) as { results: HyperfineResult[] }).results;
    for (const r of results) times.set(r.command, [...(times.get(r.command) ?? []), ...r.times]);
  }
  const tspod = times.get("tspod");
  if (!tspod?.length) throw new Error(`${files}: no "tspod" result`);
  const podman = times.get("podman");
  return {
    label,
    target: Number(target),
    tspod: median(tspod) * 1000,
    podman: podman?.length ? median(podman) * 1000 : undefined,
    runs: tspod.length,
  };
}

function table(rows: Row[]): string[] {
  const withPodman = rows.some((r) => r.podman !== undefined);
  const head = withPodman
    ? ["benchmark", "tspod median ms", "podman median ms", "tspod/podman", "target", "result"]
    : ["benchmark", "tspod median ms", "runs"];
  const body = rows.map((r) => {
    if (r.skipped !== undefined) {
      const cells = [r.label, `SKIPPED: ${r.skipped}`, ...Array(head.length - 2).fill("—")];
      return cells as string[];
    }
    if (!withPodman) return [r.label, r.tspod.toFixed(1), String(r.runs)];
    if (r.podman === undefined) return [r.label, r.tspod.toFixed(1), "—", "—", `≤${r.target}`, "—"];
    const ratio = r.tspod / r.podman;
    return [
      r.label,
      r.tspod.toFixed(1),
      r.podman.toFixed(1),
      ratio.toFixed(2),
      `≤${r.target}`,
      ratio <= r.target ? "PASS" : "MISS",
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

const [out, header, ...specs] = process.argv.slice(2);
if (!out || header === undefined || specs.length === 0) {
  console.error("usage: bun bench/report.ts OUT.md HEADER_LINE 'label|target|file.json'...");
  process.exit(2);
}
const lines = table(specs.map(loadRow));
console.log(lines.join("\n"));
writeFileSync(out, `# tspod benchmarks\n\n${header}\n\n${lines.join("\n")}\n`);
