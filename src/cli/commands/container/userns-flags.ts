/** The user namespace flags of `create`, `run` and `pod create`. */
import type { ContainerCreateFlags } from "../../../domain/container-engine.ts";
import { list, str, type FlagSpec, type ParsedArgs } from "../../flags.ts";

export const USERNS_FLAGS: FlagSpec[] = [
  { name: "gidmap", type: "strings", description: "GID map to use for the user namespace" },
  { name: "subgidname", type: "string", description: "Name of range listed in /etc/subgid for use in user namespace" },
  { name: "subuidname", type: "string", description: "Name of range listed in /etc/subuid for use in user namespace" },
  { name: "uidmap", type: "strings", description: "UID map to use for the user namespace" },
  { name: "userns", type: "string", description: "User namespace to use" },
];

export function usernsOptionsFromFlags(parsed: ParsedArgs): Pick<ContainerCreateFlags, "userns" | "uidmap" | "gidmap" | "subuidname" | "subgidname"> {
  const f = parsed.flags;
  return {
    userns: str(f, "userns"),
    uidmap: list(f, "uidmap"),
    gidmap: list(f, "gidmap"),
    subuidname: str(f, "subuidname"),
    subgidname: str(f, "subgidname"),
  };
}
