// Go text/template (parser + executor) for Podman/Docker --format strings.
// Data model: plain objects and Maps behave like Go maps (missing key → <no value>),
// arrays like slices, numbers like int/float64 (see go-value.ts).
import { builtinFuncs, podmanFuncs, type TemplateFunc } from "./go-funcs.ts";
import { TemplateSyntaxError, lineOf } from "./go-template-lexer.ts";
import { type Command, type ControlNode, type Node, type Operand, type Pipe, parseTree } from "./go-template-parser.ts";
import { compareKeys, goTruth, goTypeName, goValue, isGoInt } from "./go-value.ts";
import { simpleTemplate } from "./go-template-simple.ts";

export { TemplateSyntaxError };
export type { TemplateFunc };

export interface TemplateOptions {
  /** Template name used in error messages (Podman uses the command, e.g. "ps"). */
  name?: string;
  /**
   * Treat the data passed to execute() like a Go struct: a missing field on it is an error
   * ("can't evaluate field X in type T") instead of `<no value>`. Nested objects stay map-like.
   */
  strictRoot?: boolean;
  /** Type name for strictRoot errors. */
  rootTypeName?: string;
}

export interface GoTemplate {
  /** Runs the template on `data`; throws TemplateExecError on failure. */
  execute(data: unknown): string;
  /** Field chains (from dot) used anywhere in the template, e.g. [["ID"], ["State","Status"]]. */
  readonly fields: readonly string[][];
}

export class TemplateExecError extends Error {}

class BreakSignal {}
class ContinueSignal {}

/** Parses a Go template; `funcs` adds to (or overrides) the builtin and Podman functions. */
export function parseTemplate(src: string, funcs: Record<string, Function> = {}, options: TemplateOptions = {}): GoTemplate {
  const simple = simpleTemplate(src, options.strictRoot ?? false);
  if (!simple) return parseFullTemplate(src, funcs, options);
  let full: GoTemplate | undefined;
  return {
    fields: simple.fields,
    execute: (data) => simple.execute(data) ?? (full ??= parseFullTemplate(src, funcs, options)).execute(data),
  };
}

function parseFullTemplate(src: string, funcs: Record<string, Function>, options: TemplateOptions): GoTemplate {
  const all: Record<string, TemplateFunc> = { ...builtinFuncs, ...podmanFuncs, ...(funcs as Record<string, TemplateFunc>) };
  const name = options.name ?? "";
  const tree = parseTree(src, (f) => Object.hasOwn(all, f), name);
  const fields = collectFields(tree);
  return {
    fields,
    execute(data: unknown): string {
      const ex = new Executor(src, all, data, options);
      const out: string[] = [];
      ex.walk(data, tree, out);
      return out.join("");
    },
  };
}

function collectFields(tree: Node[]): string[][] {
  const seen = new Map<string, string[]>();
  const fromPipe = (p: Pipe): void => {
    for (const c of p.cmds) {
      for (const a of c.args) {
        if (a.term.kind === "dot" && a.chain.length) seen.set(a.chain.join("."), a.chain);
        if (a.term.kind === "pipe") fromPipe(a.term.pipe);
      }
    }
  };
  const walk = (nodes: Node[]): void => {
    for (const n of nodes) {
      if (n.kind === "action") fromPipe(n.pipe);
      else if (n.kind === "if" || n.kind === "with" || n.kind === "range") {
        fromPipe(n.pipe);
        walk(n.list);
        if (n.elseList) walk(n.elseList);
      }
    }
  };
  walk(tree);
  return [...seen.values()];
}

const NO_FINAL = Symbol("no final");

class Executor {
  private vars: { name: string; value: unknown }[];

  constructor(
    private readonly src: string,
    private readonly funcs: Record<string, TemplateFunc>,
    private readonly root: unknown,
    private readonly options: TemplateOptions,
  ) {
    this.vars = [{ name: "$", value: root }];
  }

  private fail(pos: number, context: string, msg: string): never {
    const before = this.src.slice(0, pos);
    const col = pos - (before.lastIndexOf("\n") + 1);
    const name = this.options.name ?? "";
    const ctx = context.length > 40 ? context.slice(0, 37) + "..." : context;
    throw new TemplateExecError(`template: ${name}:${lineOf(this.src, pos)}:${col}: executing "${name}" at <${ctx}>: ${msg}`);
  }

  walk(dot: unknown, nodes: Node[], out: string[]): void {
    for (const n of nodes) {
      switch (n.kind) {
        case "text":
          out.push(n.text);
          break;
        case "action": {
          const v = this.evalPipe(dot, n.pipe);
          if (n.pipe.decl.length === 0) out.push(v === undefined ? "<no value>" : goValue(v));
          break;
        }
        case "if":
        case "with": {
          const mark = this.vars.length;
          const v = this.evalPipe(dot, n.pipe);
          if (goTruth(v)) this.walk(n.kind === "with" ? v : dot, n.list, out);
          else if (n.elseList) this.walk(dot, n.elseList, out);
          this.vars.length = mark;
          break;
        }
        case "range":
          this.walkRange(dot, n, out);
          break;
        case "break":
          throw new BreakSignal();
        case "continue":
          throw new ContinueSignal();
      }
    }
  }

