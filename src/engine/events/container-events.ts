/** The one-line hooks the engine calls where container and image events happen. */
import type { Runtime } from "../runtime.ts";
import type { ContainerSummary } from "../container/container-record.ts";
import type { EventFields } from "./event-sink.ts";

/** Emits a container event (Podman's Attributes are the container's labels). */
export function emitContainerEvent(rt: Runtime, rec: ContainerSummary, status: string, extra: EventFields = {}): void {
  rt.events.emit("container", status, {
    ID: rec.config.id,
    Image: rec.config.imageName,
    Name: rec.config.name,
    Attributes: { ...rec.config.labels },
    ...extra,
  });
}

/** Emits an image event (pull, push, remove, tag, untag, save, load). */
export function emitImageEvent(rt: Runtime, status: string, image: { id?: string; name?: string }): void {
  rt.events.emit("image", status, { ID: image.id, Name: image.name, Attributes: null });
}
