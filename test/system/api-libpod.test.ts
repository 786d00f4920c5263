// Podman's libpod routes over raw HTTP against `tspod system service`: pods, volumes, networks,
// secrets, images, the container routes beyond the first slice, system df/prune, exec, and
// Podman's {cause, message, response} errors. Shapes were checked against Podman 4.3.1's service.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { systemSetup, HEX64 } from "./harness.ts";
import { api, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apilibpod" });
const L = "/v4.3.1/libpod";
const NET = `alpnet${process.pid}`;

beforeAll(async () => {
  svc = await startService(t, "libpod");
  await t.ok(["pull", "-q", "--tls-verify=false", t.img("busybox")]);
}, 120_000);

async function call(method: string, path: string, body?: unknown, raw = false): Promise<{ status: number; body: any; text: string; headers: Headers }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = raw ? (body as string) : JSON.stringify(body);
    init.headers = { "Content-Type": raw ? "application/octet-stream" : "application/json" };
  }
  const res = await api(svc!.sock, `${L}${path}`, init);
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

function expectPodmanError(r: { status: number; body: any }, status: number, cause: string): void {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ cause, message: expect.any(String), response: status });
}

describe("libpod pods", () => {
  test("create, json, inspect, exists, start/stop/kill/restart/pause/unpause, top, stats, rm, prune", async () => {
    const created = await call("POST", "/pods/create", { name: "lp1", labels: { app: "x" } });
    expect(created.status).toBe(201);
    expect(created.body.Id).toMatch(HEX64);
    const id = created.body.Id as string;
    expect((await call("GET", "/pods/lp1/exists")).status).toBe(204);
    expectPodmanError(await call("GET", "/pods/nope/exists"), 404, "no such pod");
    const list = await call("GET", "/pods/json");
    const entry = list.body.find((p: any) => p.Id === id);
    expect(Object.keys(entry).sort()).toEqual(["Cgroup", "Containers", "Created", "Id", "InfraId", "Labels", "Name", "Namespace", "Networks", "Status"]);
    expect(entry.Labels).toEqual({ app: "x" });
    const filtered = await call("GET", `/pods/json?filters=${encodeURIComponent(JSON.stringify({ name: ["nomatch"] }))}`);
    expect(filtered.body).toEqual([]);
    const insp = await call("GET", "/pods/lp1/json");
    expect(insp.body.Name).toBe("lp1");
    expect(insp.body.State).toBe("Created");
    // a container in the pod (SpecGenerator's pod field)
    const ctr = await call("POST", "/containers/create", { image: t.img("busybox"), pod: "lp1", command: ["sleep", "1000"], name: "lp1-ctr" });
    expect(ctr.status).toBe(201);
    const started = await call("POST", "/pods/lp1/start");
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ Errs: null, Id: id });
    expect((await call("POST", "/pods/lp1/start")).status).toBe(304);
    const top = await call("GET", "/pods/lp1/top");
    expect(top.body.Titles).toContain("PID");
    expect(top.body.Processes.some((p: string[]) => p.join(" ").includes("sleep 1000"))).toBe(true);
    const stats = await call("GET", "/pods/stats?namesOrIDs=lp1");
    expect(stats.body.map((s: any) => s.Name).sort()).toContain("lp1-ctr");
    expect((await call("POST", "/pods/lp1/pause")).body.Id).toBe(id);
    expect((await t.ok(["inspect", "-f", "{{.State.Status}}", "lp1-ctr"])).out).toBe("paused");
    expect((await call("POST", "/pods/lp1/unpause")).status).toBe(200);
    expect((await call("POST", "/pods/lp1/restart?t=0")).status).toBe(200);
    expect((await call("POST", "/pods/lp1/kill?signal=KILL")).status).toBe(200);
    expect((await call("POST", "/pods/lp1/stop?t=0")).status).toBeOneOf([200, 304]);
    const rm = await call("DELETE", "/pods/lp1?force=true");
    expect(rm.status).toBe(200);
    expect(rm.body.Id).toBe(id);
    expect(rm.body.Err).toBeNull();
    expect((await t.tspod(["container", "exists", "lp1-ctr"])).code).toBe(1);
    expectPodmanError(await call("DELETE", "/pods/lp1"), 404, "no such pod");
    await call("POST", "/pods/create", { name: "lp2", no_infra: true });
    const pruned = await call("POST", "/pods/prune");
    expect(pruned.body.map((p: any) => p.Id)).toHaveLength(1);
    expect((await call("GET", "/pods/lp2/exists")).status).toBe(404);
  }, 120_000);

  test("a malformed PodSpec is a 4xx with Go's wording", async () => {
    const r = await call("POST", "/pods/create", { name: 5 });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.message).toContain("cannot unmarshal number");
  });
});

