/** Docker's image shapes from Podman's. */
import type { ImageInspect, ImageListEntry } from "../../define/image-types.ts";
import { exactError, isErrorCode, TspodError } from "../../errors/tspod-error.ts";

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

/**
 * Docker's wording for a missing image ("No such image: NAME"): docker-py only raises ImageNotFound
 * (on which docker-compose pulls) when a 404 says so.
 */
export async function dockerImageLookup<T>(name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isErrorCode(err, "no_such_image") || (err instanceof TspodError && err.httpStatus === 404 && /image not known/i.test(err.message))) {
      throw exactError("no_such_image", `No such image: ${name}`);
    }
    throw err;
  }
}
