/**
 * The libpod routes `tspod --remote` uses beyond the first API slice: image remove and tag, exec,
 * pods, volumes and networks. Registered after the others, so a route another file already
 * serves keeps its own handler.
 */
import type { Router } from "../api-router.ts";
import type { ApiRequest } from "../api-request.ts";
import * as imgManage from "../compat/images-manage.ts";
import * as streams from "../compat/containers-attach.ts";
import * as life from "../compat/containers-lifecycle.ts";
import * as objects from "./remote-support-objects.ts";
import { qBool } from "../api-params.ts";
import { Fields } from "../compat/body-fields.ts";
import { exactError } from "../../errors/tspod-error.ts";

/** DELETE /libpod/images/{name}: Podman's ImageRemoveReport. */
async function imageRemove(r: ApiRequest): Promise<void> {
  const lines = await r.engines.imageStore.remove([r.params.name!], { force: qBool(r.query, "force"), all: false, ignore: false });
  const failed = lines.find((l): l is { error: Error } => "error" in l);
  if (failed) throw failed.error;
  r.reply.json(200, {
    Deleted: lines.flatMap((l) => ("deleted" in l ? [l.deleted] : [])),
    Untagged: lines.flatMap((l) => ("untagged" in l ? [l.untagged] : [])),
    Errors: [],
    ExitCode: 0,
  });
}

/** DELETE /libpod/images/remove?all=true (and ?images=…). */
async function imageRemoveMany(r: ApiRequest): Promise<void> {
  const names = r.query.getAll("images");
  const all = qBool(r.query, "all");
  const lines = await r.engines.imageStore.remove(names, { force: qBool(r.query, "force"), all, ignore: qBool(r.query, "ignore") });
  const errors = lines.flatMap((l) => ("error" in l ? [l.error.message] : []));
  r.reply.json(200, {
    Deleted: lines.flatMap((l) => ("deleted" in l ? [l.deleted] : [])),
    Untagged: lines.flatMap((l) => ("untagged" in l ? [l.untagged] : [])),
    Errors: errors,
    ExitCode: errors.length ? 125 : 0,
  });
}

/**
 * POST /libpod/exec/{id}/start for clients that upgrade the connection (tspod's). Podman's own
 * client sends no Upgrade header and streams stdin on the same connection, which node:http under
 * Bun cannot hijack: it gets a clear error instead of a garbled stream.
 */
async function execStart(r: ApiRequest): Promise<void> {
  if (!r.headers.upgrade) {
    const detach = Fields.of(await r.json(), "handlers.ExecStartConfig").bool("Detach");
    if (!detach) throw exactError("not_implemented", "attached exec start needs an Upgrade: tcp request header on this service");
  }
  return streams.execStart(r);
}

export function addRemoteSupportRoutes(r: Router): void {
  r.addLibpod("DELETE", "/images/remove", imageRemoveMany);
  r.addLibpod("POST", "/images/{name*}/tag", imgManage.tag);
  r.addLibpod("DELETE", "/images/{name*}", imageRemove);
  r.addLibpod("POST", "/containers/{id}/exec", streams.execCreate);
  r.addLibpod("POST", "/exec/{id}/start", execStart);
  r.addLibpod("GET", "/exec/{id}/json", streams.execInspect);
  r.addLibpod("POST", "/pods/create", objects.podCreate);
  r.addLibpod("GET", "/pods/json", objects.podList);
  r.addLibpod("GET", "/pods/{name}/json", objects.podInspect);
  r.addLibpod("GET", "/pods/{name}/exists", objects.podExists);
  r.addLibpod("DELETE", "/pods/{name}", objects.podRemove);
  for (const a of ["start", "stop", "restart", "kill", "pause", "unpause"] as const) r.addLibpod("POST", `/pods/{name}/${a}`, objects.podAction(a));
  r.addLibpod("POST", "/containers/{id}/rename", life.rename);
  r.addLibpod("POST", "/volumes/create", objects.volumeCreate);
  r.addLibpod("GET", "/volumes/json", objects.volumeList);
  r.addLibpod("GET", "/volumes/{name}/json", objects.volumeInspect);
  r.addLibpod("GET", "/volumes/{name}/exists", objects.volumeExists);
  r.addLibpod("DELETE", "/volumes/{name}", objects.volumeRemove);
  r.addLibpod("POST", "/networks/create", objects.networkCreate);
  r.addLibpod("GET", "/networks/json", objects.networkList);
  r.addLibpod("GET", "/networks/{name}/json", objects.networkInspect);
  r.addLibpod("GET", "/networks/{name}/exists", objects.networkExists);
  r.addLibpod("DELETE", "/networks/{name}", objects.networkRemove);
}
