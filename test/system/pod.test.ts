// Pods: an infra container (catatonit -P, from an image tspod builds itself) holds the shared
// namespaces; members reach each other on localhost, share IPC (a POSIX message queue) and the
// hostname; the pod's status follows its members; stop/start/rm act on the whole pod.

import { beforeAll, expect, test } from "bun:test";
import { HEX64, parseJson, systemSetup, waitFor } from "./harness.ts";

const t = systemSetup({ name: "pod" });
let BB = "";

beforeAll(async () => {
  BB = t.img("busybox");
  await t.ok(["pull", "-q", "--tls-verify=false", BB]);
}, 120_000);

async function podStatus(name: string): Promise<string> {
  return (await t.ok(["pod", "ps", "--filter", `name=^${name}$`, "--format", "{{.Status}}"])).out;
}

test("pod create builds the infra image locally and makes a Created pod with its infra container", async () => {
  const id = (await t.ok(["pod", "create", "--name", "p1"])).out;
  expect(id).toMatch(HEX64);
  const images = (await t.ok(["images", "--format", "{{.Repository}}"])).out.split("\n");
  expect(images).toContain("localhost/tspod-pause");
  const ps = (await t.ok(["pod", "ps"])).out.split("\n");
  expect(ps[0]).toMatch(/^POD ID\s+NAME\s+STATUS\s+CREATED\s+INFRA ID\s+# OF CONTAINERS$/);
  expect(ps[1]).toMatch(new RegExp(`^${id.slice(0, 12)}\\s+p1\\s+Created\\s+.*\\s+[0-9a-f]{12}\\s+1$`));
  const info = parseJson((await t.ok(["pod", "inspect", "p1"])).out);
  expect(info.Id).toBe(id);
  expect(info.State).toBe("Created");
  expect(info.SharedNamespaces).toEqual(["ipc", "net", "uts"]);
  expect(info.Containers).toHaveLength(1);
  expect(info.Containers[0].Name).toBe(`${id.slice(0, 12)}-infra`);
  const infra = parseJson((await t.ok(["inspect", info.InfraContainerID])).out)[0];
  expect(infra.IsInfra).toBe(true);
  expect(infra.Pod).toBe(id);
  expect(infra.Config.Entrypoint).toBe("/catatonit -P");
  // container prune leaves infra containers to their pods
  await t.ok(["container", "prune", "-f"]);
  expect((await t.tspod(["container", "exists", info.InfraContainerID])).code).toBe(0);
  // top-level inspect finds pods after containers and images
  expect((await t.ok(["inspect", "--format", "{{.Id}} {{.State}}", "p1"])).out).toBe(`${id} Created`);
  expect((await t.ok(["inspect", "--type", "pod", "--format", "{{.Name}}", id])).out).toBe("p1");
  await t.ok(["pod", "rm", "p1"]);
  expect((await t.tspod(["pod", "exists", "p1"])).code).toBe(1);
  expect((await t.tspod(["container", "exists", info.InfraContainerID])).code).toBe(1);
}, 120_000);

test("members talk over localhost, share a message queue and the hostname; status follows members", async () => {
  await t.ok(["pod", "create", "--name", "web"]);
  // the server answers one connection then keeps running
  await t.ok(["run", "-d", "--pod", "web", "--name", "srv", BB, "sh", "-c", "touch /dev/mqueue/from-srv; nc -l -p 8080 -e echo hello-over-localhost; sleep 600"]);
  expect(await podStatus("web")).toBe("Running");
  const ipc = (await t.ok(["exec", "srv", "readlink", "/proc/self/ns/ipc"])).out;
  const client = await waitFor(async () => {
    const r = await t.tspod(["run", "--rm", "--pod", "web", BB, "sh", "-c", "nc 127.0.0.1 8080 </dev/null"]);
    return r.out.includes("hello-over-localhost") ? r : undefined;
  }, 20_000, 200);
  expect(client?.out).toBe("hello-over-localhost");
  const seen = (await t.ok(["run", "--rm", "--pod", "web", BB, "sh", "-c", "ls /dev/mqueue; hostname; cat /etc/hostname; readlink /proc/self/ns/ipc"])).out.split("\n");
  expect(seen).toEqual(["from-srv", "web", "web", ipc]);
  expect((await t.ok(["exec", "srv", "hostname"])).out).toBe("web");

  // a member that exited makes the pod Degraded; stopping the pod stops all (members first)
  await t.ok(["run", "--pod", "web", "--name", "once", BB, "true"]);
  expect(await podStatus("web")).toBe("Degraded");
  const names = (await t.ok(["pod", "ps", "--filter", "name=web", "--ctr-names", "--ctr-status", "--format", "{{.ContainerNames}} {{.ContainerStatuses}}"])).out;
  expect(names).toMatch(/^[0-9a-f]{12}-infra,srv,once running,running,exited$/);
  await t.ok(["pod", "stop", "-t", "0", "web"]);
  expect(await podStatus("web")).toBe("Exited");
  expect((await t.ok(["ps", "--filter", "pod=web", "-q"])).out).toBe("");
  expect((await t.ok(["ps", "-a", "--filter", "pod=web", "--format", "{{.Names}} {{.PodName}}"])).out.split("\n").sort()).toEqual(
    [expect.stringMatching(/-infra web$/), "once web", "srv web"].sort() as unknown as string[],
  );

  // pause / unpause / restart / kill (without the short-lived member, which would exit again)
  await t.ok(["rm", "once"]);
  await t.ok(["pod", "start", "web"]);
  expect(await podStatus("web")).toBe("Running");
  await t.ok(["pod", "pause", "web"]);
  expect(await podStatus("web")).toBe("Paused");
  await t.ok(["pod", "unpause", "web"]);
  expect(await podStatus("web")).toBe("Running");
  const top = (await t.ok(["pod", "top", "web", "pid", "args"])).out;
  expect(top).toContain("/catatonit -P");
  expect(top).toContain("sleep 600");
  await t.ok(["pod", "kill", "web"]);
  await waitFor(async () => ((await podStatus("web")) === "Exited" ? true : undefined), 10_000, 100);
  await t.ok(["pod", "restart", "web"]);
  expect(await podStatus("web")).toBe("Running");

  // a pod with running members is removed only with -f, and takes its members along
  const refused = await t.tspod(["pod", "rm", "web"]);
  expect(refused.code).toBe(125);
  expect(refused.stderr).toMatch(/cannot remove container [0-9a-f]{64} as it is running - running or paused containers cannot be removed without force: container state improper/);
  // Podman's multi-error: the running member, then the infra container it depends on
  const lines = refused.stderr.split("\n");
  expect(lines[0]).toBe("Error: 2 errors occurred:");
  expect(lines[2]).toMatch(/^\t\* removing container [0-9a-f]{64} from pod [0-9a-f]{64}: a container that depends on container [0-9a-f]{64} still exists: dependency exists$/);
  expect(await podStatus("web")).toBe("Running");
  await t.ok(["pod", "rm", "-f", "-t", "0", "web"]);
  // a pod whose only running container is the infra one goes without -f, as in Podman
  await t.ok(["pod", "create", "--name", "idle"]);
  await t.ok(["pod", "start", "idle"]);
  await t.ok(["pod", "rm", "idle"]);
  expect((await t.tspod(["pod", "exists", "idle"])).code).toBe(1);
  expect((await t.ok(["ps", "-a", "-q"])).out).toBe("");
}, 180_000);

test("starting a member starts the infra container; pod logs prefix each member's lines", async () => {
  await t.ok(["pod", "create", "--name", "lazy"]);
  await t.ok(["create", "--pod", "lazy", "--name", "l1", BB, "sh", "-c", "echo line-one; sleep 600"]);
  await t.ok(["start", "l1"]);
  expect(await podStatus("lazy")).toBe("Running");
  const id = (await t.ok(["inspect", "--format", "{{.Id}}", "l1"])).out;
  await waitFor(async () => ((await t.ok(["pod", "logs", "lazy"])).out.includes("line-one") ? true : undefined), 10_000, 100);
  expect((await t.ok(["pod", "logs", "lazy"])).out).toBe(`${id.slice(0, 12)} line-one`);
  expect((await t.ok(["pod", "logs", "--names", "lazy"])).out).toBe("l1 line-one");
  const infra = (await t.ok(["pod", "inspect", "--format", "{{.InfraContainerID}}", "lazy"])).out;
  const alone = await t.tspod(["rm", "-f", infra]);
  expect(alone.code).toBe(125);
  expect(alone.stderr).toContain(`container ${infra} is the infra container of pod`);
  // rm -a removes pods with their infra containers, as Podman does
  await t.ok(["rm", "-a", "-f", "-t", "0"]);
  expect((await t.tspod(["pod", "exists", "lazy"])).code).toBe(1);
}, 120_000);

test("--exit-policy stop stops the pod when its last member exits", async () => {
  await t.ok(["pod", "create", "--name", "short", "--exit-policy", "stop"]);
  await t.ok(["run", "-d", "--pod", "short", BB, "sleep", "1"]);
  expect(await podStatus("short")).toBe("Running");
  await waitFor(async () => ((await podStatus("short")) === "Exited" ? true : undefined), 20_000, 200);
  // a member that is removed when it exits (run --rm in the foreground) counts as gone too
  await t.ok(["pod", "create", "--name", "short2", "--exit-policy", "stop"]);
  await t.ok(["run", "--rm", "--pod", "short2", BB, "true"]);
  await waitFor(async () => ((await podStatus("short2")) === "Exited" ? true : undefined), 20_000, 200);
  const cont = (await t.ok(["pod", "create", "--name", "cont"])).out;
  await t.ok(["run", "--pod", cont, BB, "true"]);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await podStatus("cont")).toBe("Degraded");
  await t.ok(["pod", "rm", "-f", "-t", "0", "short", "short2", "cont"]);
}, 120_000);

