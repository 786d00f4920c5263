/** Secrets (`tspod secret …`). */
import type { SecretInspect } from "../define/volume-types.ts";

export interface SecretCreateOptions {
  name: string;
  /** The value; or, with `fromEnv`, read from the environment variable of that name. */
  data: Uint8Array;
  fromEnv?: string;
  driver?: string;
  /** `--driver-opts key=value` */
  driverOptions: string[];
  labels: string[];
  replace: boolean;
}

export interface SecretRemoveReport {
  id: string;
  error?: Error;
}

export interface SecretEngine {
  create(opts: SecretCreateOptions): Promise<string>;
  list(filters: string[]): Promise<SecretInspect[]>;
  inspect(nameOrId: string, showSecret: boolean): Promise<SecretInspect>;
  remove(names: string[], opts: { all: boolean; ignore: boolean }): Promise<SecretRemoveReport[]>;
  exists(nameOrId: string): Promise<boolean>;
}
