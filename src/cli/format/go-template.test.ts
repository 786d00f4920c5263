import { describe, expect, test } from "bun:test";
import { parseTemplate, TemplateExecError, TemplateSyntaxError } from "./go-template.ts";

const run = (src: string, data: unknown = {}, funcs?: Record<string, Function>): string => parseTemplate(src, funcs).execute(data);

const data = {
  ID: "abc123",
  Names: ["web", "db"],
  State: { Status: "running", Pid: 42 },
  Labels: { "com.example": "yes", app: "x" },
  Empty: [] as string[],
  Zero: 0,
  Flag: true,
  Ratio: 1.5,
  Nothing: null,
};

describe("text and actions", () => {
  test("plain text passes through", () => {
    expect(run("hello world", data)).toBe("hello world");
  });
  test("field chains on objects", () => {
    expect(run("{{.ID}} {{.State.Status}} {{.State.Pid}}", data)).toBe("abc123 running 42");
  });
  test("dot prints the whole value Go-style", () => {
    expect(run("{{.}}", "str")).toBe("str");
    expect(run("{{.Names}}", data)).toBe("[web db]");
    expect(run("{{.State}}", data)).toBe("map[Pid:42 Status:running]");
  });
  test("map keys that are not identifiers via index", () => {
    expect(run('{{index .Labels "com.example"}}', data)).toBe("yes");
  });
  test("missing key prints <no value>, also deeper in the chain", () => {
    expect(run("{{.Missing}}|{{.Labels.nope}}|{{.Missing.Deeper}}", data)).toBe("<no value>|<no value>|<no value>");
  });
  test("missing key in a string map via index is the empty string", () => {
    expect(run('[{{index .Labels "nope"}}]', data)).toBe("[]");
  });
  test("null prints <nil>", () => {
    expect(run("{{.Nothing}}", data)).toBe("<nil>");
  });
  test("Map values work like Go maps", () => {
    expect(run("{{.m.b}} {{.m}}", { m: new Map([["b", 2], ["a", 1]]) })).toBe("2 map[a:1 b:2]");
  });
  test("comments are dropped", () => {
    expect(run("a{{/* a comment */}}b", data)).toBe("ab");
    expect(run("a {{- /* trimmed */ -}} b", data)).toBe("ab");
  });
  test("newlines inside actions are allowed", () => {
    expect(run("{{\n.ID\n}}", data)).toBe("abc123");
  });
});

describe("trim markers", () => {
  test("left and right trim remove all adjacent whitespace", () => {
    expect(run("a  \n {{- .ID -}} \n\t b", data)).toBe("aabc123b");
  });
  test("only the marked side is trimmed", () => {
    expect(run("a  {{- .ID}}  b", data)).toBe("aabc123  b");
    expect(run("a  {{.ID -}}  b", data)).toBe("a  abc123b");
  });
  test("a dash without a space is a negative number, not a trim marker", () => {
    expect(run("a {{-3}} b", data)).toBe("a -3 b");
  });
});

describe("literals", () => {
  test("numbers", () => {
    expect(run("{{1e3}} {{1.0}} {{0x10}} {{-5}} {{1.5e-7}} {{0o17}} {{0b101}} {{1_000}}", {})).toBe("1000 1 16 -5 1.5e-07 15 5 1000");
  });
  test("strings, escapes, raw strings, chars", () => {
    expect(run('{{"a\\tb\\n\\"q\\" \\x41\\u00e9"}}', {})).toBe('a\tb\n"q" Aé');
    expect(run("{{`raw \\n {{ }}`}}", {})).toBe("raw \\n {{ }}");
    expect(run("{{'a'}} {{'\\n'}}", {})).toBe("97 10");
  });
  test("bools and nil as arguments", () => {
    expect(run("{{true}} {{false}} {{printf \"%v\" nil}}", {})).toBe("true false <nil>");
  });
});

describe("variables", () => {
  test("declare and reassign", () => {
    expect(run("{{$x := .ID}}{{$x}} {{$x = \"new\"}}{{$x}}", data)).toBe("abc123 new");
  });
  test("$ is the root data, also inside range/with", () => {
    expect(run("{{range .Names}}{{.}}@{{$.ID}} {{end}}", data)).toBe("web@abc123 db@abc123 ");
    expect(run("{{with .State}}{{.Status}}/{{$.ID}}{{end}}", data)).toBe("running/abc123");
  });
  test("variables are scoped to their control structure", () => {
    expect(() => parseTemplate("{{if true}}{{$y := 1}}{{end}}{{$y}}")).toThrow('undefined variable "$y"');
  });
  test("assignment inside range updates the outer variable", () => {
    expect(run("{{$last := \"\"}}{{range .Names}}{{$last = .}}{{end}}{{$last}}", data)).toBe("db");
  });
  test("variable with field chain", () => {
    expect(run("{{$s := .State}}{{$s.Status}}", data)).toBe("running");
  });
});

