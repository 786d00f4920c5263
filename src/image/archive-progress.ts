/** Progress of copying an image between the store and an archive/layout (Podman's copy lines). */
export type CopyEvent =
  | { type: "getting-signatures" }
  | { type: "blob"; digest: string; skipped?: boolean }
  | { type: "config"; digest: string }
  | { type: "writing-manifest" }
  | { type: "storing-signatures" };

/** Podman's plain lines for save/load/push to archives (`Copying blob sha256:<hex>`). */
export function copyEventLine(e: CopyEvent): string {
  switch (e.type) {
    case "getting-signatures":
      return "Getting image source signatures";
    case "blob":
      return e.skipped ? `Copying blob ${e.digest} skipped: already exists` : `Copying blob ${e.digest}`;
    case "config":
      return `Copying config ${e.digest}`;
    case "writing-manifest":
      return "Writing manifest to image destination";
    case "storing-signatures":
      return "Storing signatures";
  }
}