test("--pod new:NAME, --pod-id-file, --share, --hostname, --label, --infra=false", async () => {
  const idFile = `${t.tmp}/pod.id`;
  await t.ok(["pod", "create", "--name", "sh", "--share", "+pid", "--hostname", "box", "--label", "app=x", "--pod-id-file", idFile]);
  const info = parseJson((await t.ok(["pod", "inspect", "sh"])).out);
  expect(info.SharedNamespaces).toEqual(["pid", "ipc", "net", "uts"]);
  expect(info.Hostname).toBe("box");
  expect(info.Labels).toEqual({ app: "x" });
  // pid shared: the infra's catatonit is pid 1 in the member
  const ps = (await t.ok(["run", "--rm", "--pod-id-file", idFile, BB, "sh", "-c", "hostname; cat /proc/1/cmdline | tr '\\0' ' '"])).out.split("\n");
  expect(ps).toEqual(["box", "/catatonit -P "]);
  expect((await t.ok(["pod", "ps", "--filter", "label=app=x", "--format", "{{.Name}}"])).out).toBe("sh");

  await t.ok(["run", "--rm", "--pod", "new:fresh", BB, "true"]);
  expect(await podStatus("fresh")).toBe("Running");

  const none = (await t.ok(["pod", "create", "--infra=false", "--name", "bare"])).out;
  const bare = parseJson((await t.ok(["pod", "inspect", "bare"])).out);
  expect([bare.CreateInfra, bare.NumContainers, bare.InfraContainerID]).toEqual([false, 0, undefined]);
  expect((await t.ok(["run", "--pod", none, "--hostname", "own", BB, "hostname"])).out).toBe("own");
  expect(await podStatus("bare")).toBe("Exited");
  const pruned = (await t.ok(["pod", "prune", "-f"])).out.split("\n");
  expect(pruned).toContain(none);
  expect((await t.ok(["pod", "ps", "--format", "{{.Name}}"])).out.split("\n").sort()).toEqual(["fresh", "sh"]);
  await t.ok(["pod", "rm", "-f", "-t", "0", "-a"]);
  expect((await t.ok(["pod", "ps", "-q"])).out).toBe("");
}, 180_000);

