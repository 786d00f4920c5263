/** The /libpod/ routes for pods, volumes, networks, secrets, images, containers and system beyond the first slice. */
import type { Router } from "../api-router.ts";
import * as pods from "./pods-handlers.ts";
import * as volumes from "./volumes-handlers.ts";
import * as networks from "./networks-handlers.ts";
import * as secrets from "./secrets-handlers.ts";
import * as images from "./images-manage.ts";
import * as ctrs from "./containers-extra.ts";
import * as system from "./system-handlers.ts";
import * as life from "../compat/containers-lifecycle.ts";
import * as query from "../compat/containers-query.ts";
import * as archive from "../compat/containers-archive.ts";
import * as builds from "../compat/build-handler.ts";

export function addLibpodRoutes(r: Router): void {
  // containers (fixed paths before {id})
  r.addLibpod("GET", "/containers/stats", ctrs.stats);
  r.addLibpod("GET", "/containers/showmounted", ctrs.showMounted);
  r.addLibpod("POST", "/containers/prune", ctrs.prune);
  r.addLibpod("GET", "/containers/{id}/stats", query.stats);
  r.addLibpod("GET", "/containers/{id}/export", query.exportTar);
  r.addLibpod("GET", "/containers/{id}/archive", archive.get);
  r.addLibpod("HEAD", "/containers/{id}/archive", archive.head);
  r.addLibpod("PUT", "/containers/{id}/archive", archive.put);
  r.addLibpod("POST", "/containers/{id}/rename", life.rename);
  r.addLibpod("POST", "/containers/{id}/update", ctrs.update);
  r.addLibpod("POST", "/containers/{id}/mount", ctrs.mount);
  r.addLibpod("POST", "/containers/{id}/unmount", ctrs.unmount);
  r.addLibpod("GET", "/containers/{id}/healthcheck", ctrs.healthcheck);
  // pods
  r.addLibpod("POST", "/pods/create", pods.create);
  r.addLibpod("GET", "/pods/json", pods.list);
  r.addLibpod("POST", "/pods/prune", pods.prune);
  r.addLibpod("GET", "/pods/stats", pods.stats);
  r.addLibpod("GET", "/pods/{name}/json", pods.inspect);
  r.addLibpod("GET", "/pods/{name}/exists", pods.exists);
  r.addLibpod("GET", "/pods/{name}/top", pods.top);
  r.addLibpod("POST", "/pods/{name}/start", pods.start);
  r.addLibpod("POST", "/pods/{name}/stop", pods.stop);
  r.addLibpod("POST", "/pods/{name}/restart", pods.restart);
  r.addLibpod("POST", "/pods/{name}/kill", pods.kill);
  r.addLibpod("POST", "/pods/{name}/pause", pods.pause);
  r.addLibpod("POST", "/pods/{name}/unpause", pods.unpause);
  r.addLibpod("DELETE", "/pods/{name}", pods.remove);
  // volumes
  r.addLibpod("POST", "/volumes/create", volumes.create);
  r.addLibpod("GET", "/volumes/json", volumes.list);
  r.addLibpod("POST", "/volumes/prune", volumes.prune);
  r.addLibpod("GET", "/volumes/{name}/json", volumes.inspect);
  r.addLibpod("GET", "/volumes/{name}/exists", volumes.exists);
  r.addLibpod("DELETE", "/volumes/{name}", volumes.remove);
  // build: Docker's parameters and stream; Podman's client reads the image id from aux
  r.addLibpod("POST", "/build", builds.build);
  // networks
  r.addLibpod("POST", "/networks/create", networks.create);
  r.addLibpod("GET", "/networks/json", networks.list);
  r.addLibpod("POST", "/networks/prune", networks.prune);
  r.addLibpod("GET", "/networks/{name}/json", networks.inspect);
  r.addLibpod("GET", "/networks/{name}/exists", networks.exists);
  r.addLibpod("POST", "/networks/{name}/connect", networks.connect);
  r.addLibpod("POST", "/networks/{name}/disconnect", networks.disconnect);
  r.addLibpod("DELETE", "/networks/{name}", networks.remove);
  // secrets
  r.addLibpod("POST", "/secrets/create", secrets.create);
  r.addLibpod("GET", "/secrets/json", secrets.list);
  r.addLibpod("GET", "/secrets/{name}/json", secrets.inspect);
  r.addLibpod("GET", "/secrets/{name}/exists", secrets.exists);
  r.addLibpod("DELETE", "/secrets/{name}", secrets.remove);
  // images (names contain slashes: fixed paths first)
  r.addLibpod("DELETE", "/images/remove", images.removeMany);
  r.addLibpod("POST", "/images/prune", images.prune);
  r.addLibpod("POST", "/images/import", images.importTar);
  r.addLibpod("POST", "/images/load", images.load);
  r.addLibpod("GET", "/images/export", images.exportMany);
  r.addLibpod("GET", "/images/search", images.search);
  r.addLibpod("GET", "/images/{name*}/history", images.history);
  r.addLibpod("GET", "/images/{name*}/get", images.exportOne);
  r.addLibpod("POST", "/images/{name*}/tag", images.tag);
  r.addLibpod("POST", "/images/{name*}/untag", images.untag);
  r.addLibpod("POST", "/images/{name*}/push", images.push);
  r.addLibpod("DELETE", "/images/{name*}", images.remove);
  // system
  r.addLibpod("GET", "/system/df", system.df);
  r.addLibpod("POST", "/system/prune", system.prune);
}
