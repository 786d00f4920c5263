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

/** `image inspect` (Podman's ImageData JSON). */
export interface ImageInspect {
  Id: string;
  Digest: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Config: Record<string, unknown>;
  Version: string;
  Author: string;
  Architecture: string;
  Os: string;
  Size: number;
  VirtualSize: number;
  GraphDriver: { Name: string; Data: Record<string, string> };
  RootFS: { Type: string; Layers: string[] };
  Labels: Record<string, string> | null;
  Annotations: Record<string, string>;
  /** The image's HEALTHCHECK (Docker-format images), as Podman shows it. */
  HealthCheck?: Record<string, unknown>;
  ManifestType: string;
  User: string;
  History: Record<string, unknown>[];
  NamesHistory: string[];
}

/** One `history` row (Podman's ImageHistory). */
export interface ImageHistoryEntry {
  id: string;
  created: number;
  CreatedBy: string;
  size: number;
  Comment: string;
  Tags: string[] | null;
}

export interface ImageTreeLayer {
  id: string;
  size: number;
  /** Names (or short ids) of images whose top layer this is. */
  topOf: string[];
}

export interface ImageTree {
  id: string;
  tags: string[];
  size: number;
  layers: ImageTreeLayer[];
  /** With --whatrequires: images built on this one (child chain). */
  children?: { id: string; tags: string[] }[];
}
