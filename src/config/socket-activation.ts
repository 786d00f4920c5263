/**
 * systemd socket activation (sd_listen_fds): the listening sockets systemd passed us, starting at
 * fd 3, when LISTEN_PID names this process. The variables are cleared so children do not see them.
 */
export const SD_LISTEN_FDS_START = 3;

export function socketActivationFds(env: NodeJS.ProcessEnv = process.env, pid: number = process.pid): number[] {
  const count = Number(env.LISTEN_FDS ?? "");
  const owner = Number(env.LISTEN_PID ?? "");
  if (!Number.isInteger(count) || count <= 0 || owner !== pid) return [];
  delete env.LISTEN_FDS;
  delete env.LISTEN_PID;
  delete env.LISTEN_FDNAMES;
  return Array.from({ length: count }, (_, i) => SD_LISTEN_FDS_START + i);
}
