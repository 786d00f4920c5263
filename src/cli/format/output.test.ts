import { describe, expect, test } from "bun:test";
import { headerFor, isJsonFormat, normalizeFormat, renderFormat, renderSingle } from "./output.ts";

const rows = [
  { ID: "4bfba3c90357", Image: "localhost/testimg:v1", Names: "c1", Labels: { a: "1" }, Size: 11300 },
  { ID: "b2251111a248", Image: "localhost/testimg:v1", Names: "c-with-long-name", Labels: {}, Size: 5 },
];
const defaultFormat = "table {{.ID}}\\t{{.Image}}\\t{{.Names}}";
const headers = { ID: "CONTAINER ID" };

describe("normalizeFormat / isJsonFormat / headerFor", () => {
  test("replaces typed \\t and \\n only", () => {
    expect(normalizeFormat("{{.A}}\\t{{.B}}\\n")).toBe("{{.A}}\t{{.B}}\n");
    expect(normalizeFormat("a\\\\tb")).toBe("a\\\tb"); // Podman: `\\t` → `\` + tab
    expect(normalizeFormat("a\\rb")).toBe("a\\rb");
  });
  test("json detection", () => {
    for (const s of ["json", " json ", "{{json .}}", "{{ json . }}", "{{json}}"]) expect(isJsonFormat(s)).toBe(true);
    for (const s of ["{{json .}}x", "{{json .Names}}", "JSON", undefined]) expect(isJsonFormat(s)).toBe(false);
  });
  test("header names", () => {
    expect(headerFor("ID")).toBe("ID");
    expect(headerFor("CreatedAt")).toBe("CREATED AT");
    expect(headerFor("ImageID")).toBe("IMAGE ID");
    expect(headerFor("RunningFor")).toBe("RUNNING FOR");
    expect(headerFor("HTTPServer")).toBe("HTTP SERVER");
    expect(headerFor("Names")).toBe("NAMES");
  });
});

