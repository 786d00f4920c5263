/** Replaces this process by a fresh run of the same binary and arguments (same pid: systemd's LISTEN_PID stays valid). */
export function reexecSelf(env: Record<string, string>): never {
  // a compiled binary's argv[1] is its embedded entry point; under `bun script.ts` it is the script
  const compiled = import.meta.url.startsWith("file:///$bunfs/");
  const args = process.argv.slice(compiled ? 2 : 1);
  const execve = process.execve;
  if (!execve) throw new Error("process.execve is not available in this runtime");
  execve(process.execPath, [process.execPath, ...args], env);
  throw new Error("execve returned");
}
