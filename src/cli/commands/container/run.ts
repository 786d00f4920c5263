import type { CommandSpec } from "../../command.ts";
import { bool } from "../../flags.ts";
import { CREATE_FLAGS, createOptionsFromFlags } from "./create-flags.ts";

const PROXIED_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2"] as const;

export const command: CommandSpec = {
  use: "run [options] IMAGE [COMMAND [ARG...]]",
  short: "Run a command in a new container",
  long: "Runs a command in a new container from the given image",
  examples: ["tspod run imageID ls -alF /etc", "tspod run --network=host imageID dnf -y install java"],
  flags: [{ name: "detach", short: "d", type: "bool", description: "Run container in background and print container ID" }, ...CREATE_FLAGS],
  stopAtFirstArg: true,
  async run(ctx, parsed) {
    const detach = bool(parsed.flags, "detach");
    const opts = createOptionsFromFlags(parsed, detach);
    const engines = await ctx.engines();
    const progress = (line: string) => ctx.err(`${line}\n`);
    const result = await engines.containers.run(
      opts,
      {
        stdout: (d) => ctx.out(d),
        stderr: (d) => ctx.err(d),
        // --sig-proxy (Podman's default): signals to tspod go to the container.
        onStarted: (id) => {
          for (const sig of PROXIED_SIGNALS) {
            process.on(sig, () => void engines.containers.kill(id, sig).catch(() => undefined));
          }
        },
      },
      progress,
    );
    if (detach) {
      ctx.out(`${result.id}\n`);
      return 0;
    }
    return result.exitCode ?? 0;
  },
};
