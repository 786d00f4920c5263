/** A named volume as the engine stores it (Podman's libpod Volume config + state). */

export interface VolumeRecord {
  name: string;
  driver: string;
  /** `<root>/volumes/<name>/_data` */
  mountpoint: string;
  /** RFC 3339 with nanoseconds. */
  createdAt: string;
  labels: Record<string, string>;
  /** `-o` options: type, device, o, uid, gid, copy/nocopy … */
  options: Record<string, string>;
  /** Made for `-v /path` or an image VOLUME: removed with `rm -v` and `--rm`. */
  anonymous: boolean;
  /** The first container that mounts it copies the image's files in (unless `nocopy`). */
  needsCopyUp: boolean;
  /** The first container that mounts it gives it the owner of the path it is mounted on. */
  needsChown: boolean;
  /** How many users have a `type=` (tmpfs, …) volume mounted on the host right now. */
  mountCount: number;
}

/** Podman's volume name rule. */
export const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
