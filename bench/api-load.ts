// Requests per second against API services at a fixed concurrency, plus each service's RSS.
//
//   bun bench/api-load.ts OUT.md SECONDS CONCURRENCY NAME=SOCKET:PID ... -- PATH ...
//
// Each of CONCURRENCY clients sends GET PATH over the unix socket in a loop (keep-alive) for
// SECONDS; every response must be 200. Services are measured one after the other, alternating per
// path. Prints a Markdown table (req/s, ratio to the first service, RSS after the run) and appends
// it to OUT.md.

import { appendFileSync, readFileSync } from "node:fs";

const [out, secondsArg, concArg, ...rest] = process.argv.slice(2);
const sep = rest.indexOf("--");
if (!out || !secondsArg || !concArg || sep < 1) throw new Error("usage: api-load.ts OUT.md SECONDS CONCURRENCY NAME=SOCKET:PID ... -- PATH ...");
const seconds = Number(secondsArg);
const concurrency = Number(concArg);
const services = rest.slice(0, sep).map((s) => {
  const m = /^([^=]+)=(.+):(\d+)$/.exec(s);
  if (!m) throw new Error(`bad service ${s}`);
  return { name: m[1]!, sock: m[2]!, pid: Number(m[3]) };
});
const paths = rest.slice(sep + 1);

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

async function load(sock: string, path: string, secs: number): Promise<number> {
  const end = performance.now() + secs * 1000;
  let done = 0;
  const client = async () => {
    while (performance.now() < end) {
      const res = await fetch(`http://d${path}`, { unix: sock } as RequestInit);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, client));
  return done / ((performance.now() - start) / 1000);
}

const lines = [``, `### API: GET at ${concurrency} concurrent clients, ${seconds} s each`, ``, `| request | ${services.map((s) => `${s.name} req/s`).join(" | ")} | ${services.slice(1).map((s) => `${services[0]!.name}/${s.name}`).join(" | ")} | ${services.map((s) => `${s.name} RSS`).join(" | ")} |`, `|${"---|".repeat(1 + services.length * 2 + services.length - 1)}`];
for (const path of paths) {
  const rates: number[] = [];
  const rss: number[] = [];
  for (const s of services) {
    await load(s.sock, path, 0.5); // warm-up
    rates.push(await load(s.sock, path, seconds));
    rss.push(rssMiB(s.pid));
  }
  lines.push(`| \`${path}\` | ${rates.map((r) => r.toFixed(0)).join(" | ")} | ${rates.slice(1).map((r) => `${(rates[0]! / r).toFixed(2)}×`).join(" | ")} | ${rss.map((m) => `${m.toFixed(0)} MiB`).join(" | ")} |`);
}
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
appendFileSync(out, text);
