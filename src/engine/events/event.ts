/**
 * One engine event as Podman's file events backend stores it: a JSON object per line with
 * Podman's field casing (ID, Name, Image, Status, Time, Type, Attributes, ContainerExitCode).
 */
import type { EventType, TspodEvent } from "../../define/event-types.ts";

export type { EventType, TspodEvent };

/** Wall-clock time with sub-millisecond digits (events written in one ms stay ordered). */
export function eventTimeNow(): string {
  const micros = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const iso = new Date(Math.floor(micros / 1000)).toISOString(); // …sss Z
  const frac = String(micros % 1_000_000).padStart(6, "0") + String(process.hrtime()[1] % 1000).padStart(3, "0");
  return `${iso.slice(0, 19)}.${frac}Z`;
}
