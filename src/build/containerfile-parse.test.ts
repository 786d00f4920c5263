import { describe, expect, test } from "bun:test";
import { flagValues, parseContainerfile, parseJsonArray, splitFlags } from "./containerfile-parse.ts";

describe("parseContainerfile", () => {
  test("instructions, comments, continuations", () => {
    const p = parseContainerfile("# syntax=docker/dockerfile:1\n# a comment\nFROM busybox AS build\nRUN echo a \\\n  # inner comment\n\n  && echo b\nenv A=1\n");
    expect(p.escape).toBe("\\");
    expect(p.instructions.map((i) => i.cmd)).toEqual(["FROM", "RUN", "ENV"]);
    expect(p.instructions[0]!.rest).toBe("busybox AS build");
    expect(p.instructions[1]!.rest).toBe("echo a   && echo b");
    expect(p.instructions[1]!.line).toBe(4);
    expect(p.instructions[2]!.original).toBe("env A=1");
  });

  test("escape directive", () => {
    const p = parseContainerfile("# escape=`\nFROM x\nRUN dir c:\\ `\n  && echo hi\n");
    expect(p.escape).toBe("`");
    expect(p.instructions[1]!.rest).toBe("dir c:\\   && echo hi");
  });

  test("a directive after an instruction is a comment", () => {
    const p = parseContainerfile("FROM x\n# escape=`\nRUN a \\\n b\n");
    expect(p.escape).toBe("\\");
    expect(p.instructions[1]!.rest).toBe("a  b");
  });

  test("JSON and shell form", () => {
    const p = parseContainerfile('FROM x\nCMD ["a b", "c"]\nCMD [not json\nENTRYPOINT ["x"]\nRUN ["sh","-c","echo \\"hi\\""]\n');
    expect(p.instructions[1]!.json).toEqual(["a b", "c"]);
    expect(p.instructions[2]!.json).toBeUndefined();
    expect(p.instructions[2]!.rest).toBe("[not json");
    expect(p.instructions[3]!.json).toEqual(["x"]);
    expect(p.instructions[4]!.json).toEqual(["sh", "-c", 'echo "hi"']);
  });

  test("flags", () => {
    const p = parseContainerfile("FROM --platform=linux/amd64 x AS y\nCOPY --from=y --chown=1:2 /a /b\nRUN --mount=type=cache,target=/c --network=none echo\n");
    expect(p.instructions[0]!.flags).toEqual(["--platform=linux/amd64"]);
    expect(p.instructions[1]!.flags).toEqual(["--from=y", "--chown=1:2"]);
    expect(p.instructions[1]!.rest).toBe("/a /b");
    expect(flagValues(p.instructions[2]!.flags, "mount")).toEqual(["type=cache,target=/c"]);
    expect(flagValues(p.instructions[2]!.flags, "network")).toEqual(["none"]);
    expect(splitFlags("--link a b")).toEqual({ flags: ["--link"], rest: "a b" });
  });

  test("heredocs", () => {
    const p = parseContainerfile("FROM x\nRUN <<EOF\necho one\necho two\nEOF\nCOPY <<A <<'B' /dst/\nhello $X\nA\nraw $X\nB\nRUN <<-END cat\n\tindented\n\tEND\nCMD x\n");
    expect(p.instructions.map((i) => i.cmd)).toEqual(["FROM", "RUN", "COPY", "RUN", "CMD"]);
    expect(p.instructions[1]!.heredocs).toEqual([{ name: "EOF", content: "echo one\necho two\n", expand: true }]);
    expect(p.instructions[2]!.heredocs).toEqual([
      { name: "A", content: "hello $X\n", expand: true },
      { name: "B", content: "raw $X\n", expand: false },
    ]);
    expect(p.instructions[3]!.heredocs[0]!.content).toBe("indented\n");
  });

  test("unterminated heredoc is an error", () => {
    expect(() => parseContainerfile("FROM x\nRUN <<EOF\necho\n")).toThrow(/unterminated heredoc/);
  });

  test("parseJsonArray", () => {
    expect(parseJsonArray('["a"]')).toEqual(["a"]);
    expect(parseJsonArray("[1]")).toBeUndefined();
    expect(parseJsonArray("a")).toBeUndefined();
  });
});
