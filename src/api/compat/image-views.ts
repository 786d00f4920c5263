/** Docker's image shapes from Podman's. */
import type { ImageInspect, ImageListEntry } from "../../define/image-types.ts";

const sha = (id: string) => (id.startsWith("sha256:") ? id : `sha256:${id}`);

export function dockerImageEntry(i: ImageListEntry): Record<string, unknown> {
  return {
    Containers: i.Containers,
    Created: i.Created,
    Id: sha(i.Id),
    Labels: i.Labels ?? {},
    ParentId: i.ParentId ? sha(i.ParentId) : "",
    RepoDigests: i.RepoDigests ?? [],
    RepoTags: i.RepoTags ?? [],
    SharedSize: i.SharedSize,
    Size: i.Size,
    VirtualSize: i.VirtualSize,
  };
}

export function dockerImageInspect(i: ImageInspect): Record<string, unknown> {
  return {
    Id: sha(i.Id),
    RepoTags: i.RepoTags,
    RepoDigests: i.RepoDigests,
    Parent: i.Parent ? sha(i.Parent) : "",
    Comment: i.Comment,
    Created: i.Created,
    Container: "",
    ContainerConfig: { Hostname: "", Domainname: "", User: "", AttachStdin: false, AttachStdout: false, AttachStderr: false, Tty: false, OpenStdin: false, StdinOnce: false, Env: null, Cmd: null, Image: "", Volumes: null, WorkingDir: "", Entrypoint: null, OnBuild: null, Labels: null },
    DockerVersion: i.Version,
    Author: i.Author,
    Config: i.Config,
    Architecture: i.Architecture,
    Os: i.Os,
    Size: i.Size,
    VirtualSize: i.VirtualSize,
    GraphDriver: i.GraphDriver,
    RootFS: i.RootFS,
    Metadata: { LastTagTime: "0001-01-01T00:00:00Z" },
  };
}
