/** The mount and secret flags of `create` and `run`. */
import { list, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";
import type { ContainerCreateFlags } from "../../../domain/container-engine.ts";

export const MOUNT_FLAGS: FlagSpec[] = [
  { name: "volume", short: "v", type: "strings", description: "Bind mount a volume into the container" },
  { name: "mount", type: "strings", description: "Attach a filesystem mount to the container" },
  { name: "volumes-from", type: "strings", description: "Mount volumes from the specified container(s)" },
  { name: "image-volume", type: "string", description: `Tells podman how to handle the builtin image volumes ("bind"|"tmpfs"|"ignore")`, default: "bind" },
  { name: "secret", type: "strings", description: "Add secret to container" },
];

export function mountOptionsFromFlags(parsed: ParsedArgs): Partial<ContainerCreateFlags> {
  const f = parsed.flags;
  return {
    volumes: list(f, "volume"),
    mounts: list(f, "mount"),
    volumesFrom: list(f, "volumes-from"),
    imageVolume: str(f, "image-volume"),
    secrets: list(f, "secret"),
  };
}
