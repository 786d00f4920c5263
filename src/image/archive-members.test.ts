import { afterAll, describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildTar } from "../util/tar-writer.ts";
import { normaliseMemberName, readArchiveMembers } from "./archive-members.ts";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-members-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function archive(name: string, data: Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, data);
  return p;
}

describe("normaliseMemberName", () => {
  test("cleans harmless forms", () => {
    expect(normaliseMemberName("./a//b/./c")).toBe("a/b/c");
  });
  test("refuses escapes", () => {
    expect(() => normaliseMemberName("a/../../b")).toThrow(/escape/);
    expect(() => normaliseMemberName("/etc/passwd")).toThrow(/absolute/);
    expect(() => normaliseMemberName("a\0b")).toThrow(/NUL/);
  });
});

describe("readArchiveMembers", () => {
  test("files, in-archive symlinks (Docker's legacy layer.tar links) and hardlinks resolve", async () => {
    const a = archive("ok.tar", buildTar([
      { name: "./x.tar", data: "layer" },
      { name: "id/", type: "dir" },
      { name: "id/layer.tar", type: "symlink", linkname: "../x.tar" },
      { name: "h", type: "hardlink", linkname: "x.tar" },
    ]));
    const m = await readArchiveMembers(a, path.join(tmp, "w1"));
    expect(fs.readFileSync(m.file("id/layer.tar")!, "utf8")).toBe("layer");
    expect(fs.readFileSync(m.file("h")!, "utf8")).toBe("layer");
    expect(m.has("nope")).toBe(false);
    expect(() => m.file("../x.tar")).toThrow(/escape/);
  });
  test("symlinks out of the archive, device members and duplicates are refused", async () => {
    const bad = [
      buildTar([{ name: "l", type: "symlink", linkname: "/etc/passwd" }]),
      buildTar([{ name: "d/l", type: "symlink", linkname: "../../x" }]),
      buildTar([{ name: "dev", type: "char", devmajor: 1, devminor: 3 }]),
      buildTar([{ name: "a", data: "1" }, { name: "a", data: "2" }]),
      buildTar([{ name: "a", data: "1" }, { name: "./a", type: "symlink", linkname: "b" }]),
    ];
    for (const [i, b] of bad.entries()) {
      await expect(readArchiveMembers(archive(`bad${i}.tar`, b), path.join(tmp, `wb${i}`))).rejects.toThrow(/unsafe content/);
    }
  });
});
