// Local image management through bin/tspod: images, rmi, tag/untag, exists, inspect, history,
// prune, mount/unmount, diff, tree — outputs, exit codes, and layers on disk.

import { beforeAll, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { HEX12, HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "image-local" });
let BB = "";
let LAY = "";
let BBID = "";
let LAYID = "";

function layerDirs(): string[] {
  return readdirSync(join(t.root, "layers")).filter((n) => /^[0-9a-f]{64}$/.test(n));
}

beforeAll(async () => {
  BB = t.img("busybox");
  LAY = t.img("layered");
  await t.ok(["pull", "-q", "--tls-verify=false", BB, LAY]);
  BBID = (await t.ok(["image", "inspect", "--format", "{{.Id}}", BB])).out;
  LAYID = (await t.ok(["image", "inspect", "--format", "{{.Id}}", LAY])).out;
}, 120_000);

test("tag normalises names like Podman, untag removes them", async () => {
  await t.ok(["tag", BB, "mine", "other/x:1"]);
  const names = parseJson((await t.ok(["image", "inspect", BB])).stdout)[0].RepoTags;
  expect(names).toEqual([BB, "localhost/mine:latest", "localhost/other/x:1"]);
  expect((await t.tspod(["tag", "nope", "x"])).code).toBe(125);
  await t.ok(["untag", BB, "other/x:1"]);
  expect((await t.tspod(["image", "exists", "localhost/other/x:1"])).code).toBe(1);
  expect((await t.tspod(["image", "exists", "mine"])).code).toBe(0);
  await t.ok(["untag", BB, "mine"]);
});

