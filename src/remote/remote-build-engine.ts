/**
 * `build` over POST /libpod/build: the context directory goes as a tar body (a Containerfile from
 * outside the context, or from stdin, is added to it under a private name), the options as
 * Docker's query parameters, and the builder's output comes back as `{"stream": …}` lines with
 * the image id in `{"aux": {"ID": …}}`, as from Podman's service.
 */
import fs from "node:fs";
import path from "node:path";
import type { ApiClient } from "../apiclient/api-client.ts";
import type { BuildEngine, BuildIo, BuildOptions } from "../domain/build-engine.ts";
import { exactError, TspodError } from "../errors/tspod-error.ts";
import { packHostPath } from "../util/host-tar.ts";
import { buildTar, concatBytes } from "../util/tar-writer.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";

/** Where a Containerfile that is not in the context travels inside the context tar. */
const SENT_CONTAINERFILE = ".tspod-remote-containerfile";

/** Options the libpod build route cannot take: refused, never dropped. */
function checkSupported(o: BuildOptions): void {
  const refuse: [boolean, string][] = [
    [!!o.moreContainerfiles?.length, "more than one -f"],
    [Object.keys(o.secrets).length > 0, "--secret"],
    [o.volumes.length > 0, "--volume"],
    [o.output !== undefined, "--output"],
    [o.squashAll, "--squash-all"],
    [o.ignorefile !== undefined, "--ignorefile"],
    [o.timestamp !== undefined, "--timestamp"],
    [o.env.length > 0 || o.unsetenv.length > 0, "--env and --unsetenv"],
    [Object.keys(o.annotations).length > 0, "--annotation"],
    [o.buildArgsFromEnv.length > 0, "--build-arg without a value"],
  ];
  for (const [given, what] of refuse) if (given) throw notSupportedRemotely(`build ${what}`);
}

/** The context as a tar, and the `dockerfile` parameter naming the Containerfile inside it. */
function contextTar(o: BuildOptions): { body: Uint8Array; dockerfile?: string } {
  const dir = path.resolve(o.context);
  if (/^https?:\/\//.test(o.context) || !fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw notSupportedRemotely("build from a context that is not a directory");
  const tar = packHostPath(dir, "");
  const cf = o.containerfile;
  if (!cf) return { body: tar };
  let text: string;
  if ("path" in cf) {
    const abs = path.resolve(cf.path);
    const rel = path.relative(dir, abs);
    if (!rel.startsWith("..") && !path.isAbsolute(rel)) return { body: tar, dockerfile: rel };
    try {
      text = fs.readFileSync(abs, "utf8");
    } catch {
      throw new TspodError("no_such_file", `the specified Containerfile or Dockerfile does not exist, ${cf.path}`);
    }
  } else text = cf.text;
  // the archive without its end blocks, then the Containerfile and the end
  const extra = buildTar([{ name: SENT_CONTAINERFILE, data: text, mode: 0o644 }]);
  return { body: concatBytes([tar.subarray(0, tar.length - 1024), extra]), dockerfile: SENT_CONTAINERFILE };
}

/** The service's build error as local mode reports it: a failed RUN exits with its own status. */
function buildError(message: string): TspodError {
  const err = exactError("build_failed", message);
  const status = /while running runtime: exit status (\d+)$/.exec(message);
  if (status) Object.defineProperty(err, "exitCode", { value: Number(status[1]) });
  return err;
}

export class RemoteBuildEngine implements BuildEngine {
  constructor(private readonly api: ApiClient) {}

  async build(o: BuildOptions, io: BuildIo, signal?: AbortSignal): Promise<{ id: string }> {
    checkSupported(o);
    const { body, dockerfile } = contextTar(o);
    const res = await this.api.request("POST", "/libpod/build", {
      signal,
      body,
      query: {
        t: o.tags.length ? o.tags : undefined,
        dockerfile,
        buildargs: Object.keys(o.buildArgs).length ? JSON.stringify(o.buildArgs) : undefined,
        labels: Object.keys(o.labels).length ? JSON.stringify(o.labels) : undefined,
        target: o.target,
        nocache: o.noCache || undefined,
        layers: o.layers,
        pullpolicy: o.pull === "missing" ? undefined : o.pull,
        squash: o.squash || undefined,
        q: o.quiet || undefined,
        networkmode: o.network,
        platform: o.platform ? [o.platform.os ?? "linux", o.platform.arch, o.platform.variant].filter(Boolean).join("/") : undefined,
        outputformat: o.format === "docker" ? "application/vnd.docker.distribution.manifest.v2+json" : undefined,
      },
    });
    let id = "";
    for await (const line of this.api.jsonLines<{ stream?: string; error?: string; aux?: { ID?: string } }>(res)) {
      // Podman's service ends its error text with a newline
      if (line.error) throw buildError(line.error.replace(/^Error: /, "").trimEnd());
      if (line.stream && !o.quiet) io.stdout(line.stream);
      if (line.aux?.ID) id = line.aux.ID.replace(/^sha256:/, "");
    }
    if (!id) throw new TspodError("internal", "the service's build answer carried no image id");
    return { id };
  }
}
