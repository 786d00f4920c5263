/** Wire shapes of `volume inspect` / `volume ls --format json` and `secret inspect` (Podman 4.x casing). */

export interface VolumeInspect {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Scope: string;
  Options: Record<string, string>;
  MountCount: number;
  NeedsCopyUp?: boolean;
  NeedsChown?: boolean;
  Anonymous?: boolean;
}

export interface SecretInspect {
  ID: string;
  CreatedAt: string;
  UpdatedAt: string;
  Spec: {
    Name: string;
    Driver: { Name: string; Options: Record<string, string> };
    Labels: Record<string, string>;
  };
  /** Only with `--showsecret`. */
  SecretData?: string;
}
