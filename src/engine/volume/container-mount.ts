/** A user mount as a container records it at create: what inspect shows and init prepares. */

export interface ContainerMount {
  type: "volume" | "bind" | "tmpfs" | "image" | "devpts";
  /** The volume's name (type volume). */
  name?: string;
  /** Anonymous volume (`-v /path`, image VOLUME): removed with `rm -v` and `--rm`. */
  anonymous?: boolean;
  /** Host path: the bind source, the volume's mount point, or the image's id (type image). */
  source: string;
  destination: string;
  /** The OCI mount options. */
  options: string[];
  /** z / Z as given. */
  mode: string;
  rw: boolean;
  propagation: string;
  /** `:U`: chown the source to the container's user at init. */
  chown?: boolean;
  /** `:O`: the OCI source is an overlay (under the bundle) over `source`. */
  overlay?: boolean;
  /** Copy the image's files into a new volume (false with nocopy). */
  copyUp?: boolean;
}

export interface ContainerSecret {
  /** The secret's id (its name may change with `secret create --replace`). */
  id: string;
  name: string;
  type: "mount" | "env";
  target: string;
  uid: number;
  gid: number;
  mode: number;
}

/** Where init puts a secret file for a mount-type secret, inside the container's bundle dir. */
export function secretFileName(index: number): string {
  return `secrets/${index}`;
}

/** The overlay dirs of a `:O` mount inside the bundle dir. */
export function overlayDir(index: number): string {
  return `overlay-mounts/${index}`;
}
