import fs from "node:fs";
import type { CommandSpec } from "../../command.ts";
import { TspodError } from "../../../errors/tspod-error.ts";
import { bool, int, list, str } from "../../flags.ts";
import { latestContainer } from "./latest.ts";

function readEnvFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new TspodError("invalid_argument", `open ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message}`);
  }
  return text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

export const command: CommandSpec = {
  use: "exec [options] CONTAINER [COMMAND [ARG...]]",
  short: "Run a process in a running container",
  long: "Execute the specified command inside a running container.",
  examples: ["tspod exec -it ctrID ls", "tspod exec -it -w /tmp myCtr pwd", "tspod exec --user root ctrID ls"],
  stopAtFirstArg: true,
  flags: [
    { name: "detach", short: "d", type: "bool", description: "Run the exec session in detached mode (backgrounded)" },
    { name: "detach-keys", type: "string", description: "Select the key sequence for detaching a container. Format is a single character [a-Z] or ctrl-<value> where <value> is one of: a-z, @, ^, [, , or _" },
    { name: "env", short: "e", type: "strings", description: "Set environment variables", valueName: "stringArray" },
    { name: "env-file", type: "strings", description: "Read in a file of environment variables" },
    { name: "interactive", short: "i", type: "bool", description: "Keep STDIN open even if not attached" },
    { name: "latest", short: "l", type: "bool", description: "Act on the latest container tspod is aware of" },
    { name: "preserve-fds", type: "int", description: "Pass N additional file descriptors to the container", default: 0 },
    { name: "privileged", type: "bool", description: "Give the process extended Linux capabilities inside the container" },
    { name: "tty", short: "t", type: "bool", description: "Allocate a pseudo-TTY. The default is false" },
    { name: "user", short: "u", type: "string", description: "Sets the username or UID used and optionally the groupname or GID for the specified command" },
    { name: "workdir", short: "w", type: "string", description: "Working directory inside the container" },
  ],
  async run(ctx, parsed) {
    const f = parsed.flags;
    const engines = await ctx.engines();
    let args = parsed.args;
    let container: string;
    if (bool(f, "latest")) container = await latestContainer(engines);
    else {
      if (args.length < 1) throw new TspodError("invalid_argument", "exec requires the name or ID of a container or the --latest flag");
      container = args[0]!;
      args = args.slice(1);
    }
    if (args.length === 0) throw new TspodError("invalid_argument", "must provide a non-empty command to start an exec session");
    const keys = str(f, "detach-keys");
    if (keys !== undefined && keys !== "" && !/^(ctrl-[a-z@^[\\\]_]|[a-zA-Z])(,(ctrl-[a-z@^[\\\]_]|[a-zA-Z]))*$/.test(keys)) {
      throw new TspodError("invalid_argument", `invalid detach keys: ${keys}`);
    }
    const env = [...list(f, "env-file").flatMap(readEnvFile), ...list(f, "env")];
    const result = await engines.containerExec.exec(
      container,
      {
        command: args,
        interactive: bool(f, "interactive"),
        tty: bool(f, "tty"),
        detach: bool(f, "detach"),
        env,
        user: str(f, "user"),
        workdir: str(f, "workdir"),
        privileged: bool(f, "privileged"),
        detachKeys: keys,
        preserveFds: int(f, "preserve-fds") ?? 0,
      },
      (d) => ctx.err(d),
    );
    if (bool(f, "detach")) {
      ctx.out(`${result.sessionId}\n`);
      return 0;
    }
    return result.exitCode ?? 0;
  },
};
