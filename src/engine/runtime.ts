/**
 * The engine's root object (libpod's Runtime): one per tspod process, holding the stores, the
 * lock manager and the OCI runtime for one graph root / run root pair.
 */
import path from "node:path";
import type { EngineSettings } from "../config/engine-settings.ts";
import { StateDb } from "./state/state-db.ts";
import { refreshAfterBoot } from "./state/boot-refresh.ts";
import { ObjectLocks } from "./lock/object-lock.ts";
import { ContainerRootfs } from "../storage/container-rootfs.ts";
import { ConmonRuntime } from "../oci/conmon-runtime.ts";
import type { OciRuntime } from "../oci/oci-runtime.ts";
import { createLogger, type Logger } from "../util/logger.ts";
import { EventSink } from "./events/event-sink.ts";
import { ImageStore } from "../image/image-store.ts";
import { loadRegistriesConf, type RegistriesConf } from "../config/registries-conf.ts";
import { NetworkContext } from "./network/network-context.ts";
import { VolumeDb } from "./volume/volume-db.ts";
import { SecretDb } from "./secret/secret-db.ts";

export class Runtime {
  readonly log: Logger;
  readonly locks: ObjectLocks;
  readonly rootfs: ContainerRootfs;
  readonly oci: OciRuntime;
  /** The file events backend every tspod process appends to. */
  readonly events: EventSink;
  private stateDb?: StateDb;
  private imageStore?: ImageStore;
  private registriesConf?: RegistriesConf;
  private networkContext?: NetworkContext;
  private volumeDb?: VolumeDb;
  private secretDb?: SecretDb;

  constructor(readonly settings: EngineSettings) {
    this.log = createLogger(settings.logLevel);
    this.locks = new ObjectLocks(settings.runroot);
    this.rootfs = new ContainerRootfs(settings.root, { driver: settings.storageDriver, debug: (m) => this.log.debug(m) });
    this.events = new EventSink(settings.runroot);
    this.oci = new ConmonRuntime({
      name: settings.runtimeName,
      path: settings.runtimePath,
      conmonPath: settings.conmonPath,
      stateDir: path.join(settings.runroot, settings.runtimeName),
      logLevel: settings.logLevel,
      env: settings.env,
    });
  }

  get state(): StateDb {
    if (!this.stateDb) {
      const db = new StateDb(this.settings.root);
      refreshAfterBoot(db, this.settings.runroot, { unmount: (id) => this.rootfs.unmount(id) });
      this.stateDb = db;
    }
    return this.stateDb;
  }

  get images(): ImageStore {
    return (this.imageStore ??= new ImageStore(this.settings.root));
  }

  get volumes(): VolumeDb {
    return (this.volumeDb ??= new VolumeDb(this.settings.root));
  }

  get secrets(): SecretDb {
    return (this.secretDb ??= new SecretDb(this.settings.root));
  }

  get registries(): RegistriesConf {
    return (this.registriesConf ??= loadRegistriesConf({ path: this.settings.registriesConfPath }));
  }

  /** Networks: config store, IPAM and netavark. */
  get net(): NetworkContext {
    return (this.networkContext ??= new NetworkContext(this.settings));
  }

  /** Per-container runtime dir: the OCI bundle (config.json) and conmon's files. */
  bundleDir(id: string): string {
    return path.join(this.settings.runroot, "containers", id);
  }

  get exitDir(): string {
    return path.join(this.settings.runroot, "exits");
  }

  get socketDir(): string {
    return path.join(this.settings.runroot, "socket");
  }

  logPath(id: string): string {
    return path.join(this.rootfs.dir(id), "ctr.log");
  }

  /** This tspod with the store's global options, then `args` (detached helper processes). */
  selfArgv(args: string[]): string[] {
    const s = this.settings;
    return [...s.selfCommand, "--root", s.root, "--runroot", s.runroot, "--log-level", s.logLevel, "--runtime", s.runtimePath, "--conmon", s.conmonPath, ...args];
  }

  /** The argv conmon runs when a container exits: `tspod --root … container cleanup ID`. */
  exitCommand(id: string): string[] {
    const s = this.settings;
    return [
      ...s.selfCommand,
      "--root", s.root,
      "--runroot", s.runroot,
      "--log-level", s.logLevel,
      "--runtime", s.runtimePath,
      "--conmon", s.conmonPath,
      "container", "cleanup", id,
    ];
  }
}