describe("control structures", () => {
  test("if / else if / else", () => {
    const t = parseTemplate('{{if eq .S "a"}}A{{else if eq .S "b"}}B{{else}}other{{end}}');
    expect(t.execute({ S: "a" })).toBe("A");
    expect(t.execute({ S: "b" })).toBe("B");
    expect(t.execute({ S: "c" })).toBe("other");
  });
  test("truthiness follows Go: empty slices, 0, empty string and nil are false", () => {
    expect(run("{{if .Empty}}y{{else}}n{{end}}{{if .Zero}}y{{else}}n{{end}}{{if .Nothing}}y{{else}}n{{end}}{{if .Names}}y{{end}}{{if .Flag}}y{{end}}", data)).toBe("nnnyy");
  });
  test("with sets dot, else runs on empty", () => {
    expect(run("{{with .State}}{{.Pid}}{{end}}", data)).toBe("42");
    expect(run("{{with .Empty}}x{{else}}empty{{end}}", data)).toBe("empty");
    expect(run("{{with .Missing}}x{{else with .ID}}{{.}}{{end}}", data)).toBe("abc123");
  });
  test("range over arrays with index and element", () => {
    expect(run("{{range $i, $n := .Names}}{{$i}}:{{$n}} {{end}}", data)).toBe("0:web 1:db ");
    expect(run("{{range $n := .Names}}<{{$n}}>{{end}}", data)).toBe("<web><db>");
  });
  test("range over objects iterates keys in sorted order", () => {
    expect(run("{{range $k, $v := .Labels}}{{$k}}={{$v}};{{end}}", data)).toBe("app=x;com.example=yes;");
  });
  test("range else on empty and nil", () => {
    expect(run("{{range .Empty}}x{{else}}none{{end}}", data)).toBe("none");
    expect(run("{{range .Missing}}x{{else}}none{{end}}", data)).toBe("none");
  });
  test("range over an integer", () => {
    expect(run("{{range 3}}{{.}}{{end}}", {})).toBe("012");
  });
  test("break and continue", () => {
    expect(run("{{range .}}{{if eq . 3}}{{break}}{{end}}{{if eq . 1}}{{continue}}{{end}}{{.}}{{end}}", [0, 1, 2, 3, 4])).toBe("02");
  });
  test("nested control structures", () => {
    const src = "{{range .}}{{if .on}}{{range .xs}}[{{.}}]{{end}}{{else}}-{{end}}{{end}}";
    expect(run(src, [{ on: true, xs: [1, 2] }, { on: false }, { on: true, xs: [] }])).toBe("[1][2]-");
  });
});

describe("pipelines and functions", () => {
  test("pipeline passes the value as the last argument", () => {
    expect(run('{{.ID | printf "%s-%s" "x"}}', data)).toBe("x-abc123");
    expect(run("{{.ID | upper | lower}}", data)).toBe("abc123");
  });
  test("parenthesised sub-expressions and field access on them", () => {
    expect(run("{{len (index .Names 0)}}", data)).toBe("3");
    expect(run("{{(index . 0).Name}}", [{ Name: "n0" }])).toBe("n0");
  });
  test("and/or return values and short-circuit", () => {
    expect(run('{{and 1 0 2}} {{or 0 "" "x"}} {{and 1 2}} {{or 0 ""}}', {})).toBe("0 x 2 ");
    // the failing index is never evaluated
    expect(run("{{or 1 (index .Names 9)}}", data)).toBe("1");
    expect(run("{{and 0 (index .Names 9)}}", data)).toBe("0");
  });
  test("not, len, index, slice", () => {
    expect(run("{{not 1}} {{not .Empty}} {{len .Names}} {{len .Labels}} {{len \"é\"}}", data)).toBe("false true 2 2 2");
    expect(run("{{index .Names 1}} {{index .G 1 0}} {{index .ID 0}}", { ...data, G: [["a"], ["b"]] })).toBe("db b 97");
    expect(run('{{slice "abcdef" 1 3}} {{slice .Names 1}} {{slice "abc"}}', data)).toBe("bc [db] abc");
  });
  test("comparisons", () => {
    expect(run('{{eq 1 1 2}} {{eq "a" "b" "a"}} {{eq 1 2}} {{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}', {})).toBe(
      "true true false true true true true false",
    );
  });
  test("print, println, printf", () => {
    expect(run('{{print 1 2 "a" "b" 3}}|{{println 1 "a"}}|{{printf "%d-%s" 7 "x"}}', {})).toBe("1 2ab3|1 a\n|7-x");
  });
  test("urlquery, html, js", () => {
    expect(run('{{urlquery "a b&c"}}', {})).toBe("a+b%26c");
    expect(run('{{html "<a href=\\"x\\">&"}}', {})).toBe("&lt;a href=&#34;x&#34;&gt;&amp;");
    expect(run("{{js `a'b\"<`}}", {})).toBe("a\\'b\\\"\\u003C");
  });
  test("Podman functions", () => {
    expect(run("{{json .State}}", data)).toBe('{"Status":"running","Pid":42}');
    expect(run('{{json "<a>&"}}', {})).toBe('"<a>&"');
    expect(run('{{lower "AbC"}} {{upper "abc"}} {{title "foo bar-baz"}}', {})).toBe("abc ABC Foo Bar-Baz");
    expect(run('{{join .Names ","}} {{split "a,b" ","}} {{len (split "a,b,c" ",")}}', data)).toBe("web,db [a b] 3");
    expect(run('{{truncate "abcdef" 3}}|{{truncate "abc" 5}}', {})).toBe("abc|abc");
    expect(run('{{pad "c1" 2 3}}|{{pad "" 2 3}}|', {})).toBe("  c1   ||");
  });
  test("custom functions, with and without arguments", () => {
    const funcs = { twice: (s: string) => s + s, now: () => "NOW" };
    expect(run("{{twice .ID}} {{now}} {{.ID | twice}}", data, funcs)).toBe("abc123abc123 NOW abc123abc123");
  });
  test("a custom function can override a builtin", () => {
    expect(run('{{upper "x"}}', {}, { upper: () => "overridden" })).toBe("overridden");
  });
  test("fields lists the field chains used", () => {
    expect(parseTemplate("{{.ID}} {{if .State.Status}}{{upper .Names}}{{end}}").fields).toEqual([["ID"], ["State", "Status"], ["Names"]]);
  });
});

