/**
 * `rmi` as Podman does it: untag a name when the image has several and one is named; refuse an
 * image with several names given by id, one used by containers (unless forced: the containers go
 * first), or an untagged parent of other images; otherwise untag everything and delete the image
 * with its now unused layers and blobs.
 */
import { emitImageEvent } from "../engine/events/container-events.ts";
import { TspodError } from "../errors/tspod-error.ts";
import type { ImageRemoveLine, ImageRemoveOptions } from "../domain/image-store-engine.ts";
import type { Runtime } from "../engine/runtime.ts";
import { removeContainer } from "../engine/container/container-lifecycle.ts";
import type { ImageRecord } from "../image/image-types.ts";
import { parseReference } from "../image/reference.ts";
import { ImageGraph } from "./image-graph.ts";
import { isImageMounted, unmountImageAll } from "./image-mounts.ts";

/** The full name `arg` denotes among the image's names, if it was given by name. */
function namedAs(img: ImageRecord, arg: string): string | undefined {
  if (img.names.includes(arg)) return arg;
  try {
    const ref = parseReference(arg);
    if (ref.digest) return undefined;
    const full = ref.toString();
    if (img.names.includes(full)) return full;
    return img.names.find((n) => n.endsWith("/" + full) || n === `localhost/${full}`);
  } catch {
    return undefined;
  }
}

function containersUsing(rt: Runtime, id: string): string[] {
  return rt.state
    .listContainers()
    .filter((c) => c.config.imageId === id || c.config.mounts?.some((m) => m.type === "image" && m.source === id))
    .map((c) => c.config.id);
}

export async function removeImages(rt: Runtime, args: string[], opts: ImageRemoveOptions): Promise<ImageRemoveLine[]> {
  const lines: ImageRemoveLine[] = [];
  const store = rt.images;
  let targets: { arg: string; img?: ImageRecord }[];
  if (opts.all) {
    // children before parents, so that every parent is free when its turn comes
    const graph = ImageGraph.load(store);
    const depth = (id: string): number => {
      let d = 0;
      for (let n = graph.get(id); n?.parent; n = n.parent) d++;
      return d;
    };
    targets = store.list().sort((a, b) => depth(b.id) - depth(a.id)).map((img) => ({ arg: img.id, img }));
  } else {
    targets = args.map((arg) => ({ arg, img: store.lookup(arg, rt.registries) }));
  }
  for (const { arg, img } of targets) {
    try {
      if (!img) {
        if (opts.ignore) continue;
        throw new TspodError("no_such_image", arg);
      }
      lines.push(...(await removeOne(rt, arg, img, opts)));
    } catch (err) {
      lines.push({ error: err as Error });
    }
  }
  for (const l of lines) {
    if ("deleted" in l && l.deleted) emitImageEvent(rt, "remove", { id: l.deleted });
    if ("untagged" in l && l.untagged) emitImageEvent(rt, "untag", { name: l.untagged });
  }
  return lines;
}

async function removeOne(rt: Runtime, arg: string, img: ImageRecord, opts: ImageRemoveOptions): Promise<ImageRemoveLine[]> {
  const store = rt.images;
  const name = opts.all ? undefined : namedAs(img, arg);
  if (name && img.names.length > 1) {
    store.untag(img.id, name);
    return [{ untagged: name }];
  }
  if (!name && img.names.length > 1 && !opts.force && !opts.all) {
    throw new TspodError("invalid_argument", `unable to delete image ${JSON.stringify(img.id)} by ID with more than one tag ([${img.names.join(" ")}]): please force removal`);
  }
  const users = containersUsing(rt, img.id);
  if (users.length && !opts.force) {
    const err = new TspodError("image_in_use", `image used by ${users[0]}`);
    Object.defineProperty(err, "message", { value: `${err.message}: consider listing external containers and force-removing image` });
    throw err;
  }
  for (const c of users) await removeContainer(rt, c, { force: true });
  const graph = ImageGraph.load(store);
  const node = graph.get(img.id);
  if (node && node.children.length > 0) {
    if (img.names.length === 0) throw new TspodError("image_has_children", undefined);
    // a parent of other images stays as an intermediate image: only its names go
    for (const n of img.names) store.untag(img.id, n);
    return img.names.map((n) => ({ untagged: n }));
  }
  if (isImageMounted(rt, img.id)) {
    if (!opts.force) throw new TspodError("image_in_use", `image ${img.id} is mounted`);
    await unmountImageAll(rt, img);
  }
  const lines: ImageRemoveLine[] = img.names.map((n) => ({ untagged: n }));
  const report = store.remove(img.id, (now) => {
    if (containersUsing(rt, now.id).length) throw new TspodError("image_in_use", `image used by ${containersUsing(rt, now.id)[0]}`);
  });
  if (!report) throw new TspodError("no_such_image", arg);
  lines.push({ deleted: img.id });
  return lines;
}
