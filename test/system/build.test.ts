// `tspod build`: instructions, progress lines, image config and history (checked against the
// rules Podman's build follows), the layer cache, multi-stage builds that run what they built.

import { beforeAll, expect, test } from "bun:test";
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { HEX64, parseJson, systemSetup } from "./harness.ts";

const t = systemSetup({ name: "build" });
let BB = "";

function ctxDir(name: string, files: Record<string, string>): string {
  const dir = join(t.tmp, name);
  for (const [f, content] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function inspect(ref: string) {
  return parseJson((await t.ok(["image", "inspect", ref])).stdout)[0];
}

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

test("every instruction: progress lines, config and history like Podman's build", async () => {
  const dir = ctxDir("all", {
    "a.txt": "hello\n",
    Containerfile: [
      "# syntax=docker/dockerfile:1",
      `ARG BASE=${BB}`,
      "FROM $BASE AS build",
      "ARG X=1",
      'ENV FOO=bar B="x y" \\',
      "    C=${X:-none}-${UNSET:-dflt}-${X:+set}",
      "RUN echo hi > /hi.txt && echo run-$X",
      "COPY a.txt /dst/",
      "WORKDIR /app",
      "WORKDIR sub",
      "USER root",
      "EXPOSE 80 90/udp",
      'LABEL a=b "c d"=e',
      "VOLUME /data",
      "STOPSIGNAL SIGINT",
      "HEALTHCHECK --interval=5s --retries=2 CMD true",
      'SHELL ["/bin/sh", "-c"]',
      "ONBUILD RUN echo onbuild",
      "MAINTAINER someone",
      'ENTRYPOINT ["/bin/sh"]',
      "CMD echo hello",
      "",
    ].join("\n"),
  });
  const r = await t.ok(["build", "--format", "docker", "-t", "all", "-t", "all:two", dir]);
  const lines = r.stdout.split("\n");
  expect(lines[0]).toBe(`STEP 1/18: FROM ${BB} AS build`);
  expect(lines[1]).toBe("STEP 2/18: ARG X=1");
  expect(lines[2]).toMatch(/^--> [0-9a-f]{11}$/);
  expect(lines).toContain("run-1");
  expect(lines).toContain("STEP 18/18: CMD echo hello");
  expect(lines).toContain("COMMIT all");
  expect(lines).toContain("Successfully tagged localhost/all:latest");
  expect(lines).toContain("Successfully tagged localhost/all:two");
  const id = lines.filter(Boolean).at(-1)!;
  expect(id).toMatch(HEX64);
  expect(lines.filter(Boolean).at(-4)).toBe(`--> ${id.slice(0, 11)}`);

  const img = await inspect("all");
  expect(img.Id).toBe(id);
  const c = img.Config;
  expect(c.Env).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "FOO=bar", "B=x y", "C=1-dflt-set"]);
  expect(c.Cmd).toEqual(["/bin/sh", "-c", "echo hello"]);
  expect(c.Entrypoint).toEqual(["/bin/sh"]);
  expect(c.WorkingDir).toBe("/app/sub");
  expect(c.User).toBe("root");
  expect(c.ExposedPorts).toEqual({ "80/tcp": {}, "90/udp": {} });
  expect(c.Volumes).toEqual({ "/data": {} });
  expect(c.Labels).toMatchObject({ a: "b", "c d": "e" });
  expect(c.StopSignal).toBe("SIGINT");
  expect(img.Author).toBe("someone");
  const raw = parseJson((await t.ok(["image", "inspect", "--format", "{{json .HealthCheck}}", "all"])).stdout);
  expect(raw).toEqual({ Test: ["CMD-SHELL", "true"], Interval: 5_000_000_000, Retries: 2 });
  // history: one entry per instruction after FROM, metadata steps as empty layers, Podman's created_by forms
  const h = img.History as { created_by: string; comment?: string; empty_layer?: boolean }[];
  const own = h.slice(1);
  expect(own.length).toBe(17);
  expect(own[0]).toMatchObject({ created_by: "/bin/sh -c #(nop) ARG X", comment: `FROM ${BB}`, empty_layer: true });
  expect(own[2]!.created_by).toBe("|1 X=1 /bin/sh -c echo hi > /hi.txt && echo run-$X");
  expect(own[2]!.empty_layer).toBeUndefined();
  expect(own[3]!.created_by).toMatch(/^\/bin\/sh -c #\(nop\) COPY file:[0-9a-f]{64} in \/dst\/ $/);
  expect(own[4]).toMatchObject({ created_by: "/bin/sh -c #(nop) WORKDIR /app", empty_layer: true });
  expect(own.at(-1)).toMatchObject({ created_by: "/bin/sh -c #(nop) CMD echo hello", empty_layer: true });
  expect(own.at(-1)!.comment).toMatch(/^FROM [0-9a-f]{12}$/);
  // layers: the base, the RUN, the COPY
  expect(img.RootFS.Layers.length).toBe(3);
  // the RUN layer holds only what the command wrote (no mount points the runtime created)
  expect(readdirSync(join(t.root, "layers", img.RootFS.Layers[1].slice(7), "diff"))).toEqual(["hi.txt"]);
  const out = await t.ok(["run", "--rm", "--entrypoint", "", "all", "sh", "-c", "cat /hi.txt /dst/a.txt; pwd"]);
  expect(out.out).toBe("hi\nhello\n/app/sub");
});

test("OCI format drops HEALTHCHECK, SHELL and ONBUILD with Podman's warnings", async () => {
  const dir = ctxDir("oci", { Containerfile: `FROM ${BB}\nHEALTHCHECK CMD true\nSHELL ["/bin/sh","-c"]\nONBUILD RUN true\n` });
  const count = async () => (await t.ok(["images", "-a", "-q", "--no-trunc"])).out.split("\n").length;
  const before = await count();
  const r = await t.ok(["build", "-t", "oci", dir]);
  // one image per step, the last one is the result (no extra image for the format's changes)
  expect((await count()) - before).toBe(3);
  const again = await t.ok(["build", "-t", "oci", dir]);
  expect(again.stdout.match(/Using cache/g)?.length).toBe(3);
  expect(again.stderr).toContain("HEALTHCHECK is not supported");
  // a different --label changes only the last step
  const labelled = await t.ok(["build", "--label", "x=y", "-t", "oci-l", dir]);
  expect(labelled.stdout.match(/Using cache/g)?.length).toBe(2);
  expect((await inspect("oci-l")).Labels).toEqual({ x: "y" });
  expect(r.stderr).toContain("HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format");
  expect(r.stderr).toContain("ONBUILD is not supported for OCI image format");
  const img = await inspect("oci");
  expect(img.HealthCheck).toBeUndefined();
  expect(img.ManifestType).toBe("application/vnd.oci.image.manifest.v1+json");
});

test("layer cache: an unchanged build reuses every step, a change invalidates it and what follows", async () => {
  const dir = ctxDir("cache", { "f.txt": "one\n", Containerfile: `FROM ${BB}\nRUN echo step1 > /s1\nCOPY f.txt /f.txt\nRUN cat /f.txt > /s3\nCMD ["cat", "/s3"]\n` });
  const first = await t.ok(["build", "-t", "cache", dir]);
  expect(first.stdout).not.toContain("Using cache");
  const second = await t.ok(["build", "-t", "cache", dir]);
  expect(second.stdout.match(/--> Using cache [0-9a-f]{64}/g)?.length).toBe(4);
  expect(second.stdout.split("\n").filter(Boolean).at(-1)).toBe(first.stdout.split("\n").filter(Boolean).at(-1));
  writeFileSync(join(dir, "f.txt"), "two\n");
  const third = await t.ok(["build", "-t", "cache", dir]);
  expect(third.stdout.match(/Using cache/g)?.length).toBe(1);
  expect((await t.ok(["run", "--rm", "cache"])).out).toBe("two");
  const nocache = await t.ok(["build", "--no-cache", "-t", "cache", dir]);
  expect(nocache.stdout).not.toContain("Using cache");
  // --layers=false: no cache, one working container, one new layer; every instruction in history
  const before = (await t.ok(["images", "-a", "-q"])).out.split("\n").length;
  const nolayers = await t.ok(["build", "--layers=false", "-t", "nolayers", dir]);
  expect(nolayers.stdout).not.toContain("Using cache");
  expect(nolayers.stdout.match(/^--> /gm)?.length).toBe(1);
  expect((await t.ok(["images", "-a", "-q"])).out.split("\n").length).toBe(before + 1);
  const nl = await inspect("nolayers");
  const base = await inspect(BB);
  expect(nl.RootFS.Layers.length).toBe(base.RootFS.Layers.length + 1);
  const added = nl.History.slice(base.History.length);
  expect(added.map((h: { empty_layer?: boolean }) => h.empty_layer ?? false)).toEqual([true, true, true, false]);
  expect(added.at(-1).comment).toBe(`FROM ${BB}`);
  expect((await t.ok(["run", "--rm", "nolayers"])).out).toBe("two");
});

test("multi-stage: build stage compiles with busybox tools, final stage from scratch runs it", async () => {
  const dir = ctxDir("multi", {
    "src/hello.sh": "#!/bin/busybox sh\necho \"hello from $1\"\n",
    Containerfile: [
      `FROM ${BB} AS builder`,
      "WORKDIR /build",
      "COPY src/ ./src/",
      "RUN mkdir -p /out/bin && cp /bin/busybox /out/bin/busybox && ln -s busybox /out/bin/sh \\",
      "    && sed 's/hello/built hello/' src/hello.sh > /out/bin/hello && chmod 755 /out/bin/hello \\",
      "    && tar -C /out -czf /out.tgz bin",
      `FROM ${BB} AS unused`,
      "RUN echo unused",
      "FROM scratch",
      "COPY --from=builder /out/bin /bin",
      "COPY --from=0 --chmod=600 /out.tgz /pkg.tgz",
      'ENTRYPOINT ["/bin/hello"]',
      'CMD ["scratch"]',
      "",
    ].join("\n"),
  });
  const r = await t.ok(["build", "-t", "multi", dir]);
  expect(r.stdout).toContain(`[1/3] STEP 1/4: FROM ${BB} AS builder`);
  expect(r.stdout).toContain("[3/3] STEP 1/5: FROM scratch");
  expect(r.stdout).toContain("[3/3] COMMIT multi");
  expect((await t.ok(["run", "--rm", "multi"])).out).toBe("built hello from scratch");
  const img = await inspect("multi");
  expect(img.RootFS.Layers.length).toBe(2);
  expect(img.Config.Env).toEqual(["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]);
  expect((await t.ok(["run", "--rm", "--entrypoint", "/bin/sh", "multi", "-c", "stat -c %a /pkg.tgz"])).out).toBe("600");
  // the same without intermediate images (one commit per stage)
  await t.ok(["build", "--layers=false", "-t", "multi-nl", dir]);
  expect((await t.ok(["run", "--rm", "multi-nl"])).out).toBe("built hello from scratch");
  // --target stops at the named stage
  const tr = await t.ok(["build", "--target", "builder", "-t", "multi-builder", dir]);
  expect(tr.stdout).not.toContain("FROM scratch");
  expect((await t.ok(["run", "--rm", "multi-builder", "cat", "/build/src/hello.sh"])).out).toContain("hello from");
});

test("build args, heredocs, exec form, escape directive, ignore file", async () => {
  const dir = ctxDir("args", {
    "keep.txt": "keep\n",
    "skip.log": "skip\n",
    "important.log": "important\n",
    ".containerignore": "*.log\n!important.log\n",
    "args.conf": "FROMFILE=filevalue\n",
    Containerfile: [
      "# escape=`",
      "ARG G=global",
      `FROM ${BB}`,
      "ARG V=default",
      "ARG FROMFILE",
      "ARG HOSTARG",
      "ARG G",
      "RUN echo v=$V f=$FROMFILE h=$HOSTARG p=$HTTP_PROXY g=$G > /args `",
      "    && true",
      "RUN <<EOF",
      "echo line1 > /heredoc",
      "echo line2 >> /heredoc",
      "EOF",
      "COPY <<CONF /etc/app.conf",
      "v=${V}",
      "CONF",
      'RUN ["/bin/sh", "-c", "echo exec > /exec"]',
      "COPY *.txt *.log /ctx/",
      "",
    ].join("\n"),
  });
  const r = await t.ok(["build", "--build-arg", "V=given", "--build-arg-file", join(dir, "args.conf"), "--build-arg", "HOSTARG", "--build-arg", "HTTP_PROXY=http://proxy:1", "--build-arg", "NOTUSED=1", "-t", "args", dir], { env: { HOSTARG: "fromenv" } });
  expect(r.stderr).toContain("one or more build args were not consumed: [NOTUSED]");
  const out = await t.ok(["run", "--rm", "args", "sh", "-c", "cat /args /heredoc /etc/app.conf /exec; ls /ctx"]);
  expect(out.out).toBe("v=given f=filevalue h=fromenv p=http://proxy:1 g=global\nline1\nline2\nv=given\nexec\nimportant.log\nkeep.txt");
  const img = await inspect("args");
  expect(JSON.stringify(img.Config.Env)).not.toContain("proxy");
  // RUN history: the stage's ARG values as Docker's `|N k=v` prefix (proxy args left out), exec form as shell + JSON
  const runs = (img.History as { created_by: string }[]).map((h) => h.created_by).filter((c) => c.startsWith("|"));
  expect(runs[0]).toStartWith("|4 V=given FROMFILE=filevalue HOSTARG=fromenv G=global /bin/sh -c echo v=$V");
  expect(runs.at(-1)).toBe('|4 V=given FROMFILE=filevalue HOSTARG=fromenv G=global /bin/sh -c ["/bin/sh", "-c", "echo exec > /exec"]');
  // --ignorefile replaces .containerignore
  writeFileSync(join(t.tmp, "other.ignore"), "keep.txt\n");
  const dir2 = ctxDir("args2", { "keep.txt": "k", "b.log": "b", Containerfile: `FROM ${BB}\nCOPY . /ctx/\n` });
  await t.ok(["build", "--ignorefile", join(t.tmp, "other.ignore"), "-t", "ign", dir2]);
  expect((await t.ok(["run", "--rm", "ign", "ls", "/ctx"])).out).toBe("Containerfile\nb.log");
});

test("COPY --chown, ADD of a tarball and of a URL, RUN --mount cache/bind/tmpfs/secret, --network", async () => {
  const dir = ctxDir("copy", { "plain.txt": "plain\n", Containerfile: "" });
  // a tarball in the context (made with busybox tar in a container would be circular: use the host's tar)
  Bun.spawnSync(["tar", "-C", dir, "-czf", join(dir, "pkg.tar.gz"), "plain.txt"]);
  writeFileSync(join(t.tmp, "secret.txt"), "s3cret\n");
  const server = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("from url\n", { headers: { "Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT" } }) });
  try {
    writeFileSync(join(dir, "Containerfile"), [
      `FROM ${BB}`,
      "ARG OWNER=nobody",
      "COPY --chown=${OWNER}:nogroup plain.txt /owned.txt",
      "COPY --chown=65534 --link plain.txt /owned2.txt",
      "ADD pkg.tar.gz /unpacked/",
      `ADD http://127.0.0.1:${server.port}/file.txt /downloaded/`,
      "RUN --mount=type=cache,target=/cache echo cached >> /cache/count && wc -l < /cache/count > /cachecount",
      "RUN --mount=type=bind,source=plain.txt,target=/mnt/p.txt cat /mnt/p.txt > /bound",
      "RUN --mount=type=tmpfs,target=/scratch touch /scratch/x && ls /scratch > /tmpfs",
      "RUN --mount=type=secret,id=tok cat /run/secrets/tok > /secretcopy",
      "RUN --network=none ip link show | grep -c ': ' > /links",
      "",
    ].join("\n"));
    await t.ok(["build", "--secret", `id=tok,src=${join(t.tmp, "secret.txt")}`, "-t", "copy", dir]);
  } finally {
    server.stop(true);
  }
  const out = await t.ok(["run", "--rm", "copy", "sh", "-c", "stat -c '%u:%g' /owned.txt /owned2.txt; cat /unpacked/plain.txt /downloaded/file.txt /cachecount /bound; cat /tmpfs; cat /secretcopy; cat /links; stat -c %a /downloaded/file.txt; ls -d /cache /scratch /mnt 2>&1 | grep -c 'No such'"]);
  expect(out.out).toBe("65534:65534\n65534:65534\nplain\nfrom url\n1\nplain\nx\ns3cret\n1\n600\n3");
});

test("squash, squash-all, label, annotation, env, unsetenv, timestamp, iidfile, output, -q, stdin", async () => {
  const dir = ctxDir("sq", { Containerfile: `FROM ${BB}\nENV KEEP=1 DROP=2\nRUN echo a > /a\nRUN echo b > /b && rm /bin/vi\n` });
  await t.ok(["build", "--squash", "-t", "sq", dir]);
  const base = await inspect(BB);
  const sq = await inspect("sq");
  expect(sq.RootFS.Layers.length).toBe(base.RootFS.Layers.length + 1);
  // the squashed layer keeps the deletion of a base-image file
  expect((await t.ok(["run", "--rm", "sq", "sh", "-c", "cat /a /b; test -e /bin/vi && echo present || echo gone"])).out).toBe("a\nb\ngone");
  await t.ok(["build", "--squash-all", "-t", "sqa", dir]);
  expect((await inspect("sqa")).RootFS.Layers.length).toBe(1);
  expect((await t.ok(["run", "--rm", "sqa", "cat", "/a", "/b"])).out).toBe("a\nb");
  const iid = join(t.tmp, "iid");
  const q = await t.ok(["build", "-q", "--label", "l1=v1", "--annotation", "an=x", "--env", "NEW=3", "--unsetenv", "DROP", "--timestamp", "1000000000", "--iidfile", iid, "-t", "meta", dir]);
  expect(q.out).toMatch(HEX64);
  expect(readFileSync(iid, "utf8")).toBe(q.out);
  const meta = await inspect("meta");
  expect(meta.Labels.l1).toBe("v1");
  expect(meta.Config.Env).toContain("NEW=3");
  expect(meta.Config.Env).toContain("KEEP=1");
  expect(meta.Config.Env.join()).not.toContain("DROP=");
  expect(meta.Created).toStartWith("2001-09-09T01:46:40");
  expect(meta.Annotations).toMatchObject({ an: "x" });
  const outDir = join(t.tmp, "out-local");
  await t.ok(["build", "-q", "--output", `type=local,dest=${outDir}`, dir]);
  expect(readFileSync(join(outDir, "b"), "utf8")).toBe("b\n");
  const outTar = join(t.tmp, "out.tar");
  await t.ok(["build", "-q", "--output", `type=tar,dest=${outTar}`, dir]);
  expect(existsSync(outTar)).toBe(true);
  const listed = Bun.spawnSync(["tar", "-tf", outTar]).stdout.toString();
  expect(listed.split("\n")).toContain("a");
  const fromStdin = await t.ok(["build", "-f", "-", "-t", "stdin", dir], { stdin: `FROM ${BB}\nCMD ["echo", "from stdin"]\n` });
  expect(fromStdin.stdout).toContain("STEP 2/2");
  expect((await t.ok(["run", "--rm", "stdin"])).out).toBe("from stdin");
});

test("ONBUILD triggers run in the child build; Dockerfile fallback; tarball context; image build alias", async () => {
  const parent = ctxDir("onb-parent", { Dockerfile: `FROM ${BB}\nONBUILD COPY marker /marker\nONBUILD RUN echo triggered > /trig\n` });
  await t.ok(["build", "--format", "docker", "-t", "onb-parent", parent]);
  const child = ctxDir("onb-child", { marker: "m\n", Containerfile: "FROM onb-parent\nRUN cat /trig\n" });
  const r = await t.ok(["image", "build", "--format", "docker", "-t", "onb-child", child]);
  expect(r.stdout).toContain("triggered");
  expect((await t.ok(["run", "--rm", "onb-child", "cat", "/marker"])).out).toBe("m");
  expect((await inspect("onb-child")).Config.OnBuild ?? null).toBeNull();
  const tarball = join(t.tmp, "ctx.tar");
  Bun.spawnSync(["tar", "-C", child, "-cf", tarball, "."]);
  const fromTar = await t.ok(["build", "-q", "--format", "docker", tarball]);
  expect(fromTar.out).toMatch(HEX64);
});