describe("errors", () => {
  const parseErr = (src: string): string => {
    try {
      parseTemplate(src);
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateSyntaxError);
      return (e as Error).message;
    }
    throw new Error("expected a parse error");
  };
  const execErr = (src: string, d: unknown, opts = {}): string => {
    try {
      parseTemplate(src, {}, opts).execute(d);
    } catch (e) {
      expect(e).toBeInstanceOf(TemplateExecError);
      return (e as Error).message;
    }
    throw new Error("expected an exec error");
  };
  test("unknown function is a parse error", () => {
    expect(parseErr("{{foo .Names}}")).toBe('template: :1: function "foo" not defined');
  });
  test("bad syntax", () => {
    expect(parseErr("{{.ID")).toContain("unclosed action");
    expect(parseErr("{{if .X}}a")).toContain("unexpected EOF");
    expect(parseErr("{{end}}")).toContain("unexpected {{end}}");
    expect(parseErr("a\n{{.A @}}")).toBe("template: :2: bad character U+0040 '@'");
    expect(parseErr('{{"abc}}')).toContain("unterminated quoted string");
    expect(parseErr("{{}}")).toContain("missing value for command");
    expect(parseErr("{{(.A}}")).toContain("unclosed left paren");
    expect(parseErr("{{break}}")).toContain("{{break}} outside {{range}}");
    expect(parseErr("{{$nope}}")).toContain('undefined variable "$nope"');
  });
  test("field on a non-object names the Go type", () => {
    expect(execErr("{{.Names.X}}", data)).toBe('template: :1:2: executing "" at <.Names.X>: can\'t evaluate field X in type []interface {}');
    expect(execErr("x\n  {{.ID.Y}}", data)).toBe('template: :2:4: executing "" at <.ID.Y>: can\'t evaluate field Y in type string');
  });
  test("strictRoot makes a missing top-level field an error, like a Go struct", () => {
    expect(execErr("{{.Foo}}", data, { strictRoot: true, name: "ps", rootTypeName: "ps row" })).toBe(
      'template: ps:1:2: executing "ps" at <.Foo>: can\'t evaluate field Foo in type ps row',
    );
    expect(parseTemplate("{{.Labels.nope}}", {}, { strictRoot: true }).execute(data)).toBe("<no value>");
  });
  test("function errors carry context", () => {
    expect(execErr("{{index .Names 5}}", data)).toContain("error calling index: index out of range: 5");
    expect(execErr('{{eq 1 "a"}}', data)).toContain("incompatible types for comparison");
    expect(execErr("{{upper 1}}", data)).toContain("wrong type for value; expected string; got int");
    expect(execErr("{{len 3}}", data)).toContain("len of type int");
  });
  test("range over a string and arguments to non-functions", () => {
    expect(execErr("{{range .ID}}x{{end}}", data)).toContain("range can't iterate over abc123");
    expect(execErr("{{.ID 1}}", data)).toContain("can't give argument to non-function .ID");
    expect(execErr("{{nil}}", data)).toContain("nil is not a command");
  });
});