describe("renderFormat", () => {
  test("no format uses the default table with header overrides", () => {
    expect(renderFormat({ rows, defaultFormat, headers })).toBe(
      "CONTAINER ID  IMAGE                 NAMES\n4bfba3c90357  localhost/testimg:v1  c1\nb2251111a248  localhost/testimg:v1  c-with-long-name\n",
    );
  });
  test("plain `table` means the default table", () => {
    expect(renderFormat({ rows, defaultFormat, headers, format: "table" })).toBe(renderFormat({ rows, defaultFormat, headers }));
  });
  test("table mode: spaces between actions become columns (as podman: 'table {{.ID}} x  {{.Names}} y')", () => {
    expect(renderFormat({ rows, defaultFormat, headers, format: "table {{.ID}} x  {{.Names}} y" })).toBe(
      [
        "CONTAINER ID  x                       NAMES             y",
        "4bfba3c90357  x                       c1                y",
        "b2251111a248  x                       c-with-long-name  y",
        "",
      ].join("\n"),
    );
  });
  test("table mode keeps spaces inside actions (string literals)", () => {
    expect(renderFormat({ rows: rows.slice(0, 1), defaultFormat, format: 'table {{printf "a b%s" .Names}}' })).toBe("a bNAMES\na bc1\n");
  });
  test("header is the row template run on header names, functions included", () => {
    expect(renderFormat({ rows, defaultFormat, headers, format: "table {{.Image}}:{{upper .Names}}\\t{{.ID | printf \"%s\"}}" })).toBe(
      [
        "IMAGE:NAMES                            CONTAINER ID",
        "localhost/testimg:v1:C1                4bfba3c90357",
        "localhost/testimg:v1:C-WITH-LONG-NAME  b2251111a248",
        "",
      ].join("\n"),
    );
  });
  test("headers for nested fields use the last name, or a dotted override", () => {
    const r = [{ State: { Status: "running" } }];
    expect(renderFormat({ rows: r, defaultFormat, format: "table {{.State.Status}}" })).toBe("STATUS\nrunning\n");
    expect(renderFormat({ rows: r, defaultFormat, headers: { "State.Status": "ST" }, format: "table {{.State.Status}}" })).toBe("ST\nrunning\n");
  });
  test("--noheading drops the header line", () => {
    expect(renderFormat({ rows, defaultFormat, headers, noHeading: true, format: "table {{.ID}}\\t{{.Names}}" })).toBe(
      "4bfba3c90357  c1\nb2251111a248  c-with-long-name\n",
    );
  });
  test("table with no rows prints only the header", () => {
    expect(renderFormat({ rows: [], defaultFormat, headers })).toBe("CONTAINER ID  IMAGE       NAMES\n");
    expect(renderFormat({ rows: [], defaultFormat, headers, noHeading: true })).toBe("");
  });
  test("non-table template: one line per row, literal tabs, no header, no alignment", () => {
    expect(renderFormat({ rows, defaultFormat, headers, format: "{{.ID}}\\t{{.Names}}" })).toBe("4bfba3c90357\tc1\nb2251111a248\tc-with-long-name\n");
  });
  test("a template ending in \\n does not get a second newline", () => {
    expect(renderFormat({ rows, defaultFormat, format: "{{.Names}}\\n" })).toBe("c1\nc-with-long-name\n");
  });
  test("non-table template with no rows prints nothing", () => {
    expect(renderFormat({ rows: [], defaultFormat, format: "{{.ID}}" })).toBe("");
  });
  test("`table` must be followed by a space to mean table (podman: 'table{{.X}}' is literal)", () => {
    expect(renderFormat({ rows: rows.slice(0, 1), defaultFormat, format: "table{{.Names}}" })).toBe("tablec1\n");
  });
  test("json: pretty list with 4-space indent by default, [] when empty", () => {
    const out = renderFormat({ rows: [{ ID: "x", L: ["<a>"] }], defaultFormat, format: "json" });
    expect(out).toBe('[\n    {\n        "ID": "x",\n        "L": [\n            "\\u003ca\\u003e"\n        ]\n    }\n]\n');
    expect(renderFormat({ rows: [], defaultFormat, format: "json" })).toBe("[]\n");
    expect(renderFormat({ rows: [{ A: 1 }], defaultFormat, format: "json", jsonIndent: 2 })).toBe('[\n  {\n    "A": 1\n  }\n]\n');
  });
  test("{{json .}} alone is the JSON list, as in podman", () => {
    expect(renderFormat({ rows: [{ A: 1 }], defaultFormat, format: "{{json .}}" })).toBe('[\n    {\n        "A": 1\n    }\n]\n');
  });
  test("{{json .}} with other text renders each row as compact JSON", () => {
    expect(renderFormat({ rows: [{ A: 1, B: "<x>" }], defaultFormat, format: "{{json .}}|" })).toBe('{"A":1,"B":"<x>"}|\n');
  });
  test("Go printing of row values", () => {
    expect(renderFormat({ rows, defaultFormat, format: "{{.Labels}} {{.Size}} {{len .Labels}}" })).toBe("map[a:1] 11300 1\nmap[] 5 0\n");
  });
  test("unknown field on a row is an error, as on Podman's structs", () => {
    expect(() => renderFormat({ rows, defaultFormat, name: "ps", format: "{{.Foo}}" })).toThrow(
      'template: ps:1:2: executing "ps" at <.Foo>: can\'t evaluate field Foo in type ps row',
    );
  });
  test("syntax errors and unknown functions surface", () => {
    expect(() => renderFormat({ rows, defaultFormat, format: "{{foo .Names}}" })).toThrow('function "foo" not defined');
    expect(() => renderFormat({ rows, defaultFormat, format: "{{.Names" })).toThrow("unclosed action");
  });
  test("custom functions reach the template", () => {
    expect(renderFormat({ rows, defaultFormat, format: "{{short .ID}}", funcs: { short: (s: string) => s.slice(0, 3) } })).toBe("4bf\nb22\n");
  });
});

describe("renderSingle", () => {
  const value = { Name: "c1", State: { Status: "created" }, Tags: ["a", "b"] };
  test("no format or json → pretty JSON, 4 spaces by default", () => {
    const expected = '{\n    "Name": "c1",\n    "State": {\n        "Status": "created"\n    },\n    "Tags": [\n        "a",\n        "b"\n    ]\n}\n';
    expect(renderSingle(undefined, value)).toBe(expected);
    expect(renderSingle("json", value)).toBe(expected);
    expect(renderSingle("{{json .}}", value)).toBe(expected);
  });
  test("json indent option (version prints compact JSON)", () => {
    expect(renderSingle("json", { A: 1 }, true, { jsonIndent: 0 })).toBe('{"A":1}\n');
  });
  test("template plus one newline", () => {
    expect(renderSingle("{{.Name}} {{.State.Status}} {{.Tags}}", value)).toBe("c1 created [a b]\n");
    expect(renderSingle("{{.Name}}\\n", value)).toBe("c1\n");
    expect(renderSingle("{{range .Tags}}{{.}}\\t{{end}}", value)).toBe("a\tb\t\n");
  });
  test("defaultJson=false with no format yields nothing", () => {
    expect(renderSingle(undefined, value, false)).toBe("");
  });
  test("missing root field errors; missing map key does not", () => {
    expect(() => renderSingle("{{.Nmae}}", value)).toThrow("can't evaluate field Nmae");
    expect(renderSingle("{{.State.Foo}}", value)).toBe("<no value>\n");
  });
});
