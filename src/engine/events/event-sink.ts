/**
 * Podman's `events_logger = "file"`: every tspod process appends events to
 * `<runroot>/events/events.log`, one JSON line each. The file is opened O_APPEND and each event is
 * one write(2) of a whole line, so lines from concurrent processes never interleave.
 */
import fs from "node:fs";
import path from "node:path";
import { eventTimeNow, type EventType, type TspodEvent } from "./event.ts";

export interface EventFields {
  ID?: string;
  Name?: string;
  Image?: string;
  ContainerExitCode?: number;
  Attributes?: Record<string, string> | null;
  health_status?: string;
}

export class EventSink {
  readonly file: string;
  private fd?: number;

  constructor(runroot: string) {
    this.file = path.join(runroot, "events", "events.log");
  }

  /** Appends one event; events are best effort and never fail the operation they describe. */
  emit(type: EventType, status: string, fields: EventFields = {}): void {
    const event: TspodEvent = {
      ContainerExitCode: fields.ContainerExitCode,
      ID: fields.ID,
      Image: fields.Image,
      Name: fields.Name,
      Status: status,
      Time: eventTimeNow(),
      Type: type,
      health_status: fields.health_status,
      Attributes: fields.Attributes === undefined ? (type === "container" ? {} : null) : fields.Attributes,
    };
    try {
      if (this.fd === undefined) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
        this.fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
      }
      fs.writeSync(this.fd, Buffer.from(`${JSON.stringify(event)}\n`));
    } catch {
      // The events log is informational: a full disk or a deleted runroot must not fail a start.
    }
  }
}
