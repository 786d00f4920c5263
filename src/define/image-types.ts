/** Image shapes shared by engine, CLI and API (Podman's `images --format json` casing). */

export interface ImageListEntry {
  Id: string;
  ParentId: string;
  RepoTags: string[] | null;
  RepoDigests: string[] | null;
  Size: number;
  SharedSize: number;
  VirtualSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
  Names: string[] | null;
  Digest: string;
  History: string[] | null;
  Created: number;
  CreatedAt: string;
}
