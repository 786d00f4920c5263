import { describe, expect, test } from "bun:test";
import { podStatus } from "./pod-status.ts";

describe("podStatus", () => {
  test("an empty pod is Created", () => expect(podStatus([])).toBe("Created"));
  test("all running is Running", () => expect(podStatus(["running", "running"])).toBe("Running"));
  test("some running is Degraded", () => expect(podStatus(["running", "exited"])).toBe("Degraded"));
  test("running and created is Degraded", () => expect(podStatus(["running", "configured"])).toBe("Degraded"));
  test("all paused is Paused", () => expect(podStatus(["paused", "paused"])).toBe("Paused"));
  test("all exited is Exited", () => expect(podStatus(["exited", "exited"])).toBe("Exited"));
  test("exited and stopped is Exited", () => expect(podStatus(["exited", "stopped"])).toBe("Exited"));
  test("all stopped is Stopped", () => expect(podStatus(["stopped"])).toBe("Stopped"));
  test("created and exited is Created", () => expect(podStatus(["configured", "exited"])).toBe("Created"));
  test("paused and exited is Created", () => expect(podStatus(["paused", "exited"])).toBe("Created"));
});