describe("libpod volumes, networks, secrets", () => {
  test("volumes: create, json, inspect, exists, rm, prune", async () => {
    const c = await call("POST", "/volumes/create", { Name: "lv1", Labels: { a: "b" } });
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ Name: "lv1", Driver: "local", Labels: { a: "b" }, Scope: "local" });
    expect((await call("GET", "/volumes/json")).body.map((v: any) => v.Name)).toContain("lv1");
    expect((await call("GET", "/volumes/lv1/json")).body.Mountpoint).toContain("lv1");
    expect((await call("GET", "/volumes/lv1/exists")).status).toBe(204);
    expectPodmanError(await call("GET", "/volumes/nope/json"), 404, "no such volume");
    expect((await call("DELETE", "/volumes/lv1")).status).toBe(204);
    expectPodmanError(await call("DELETE", "/volumes/lv1"), 404, "no such volume");
    await call("POST", "/volumes/create", { Name: "lv2" });
    expect((await call("POST", "/volumes/prune")).body).toEqual([{ Id: "lv2", Size: 0 }]);
  });

  test("networks: create, json, inspect, exists, connect, disconnect, rm, prune", async () => {
    const c = await call("POST", "/networks/create", { name: NET });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({ name: NET, driver: "bridge", dns_enabled: false });
    expect(c.body.subnets[0].subnet).toMatch(/\//);
    expect((await call("GET", "/networks/json")).body.map((n: any) => n.name)).toContain(NET);
    expect((await call("GET", `/networks/${NET}/json`)).body.id).toBe(c.body.id);
    expect((await call("GET", `/networks/${NET}/exists`)).status).toBe(204);
    expectPodmanError(await call("GET", "/networks/nope/json"), 404, "network not found");
    await t.ok(["run", "-d", "--name", "netctr", t.img("busybox"), "sleep", "1000"]);
    expect((await call("POST", `/networks/${NET}/connect`, { container: "netctr" })).status).toBe(200);
    expect((await t.ok(["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "netctr"])).out).toContain(NET);
    expect((await call("POST", `/networks/${NET}/disconnect`, { Container: "netctr" })).status).toBe(200);
    expect((await t.ok(["inspect", "-f", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "netctr"])).out).not.toContain(NET);
    await t.ok(["rm", "-f", "-t", "0", "netctr"]);
    const rm = await call("DELETE", `/networks/${NET}`);
    expect(rm.body).toEqual([{ Name: NET, Err: null }]);
    await call("POST", "/networks/create", { name: `${NET}p` });
    expect((await call("POST", "/networks/prune")).body).toContainEqual({ Name: `${NET}p`, Error: null });
  }, 60_000);

  test("secrets: create (the body is the value), json, inspect, exists, rm", async () => {
    const c = await call("POST", "/secrets/create?name=ls1", "s3cret", true);
    expect(c.status).toBe(200);
    expect(c.body.ID).toMatch(/^[0-9a-f]{25}$/);
    expect((await call("GET", "/secrets/json")).body.map((s: any) => s.Spec.Name)).toEqual(["ls1"]);
    const insp = await call("GET", "/secrets/ls1/json");
    expect(insp.body.ID).toBe(c.body.ID);
    expect(insp.body.Spec.Driver.Name).toBe("file");
    expect((await call("GET", "/secrets/ls1/exists")).status).toBe(204);
    expect((await call("DELETE", "/secrets/ls1")).status).toBe(204);
    expectPodmanError(await call("DELETE", "/secrets/ls1"), 404, "no such secret");
    expect((await call("POST", "/secrets/create", "x", true)).status).toBe(400);
  });
});

describe("libpod images", () => {
  test("tag, untag, history, exists, export, load, import, remove, prune", async () => {
    const img = t.img("busybox");
    expect((await call("POST", `/images/${encodeURIComponent(img)}/tag?repo=localhost/lpt&tag=1`)).status).toBe(201);
    expect((await call("GET", "/images/localhost%2Flpt:1/exists")).status).toBe(204);
    const hist = await call("GET", "/images/localhost%2Flpt:1/history");
    expect(hist.body[0].Id).toMatch(HEX64);
    expect(Object.keys(hist.body[0]).sort()).toEqual(["Comment", "Created", "CreatedBy", "Id", "Size", "Tags"]);
    expect((await call("POST", "/images/localhost%2Flpt:1/untag?repo=localhost/lpt&tag=1")).status).toBe(201);
    expect((await call("GET", "/images/localhost%2Flpt:1/exists")).status).toBe(404);
    // export → load round trip
    const tar = await api(svc!.sock, `${L}/images/${encodeURIComponent(img)}/get?format=docker-archive`);
    expect(tar.status).toBe(200);
    const bytes = new Uint8Array(await tar.arrayBuffer());
    expect(bytes.byteLength).toBeGreaterThan(100_000);
    await t.ok(["rmi", img]);
    const loaded = await api(svc!.sock, `${L}/images/load`, { method: "POST", body: bytes });
    expect(await loaded.json()).toEqual({ Names: [img] });
    // import: a rootfs tarball
    const imported = await api(svc!.sock, `${L}/images/import?reference=localhost/lpimp:1`, { method: "POST", body: bytes });
    expect(imported.status).toBe(200);
    expect(((await imported.json()) as { Id: string }).Id).toMatch(HEX64);
    const rm = await call("DELETE", "/images/localhost%2Flpimp:1");
    expect(rm.body.Untagged).toEqual(["localhost/lpimp:1"]);
    expect(rm.body.Deleted).toHaveLength(1);
    expect(rm.body.ExitCode).toBe(0);
    expectPodmanError(await call("DELETE", "/images/localhost%2Fnope:1"), 404, "image not known");
    expect(Array.isArray((await call("POST", "/images/prune")).body)).toBe(true);
  }, 60_000);
});

describe("libpod containers and system", () => {
  test("stats, rename, update, mount, export, prune, healthcheck, exec", async () => {
    const img = t.img("busybox");
    await t.ok(["run", "-d", "--name", "lpc", "--health-cmd", "true", img, "sleep", "1000"]);
    const stats = await call("GET", "/containers/stats?containers=lpc&stream=false");
    expect(stats.body.Error).toBeNull();
    expect(stats.body.Stats[0].Name).toBe("lpc");
    expect((await call("POST", "/containers/lpc/rename?name=lpc2")).status).toBe(204);
    const upd = await call("POST", "/containers/lpc2/update", { pids: { limit: 77 } });
    expect(upd.status).toBe(201);
    const health = await call("GET", "/containers/lpc2/healthcheck");
    expect(health.body.Status).toBe("healthy");
    const mnt = await call("POST", "/containers/lpc2/mount");
    expect(typeof mnt.body).toBe("string");
    expect((await call("GET", "/containers/showmounted")).body).toBeInstanceOf(Object);
    const exp = await api(svc!.sock, `${L}/containers/lpc2/export`);
    expect(exp.headers.get("content-type")).toBe("application/x-tar");
    expect((await exp.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
    // exec through libpod (Detach: the plain HTTP answer; the attached form is podman-remote's exec test)
    const ex = await call("POST", "/containers/lpc2/exec", { Cmd: ["sh", "-c", "touch /tmp/exec-ran; sleep 0.3; exit 5"], AttachStdout: true });
    expect(ex.status).toBe(201);
    expect((await call("GET", `/exec/${ex.body.Id}/json`)).body).toMatchObject({ Running: false, ExitCode: null, ProcessConfig: { entrypoint: "sh" } });
    expect((await call("POST", `/exec/${ex.body.Id}/start`, { Detach: true })).status).toBe(200);
    expect((await call("GET", `/exec/${ex.body.Id}/json`)).body.Running).toBe(true);
    let info = { Running: true, ExitCode: null as number | null };
    for (let i = 0; i < 100 && info.Running; i++) {
      info = (await call("GET", `/exec/${ex.body.Id}/json`)).body;
      if (info.Running) await Bun.sleep(50);
    }
    // the detached process's own exit code, as Podman's conmon records it
    expect(info).toMatchObject({ Running: false, ExitCode: 5 });
    expect((await t.tspod(["exec", "lpc2", "test", "-e", "/tmp/exec-ran"])).code).toBe(0);
    await t.ok(["rm", "-f", "-t", "0", "lpc2"]);
    await t.ok(["create", "--name", "lpdead", img, "true"]);
    const pruned = await call("POST", "/containers/prune");
    expect(pruned.body).toContainEqual({ Id: expect.stringMatching(HEX64), Size: 0, Err: null });
    expect((await t.tspod(["container", "exists", "lpdead"])).code).toBe(1);
  }, 60_000);

  test("system df and prune", async () => {
    const df = await call("GET", "/system/df");
    expect(Object.keys(df.body).sort()).toEqual(["Containers", "Images", "Volumes"]);
    expect(df.body.Images[0]).toMatchObject({ Repository: expect.any(String), Tag: expect.any(String), ImageID: expect.stringMatching(HEX64) });
    await t.ok(["create", "--name", "sysprune", t.img("busybox"), "true"]);
    const pr = await call("POST", "/system/prune");
    expect(Object.keys(pr.body).sort()).toEqual(["ContainerPruneReports", "ImagePruneReports", "NetworkPruneReports", "PodPruneReport", "ReclaimedSpace", "VolumePruneReports"]);
    expect(pr.body.ContainerPruneReports).toHaveLength(1);
  }, 60_000);

  test("unknown libpod path and wrong method answer Podman's error body", async () => {
    expectPodmanError(await call("GET", "/pods/x/nothing"), 404, "no such object");
    const r = await call("PUT", "/pods/json");
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.body.response).toBe(r.status);
  });
});