test("bad input gets Podman's errors and exit codes", async () => {
  const cases: [string[], number, string][] = [
    [["pod", "start", "nope"], 125, "Error: no pod with name or ID nope found: no such pod"],
    [["pod", "stop", "nope"], 125, "Error: no pod with name or ID nope found: no such pod"],
    [["pod", "inspect", "nope"], 125, "Error: inspecting object: no such pod nope"],
    [["run", "--pod", "nope", BB, "true"], 125, "Error: no pod with name or ID nope found: no such pod"],
    [["pod", "create", "--exit-policy", "foo"], 125, `Error: running pod create option: invalid pod exit policy: "foo"`],
    [["pod", "create", "--share", "foo"], 125, "Error: invalid kernel namespace to share: foo. Options are: cgroup, ipc, net, pid, uts or none"],
    [["pod", "create", "--infra=false", "-p", "80:80"], 125, "Error: you must have an infra container to publish port bindings to the host"],
    [["pod", "top", "nope"], 125, "Error: unable to look up requested container: no pod with name or ID nope found: no such pod"],
  ];
  for (const [args, code, stderr] of cases) {
    const r = await t.tspod(args);
    expect([args.join(" "), r.code, r.stderr.trim()]).toEqual([args.join(" "), code, stderr]);
  }
  expect((await t.tspod(["pod", "exists", "nope"])).code).toBe(1);
  const rmMissing = await t.tspod(["pod", "rm", "nope"]);
  expect([rmMissing.code, rmMissing.stderr.trim()]).toEqual([1, "Error: no pod with name or ID nope found: no such pod"]);
  expect((await t.tspod(["pod", "rm", "-i", "nope"])).code).toBe(0);
  expect((await t.tspod(["pod", "inspect", "nope"])).out).toBe("[]");
  await t.ok(["pod", "create", "--name", "dup"]);
  const badSignal = await t.tspod(["pod", "kill", "-s", "FOO", "dup"]);
  expect([badSignal.code, badSignal.stderr.trim()]).toEqual([125, "Error: invalid signal: FOO"]);
  // nothing runs: pod top prints nothing, as in Podman
  expect(await t.ok(["pod", "top", "dup"])).toMatchObject({ code: 0, out: "" });
  const dup = await t.tspod(["pod", "create", "--name", "dup"]);
  expect([dup.code, dup.stderr.trim()]).toEqual([125, `Error: adding pod to state: name "dup" is in use: pod already exists`]);
  const ctr = await t.tspod(["create", "--name", "dup", BB]);
  expect([ctr.code, ctr.stderr.trim()]).toEqual([125, `Error: name "dup" is in use: pod already exists`]);
  // one pod inspects as an object, several as an array
  await t.ok(["pod", "create", "--name", "dup2"]);
  const two = parseJson((await t.ok(["pod", "inspect", "dup", "dup2"])).out);
  expect(two.map((p: any) => p.Name)).toEqual(["dup", "dup2"]);
  expect((await t.ok(["pod", "inspect", "--format", "{{.Name}}", "dup", "dup2"])).out).toBe("dup\ndup2");
  await t.ok(["pod", "rm", "dup2"]);
  // --replace makes a new pod under the same name
  const before = (await t.ok(["pod", "inspect", "--format", "{{.Id}}", "dup"])).out;
  const after = (await t.ok(["pod", "create", "--replace", "--name", "dup"])).out;
  expect(after).not.toBe(before);
  expect((await t.ok(["pod", "ps", "--filter", "name=dup", "--format", "{{.Name}}"])).out).toBe("dup");
  await t.ok(["pod", "rm", "dup"]);
}, 120_000);
