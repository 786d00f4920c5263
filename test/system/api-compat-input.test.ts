// The Docker-compatible network, volume, secret and build routes over raw HTTP: their shapes
// (secrets as Podman 4.3 serves them), and hostile input — malformed JSON, wrong types, unknown
// fields, path traversal in names and build contexts, oversized bodies — gets a 4xx with a clear
// message while the service keeps serving.

import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { systemSetup } from "./harness.ts";
import { api, startService, type ApiService } from "./api-harness.ts";

let svc: ApiService | undefined;
afterAll(async () => {
  expect(await svc?.stop()).toBe(0);
});

const t = systemSetup({ name: "apiinput" });

beforeAll(async () => {
  svc = await startService(t, "input");
}, 60_000);

const post = (path: string, body: string | Uint8Array, headers: Record<string, string> = { "Content-Type": "application/json" }) => api(svc!.sock, path, { method: "POST", body, headers });

async function expectError(res: Response, status: number, message: string | RegExp) {
  const body = (await res.json()) as { message: string };
  expect({ status: res.status, message: body.message }).toEqual({ status, message: typeof message === "string" ? expect.stringContaining(message) : expect.stringMatching(message) });
}

/** a tar built by Python's tarfile: entries [name, content] or [name, "->target"] for symlinks */
function tarOf(entries: [string, string][]): Uint8Array {
  const script = `
import io, sys, tarfile, json
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
    for name, content in json.loads(sys.argv[1]):
        info = tarfile.TarInfo(name)
        if content.startswith("->"):
            info.type = tarfile.SYMTYPE
            info.linkname = content[2:]
            tar.addfile(info)
        else:
            data = content.encode()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(buf.getvalue())
`;
  const r = Bun.spawnSync({ cmd: ["python3", "-c", script, JSON.stringify(entries)] });
  if (r.exitCode !== 0) throw new Error(r.stderr.toString());
  return new Uint8Array(r.stdout);
}