test("images: table, -q, --digests, --no-trunc, --sort, --noheading, filters, IMAGE argument", async () => {
  await t.ok(["tag", BB, "zz/bb"]);
  const table = (await t.ok(["images"])).out.split("\n");
  expect(table[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
  expect(table).toHaveLength(4);
  const q = (await t.ok(["images", "-q"])).out.split("\n");
  expect(q).toHaveLength(2);
  for (const id of q) expect(id).toMatch(HEX12);
  expect((await t.ok(["images", "--no-trunc", "-q"])).out.split("\n").every((l) => /^sha256:[0-9a-f]{64}$/.test(l))).toBe(true);
  expect((await t.ok(["images", "--digests"])).out.split("\n")[0]).toContain("DIGEST");
  const repos = (await t.ok(["images", "--sort", "repository", "--noheading", "--format", "{{.Repository}}:{{.Tag}}"])).out.split("\n");
  expect(repos).toEqual([...repos].sort());
  expect(repos).toContain("localhost/zz/bb:latest");
  expect((await t.tspod(["images", "--sort", "bogus"])).code).toBe(125);
  expect((await t.ok(["images", "--format", "{{.ID}}", "--filter", "reference=*/layered"])).out).toBe(LAYID.slice(0, 12));
  // a filter selects images; every name of a selected image is listed (Podman)
  expect((await t.ok(["images", "--format", "{{.Repository}}", "--filter", "reference=zz/*"])).out.split("\n")).toContain("localhost/zz/bb");
  expect((await t.ok(["images", "-q", "--filter", "reference=zz/*"])).out).toBe(BBID.slice(0, 12));
  expect((await t.ok(["images", "--format", "{{.ID}}", "--filter", "label=org.tspod.test=yes"])).out).toBe(LAYID.slice(0, 12));
  expect((await t.ok(["images", "-q", "--filter", "dangling=true"])).out).toBe("");
  expect((await t.ok(["images", "-q", "--filter", "id=" + BBID.slice(0, 6)])).out).toBe(BBID.slice(0, 12));
  expect((await t.ok(["images", "-q", "--filter", "until=1s"])).out.split("\n")).toHaveLength(2);
  expect((await t.ok(["images", "-q", "--filter", "readonly=false", "--filter", "dangling=false"])).out.split("\n")).toHaveLength(2);
  expect((await t.tspod(["images", "--filter", "bogus=1"])).code).toBe(125);
  const arg = (await t.ok(["images", "--format", "{{.Repository}}", "layered"])).out;
  expect(arg).toBe(LAY.replace(/:latest$/, ""));
  const json = parseJson((await t.ok(["images", "--format", "json", "--filter", "reference=*/layered"])).stdout);
  expect(json[0].ParentId).toBe(BBID);
  await t.ok(["untag", BB, "zz/bb"]);
});

test("image inspect and top-level inspect: Podman's image JSON; containers first", async () => {
  const [img] = parseJson((await t.ok(["image", "inspect", LAY])).stdout);
  for (const k of ["Id", "Digest", "RepoTags", "RepoDigests", "Parent", "Comment", "Created", "Config", "Version", "Author", "Architecture", "Os", "Size", "VirtualSize", "GraphDriver", "RootFS", "Labels", "Annotations", "ManifestType", "User", "History", "NamesHistory"]) {
    expect(Object.keys(img)).toContain(k);
  }
  expect(img.Id).toMatch(HEX64);
  expect(img.Parent).toBe(BBID);
  expect(img.Labels).toEqual({ "org.tspod.test": "yes" });
  expect(img.RootFS.Layers).toHaveLength(2);
  expect(img.GraphDriver.Name).toBe("overlay");
  expect((await t.ok(["inspect", "--format", "{{.Id}}", LAY])).out).toBe(LAYID);
  const cid = (await t.ok(["create", "--name", "insp", BB, "true"])).out;
  expect((await t.ok(["inspect", "--format", "{{.Id}}", "insp"])).out).toBe(cid);
  expect((await t.ok(["inspect", "--type", "image", "--format", "{{.Id}}", BB])).out).toBe(BBID);
  expect((await t.tspod(["inspect", "--type", "container", LAY])).code).toBe(125);
  const miss = await t.tspod(["inspect", "nope"]);
  expect(miss.code).toBe(125);
  expect(miss.stderr).toContain('no such object: "nope"');
  expect((await t.tspod(["image", "inspect", "nope"])).stderr).toContain("nope: image not known");
  await t.ok(["rm", "insp"]);
});

test("history: columns, <missing>-free chain of local parents, --no-trunc, -q, --format", async () => {
  const lines = (await t.ok(["history", LAY])).out.split("\n");
  expect(lines[0]).toMatch(/^ID\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/);
  expect(lines[1]!.startsWith(LAYID.slice(0, 12))).toBe(true);
  expect(lines[1]).toContain("...");
  expect(lines[2]!.startsWith(BBID.slice(0, 12))).toBe(true);
  expect((await t.ok(["history", "-q", LAY])).out.split("\n")).toEqual([LAYID.slice(0, 12), BBID.slice(0, 12)]);
  expect((await t.ok(["history", "--no-trunc", "--format", "{{.ID}}|{{.CreatedBy}}", LAY])).out.split("\n")[0]).toBe(`${LAYID}|tspod test fixture: add /hello.txt, remove /bin/vi`);
  expect((await t.ok(["history", "--human=false", "--format", "{{.Size}}", BB])).out).toMatch(/^\d+$/);
  expect((await t.tspod(["history", "nope"])).code).toBe(125);
});

test("image diff, tree, mount/unmount with reference counts", async () => {
  expect((await t.ok(["image", "diff", LAY])).out.split("\n")).toEqual(["C /bin", "D /bin/vi", "A /hello.txt"]);
  expect(parseJson((await t.ok(["image", "diff", "--format", "json", LAY])).stdout)).toEqual({ changed: ["/bin"], added: ["/hello.txt"], deleted: ["/bin/vi"] });
  expect((await t.ok(["image", "diff", BB, LAY])).out).toContain("A /hello.txt");
  const tree = (await t.ok(["image", "tree", LAY])).out;
  expect(tree).toContain(`Image ID: ${LAYID.slice(0, 12)}`);
  expect(tree).toMatch(/├── ID: [0-9a-f]{12} Size: +[\d.]+MB Top Layer of: \[/);
  expect((await t.ok(["image", "tree", "--whatrequires", BB])).out).toContain(LAYID.slice(0, 12));

  const p1 = (await t.ok(["image", "mount", LAY])).out;
  expect(existsSync(join(p1, "hello.txt"))).toBe(true);
  expect(existsSync(join(p1, "bin/vi"))).toBe(false);
  expect((await t.ok(["image", "mount", LAY])).out).toBe(p1);
  expect((await t.ok(["image", "mount"])).out).toContain(p1);
  await t.ok(["image", "unmount", LAY]);
  expect(existsSync(join(p1, "hello.txt"))).toBe(true);
  await t.ok(["image", "unmount", LAY]);
  expect(existsSync(join(p1, "hello.txt"))).toBe(false);
  expect((await t.ok(["image", "mount"])).out).toBe("");
  await t.ok(["image", "mount", BB]);
  expect((await t.ok(["image", "unmount", "--all"])).out).toBe(BBID);
});

test("rmi: in use (exit 2), missing (exit 1), -i, by id with several names, untag, -f, layer GC", async () => {
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox-docker")]);
  const before = layerDirs().length;
  await t.ok(["create", "--name", "user", LAY, "true"]);
  const inUse = await t.tspod(["rmi", LAY]);
  expect(inUse.code).toBe(2);
  expect(inUse.stderr).toContain("image is in use by a container");
  expect((await t.tspod(["rmi", "nope"])).code).toBe(1);
  expect((await t.tspod(["rmi", "nope"])).stderr).toContain("nope: image not known");
  expect((await t.ok(["rmi", "-i", "nope"])).out).toBe("");
  await t.ok(["tag", LAY, "extra"]);
  const byId = await t.tspod(["rmi", LAYID]);
  expect(byId.code).toBe(125);
  expect(byId.stderr).toContain("by ID with more than one tag");
  expect((await t.ok(["rmi", "extra"])).out).toBe("Untagged: localhost/extra:latest");
  const forced = await t.ok(["rmi", "-f", LAY]);
  expect(forced.out.split("\n")).toEqual([`Untagged: ${LAY}`, `Deleted: ${LAYID}`]);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
  // the top layer went, the base layer stays: busybox still uses it
  expect(layerDirs().length).toBe(before - 1);
  expect((await t.ok(["run", "--rm", BB, "true"])).code).toBe(0);
  // busybox and busybox-docker are one image with two names: naming one untags it
  expect((await t.ok(["rmi", t.img("busybox-docker")])).out).toBe(`Untagged: ${t.img("busybox-docker")}`);
  expect((await t.ok(["rmi", BB])).out.split("\n")).toEqual([`Untagged: ${BB}`, `Deleted: ${BBID}`]);
  expect(layerDirs()).toEqual([]);
  expect(readdirSync(join(t.root, "blobs", "sha256"))).toEqual([]);
  expect((await t.ok(["images", "-q"])).out).toBe("");
});

test("image prune: dangling only, -a for unused, filters", async () => {
  await t.ok(["pull", "-q", "--tls-verify=false", BB, LAY]);
  await t.ok(["untag", LAY]);
  // an untagged image with no children is dangling
  expect((await t.ok(["images", "-q", "--filter", "dangling=true"])).out).toBe(LAYID.slice(0, 12));
  expect((await t.ok(["image", "prune", "-f", "--filter", "label=nope"])).out).toBe("");
  expect((await t.ok(["image", "prune", "-f"])).out).toBe(LAYID);
  await t.ok(["create", "--name", "keep", BB, "true"]);
  expect((await t.ok(["image", "prune", "-a", "-f"])).out).toBe("");
  await t.ok(["rm", "keep"]);
  expect((await t.ok(["image", "prune", "-a", "-f"])).out).toBe(BBID);
  expect(layerDirs()).toEqual([]);
});

test("rmi -a removes children before parents; images -a shows intermediate images", async () => {
  await t.ok(["pull", "-q", "--tls-verify=false", BB, LAY]);
  await t.ok(["untag", BB]);
  expect((await t.ok(["images", "-q"])).out).toBe(LAYID.slice(0, 12));
  expect((await t.ok(["images", "-a", "-q"])).out.split("\n").sort()).toEqual([BBID.slice(0, 12), LAYID.slice(0, 12)].sort());
  const rm = await t.tspod(["rmi", BBID]);
  expect(rm.code).toBe(125);
  expect(rm.stderr).toContain("image has dependent child images");
  const all = await t.ok(["rmi", "-a"]);
  expect(all.out.split("\n").filter((l) => l.startsWith("Deleted:"))).toEqual([`Deleted: ${LAYID}`, `Deleted: ${BBID}`]);
  expect(layerDirs()).toEqual([]);
});

test("concurrent rmi, rmi, pull and tag on one image keep the store consistent", async () => {
  for (let round = 0; round < 3; round++) {
    await t.ok(["pull", "-q", "--tls-verify=false", LAY]);
    const rs = await Promise.all([
      t.tspod(["rmi", "-f", LAY]),
      t.tspod(["rmi", "-f", LAY]),
      t.tspod(["pull", "-q", "--tls-verify=false", LAY]),
      t.tspod(["tag", LAY, "race"]),
    ]);
    expect(rs[2]!.code).toBe(0);
    for (const r of rs) expect([0, 1, 125]).toContain(r.code);
    const images = parseJson((await t.ok(["images", "-a", "--format", "json"])).stdout);
    for (const img of images) {
      const [ins] = parseJson((await t.ok(["image", "inspect", img.Id])).stdout);
      for (const d of ins.RootFS.Layers) expect(existsSync(join(t.root, "layers", d.slice(7), "layer.json"))).toBe(true);
    }
    if (images.length) {
      expect((await t.ok(["run", "--rm", images[0].Id, "/hello.txt"])).code).toBe(0);
    }
    await t.tspod(["rmi", "-a", "-f"]);
    expect(layerDirs()).toEqual([]);
  }
}, 180_000);

test("images counts the containers of each image in json and in templates that ask for them", async () => {
  const cid = (await t.ok(["create", "--tls-verify=false", "--network", "none", LAY, "true"])).out;
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
  try {
    expect((await t.ok(["images", "--format", "{{.ID}} {{.Containers}}", BB])).out).toBe(`${BBID.slice(0, 12)} 0`);
    const counts = (await t.ok(["images", "--format", "{{.ID}} {{.Containers}}"])).out.split("\n");
    expect(counts).toContain(`${LAYID.slice(0, 12)} 1`);
    const json = parseJson((await t.ok(["images", "--format", "json"])).stdout);
    expect(json.find((i: { Id: string }) => i.Id === LAYID).Containers).toBe(1);
  } finally {
    await t.ok(["rm", cid]);
  }
});
