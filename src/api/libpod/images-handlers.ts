/** Podman's libpod image routes: pull (JSON lines {stream}/{images,id}/{error}) and exists. */
import type { ApiRequest } from "../api-request.ts";
import { exactError } from "../../errors/tspod-error.ts";
import { qBool } from "../api-params.ts";
import { JsonProgress } from "../compat/json-progress.ts";

const POLICIES = ["always", "missing", "never", "newer"] as const;

export async function pull(r: ApiRequest): Promise<void> {
  const q = r.query;
  const ref = q.get("reference");
  if (!ref) throw exactError("invalid_argument", "reference parameter cannot be empty");
  const policy = (q.get("policy") || "always") as (typeof POLICIES)[number];
  if (!POLICIES.includes(policy)) throw exactError("invalid_argument", `invalid pull policy "${policy}"`);
  const user = q.get("username");
  const platform = { os: q.get("os") || undefined, arch: q.get("arch") || undefined, variant: q.get("variant") || undefined };
  const progress = new JsonProgress(r);
  const quiet = qBool(q, "quiet");
  const result = await progress.run(() =>
    r.engines.images.pull(
      ref,
      {
        quiet,
        pullPolicy: policy,
        allTags: qBool(q, "alltags") || qBool(q, "allTags"),
        creds: user ? `${user}:${q.get("password") ?? ""}` : undefined,
        tlsVerify: q.has("tlsVerify") ? qBool(q, "tlsVerify") : undefined,
        platform: platform.os || platform.arch || platform.variant ? platform : undefined,
      },
      (line) => {
        if (!quiet) progress.send({ stream: line.endsWith("\n") ? line : `${line}\n` });
      },
      r.signal,
    ),
  );
  if (result) progress.send({ images: result.ids ?? [result.id], id: result.id });
  await progress.end();
}

export async function imageExists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.images.exists(r.params.name!))) throw exactError("no_such_image", `${r.params.name}: image not known`);
  r.reply.send(204);
}

export async function containerExists(r: ApiRequest): Promise<void> {
  if (!(await r.engines.lifecycle.exists(r.params.id!))) throw exactError("no_such_container", `no container with name or ID "${r.params.id}" found: no such container`);
  r.reply.send(204);
}
