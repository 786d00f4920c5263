/**
 * `cp` over the libpod archive routes (GET/HEAD/PUT /libpod/containers/{id}/archive), with docker
 * cp's rules for names: a directory is copied as itself (its contents with a trailing `/.`), an
 * existing directory receives the source by its base name, anything else is created or replaced
 * under its own name. The service resolves container paths inside the container; this side packs
 * and unpacks host paths (util/host-tar.ts).
 */
import fs from "node:fs";
import path from "node:path";
import type { ApiClient } from "../apiclient/api-client.ts";
import type { ContainerFsEngine, CopyEndpoint, CopyIo, CopyOptions, PathStat } from "../domain/container-fs-engine.ts";
import { TspodError } from "../errors/tspod-error.ts";
import { packHostPath, unpackToHost } from "../util/host-tar.ts";
import { notSupportedRemotely } from "./remote-engine-base.ts";

const enc = encodeURIComponent;
const DIR_BIT = 2 ** 31;

/** The top entry's name in an archive of `p` ("" for `dir/.`: the contents). */
function topName(p: string): string {
  return /(^|\/)\.$/.test(p) ? "" : path.posix.basename(p.replace(/\/+$/, ""));
}

/** An X-Docker-Container-Path-Stat header (base64 JSON), or undefined when absent. */
function pathStat(header: string | string[] | undefined): PathStat | undefined {
  return header ? (JSON.parse(Buffer.from(String(header), "base64").toString("utf8")) as PathStat) : undefined;
}

export class RemoteFsEngine implements Partial<ContainerFsEngine> {
  constructor(private readonly api: ApiClient) {}

  private archive(container: string): string {
    return `/libpod/containers/${enc(container)}/archive`;
  }

  async statPath(nameOrId: string, p: string): Promise<PathStat> {
    const res = await this.api.request("HEAD", this.archive(nameOrId), { query: { path: p } });
    await res.text();
    const st = pathStat(res.headers["x-docker-container-path-stat"]);
    if (!st) throw new TspodError("internal", `the service sent no stat for ${p}`);
    return st;
  }

  /** The stat of a container path, or undefined when it does not exist (other errors are thrown). */
  private async statIfExists(container: string, p: string): Promise<PathStat | undefined> {
    const res = await this.api.request("HEAD", this.archive(container), { query: { path: p }, allowError: true });
    await res.text();
    if (res.status === 404) return undefined;
    if (res.status >= 400) return this.statPath(container, p); // throws the service's error
    return pathStat(res.headers["x-docker-container-path-stat"]);
  }

  async copy(src: CopyEndpoint, dst: CopyEndpoint, opts: CopyOptions, io: CopyIo): Promise<void> {
    if (src.container !== undefined && dst.container !== undefined) throw notSupportedRemotely("copying between containers");
    if (src.container === undefined && dst.container === undefined) {
      throw new TspodError("invalid_argument", "copying from host to host is not supported: one of the paths must be a container path (CONTAINER:PATH)");
    }
    if (src.container !== undefined) return this.fromContainer(src.container, src.path, dst.path, opts, io);
    return this.toContainer(src.path, dst.container!, dst.path, opts, io);
  }

  private async fromContainer(container: string, p: string, dest: string, opts: CopyOptions, io: CopyIo): Promise<void> {
    const res = await this.api.request("GET", this.archive(container), { query: { path: p } });
    if (dest === "-") {
      for await (const chunk of res.body) io.writeStdout(chunk);
      return;
    }
    const top = topName(p);
    const target = path.resolve(dest);
    const st = fs.statSync(target, { throwIfNoEntry: false });
    const srcIsDir = Math.floor((pathStat(res.headers["x-docker-container-path-stat"])?.mode ?? 0) / DIR_BIT) % 2 === 1;
    if (st?.isDirectory() || top === "") {
      fs.mkdirSync(target, { recursive: true });
      await unpackToHost(res.body, target, { keepOwner: opts.archive });
      return;
    }
    if (st && srcIsDir) throw new TspodError("invalid_argument", `cannot copy directory "${p}" onto file "${dest}"`);
    const parent = path.dirname(target);
    if (!fs.statSync(parent, { throwIfNoEntry: false })?.isDirectory()) throw new TspodError("no_such_file", `"${path.dirname(dest)}" could not be found on the host`);
    await unpackToHost(res.body, parent, { rename: path.basename(target), keepOwner: opts.archive });
  }

  private async toContainer(from: string, container: string, dest: string, opts: CopyOptions, io: CopyIo): Promise<void> {
    const query = (dir: string) => ({ path: dir, ...(opts.archive ? {} : { copyUIDGID: true }), ...(opts.overwrite ? {} : { noOverwriteDirNonDir: true }) });
    if (from === "-") {
      await this.api.call("PUT", this.archive(container), { query: query(dest), body: await io.readStdin() });
      return;
    }
    const st = fs.lstatSync(from, { throwIfNoEntry: false });
    if (!st) throw new TspodError("no_such_file", `"${from}" could not be found on the host`);
    const target = await this.statIfExists(container, dest);
    const targetIsDir = target !== undefined && Math.floor(target.mode / DIR_BIT) % 2 === 1;
    const top = topName(from);
    if (targetIsDir || top === "") {
      await this.api.call("PUT", this.archive(container), { query: query(dest), body: packHostPath(from, top) });
      return;
    }
    if (target && st.isDirectory()) throw new TspodError("invalid_argument", `cannot copy directory "${from}" onto file "${dest}"`);
    const name = path.posix.basename(dest.replace(/\/+$/, ""));
    await this.api.call("PUT", this.archive(container), { query: query(path.posix.dirname(dest.replace(/\/+$/, "")) || "/"), body: packHostPath(from, name) });
  }
}
