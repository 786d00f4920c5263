/** What a command gets: the global options, output writers and a lazily built engine set. */
import { isTerminal } from "../util/is-terminal.ts";
import { writeStderr, writeStdout } from "../util/stdio.ts";
import type { Engines } from "../domain/engines.ts";
import type { GlobalSettingsInput } from "../config/engine-settings.ts";

export class CliContext {
  private enginesPromise?: Promise<Engines>;

  constructor(
    readonly globals: GlobalSettingsInput,
    readonly commandPath: string[],
    /** The whole command line, recorded as the container's CreateCommand. */
    readonly argv: string[],
  ) {}

  out(text: string | Uint8Array): void {
    if (text) writeStdout(text);
  }

  err(text: string | Uint8Array): void {
    if (text) writeStderr(text);
  }

  get stdoutIsTty(): boolean {
    return isTerminal(1);
  }

  /** The composition root: local engines are loaded only when a command needs them. */
  engines(): Promise<Engines> {
    this.enginesPromise ??= import("../local/local-engines.ts").then((m) => m.createLocalEngines(this.globals, ["tspod", ...this.argv]));
    return this.enginesPromise;
  }
}
