/** `-l/--latest`: the most recently created container. */
import { TspodError } from "../../../errors/tspod-error.ts";
import type { Engines } from "../../../domain/engines.ts";

export async function latestContainer(engines: Engines): Promise<string> {
  const [last] = await engines.containers.list({ all: true, last: 1 });
  if (!last) throw new TspodError("no_such_container", "no containers to act on");
  return last.Id;
}

/** Arguments naming containers, or the latest with -l (no names allowed then). */
export async function targets(engines: Engines, args: string[], latest: boolean): Promise<string[]> {
  if (latest) {
    if (args.length > 0) throw new TspodError("invalid_argument", "--latest and containers cannot be used together");
    return [await latestContainer(engines)];
  }
  return args;
}
