import { execve, keepAcrossExec } from "./libc.ts";

/**
 * Replaces this process by a fresh run of the same binary and arguments (same pid: systemd's
 * LISTEN_PID stays valid); `keepFds` (systemd's sockets) stay open across the exec.
 */
export function reexecSelf(env: Record<string, string>, keepFds: number[] = []): never {
  for (const fd of keepFds) keepAcrossExec(fd);
  // a compiled binary's argv[1] is its embedded entry point; under `bun script.ts` it is the script
  const compiled = import.meta.url.startsWith("file:///$bunfs/");
  const args = process.argv.slice(compiled ? 2 : 1);
  // libc's execve: Bun's process.execve closes every descriptor past stdio
  return execve(process.execPath, [process.execPath, ...args], env);
}
