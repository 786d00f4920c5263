import { describe, expect, test } from "bun:test";
import { goTimeString, portsText, sortEntries } from "./ps-rows.ts";
import type { ContainerListEntry } from "../../../define/container-types.ts";

describe("ps rows", () => {
  test("Go time strings keep nanoseconds without trailing zeros", () => {
    expect(goTimeString(0, "2026-11-23T13:31:23.579776250Z")).toBe("2026-11-23 13:31:23.57977625 +0000 UTC");
    expect(goTimeString(0, "2026-11-23T13:31:23Z")).toBe("2026-11-23 13:31:23 +0000 UTC");
    expect(goTimeString(1795440683)).toBe("2026-11-23 13:31:23 +0000 UTC");
  });

  test("sorts ascending and refuses unknown keys", () => {
    const e = (Id: string, n: string, Created: number) => ({ Id, Names: [n], Created, Command: [n], Image: "", Status: n, Size: null }) as unknown as ContainerListEntry;
    const list = [e("b", "z", 2), e("a", "y", 3), e("c", "x", 1)];
    sortEntries(list, "names");
    expect(list.map((x) => x.Id)).toEqual(["c", "a", "b"]);
    sortEntries(list, "created");
    expect(list.map((x) => x.Id)).toEqual(["c", "b", "a"]);
    sortEntries(list, "id");
    expect(list.map((x) => x.Id)).toEqual(["a", "b", "c"]);
    expect(() => sortEntries(list, "nope")).toThrow('"nope" is not a valid value');
  });

  test("PORTS column text", () => {
    expect(portsText(null)).toBe("");
    expect(portsText([{ host_ip: "", container_port: 80, host_port: 8080, range: 1, protocol: "tcp" }, { host_ip: "127.0.0.1", container_port: 53, host_port: 5353, range: 2, protocol: "udp" }])).toBe(
      "0.0.0.0:8080->80/tcp, 127.0.0.1:5353-5354->53-54/udp",
    );
  });
});
