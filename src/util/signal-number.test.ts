import { expect, test } from "bun:test";
import { signalNumber } from "./signal-number.ts";

test("signal names and numbers", () => {
  expect(signalNumber("SIGTERM")).toBe(15);
  expect(signalNumber("quit")).toBe(3);
  expect(signalNumber("SIGKILL")).toBe(9);
  expect(signalNumber("9")).toBe(9);
  expect(signalNumber("SIGRTMIN+2")).toBe(36);
  expect(signalNumber("RTMAX-1")).toBe(63);
  expect(() => signalNumber("SIGFOO")).toThrow("invalid signal: SIGFOO");
  expect(() => signalNumber("65")).toThrow("invalid signal");
});
