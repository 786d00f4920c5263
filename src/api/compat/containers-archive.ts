/**
 * /containers/{id}/archive: GET (a tar of the path), HEAD (only its stat), PUT (extract a tar into
 * a directory). The path stat goes in X-Docker-Container-Path-Stat (base64 JSON). Paths resolve
 * inside the container's root through the cp code, so `..` and symlinks cannot leave it.
 */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool } from "../api-params.ts";
import { libpodLinkTarget } from "../libpod/archive-link-target.ts";

function archivePath(r: ApiRequest): string {
  const p = r.query.get("path");
  if (!p) throw exactError("invalid_argument", "path is required (query parameter path)");
  if (p.includes("\0")) throw exactError("invalid_argument", "path contains a NUL byte");
  return p;
}

async function statHeader(r: ApiRequest, p: string): Promise<void> {
  let st = await r.engines.containerFs.statPath(r.params.id!, p);
  // Podman's client copies to and from the stat's linkTarget (libpod: the resolved path) and reads isDir
  if (r.libpod) st = { ...st, linkTarget: libpodLinkTarget(p, st.linkTarget), isDir: Math.floor(st.mode / 2 ** 31) % 2 === 1 } as typeof st;
  r.reply.setHeader("X-Docker-Container-Path-Stat", Buffer.from(JSON.stringify(st)).toString("base64"));
}

export async function head(r: ApiRequest): Promise<void> {
  await statHeader(r, archivePath(r));
  r.reply.send(200);
}

export async function get(r: ApiRequest): Promise<void> {
  const p = archivePath(r);
  await statHeader(r, p);
  const out = r.reply.stream(200, "application/x-tar");
  let last: Promise<void> = Promise.resolve();
  await r.engines.containerFs.copy({ container: r.params.id!, path: p }, { path: "-" }, { archive: true, overwrite: true }, {
    readStdin: () => Promise.reject(new Error("no input")),
    writeStdout: (d) => void (last = out.write(d)),
  });
  await last;
  out.end();
}

export async function put(r: ApiRequest): Promise<void> {
  const p = archivePath(r);
  let st = await r.engines.containerFs.statPath(r.params.id!, p);
  // Podman's client copies to and from the stat's linkTarget (libpod: the resolved path) and reads isDir
  if (r.libpod) st = { ...st, linkTarget: libpodLinkTarget(p, st.linkTarget), isDir: Math.floor(st.mode / 2 ** 31) % 2 === 1 } as typeof st;
  if (st.mode < 2 ** 31) throw exactError("invalid_argument", `extraction point is not a directory: ${p}`);
  // the tar is extracted as it arrives (never held whole in memory)
  await r.engines.containerFs.copy({ path: "-" }, { container: r.params.id!, path: p }, { archive: !qBool(r.query, "copyUIDGID"), overwrite: !qBool(r.query, "noOverwriteDirNonDir") }, {
    readStdin: () => Promise.reject(new Error("streamed")),
    stdinStream: r.bodyStream(),
    writeStdout: () => {},
  });
  r.reply.send(200, "");
}
