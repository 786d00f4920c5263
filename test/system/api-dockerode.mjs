// Drives `tspod system service` with npm's dockerode (run by Node, as its users run it): ping,
// version, pull, images, create/start, logs, exec, build, stop, remove, networks and volumes.
// Prints one JSON object with what it saw; api-dockerode.test.ts checks it.
import Docker from "dockerode";
import { PassThrough } from "node:stream";

const [sock, registry] = process.argv.slice(2);
const docker = new Docker({ socketPath: sock });
const out = {};

/** demultiplexes a Docker stream into stdout/stderr text */
function collect(stream) {
  return new Promise((resolve, reject) => {
    const o = new PassThrough();
    const e = new PassThrough();
    let so = "";
    let se = "";
    o.on("data", (d) => (so += d));
    e.on("data", (d) => (se += d));
    docker.modem.demuxStream(stream, o, e);
    stream.on("end", () => resolve({ stdout: so, stderr: se }));
    stream.on("error", reject);
  });
}

function demuxBuffer(buf) {
  let so = "";
  let se = "";
  for (let i = 0; i + 8 <= buf.length; ) {
    const len = buf.readUInt32BE(i + 4);
    const text = buf.subarray(i + 8, i + 8 + len).toString();
    if (buf[i] === 2) se += text;
    else so += text;
    i += 8 + len;
  }
  return { stdout: so, stderr: se };
}

const follow = (stream) => new Promise((resolve, reject) => docker.modem.followProgress(stream, (err, res) => (err ? reject(err) : resolve(res))));

out.ping = (await docker.ping()).toString();
const v = await docker.version();
out.api = v.ApiVersion;

const image = `${registry}/busybox:latest`;
const progress = await follow(await docker.pull(image));
out.pulled = progress.some((p) => typeof p.status === "string" && p.status.includes("Downloaded newer image"));
out.images = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []);

const c = await docker.createContainer({ Image: image, name: "node1", Cmd: ["sh", "-c", "echo from-node; echo to-err >&2; exec sleep 1000"], Labels: { from: "dockerode" } });
await c.start();
const info = await c.inspect();
out.running = info.State.Running;
out.labels = info.Config.Labels;
for (let i = 0; i < 100; i++) {
  const l = demuxBuffer(await c.logs({ stdout: true, stderr: true }));
  if (l.stdout && l.stderr) break;
  await new Promise((r) => setTimeout(r, 100));
}
out.logs = demuxBuffer(await c.logs({ stdout: true, stderr: true }));

const exec = await c.exec({ Cmd: ["sh", "-c", "echo in-exec; echo exec-err >&2; exit 3"], AttachStdout: true, AttachStderr: true });
const execStream = await exec.start({ hijack: true, stdin: false });
out.exec = await collect(execStream);
out.execExit = (await exec.inspect()).ExitCode;

out.listed = (await docker.listContainers({ filters: { label: ["from=dockerode"] } })).map((x) => x.Names[0]);
await c.stop({ t: 0 });
out.exit = (await c.wait()).StatusCode;
await c.remove();
out.afterRemove = (await docker.listContainers({ all: true })).length;

// build from a tar context dockerode packs itself (tar-fs)
const buildStream = await docker.buildImage({ context: process.argv[4], src: ["Dockerfile"] }, { t: "node-built:v1", buildargs: { WORD: "built-by-node" } });
const built = await follow(buildStream);
out.builtId = built.find((x) => x.aux?.ID)?.aux.ID ?? "";
const ran = await docker.createContainer({ Image: "node-built:v1" });
await ran.start();
await ran.wait();
out.builtRun = demuxBuffer(await ran.logs({ stdout: true, stderr: true })).stdout;
await ran.remove();
await docker.getImage("node-built:v1").remove();

const net = await docker.createNetwork({ Name: "node-net", Labels: { from: "dockerode" } });
out.network = (await net.inspect()).Name;
out.networks = (await docker.listNetworks()).map((n) => n.Name).sort();
await net.remove();
const vol = await docker.createVolume({ Name: "node-vol", Labels: { from: "dockerode" } });
out.volume = vol.name;
out.volumes = (await docker.listVolumes()).Volumes.map((x) => x.Name);
await docker.getVolume("node-vol").remove();
out.volumesAfter = (await docker.listVolumes()).Volumes.length;

try {
  await docker.getContainer("no-such-container").inspect();
  out.missing = "found?";
} catch (err) {
  out.missing = err.statusCode;
}
process.stdout.write(JSON.stringify(out));
