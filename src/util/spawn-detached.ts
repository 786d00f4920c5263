/** Starts a process in its own session with stdio on /dev/null and does not wait for it. */
export function spawnDetached(argv: string[], env?: Record<string, string | undefined>): void {
  const proc = Bun.spawn(["setsid", "-f", ...argv], { stdio: ["ignore", "ignore", "ignore"], env });
  proc.unref();
}
