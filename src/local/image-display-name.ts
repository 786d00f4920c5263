/**
 * The image name a container records (ps IMAGE, inspect ImageName): the image's name that the
 * user's reference points at, as Podman shows it — not just the image's first name.
 */
import { parseReference } from "../image/reference.ts";
import type { ImageRecord } from "../image/image-types.ts";

export function imageDisplayName(requested: string, image: ImageRecord): string {
  let ref;
  try {
    ref = parseReference(requested);
  } catch {
    return image.names[0] ?? image.id; // an id or id prefix
  }
  const wanted = `${ref.repository}:${ref.tag ?? "latest"}`;
  const exact = ref.isShortName ? undefined : image.names.find((n) => n === ref.toString());
  const bySuffix = image.names.find((n) => n === wanted || n.endsWith(`/${wanted}`));
  return exact ?? bySuffix ?? image.names[0] ?? image.id;
}
