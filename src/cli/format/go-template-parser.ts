// Parser for Go text/template: tokens → a tree of text, actions and control structures.
import { lexTemplate, lineOf, type Token, TemplateSyntaxError } from "./go-template-lexer.ts";

export type Term =
  | { kind: "dot" }
  | { kind: "var"; name: string }
  | { kind: "ident"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "nil" }
  | { kind: "pipe"; pipe: Pipe };

/** A term followed by a field chain: `.A.B` is dot + [A, B]; `$x.A` is var + [A]; `(p).A`. */
export interface Operand {
  pos: number;
  src: string;
  term: Term;
  chain: string[];
}

export interface Command {
  pos: number;
  src: string;
  args: Operand[];
}

export interface Pipe {
  pos: number;
  src: string;
  decl: string[];
  assign: boolean;
  cmds: Command[];
}

export interface ControlNode {
  kind: "if" | "with" | "range";
  pos: number;
  pipe: Pipe;
  list: Node[];
  elseList?: Node[];
}

export type Node =
  | { kind: "text"; text: string }
  | { kind: "action"; pipe: Pipe }
  | ControlNode
  | { kind: "break" | "continue"; pos: number };

interface ListEnd {
  keyword: "end" | "else" | "eof";
  pos: number;
}

/** Parses template source. `hasFunc` answers whether an identifier names a function. */
export function parseTree(src: string, hasFunc: (name: string) => boolean, name = ""): Node[] {
  return new Parser(src, lexTemplate(src, name), hasFunc, name).parseRoot();
}

class Parser {
  private i = 0;
  private vars: string[] = ["$"];
  private rangeDepth = 0;

  constructor(
    private readonly src: string,
    private readonly toks: Token[],
    private readonly hasFunc: (name: string) => boolean,
    private readonly name: string,
  ) {}

  private fail(pos: number, msg: string): never {
    throw new TemplateSyntaxError(`template: ${this.name}:${lineOf(this.src, pos)}: ${msg}`);
  }

  private peek(k = 0): Token | undefined {
    return this.toks[this.i + k];
  }

  private next(): Token {
    const t = this.toks[this.i++];
    if (!t) this.fail(this.src.length, "unexpected EOF");
    return t;
  }

  private expectRight(context: string): void {
    const t = this.next();
    if (t.type !== "right") this.fail(t.pos, `unexpected "${t.value}" in ${context}`);
  }

  parseRoot(): Node[] {
    const [list, end] = this.parseList();
    if (end.keyword !== "eof") this.fail(end.pos, `unexpected {{${end.keyword}}}`);
    return list;
  }