describe("compat networks, volumes, secrets: shapes", () => {
  test("network create → 201 {Id, Warning}; inspect and list in Docker's shape; remove 204", async () => {
    const res = await post("/v1.41/networks/create", JSON.stringify({ Name: "shape", Labels: { k: "v" }, Options: { "com.docker.network.driver.mtu": "1400" }, CheckDuplicate: true, Attachable: true }));
    expect(res.status).toBe(201);
    const { Id, Warning } = (await res.json()) as { Id: string; Warning: string };
    expect(Id).toMatch(/^[0-9a-f]{64}$/);
    expect(Warning).toBe("");
    const n = (await (await api(svc!.sock, "/v1.41/networks/shape")).json()) as Record<string, any>;
    expect(Object.keys(n)).toEqual(["Name", "Id", "Created", "Scope", "Driver", "EnableIPv6", "IPAM", "Internal", "Attachable", "Ingress", "ConfigFrom", "ConfigOnly", "Containers", "Options", "Labels"]);
    expect(n).toMatchObject({ Name: "shape", Id, Scope: "local", Driver: "bridge", Labels: { k: "v" }, Options: { mtu: "1400" }, Containers: {} });
    expect(n.IPAM.Config[0].Subnet).toMatch(/^\d+\.\d+\.\d+\.0\/24$/);
    // the default network is Docker's "bridge", by name and in the list
    const list = (await (await api(svc!.sock, "/v1.41/networks")).json()) as { Name: string }[];
    expect(list.map((x) => x.Name).sort()).toEqual(["bridge", "shape"]);
    expect((await api(svc!.sock, "/v1.41/networks/bridge")).status).toBe(200);
    const custom = (await (await api(svc!.sock, `/v1.41/networks?filters=${encodeURIComponent('{"type":["custom"]}')}`)).json()) as { Name: string }[];
    expect(custom.map((x) => x.Name)).toEqual(["shape"]);
    // a second create of the name: 409
    await expectError(await post("/v1.41/networks/create", JSON.stringify({ Name: "shape" })), 409, "network name shape already used");
    expect((await api(svc!.sock, `/v1.41/networks/${Id.slice(0, 12)}`, { method: "DELETE" })).status).toBe(204);
    await expectError(await api(svc!.sock, "/v1.41/networks/shape", { method: "DELETE" }), 404, "network not found");
    await expectError(await api(svc!.sock, "/v1.41/networks/bridge", { method: "DELETE" }), 400, "bridge is a pre-defined network and cannot be removed");
  });

  test("volume create → 201 with the volume; again → the same volume; list, prune", async () => {
    const res = await post("/v1.41/volumes/create", JSON.stringify({ Name: "shapevol", Labels: { a: "b" } }));
    expect(res.status).toBe(201);
    const v = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["CreatedAt", "Driver", "Labels", "Mountpoint", "Name", "Options", "Scope"]);
    expect(v).toMatchObject({ Name: "shapevol", Driver: "local", Labels: { a: "b" }, Scope: "local", Options: {} });
    expect(v.Mountpoint).toBe(join(t.root, "volumes", "shapevol", "_data"));
    const again = await post("/v1.41/volumes/create", JSON.stringify({ Name: "shapevol" }));
    expect(again.status).toBe(201);
    expect(((await again.json()) as { Labels: unknown }).Labels).toEqual({ a: "b" });
    const list = (await (await api(svc!.sock, "/v1.41/volumes")).json()) as { Volumes: { Name: string }[]; Warnings: unknown[] };
    expect(list.Volumes.map((x) => x.Name)).toEqual(["shapevol"]);
    expect(list.Warnings).toEqual([]);
    const pruned = (await (await post("/v1.41/volumes/prune", "")).json()) as { VolumesDeleted: string[] };
    expect(pruned.VolumesDeleted).toEqual(["shapevol"]);
    await expectError(await api(svc!.sock, "/v1.41/volumes/shapevol"), 404, "no such volume");
  });

  test("secrets as Podman 4.3 serves them: create 200 {ID}, list, inspect without the data, 409, delete 204", async () => {
    const res = await post("/v1.41/secrets/create", JSON.stringify({ Name: "pw", Data: Buffer.from("s3cret").toString("base64"), Labels: { app: "x" } }));
    expect(res.status).toBe(200);
    const { ID } = (await res.json()) as { ID: string };
    expect(ID).toMatch(/^[0-9a-f]{25}$/);
    const s = (await (await api(svc!.sock, "/v1.41/secrets/pw")).json()) as Record<string, any>;
    expect(Object.keys(s)).toEqual(["ID", "CreatedAt", "UpdatedAt", "Spec", "Version"]);
    expect(s).toMatchObject({ ID, Spec: { Name: "pw", Driver: { Name: "file" }, Labels: { app: "x" } }, Version: { Index: 1 } });
    expect(JSON.stringify(s)).not.toContain(Buffer.from("s3cret").toString("base64"));
    expect(((await (await api(svc!.sock, "/v1.41/secrets")).json()) as { ID: string }[]).map((x) => x.ID)).toEqual([ID]);
    await expectError(await post("/v1.41/secrets/create", JSON.stringify({ Name: "pw", Data: "YQ==" })), 409, "secret name in use");
    await expectError(await post(`/v1.41/secrets/${ID}/update`, "{}"), 501, "update is not supported");
    expect((await api(svc!.sock, "/v1.41/secrets/pw", { method: "DELETE" })).status).toBe(204);
    await expectError(await api(svc!.sock, "/v1.41/secrets/pw"), 404, "no such secret");
    // swarm objects stay Docker's 503
    expect((await api(svc!.sock, "/v1.41/services")).status).toBe(503);
  });
});

