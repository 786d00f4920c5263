/** The shape of one CLI command module (`cli/commands/<noun>/<verb>.ts` exports `command`). */
import type { FlagSpec, ParsedArgs } from "./flags.ts";
import type { CliContext } from "./cli-context.ts";

export interface CommandSpec {
  /** Usage after the program name, e.g. "run [options] IMAGE [COMMAND [ARG...]]" */
  use: string;
  short: string;
  long?: string;
  examples?: string[];
  flags: FlagSpec[];
  /** Stop option parsing at the first positional argument (run, exec, create). */
  stopAtFirstArg?: boolean;
  /** Returns the process exit code. */
  run(ctx: CliContext, parsed: ParsedArgs): Promise<number>;
}

export interface CommandModule {
  command: CommandSpec;
}