  /** Parses nodes until {{end}}, {{else}} (both consumed up to the keyword) or EOF. */
  private parseList(): [Node[], ListEnd] {
    const nodes: Node[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) return [nodes, { keyword: "eof", pos: this.src.length }];
      if (t.type === "text") {
        this.i++;
        nodes.push({ kind: "text", text: t.value });
        continue;
      }
      this.i++; // left delim
      const k = this.peek();
      if (k?.type === "keyword") {
        this.i++;
        switch (k.value) {
          case "end":
            this.expectRight("end");
            return [nodes, { keyword: "end", pos: k.pos }];
          case "else":
            return [nodes, { keyword: "else", pos: k.pos }];
          case "if":
          case "with":
          case "range":
            nodes.push(this.parseControl(k.value, k.pos));
            continue;
          case "break":
          case "continue":
            if (this.rangeDepth === 0) this.fail(k.pos, `{{${k.value}}} outside {{range}}`);
            this.expectRight(k.value);
            nodes.push({ kind: k.value, pos: k.pos });
            continue;
          default:
            this.fail(k.pos, `{{${k.value}}} is not supported in --format templates`);
        }
      }
      const mark = this.vars.length;
      const pipe = this.parsePipe("command", false);
      if (pipe.decl.length === 0 || pipe.assign) this.vars.length = mark; // keep declared vars
      nodes.push({ kind: "action", pipe });
    }
  }

  private parseControl(kind: "if" | "with" | "range", pos: number): Node {
    const mark = this.vars.length;
    const pipe = this.parsePipe(kind, kind === "range");
    if (kind === "range") this.rangeDepth++;
    const [list, end] = this.parseList();
    if (kind === "range") this.rangeDepth--;
    let elseList: Node[] | undefined;
    if (end.keyword === "eof") this.fail(this.src.length, "unexpected EOF");
    if (end.keyword === "else") {
      const k = this.peek();
      if ((kind === "if" || kind === "with") && k?.type === "keyword" && k.value === kind) {
        // {{else if ...}} / {{else with ...}}: a nested control sharing our {{end}}.
        this.i++;
        elseList = [this.parseControl(kind, k.pos)];
      } else {
        this.expectRight("else");
        const [els, end2] = this.parseList();
        if (end2.keyword !== "end") this.fail(end2.pos, end2.keyword === "eof" ? "unexpected EOF" : "expected end; found {{else}}");
        elseList = els;
      }
    }
    this.vars.length = mark;
    return { kind, pos, pipe, list, elseList };
  }

  /** Parses `[decl :=] cmd | cmd ...` up to `}}` (consumed) or `)` (left for the caller). */
  private parsePipe(context: string, isRange: boolean, inParen = false): Pipe {
    const start = this.peek()?.pos ?? this.src.length;
    const decl: string[] = [];
    let assign = false;
    const t0 = this.peek();
    const t1 = this.peek(1);
    if (t0?.type === "var" && (t1?.type === "declare" || t1?.type === "assign" || (t1?.type === "comma" && isRange))) {
      decl.push(t0.value);
      if (t1.type === "comma") {
        const t2 = this.peek(2);
        const t3 = this.peek(3);
        if (t2?.type !== "var" || (t3?.type !== "declare" && t3?.type !== "assign")) this.fail(t1.pos, "too many declarations in command");
        decl.push(t2.value);
        assign = t3.type === "assign";
        this.i += 4;
      } else {
        assign = t1.type === "assign";
        this.i += 2;
      }
      for (const v of decl) {
        if (assign && !this.vars.includes(v)) this.fail(t0.pos, `undefined variable "${v}"`);
      }
    }
    const cmds: Command[] = [];
    for (;;) {
      const t = this.peek();
      if (!t) this.fail(this.src.length, "unclosed action");
      if (t.type === "right" || (t.type === "rparen" && inParen)) {
        if (!inParen) this.i++;
        if (cmds.length === 0) this.fail(t.pos, `missing value for ${context}`);
        break;
      }
      if (t.type === "pipe") {
        if (cmds.length === 0) this.fail(t.pos, `missing value for command`);
        this.i++;
        continue;
      }
      cmds.push(this.parseCommand(inParen));
    }
    if (!assign) this.vars.push(...decl);
    const end = cmds[cmds.length - 1] as Command;
    return { pos: start, src: this.src.slice(start, end.pos + end.src.length), decl, assign, cmds };
  }

  private parseCommand(inParen: boolean): Command {
    const args: Operand[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || t.type === "right" || t.type === "pipe" || (t.type === "rparen" && inParen)) break;
      args.push(this.parseOperand());
    }
    if (args.length === 0) this.fail(this.peek()?.pos ?? this.src.length, "missing value for command");
    const first = args[0] as Operand;
    const last = args[args.length - 1] as Operand;
    return { pos: first.pos, src: this.src.slice(first.pos, last.pos + last.src.length), args };
  }

  private parseOperand(): Operand {
    const t = this.next();
    let term: Term;
    let chain: string[] = [];
    switch (t.type) {
      case "dot":
        term = { kind: "dot" };
        break;
      case "field":
        term = { kind: "dot" };
        chain = [t.value.slice(1)];
        break;
      case "var":
        if (!this.vars.includes(t.value)) this.fail(t.pos, `undefined variable "${t.value}"`);
        term = { kind: "var", name: t.value };
        break;
      case "ident":
        if (!this.hasFunc(t.value)) this.fail(t.pos, `function "${t.value}" not defined`);
        term = { kind: "ident", name: t.value };
        break;
      case "string":
        term = { kind: "string", value: t.value };
        break;
      case "number":
        term = { kind: "number", value: t.num ?? 0 };
        break;
      case "bool":
        term = { kind: "bool", value: t.value === "true" };
        break;
      case "nil":
        term = { kind: "nil" };
        break;
      case "lparen": {
        const pipe = this.parsePipe("parenthesized pipeline", false, true);
        const r = this.next();
        if (r.type !== "rparen") this.fail(r.pos, "unclosed left paren");
        term = { kind: "pipe", pipe };
        break;
      }
      default:
        this.fail(t.pos, `unexpected "${t.value}" in operand`);
    }
    for (let n = this.peek(); n && n.type === "field" && !n.spaced; n = this.peek()) {
      if (term.kind === "string" || term.kind === "number" || term.kind === "bool" || term.kind === "nil") {
        this.fail(n.pos, `unexpected . after term "${t.value}"`);
      }
      chain.push(n.value.slice(1));
      this.i++;
    }
    const prev = this.toks[this.i - 1] as Token;
    return { pos: t.pos, src: this.src.slice(t.pos, prev.end), term, chain };
  }
}