describe("compat networks, volumes, secrets, build: hostile input", () => {
  test("malformed JSON, wrong types and unknown fields: 400 with Go's wording", async () => {
    await expectError(await post("/v1.41/networks/create", "{bad"), 400, "decoding request body");
    await expectError(await post("/v1.41/volumes/create", '{"Name": "x",'), 400, "decoding request body");
    await expectError(await post("/v1.41/networks/create", "[1]"), 400, "json: cannot unmarshal array into Go value of type types.NetworkCreateRequest");
    await expectError(await post("/v1.41/networks/create", '{"Name": 5}'), 400, "json: cannot unmarshal number into Go struct field types.NetworkCreateRequest.Name of type string");
    await expectError(await post("/v1.41/networks/create", '{"Name": "x", "IPAM": {"Config": {"Subnet": "10.1.0.0/24"}}}'), 400, "json: cannot unmarshal object into Go struct field network.IPAM.Config of type []network.IPAMConfig");
    await expectError(await post("/v1.41/networks/create", '{"Name": "x", "Labels": {"a": 1}}'), 400, "Labels of type map[string]string");
    await expectError(await post("/v1.41/volumes/create", '{"Name": "x", "DriverOpts": "size=1"}'), 400, "DriverOpts of type map[string]string");
    await expectError(await post("/v1.41/networks/bridge/connect", '{"Container": 5}'), 400, "Container of type string");
    await expectError(await post("/v1.41/networks/create", '{"Name": "x", "Bogus": 1}'), 400, 'json: unknown field "Bogus"');
    await expectError(await post("/v1.41/volumes/create", '{"Nmae": "typo"}'), 400, 'json: unknown field "Nmae"');
    await expectError(await post("/v1.41/secrets/create", '{"Name": "s", "Data": "YQ==", "Extra": true}'), 400, 'json: unknown field "Extra"');
    await expectError(await post("/v1.41/networks/bridge/disconnect", '{"Container": "x", "force": true}'), 400, 'json: unknown field "force"');
    await expectError(await post("/v1.41/secrets/create", '{"Name": "s", "Data": "%%%"}'), 400, "secret Data must be base64-encoded");
    await expectError(await post("/v1.41/secrets/create", '{"Name": "s", "Data": ""}'), 400, "secret data must be larger than 0");
    await expectError(await post("/v1.41/networks/create", '{"Name": "x", "Scope": "swarm"}'), 400, "swarm-scoped networks");
    await expectError(await post("/v1.41/build?buildargs=notjson", tarOf([["Dockerfile", "FROM busybox\n"]])), 400, "invalid buildargs");
    await expectError(await post("/v1.41/build?labels=%7B%22a%22%3A1%7D", tarOf([["Dockerfile", "FROM busybox\n"]])), 400, 'invalid labels: the value of "a" is not a string');
    await expectError(await post("/v1.41/build", "not a tar at all", {}), 400, "the build context is not a tar archive");
    await expectError(await post("/v1.41/build", "", {}), 400, "the build context is empty");
    // nothing was created by any of it
    expect(((await (await api(svc!.sock, "/v1.41/networks")).json()) as unknown[]).length).toBe(1);
    expect(((await (await api(svc!.sock, "/v1.41/volumes")).json()) as { Volumes: unknown[] }).Volumes).toEqual([]);
  });

  test("names that would leave the store are refused", async () => {
    await expectError(await post("/v1.41/networks/create", '{"Name": "../../etc/x"}'), 400, "names must match");
    await expectError(await post("/v1.41/volumes/create", '{"Name": "../escape"}'), 400, "names must match");
    await expectError(await post("/v1.41/secrets/create", `{"Name": "../escape", "Data": "YQ=="}`), 400, "names must match");
    await expectError(await api(svc!.sock, "/v1.41/volumes/..%2F..%2Fetc"), 404, "no such volume");
    await expectError(await api(svc!.sock, "/v1.41/volumes/..%2F..%2Fetc", { method: "DELETE" }), 404, "no such volume");
    await expectError(await api(svc!.sock, "/v1.41/networks/..%2F..%2Fetc%2Fpasswd"), 404, "network not found");
    expect(existsSync(join(t.root, "escape"))).toBe(false);
    expect(existsSync(join(t.root, "volumes", "..", "escape"))).toBe(false);
  });

  test("build contexts and Dockerfile paths cannot reach outside the context", async () => {
    await post("/v1.41/images/create?fromImage=busybox", "");
    // a context entry climbing out of the context
    await expectError(await post("/v1.41/build?t=evil", tarOf([["Dockerfile", "FROM busybox\n"], ["../../escaped.txt", "out"]]), {}), 400, /invalid tar|unsafe|outside|\.\./);
    // dockerfile= pointing outside, and a Dockerfile that is a symlink to a host file
    const outside = await post("/v1.41/build?dockerfile=../../../../etc/passwd", tarOf([["Dockerfile", "FROM busybox\n"]]), {});
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as { message: string }).message).toContain("Cannot locate specified Dockerfile: ../../../../etc/passwd");
    await expectError(await post("/v1.41/build", tarOf([["Dockerfile", "->/etc/passwd"]]), {}), 400, "must be within the build context");
    await expectError(await post("/v1.41/build?dockerfile=inner", tarOf([["inner", "->../../../../etc/hostname"]]), {}), 400, "must be within the build context");
    // COPY of a symlink pointing out of the context copies nothing from the host
    const r = await post("/v1.41/build?t=linkcopy", tarOf([["Dockerfile", "FROM busybox\nCOPY link /got\nRUN cat /got\n"], ["link", "->/etc/hostname"]]), {});
    const streamed = (await r.text()).trim().split("\n").map((l) => (JSON.parse(l) as { stream?: string }).stream ?? "").join("");
    expect(streamed).toContain("COPY link /got");
    expect(streamed).not.toContain(`${readFileSync("/etc/hostname", "utf8").trim()}\n`);
    // the service still answers
    expect((await api(svc!.sock, "/_ping")).status).toBe(200);
  });

  test("a build streams Docker's JSON lines; a failing step ends with an error line", async () => {
    const res = await post("/v1.41/build?t=streamed:v1&buildargs=%7B%22X%22%3A%22y%22%7D&labels=%7B%22l%22%3A%22v%22%7D&nocache=1&rm=1", tarOf([["Dockerfile", "FROM busybox\nARG X\nRUN echo got-$X\n"]]), { "Content-Type": "application/x-tar" });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, any>);
    const stream = lines.map((l) => l.stream ?? "").join("");
    expect(stream).toContain("got-y");
    expect(stream).toMatch(/Successfully built [0-9a-f]{12}\n/);
    expect(stream).toContain("Successfully tagged streamed:v1\n");
    const aux = lines.find((l) => l.aux)!.aux.ID as string;
    const img = (await (await api(svc!.sock, "/v1.41/images/streamed:v1/json")).json()) as { Id: string; Config: { Labels: Record<string, string> } };
    expect(img.Id).toBe(aux);
    expect(img.Config.Labels).toEqual({ l: "v" });
    const q = await post("/v1.41/build?q=1", tarOf([["Dockerfile", "FROM busybox\nRUN echo quiet-step\n"]]), {});
    const qt = await q.text();
    expect(qt).not.toContain("quiet-step");
    expect(qt).toMatch(/\{"stream":"sha256:[0-9a-f]{64}\\n"\}/);
    const bad = await post("/v1.41/build", tarOf([["Dockerfile", "FROM busybox\nRUN exit 7\n"]]), {});
    expect(bad.status).toBe(200);
    const last = JSON.parse((await bad.text()).trim().split("\n").pop()!) as { error: string; errorDetail: { message: string } };
    expect(last.error).toMatch(/exit status 7|non-zero code: 7/);
    expect(last.errorDetail.message).toBe(last.error);
    // oversized JSON bodies are refused without reading them
    const big = await post("/v1.41/networks/create", `{"Name":"big","Labels":{"x":"${"a".repeat(5 * 1024 * 1024)}"}}`);
    expect(big.status).toBe(413);
  });
});
