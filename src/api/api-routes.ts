/** Every route the service answers: Docker's compat API, and Podman's libpod routes that share its handlers. */
import { Router } from "./api-router.ts";
import * as system from "./compat/system-handlers.ts";
import { events } from "./compat/events-handler.ts";
import { createContainer } from "./compat/containers-create.ts";
import * as life from "./compat/containers-lifecycle.ts";
import * as query from "./compat/containers-query.ts";
import { logs } from "./compat/containers-logs.ts";
import * as streams from "./compat/containers-attach.ts";
import * as archive from "./compat/containers-archive.ts";
import * as imgQuery from "./compat/images-query.ts";
import * as imgManage from "./compat/images-manage.ts";
import * as networks from "./compat/networks-handlers.ts";
import * as volumes from "./compat/volumes-handlers.ts";
import * as secrets from "./compat/secrets-handlers.ts";
import * as builds from "./compat/build-handler.ts";
import { notSwarmManager, SWARM_PATHS } from "./compat/swarm-handlers.ts";
import * as libpodImages from "./libpod/images-handlers.ts";
import * as libpod from "./libpod/containers-handlers.ts";
import { createContainer as libpodCreate } from "./libpod/containers-create.ts";
import { addRemoteSupportRoutes } from "./libpod/remote-support-routes.ts";

