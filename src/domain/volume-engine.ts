/** Named volumes (`tspod volume …`). */
import type { VolumeInspect } from "../define/volume-types.ts";

export interface VolumeCreateOptions {
  name?: string;
  driver?: string;
  /** `-o key=value` */
  options: string[];
  /** `--label key=value` */
  labels: string[];
  /** `--ignore`: no error when the volume exists. */
  ignore: boolean;
}

export interface VolumeRemoveReport {
  name: string;
  error?: Error;
}

export interface VolumeEngine {
  create(opts: VolumeCreateOptions): Promise<string>;
  list(filters: string[]): Promise<VolumeInspect[]>;
  inspect(nameOrPrefix: string): Promise<VolumeInspect>;
  /** `--all` removes every volume; `force` removes the containers using it first. */
  remove(names: string[], opts: { all: boolean; force: boolean; timeout?: number }): Promise<VolumeRemoveReport[]>;
  prune(filters: string[]): Promise<string[]>;
  exists(name: string): Promise<boolean>;
  /** Streams the volume's contents as a tar archive. */
  export(name: string, write: (chunk: Uint8Array) => void): Promise<void>;
  /** Extracts a tar archive into the volume. */
  import(name: string, source: AsyncIterable<Uint8Array>): Promise<void>;
  /** Mounts (for `-o type=` volumes) and returns the mount points. */
  mount(names: string[]): Promise<VolumeRemoveReport[]>;
  unmount(names: string[]): Promise<VolumeRemoveReport[]>;
}
