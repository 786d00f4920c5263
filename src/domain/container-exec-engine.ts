/** Running things in containers and looking at their processes: exec, top, stats, port. */

export interface ExecOptions {
  command: string[];
  interactive: boolean;
  tty: boolean;
  detach: boolean;
  /** KEY=VALUE (or KEY to take the caller's value, resolved by the CLI) */
  env: string[];
  user?: string;
  workdir?: string;
  privileged: boolean;
  detachKeys?: string;
  preserveFds: number;
}

export interface ExecResult {
  sessionId: string;
  /** The process's exit code (foreground sessions). */
  exitCode?: number;
}

export interface TopReport {
  headers: string[];
  rows: string[][];
}

/** One container's resource usage (Podman's ContainerStats, wire casing). */
export interface ContainerStatsEntry {
  ContainerID: string;
  Name: string;
  PerCPU: null;
  CPU: number;
  CPUNano: number;
  CPUSystemNano: number;
  SystemNano: number;
  MemUsage: number;
  MemLimit: number;
  MemPerc: number;
  NetInput: number;
  NetOutput: number;
  BlockInput: number;
  BlockOutput: number;
  PIDs: number;
  UpTime: number;
  Duration: number;
  AvgCPU: number;
}

export interface PortReport {
  id: string;
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: string }[];
}

export interface ContainerExecEngine {
  exec(nameOrId: string, opts: ExecOptions, stderr: (data: Uint8Array) => void): Promise<ExecResult>;
  top(nameOrId: string, descriptors: string[]): Promise<TopReport>;
  /** Running containers only; `all` lists stopped ones with zero usage. */
  stats(nameOrIds: string[], all: boolean): Promise<ContainerStatsEntry[]>;
  port(nameOrIds: string[], all: boolean): Promise<PortReport[]>;
}
