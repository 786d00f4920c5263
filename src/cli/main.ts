/**
 * tspod's entry point: parse global options, find the command in the table, load just that
 * module, run it, and turn errors into Podman's messages and exit codes. The only place that
 * calls process.exit.
 */
import { asTspodError, EXIT_ENGINE, TspodError } from "../errors/tspod-error.ts";
import { COMMANDS, findChild, type CommandNode } from "./command-table.ts";
import { parseArgs, str } from "./flags.ts";
import { GLOBAL_FLAGS, isLogLevel } from "./global-options.ts";
import { commandHelp, treeHelp } from "./help.ts";
import { CliContext } from "./cli-context.ts";
import { TSPOD_VERSION } from "../define/version.ts";
import { writeStderr, writeStdout } from "../util/stdio.ts";
import { remoteRequested } from "../config/remote-requested.ts";
import { databasesOpened, settleDatabases } from "../util/sqlite.ts";
import { exitNow } from "../util/libc.ts";

async function main(argv: string[]): Promise<number> {
  const global = parseArgs(argv, GLOBAL_FLAGS, { stopAtFirstArg: true });
  const g = global.flags;
  const logLevel = str(g, "log-level") ?? "warn";
  if (!isLogLevel(logLevel)) throw new TspodError("bad_flag", `invalid log level "${logLevel}"`);
  if (g.version === true && global.args.length === 0) {
    writeStdout(`tspod version ${TSPOD_VERSION}\n`);
    return 0;
  }

  let nodes: CommandNode[] = COMMANDS;
  let node: CommandNode | undefined;
  const path: string[] = [];
  let rest = global.args;
  while (rest.length > 0) {
    const word = rest[0]!;
    if (word.startsWith("-")) break;
    const child = findChild(nodes, word);
    if (!child) {
      if (node?.load) break;
      const where = ["tspod", ...path].join(" ");
      throw unrecognized(`unrecognized command \`${where} ${word}\``, `Try '${where} --help' for more information`);
    }
    node = child;
    path.push(child.name);
    rest = rest.slice(1);
    if (child.load) break;
    nodes = child.children ?? [];
  }
  if (rest[0] === "help") rest = rest.slice(1);
  if (!node || !node.load) {
    const children = node?.children ?? COMMANDS;
    if (rest.length > 0 && !rest[0]!.startsWith("-")) {
      const where = ["tspod", ...path].join(" ");
      throw unrecognized(`unrecognized command \`${where} ${rest[0]}\``, `Try '${where} --help' for more information`);
    }
    if (g.help !== true && node && rest.length === 0) {
      writeStderr(`Error: missing command '${["tspod", ...path].join(" ")} COMMAND'\n`);
      writeStderr(`Try '${["tspod", ...path].join(" ")} --help' for more information.\n`);
      return EXIT_ENGINE;
    }
    writeStdout(treeHelp(path, children, node?.short ?? "Manage pods, containers and images"));
    return 0;
  }

  const { command } = await node.load();
  const shortHTaken = command.flags.some((f) => f.short === "h");
  const helpFlags = [...command.flags, { name: "help", short: shortHTaken ? undefined : "h", type: "bool" as const, description: `help for ${node.name}` }];
  let parsed;
  try {
    parsed = parseArgs(rest, helpFlags, { stopAtFirstArg: command.stopAtFirstArg });
  } catch (err) {
    if (err instanceof TspodError && err.code === "bad_flag") {
      throw unrecognized(err.message, `See '${["tspod", ...path].join(" ")} --help'`);
    }
    throw err;
  }
  if (parsed.flags.help === true || g.help === true) {
    writeStdout(commandHelp(path, { ...command, flags: helpFlags }));
    return 0;
  }
  const remoteFlags = { remote: g.remote === true, url: str(g, "url"), connection: str(g, "connection"), identity: str(g, "identity") };
  const ctx = new CliContext(
    {
      root: str(g, "root"),
      runroot: str(g, "runroot"),
      runtime: str(g, "runtime"),
      conmon: str(g, "conmon"),
      storageDriver: str(g, "storage-driver"),
      logLevel,
    },
    path,
    argv,
    remoteRequested(remoteFlags) ? (await import("../config/remote-target.ts")).resolveRemoteTarget(remoteFlags) : undefined,
  );
  return command.run(ctx, parsed);
}

class UsageError extends TspodError {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super("bad_flag", message);
    Object.defineProperty(this, "message", { value: message });
  }
}

function unrecognized(message: string, hint: string): UsageError {
  return new UsageError(message, hint);
}

async function entry(): Promise<void> {
  let code: number;
  try {
    code = await main(process.argv.slice(2));
  } catch (raw) {
    const err = asTspodError(raw);
    writeStderr(`Error: ${err.message}\n`);
    if (err instanceof UsageError) writeStderr(`${err.hint}\n`);
    if (err.code === "internal" && process.argv.includes("--log-level=debug") && raw instanceof Error) {
      writeStderr(`${raw.stack}\n`);
    }
    code = err.exitCode;
  }
  // Output is written synchronously (util/stdio.ts), so nothing is pending. With a database open,
  // end at once: committed transactions are in its WAL already, and closing would checkpoint it.
  if (databasesOpened()) {
    settleDatabases();
    exitNow(code);
  }
  process.exit(code);
}

void entry();