  private walkRange(dot: unknown, n: ControlNode, out: string[]): void {
    const mark = this.vars.length;
    const pipe = n.pipe;
    const v = this.evalPipe(dot, { ...pipe, decl: [] });
    let items: [unknown, unknown][];
    if (Array.isArray(v)) items = v.map((x, i) => [i, x]);
    else if (v instanceof Map) items = [...v.entries()].sort((a, b) => compareKeys(a[0], b[0]));
    else if (isGoInt(v)) items = Array.from({ length: Math.max(v, 0) }, (_x, i) => [i, i]);
    else if (v === undefined || v === null) items = [];
    else if (typeof v === "object" && !(v instanceof Date)) {
      const obj = v as Record<string, unknown>;
      items = Object.keys(obj)
        .sort(compareKeys)
        .map((k) => [k, obj[k]]);
    } else this.fail(pipe.pos, pipe.src, `range can't iterate over ${goValue(v)}`);
    if (items.length === 0) {
      if (n.elseList) this.walk(dot, n.elseList, out);
      return;
    }
    for (const [key, elem] of items) {
      this.vars.length = mark;
      if (pipe.decl.length === 1) this.setVar(pipe.decl[0] as string, isGoInt(v) ? key : elem, pipe.assign);
      if (pipe.decl.length === 2) {
        this.setVar(pipe.decl[0] as string, key, pipe.assign);
        this.setVar(pipe.decl[1] as string, elem, pipe.assign);
      }
      try {
        this.walk(elem, n.list, out);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (!(e instanceof ContinueSignal)) throw e;
      }
    }
    this.vars.length = mark;
  }

  private setVar(name: string, value: unknown, assign: boolean): void {
    if (!assign) {
      this.vars.push({ name, value });
      return;
    }
    for (let i = this.vars.length - 1; i >= 0; i--) {
      const v = this.vars[i];
      if (v?.name === name) {
        v.value = value;
        return;
      }
    }
  }

  private getVar(name: string): unknown {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]?.name === name) return this.vars[i]?.value;
    return undefined;
  }

  private evalPipe(dot: unknown, pipe: Pipe): unknown {
    let value: unknown = NO_FINAL;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    for (const d of pipe.decl) this.setVar(d, value, pipe.assign);
    return value;
  }

  private evalCommand(dot: unknown, cmd: Command, final: unknown): unknown {
    const first = cmd.args[0] as Operand;
    if (first.term.kind === "ident" && first.chain.length === 0) return this.call(dot, first, cmd, final);
    if (cmd.args.length > 1 || final !== NO_FINAL) {
      this.fail(first.pos, first.src, `can't give argument to non-function ${first.src}`);
    }
    if (first.term.kind === "nil") this.fail(first.pos, first.src, "nil is not a command");
    return this.evalOperand(dot, first);
  }

  private call(dot: unknown, fn: Operand, cmd: Command, final: unknown): unknown {
    const name = (fn.term as { name: string }).name;
    const argOps = cmd.args.slice(1);
    const f = this.funcs[name] as TemplateFunc;
    if ((name === "and" || name === "or") && this.funcs[name] === builtinFuncs[name]) {
      // Go evaluates and/or lazily, stopping at the first deciding argument.
      const n = argOps.length + (final === NO_FINAL ? 0 : 1);
      if (n === 0) this.fail(fn.pos, cmd.src, `wrong number of args for ${name}: want at least 1 got 0`);
      let v: unknown;
      for (let i = 0; i < n; i++) {
        v = i < argOps.length ? this.evalOperand(dot, argOps[i] as Operand) : final;
        if (goTruth(v) === (name === "or")) return v;
      }
      return v;
    }
    const args = argOps.map((a) => this.evalOperand(dot, a));
    if (final !== NO_FINAL) args.push(final);
    try {
      return f(...args);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const prefixed = name === "index" || name === "slice" || !/^wrong (type|number)/.test(msg) ? `error calling ${name}: ${msg}` : msg;
      this.fail(fn.pos, cmd.src, prefixed);
    }
  }

  private evalOperand(dot: unknown, op: Operand): unknown {
    const t = op.term;
    let v: unknown;
    switch (t.kind) {
      case "dot":
        v = dot;
        break;
      case "var":
        v = this.getVar(t.name);
        break;
      case "string":
      case "number":
      case "bool":
        v = t.value;
        break;
      case "nil":
        v = null;
        break;
      case "pipe":
        v = this.evalPipe(dot, t.pipe);
        break;
      case "ident": {
        const f = this.funcs[t.name] as TemplateFunc;
        try {
          v = f();
        } catch (e) {
          this.fail(op.pos, op.src, e instanceof Error ? e.message : String(e));
        }
        break;
      }
    }
    for (let i = 0; i < op.chain.length; i++) v = this.field(v, op.chain[i] as string, op, i === 0 && t.kind === "dot" && dot === this.root);
    return v;
  }

  private field(receiver: unknown, name: string, op: Operand, atRoot: boolean): unknown {
    if (receiver === undefined || receiver === null) return undefined;
    if (receiver instanceof Map) return receiver.get(name);
    if (typeof receiver === "object" && !Array.isArray(receiver) && !(receiver instanceof Date)) {
      const obj = receiver as Record<string, unknown>;
      if (this.options.strictRoot && (atRoot || obj === this.root) && !(name in obj)) {
        this.fail(op.pos, op.src, `can't evaluate field ${name} in type ${this.options.rootTypeName ?? "object"}`);
      }
      const v = obj[name];
      return typeof v === "function" ? undefined : v;
    }
    this.fail(op.pos, op.src, `can't evaluate field ${name} in type ${goTypeName(receiver)}`);
  }
}
