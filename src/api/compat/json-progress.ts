/**
 * Docker's JSON progress stream (pull, push, load): one object per line. The 200 goes out with the
 * first line, so an error before any progress still gets its own status; later errors become
 * `{"error": …, "errorDetail": {"message": …}}` lines as Docker sends them.
 */
import type { ApiRequest } from "../api-request.ts";
import type { StreamWriter } from "../api-reply.ts";

export class JsonProgress {
  private out?: StreamWriter;
  private last: Promise<void> = Promise.resolve();

  constructor(private readonly r: ApiRequest) {}

  send(obj: Record<string, unknown>): void {
    this.out ??= this.r.reply.stream(200, "application/json");
    this.last = this.out.write(`${JSON.stringify(obj)}\n`);
  }

  /** Runs `work`; returns false when it failed after the stream began (the error was sent). */
  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await work();
    } catch (err) {
      if (!this.out) throw err;
      const message = (err as Error).message;
      this.send({ errorDetail: { message }, error: message });
      return undefined;
    }
  }

  async end(): Promise<void> {
    this.out ??= this.r.reply.stream(200, "application/json");
    await this.last;
    this.out.end();
  }
}