export function buildRouter(): Router {
  const r = new Router();
  // system
  r.add("GET", "/_ping", system.ping).add("HEAD", "/_ping", system.ping);
  r.add("GET", "/version", system.version).add("GET", "/info", system.info);
  r.add("GET", "/events", events).add("GET", "/system/df", system.systemDf);
  r.add("POST", "/auth", imgManage.auth);
  // containers
  r.add("POST", "/containers/create", createContainer);
  r.add("GET", "/containers/json", query.list);
  r.add("POST", "/containers/prune", life.prune);
  r.add("GET", "/containers/{id}/json", query.inspect);
  r.add("POST", "/containers/{id}/start", life.start);
  r.add("POST", "/containers/{id}/stop", life.stop);
  r.add("POST", "/containers/{id}/kill", life.kill);
  r.add("POST", "/containers/{id}/restart", life.restart);
  r.add("POST", "/containers/{id}/pause", life.pause);
  r.add("POST", "/containers/{id}/unpause", life.unpause);
  r.add("POST", "/containers/{id}/wait", life.wait);
  r.add("POST", "/containers/{id}/rename", life.rename);
  r.add("POST", "/containers/{id}/update", life.update);
  r.add("POST", "/containers/{id}/resize", life.resize);
  r.add("DELETE", "/containers/{id}", life.remove);
  r.add("GET", "/containers/{id}/logs", logs);
  r.add("POST", "/containers/{id}/attach", streams.attach);
  r.add("GET", "/containers/{id}/top", query.top);
  r.add("GET", "/containers/{id}/changes", query.changes);
  r.add("GET", "/containers/{id}/stats", query.stats);
  r.add("GET", "/containers/{id}/export", query.exportTar);
  r.add("GET", "/containers/{id}/archive", archive.get);
  r.add("HEAD", "/containers/{id}/archive", archive.head);
  r.add("PUT", "/containers/{id}/archive", archive.put);
  r.add("POST", "/containers/{id}/exec", streams.execCreate);
  r.add("POST", "/exec/{id}/start", streams.execStart);
  r.add("POST", "/exec/{id}/resize", streams.execResize);
  r.add("GET", "/exec/{id}/json", streams.execInspect);
  r.add("POST", "/commit", imgManage.commit);
  // images (names contain slashes: the action is matched first)
  r.add("POST", "/images/create", imgManage.create);
  r.add("GET", "/images/json", imgQuery.list);
  r.add("GET", "/images/search", imgQuery.search);
  r.add("GET", "/images/get", imgQuery.getMany);
  r.add("POST", "/images/load", imgManage.load);
  r.add("POST", "/images/prune", imgManage.prune);
  r.add("GET", "/images/{name*}/json", imgQuery.inspect);
  r.add("GET", "/images/{name*}/history", imgQuery.history);
  r.add("GET", "/images/{name*}/get", imgQuery.getOne);
  r.add("POST", "/images/{name*}/tag", imgManage.tag);
  r.add("POST", "/images/{name*}/push", imgManage.push);
  r.add("DELETE", "/images/{name*}", imgManage.remove);
  // networks, volumes, secrets, build (compat/networks-handlers.ts …)
  r.add("GET", "/networks", networks.list).add("POST", "/networks/create", networks.create).add("POST", "/networks/prune", networks.prune);
  r.add("GET", "/networks/{id}", networks.inspect).add("DELETE", "/networks/{id}", networks.remove);
  r.add("POST", "/networks/{id}/connect", networks.connect).add("POST", "/networks/{id}/disconnect", networks.disconnect);
  r.add("GET", "/volumes", volumes.list).add("POST", "/volumes/create", volumes.create).add("POST", "/volumes/prune", volumes.prune);
  r.add("GET", "/volumes/{name}", volumes.inspect).add("DELETE", "/volumes/{name}", volumes.remove);
  r.add("GET", "/secrets", secrets.list).add("POST", "/secrets/create", secrets.create);
  r.add("GET", "/secrets/{id}", secrets.inspect).add("DELETE", "/secrets/{id}", secrets.remove).add("POST", "/secrets/{id}/update", secrets.update);
  r.add("POST", "/build", builds.build).add("POST", "/build/prune", builds.prune).add("GET", "/plugins", system.plugins);
  for (const p of SWARM_PATHS) for (const m of ["GET", "POST", "DELETE"]) r.add(m, p, notSwarmManager);
  // libpod: the routes whose shapes match Podman's are served by the same handlers (they check r.libpod)
  r.addLibpod("GET", "/_ping", system.ping).addLibpod("HEAD", "/_ping", system.ping);
  r.addLibpod("GET", "/version", system.version).addLibpod("GET", "/info", system.info);
  r.addLibpod("GET", "/events", events);
  r.addLibpod("GET", "/containers/json", query.list);
  r.addLibpod("GET", "/containers/{id}/json", query.inspect);
  r.addLibpod("GET", "/images/json", imgQuery.list);
  r.addLibpod("GET", "/images/{name*}/json", imgQuery.inspect);
  r.addLibpod("GET", "/images/{name*}/exists", libpodImages.imageExists);
  r.addLibpod("POST", "/images/pull", libpodImages.pull);
  r.addLibpod("POST", "/containers/create", libpodCreate);
  r.addLibpod("GET", "/containers/{id}/exists", libpodImages.containerExists);
  r.addLibpod("POST", "/containers/{id}/start", life.start);
  r.addLibpod("POST", "/containers/{id}/attach", streams.attach);
  r.addLibpod("POST", "/containers/{id}/resize", life.resize);
  r.addLibpod("POST", "/containers/{id}/wait", libpod.wait);
  r.addLibpod("POST", "/containers/{id}/stop", libpod.stop);
  r.addLibpod("POST", "/containers/{id}/kill", libpod.kill);
  r.addLibpod("POST", "/containers/{id}/init", libpod.init);
  r.addLibpod("POST", "/containers/{id}/restart", life.restart);
  r.addLibpod("POST", "/containers/{id}/pause", life.pause);
  r.addLibpod("POST", "/containers/{id}/unpause", life.unpause);
  r.addLibpod("GET", "/containers/{id}/logs", logs);
  r.addLibpod("DELETE", "/containers/{id}", libpod.remove);
  // not libpod exec: Podman's client sends exec start without an Upgrade header and streams stdin
  // on the same connection, which node:http under Bun parses as a next request (no hijack)
  r.addLibpod("GET", "/containers/{id}/top", query.top);
  r.addLibpod("GET", "/containers/{id}/changes", query.changes);
  addRemoteSupportRoutes(r);
  return r;
}
