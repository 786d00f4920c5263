/** One entry of the command tree: a group with children, or a command with a lazy loader. */
import type { CommandModule } from "./command.ts";

export interface CommandNode {
  name: string;
  short: string;
  aliases?: string[];
  /** Also reachable as `tspod <name>` (Podman's top-level shortcuts: `tspod run`, `tspod images`). */
  topLevel?: string;
  /** Left out of help (internal commands such as `healthcheck timer`). */
  hidden?: boolean;
  load?: () => Promise<CommandModule>;
  children?: CommandNode[];
}
