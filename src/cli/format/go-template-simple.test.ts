import { describe, expect, test } from "bun:test";
import { simpleTemplate } from "./go-template-simple.ts";
import { parseTemplate } from "./go-template.ts";

const row = { ID: "abc", Size: 12, Ratio: 0.5, Ok: true, Nil: null, Labels: { b: "2", a: "1" }, Names: ["x", "y"] };

describe("simple templates", () => {
  test("literal text and single-field actions take the fast path", () => {
    expect(simpleTemplate("{{.ID}}\t{{ .Size }}\n", true)).toBeDefined();
    expect(simpleTemplate("plain } text { here", true)!.execute(row)).toBe("plain } text { here");
  });

  test("anything else goes to the full engine", () => {
    for (const src of ["{{.Labels.a}}", "{{.ID | upper}}", "{{if .Ok}}y{{end}}", "{{- .ID}}", "{{/* c */}}", "{{json .}}", "{{.}}", "{{ .ID}}{{"]) {
      expect(simpleTemplate(src, true)).toBeUndefined();
    }
  });

  test("prints exactly what the full engine prints", () => {
    const src = "{{.ID}} {{.Size}} {{.Ratio}} {{.Ok}} {{.Nil}} {{.Labels}} {{.Names}} {{.Missing}}\n";
    const fast = simpleTemplate(src, false)!.execute(row);
    expect(fast).toBe("abc 12 0.5 true <nil> map[a:1 b:2] [x y] <no value>\n");
    // the same template forced through the full engine (a trim-free pipe makes it non-simple)
    const full = parseTemplate(src.replace("{{.ID}}", "{{.ID | print}}")).execute(row);
    expect(full).toBe(fast!);
  });

  test("a missing field under strictRoot still gets the full engine's error", () => {
    const t = parseTemplate("{{.ID}} {{.Nope}}\n", {}, { strictRoot: true, rootTypeName: "row" });
    expect(() => t.execute(row)).toThrow("can't evaluate field Nope in type row");
    expect(t.fields).toEqual([["ID"], ["Nope"]]);
  });

  test("Map data falls back to the full engine", () => {
    expect(parseTemplate("{{.a}}").execute(new Map([["a", "1"]]))).toBe("1");
  });
});
