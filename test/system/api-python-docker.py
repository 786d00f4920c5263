#!/usr/bin/python3
# Drives `tspod system service` with Debian's python3-docker (docker-py 5.0): the library most
# Python tools use. Prints one JSON object with what it saw; the bun test checks it.
import io, json, sys, tarfile

sys.path.insert(0, "/usr/lib/python3/dist-packages")
import docker  # noqa: E402

sock = sys.argv[1]
client = docker.DockerClient(base_url=f"unix://{sock}", version="1.41", timeout=60)
out = {"library": docker.__version__}
out["ping"] = client.ping()
out["api"] = client.version()["ApiVersion"]
img = client.images.pull("busybox", tag="latest")
out["pulled_tags"] = img.tags
out["run"] = client.containers.run("busybox", ["sh", "-c", "echo hi; echo err >&2"], remove=True, stderr=True).decode()
c = client.containers.run("busybox", ["sh", "-c", "echo started; exec sleep 1000"], detach=True, name="py", labels={"from": "python"})
c.reload()
out["status"] = c.status
out["labels"] = c.labels
code, output = c.exec_run(["sh", "-c", "echo in-exec; exit 3"])
out["exec"] = [code, output.decode()]
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w") as tar:
    data = b"via put_archive\n"
    info = tarfile.TarInfo("put.txt")
    info.size = len(data)
    tar.addfile(info, io.BytesIO(data))
out["put"] = c.put_archive("/tmp", buf.getvalue())
stream, stat = c.get_archive("/tmp/put.txt")
raw = b"".join(stream)
with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
    out["get"] = tar.extractfile("put.txt").read().decode()
out["stat_name"] = stat["name"]
out["logs"] = c.logs().decode()
out["listed"] = [x.name for x in client.containers.list(filters={"label": "from=python"})]
c.stop(timeout=0)
out["exit"] = c.wait()["StatusCode"]
c.remove()
out["after_remove"] = [x.name for x in client.containers.list(all=True)]
try:
    client.containers.get("py")
    out["missing"] = "found"
except docker.errors.NotFound as e:
    out["missing"] = "NotFound"
print(json.dumps(out))
