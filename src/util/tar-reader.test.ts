import { describe, expect, test } from "bun:test";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parsePaxRecords, readTar, type TarHeader } from "./tar-reader.ts";
import { buildTar } from "./tar-writer.ts";

async function* chunked(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

async function readAll(data: Uint8Array, chunk = 7): Promise<{ header: TarHeader; content: string }[]> {
  const out: { header: TarHeader; content: string }[] = [];
  for await (const e of readTar(chunked(data, chunk))) {
    const parts: Uint8Array[] = [];
    for await (const c of e.body) parts.push(c);
    out.push({ header: e.header, content: Buffer.concat(parts).toString() });
  }
  return out;
}

describe("readTar", () => {
  test("reads files, dirs, links, devices from our writer", async () => {
    const tar = buildTar([
      { name: "dir/", type: "dir", mode: 0o750, uid: 5, gid: 6, mtime: 1234 },
      { name: "dir/a.txt", data: "hello", mode: 0o4755 },
      { name: "link", type: "symlink", linkname: "/etc/passwd" },
      { name: "hard", type: "hardlink", linkname: "dir/a.txt" },
      { name: "null", type: "char", devmajor: 1, devminor: 3 },
      { name: "fifo", type: "fifo" },
    ]);
    const entries = await readAll(tar);
    expect(entries.map((e) => [e.header.name, e.header.type])).toEqual([
      ["dir/", "dir"], ["dir/a.txt", "file"], ["link", "symlink"], ["hard", "hardlink"], ["null", "char"], ["fifo", "fifo"],
    ]);
    expect(entries[0]!.header).toMatchObject({ mode: 0o750, uid: 5, gid: 6, mtime: 1234 });
    expect(entries[1]!.content).toBe("hello");
    expect(entries[1]!.header.mode).toBe(0o4755);
    expect(entries[2]!.header.linkname).toBe("/etc/passwd");
    expect(entries[4]!.header).toMatchObject({ devmajor: 1, devminor: 3 });
  });

  test("PAX long names and binary xattrs survive as bytes", async () => {
    const long = "d/".repeat(80) + "file";
    const cap = new Uint8Array([0x01, 0x00, 0x00, 0x02, 0xff, 0xfe, 0x80, 0x00, 0, 0, 0, 0]);
    const entries = await readAll(buildTar([{ name: long, data: "x", xattrs: { "security.capability": cap, "user.t": "v" } }]), 100);
    expect(entries[0]!.header.name).toBe(long);
    expect(Array.from(entries[0]!.header.xattrs.get("security.capability")!)).toEqual(Array.from(cap));
    expect(Buffer.from(entries[0]!.header.xattrs.get("user.t")!).toString()).toBe("v");
  });

  test("unread bodies are skipped", async () => {
    const tar = buildTar([{ name: "a", data: "x".repeat(3000) }, { name: "b", data: "yy" }]);
    const names: string[] = [];
    let last = "";
    for await (const e of readTar(chunked(tar, 1000))) {
      names.push(e.header.name);
      if (e.header.name === "b") for await (const c of e.body) last += Buffer.from(c).toString();
    }
    expect(names).toEqual(["a", "b"]);
    expect(last).toBe("yy");
  });

  test("reads GNU and PAX archives made by the system tar", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspod-tar-"));
    try {
      const src = path.join(dir, "src");
      const longDir = path.join(src, "x".repeat(120));
      fs.mkdirSync(longDir, { recursive: true });
      fs.writeFileSync(path.join(longDir, "f"), "content");
      fs.symlinkSync("y".repeat(150), path.join(src, "lnk"));
      for (const format of ["gnu", "pax"]) {
        const out = path.join(dir, `${format}.tar`);
        const r = Bun.spawnSync(["tar", `--format=${format}`, "-C", src, "-cf", out, "."]);
        expect(r.exitCode).toBe(0);
        const entries = await readAll(new Uint8Array(fs.readFileSync(out)), 333);
        const f = entries.find((e) => e.header.name.endsWith("/f"));
        expect(f?.content).toBe("content");
        expect(f?.header.name).toBe(`./${"x".repeat(120)}/f`);
        expect(entries.find((e) => e.header.type === "symlink")?.header.linkname).toBe("y".repeat(150));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("rejects corrupt headers and truncation", async () => {
    const tar = buildTar([{ name: "a", data: "hello" }]);
    const corrupt = tar.slice();
    corrupt[0] = 0x41;
    await expect(readAll(corrupt)).rejects.toThrow(/checksum/);
    await expect(readAll(tar.slice(0, 515))).rejects.toThrow(/unexpected end/);
  });

  test("parsePaxRecords validates lengths", () => {
    expect(parsePaxRecords(new TextEncoder().encode("11 path=ab\n")).get("path")).toEqual(new TextEncoder().encode("ab"));
    expect(() => parsePaxRecords(new TextEncoder().encode("99 path=ab\n"))).toThrow();
  });
});
