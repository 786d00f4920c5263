/** What a command gets: the global options, output writers and a lazily built engine set. */
import { isTerminal } from "../util/is-terminal.ts";
import { writeStderr, writeStdout } from "../util/stdio.ts";
import type { Engines } from "../domain/engines.ts";
import type { GlobalSettingsInput } from "../config/engine-settings.ts";
import type { RemoteTarget } from "../config/remote-target.ts";

export class CliContext {
  private enginesPromise?: Promise<Engines>;

  constructor(
    readonly globals: GlobalSettingsInput,
    readonly commandPath: string[],
    /** The whole command line, recorded as the container's CreateCommand. */
    readonly argv: string[],
    /** Set when tspod talks to a service (--remote, --url, --connection, CONTAINER_HOST …). */
    readonly remote?: RemoteTarget,
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
    if (this.remote) {
      const target = this.remote;
      const io = { stdout: (d: Uint8Array) => this.out(d), stdin: () => process.stdin as AsyncIterable<Uint8Array> };
      this.enginesPromise ??= import("../remote/remote-engines.ts").then((m) => m.createRemoteEngines(target, io));
    }
    this.enginesPromise ??= import("../local/local-engines.ts").then((m) => m.createLocalEngines(this.globals, ["tspod", ...this.argv]));
    return this.enginesPromise;
  }
}
