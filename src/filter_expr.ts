/**
 * sysdig's filter expressions, for the fields that matter to a syscall tracer:
 *
 *     proc.name=nginx and evt.type in (openat, open) and fd.name contains /etc
 *     not evt.failed=false or evt.latency > 1000000
 *
 * Grammar (sysdig's): `not` binds tighter than `and`, which binds tighter than `or`; parentheses
 * group. A comparison is `FIELD OP VALUE` with OP one of `= == != < <= > >= contains icontains
 * startswith endswith in` (`in (a, b, ...)`), or `FIELD exists`. A value is a word (up to a
 * space, a parenthesis or a comma) or a quoted string ('...' or "...", backslash escapes).
 *
 * Fields:
 * - `evt.type`: the syscall's name; `evt.dir`: `>` for an entry, `<` for an exit or a completed
 *   call (which carries the result); `evt.num`: the event's number in the trace (from 1);
 * - `evt.res`: `SUCCESS` or the errno name (`ENOENT`); `evt.rawres`: the result as a number;
 *   `evt.failed`: `true` or `false`; `evt.latency`: the call's duration in ns (completed calls);
 * - `proc.name`, `proc.pid`, `thread.tid`, `proc.ppid` (read from /proc while tracing; absent in
 *   a capture file);
 * - `fd.num`: the call's file descriptor argument, or the one open/socket/accept returned;
 *   `fd.name`: the name of that fd in the fd tables (src/fdtable.ts, kept when the expression
 *   uses fd.name or fd.type, and with -y), else the path or socket address of the call itself
 *   (openat's file, connect's address); `fd.type`: the table's (`file`, `pipe`, `unix`, `ipv4`,
 *   `event`...), else `file`, `ipv4`, `ipv6`
 *   or `unix` for such a name;
 * - `evt.arg.NAME` (or `evt.arg[N]`): an argument as the text format shows it (strings without
 *   their quotes), compared as a number when both sides are numbers.
 *
 * A field an event does not have compares false (and `exists` is false); so `not` of it is true,
 * as in sysdig. The parts the kernel can apply ({@linkcode pushdown}) are handed to it; the whole
 * expression is always applied in user space too.
 *
 * @module
 */
import type { FdTable } from "./fdtable.ts";
import { decodeCall, decodeResult, type SockAddr, type Value } from "./decode.ts";
import { MsdError } from "./errors.ts";
import type { Arch, TraceRecord } from "./record.ts";
import { syscallInfo, syscallNumber } from "./syscalls.ts";

/** A malformed expression: the message names the column. */
export class FilterSyntaxError extends MsdError {}

const OPS = [
  "=",
  "==",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "contains",
  "icontains",
  "startswith",
  "endswith",
  "in",
  "exists",
] as const;
type Op = typeof OPS[number];

/** Field names and what they yield; `evt.arg.*` and `evt.arg[N]` are matched apart. */
const FIELDS = new Set([
  "evt.type",
  "evt.dir",
  "evt.num",
  "evt.res",
  "evt.rawres",
  "evt.failed",
  "evt.latency",
  "proc.name",
  "proc.pid",
  "thread.tid",
  "proc.ppid",
  "fd.num",
  "fd.name",
  "fd.type",
]);

/** A field named in a --print format. */
export interface FormatField {
  field: string;
}

/** Fields only --print formats show (not compared in expressions). */
const PRINT_FIELDS = new Set(["evt.args", "evt.info", "evt.cpu", "evt.rawtime"]);

/** Is `name` a field of expressions or of --print formats? */
export function isField(name: string): boolean {
  return FIELDS.has(name) || PRINT_FIELDS.has(name) ||
    /^evt\.arg(\.[a-z_0-9]+|\[[0-5]\])$/.test(name);
}

/** A parsed expression. */
export type Expr =
  | { k: "and" | "or"; a: Expr; b: Expr }
  | { k: "not"; a: Expr }
  | { k: "cmp"; field: string; op: Op; values: string[] };

interface Token {
  t: "word" | "str" | "(" | ")" | ",";
  v: string;
  col: number;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === " " || c === "\t" || c === "\n") {
      i++;
      continue;
    }
    if (c === "(" || c === ")" || c === ",") {
      out.push({ t: c, v: c, col: i + 1 });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const col = i + 1;
      let v = "";
      i++;
      while (i < s.length && s[i] !== c) {
        if (s[i] === "\\" && i + 1 < s.length) i++;
        v += s[i++];
      }
      if (i >= s.length) throw new FilterSyntaxError(`filter: column ${col}: unterminated string`);
      i++;
      out.push({ t: "str", v, col });
      continue;
    }
    // a word; comparison operators end a field name and stand alone
    const col = i + 1;
    const op = /^(==|!=|<=|>=|=|<|>)/.exec(s.slice(i));
    if (op) {
      out.push({ t: "word", v: op[1], col });
      i += op[1].length;
      continue;
    }
    let v = "";
    while (i < s.length && !/[\s(),=!<>'"]/.test(s[i])) v += s[i++];
    // `evt.arg[1]`: brackets belong to the field
    if (v === "" && s[i] !== undefined) {
      throw new FilterSyntaxError(`filter: column ${col}: unexpected "${s[i]}"`);
    }
    out.push({ t: "word", v, col });
  }
  return out;
}

/** Parses `s`; throws {@linkcode FilterSyntaxError} naming the column of the first problem. */
export function parseFilter(s: string): Expr {
  const toks = tokenize(s);
  let p = 0;
  const end = s.length + 1;
  const peek = () => toks[p];
  const fail = (msg: string, t = toks[p]): never => {
    throw new FilterSyntaxError(`filter: column ${t ? t.col : end}: ${msg}`);
  };
  const isKw = (t: Token | undefined, w: string) => t?.t === "word" && t.v === w;

  function or(): Expr {
    let a = and();
    while (isKw(peek(), "or")) {
      p++;
      a = { k: "or", a, b: and() };
    }
    return a;
  }
  function and(): Expr {
    let a = not();
    while (isKw(peek(), "and")) {
      p++;
      a = { k: "and", a, b: not() };
    }
    return a;
  }
  function not(): Expr {
    if (isKw(peek(), "not")) {
      p++;
      return { k: "not", a: not() };
    }
    return primary();
  }
  function value(): string {
    const t = peek();
    if (!t || t.t === "(" || t.t === ")" || t.t === ",") return fail("expected a value");
    p++;
    return t.v;
  }
  function primary(): Expr {
    const t = peek();
    if (!t) return fail("expected a field, `not` or `(`");
    if (t.t === "(") {
      p++;
      const e = or();
      if (peek()?.t !== ")") fail("expected `)`");
      p++;
      return e;
    }
    if (t.t !== "word" || ["and", "or"].includes(t.v)) {
      return fail(`expected a field, not "${t.v}"`);
    }
    const field = t.v;
    if (!FIELDS.has(field) && !/^evt\.arg(\.[a-z_0-9]+|\[[0-5]\])$/.test(field)) {
      return fail(`unknown field "${field}" (fields: ${[...FIELDS].join(", ")}, evt.arg.NAME)`, t);
    }
    p++;
    const o = peek();
    if (!o || o.t !== "word" || !(OPS as readonly string[]).includes(o.v)) {
      return fail(`expected an operator after ${field} (${OPS.join(" ")})`);
    }
    p++;
    const op = o.v as Op;
    if (op === "exists") return { k: "cmp", field, op, values: [] };
    if (op === "in") {
      if (peek()?.t !== "(") fail("expected `(` after in");
      p++;
      const values = [value()];
      while (peek()?.t === ",") {
        p++;
        values.push(value());
      }
      if (peek()?.t !== ")") fail("expected `,` or `)` in the list");
      p++;
      return { k: "cmp", field, op, values };
    }
    return { k: "cmp", field, op, values: [value()] };
  }

  const e = or();
  if (p < toks.length) fail(`unexpected "${toks[p].v}"`);
  return e;
}

/** What the kernel can be asked to select, taken from the expression's top-level `and`s. */
export interface Pushdown {
  procName?: string;
  pids?: number[];
  syscalls?: string[];
}

/**
 * The comparisons of `e`'s top-level conjunction that the kernel can apply: `proc.name = X`,
 * `proc.pid = N` / `in (...)`, `evt.type = X` / `in (...)`. Applying them in the kernel changes
 * nothing the expression selects; it only saves copying what it would reject.
 */
export function pushdown(e: Expr, arch: Arch): Pushdown {
  const out: Pushdown = {};
  const walk = (x: Expr) => {
    if (x.k === "and") {
      walk(x.a);
      walk(x.b);
      return;
    }
    if (x.k !== "cmp" || (x.op !== "=" && x.op !== "==" && x.op !== "in")) return;
    if (x.field === "proc.name" && x.values.length === 1 && out.procName === undefined) {
      out.procName = x.values[0];
    } else if (x.field === "proc.pid" && x.values.every((v) => /^[1-9][0-9]*$/.test(v))) {
      out.pids ??= x.values.map(Number);
    } else if (
      x.field === "evt.type" && x.values.every((v) => syscallNumber(arch, v) !== undefined)
    ) out.syscalls ??= x.values;
  };
  walk(e);
  return out;
}

/** The text of an argument value, as the text format shows it (strings unquoted). */
function valueText(v: Value): string {
  switch (v.t) {
    case "int":
      return v.v.toString();
    case "hex":
      return "0x" + BigInt.asUintN(64, v.v).toString(16);
    case "oct":
      return "0" + v.v.toString(8);
    case "null":
      return "NULL";
    case "sym": {
      const parts = [...v.names];
      if (v.rest !== undefined) parts.push("0x" + v.rest.toString(16));
      return parts.length ? parts.join("|") : "0";
    }
    case "str":
      return new TextDecoder().decode(v.bytes);
    case "strs":
      return v.items.map((b) => new TextDecoder().decode(b)).join(" ");
    case "fault":
      return "0x" + BigInt.asUintN(64, v.ptr).toString(16);
    case "sockaddr":
      return sockText(v.sa);
    case "fds":
      return v.fds.join(" ");
    case "struct":
      return v.fields.map((f) => `${f.name}=${valueText(f.value)}`).join(" ");
    case "array":
      return v.items.map(valueText).join(" ");
    case "text":
      return v.s;
    case "dual":
      return valueText(v.data);
  }
}

function sockText(sa: SockAddr): string {
  if (sa.addr !== undefined) {
    return sa.family === "AF_INET6" ? `[${sa.addr}]:${sa.port}` : `${sa.addr}:${sa.port}`;
  }
  return sa.path !== undefined ? new TextDecoder().decode(sa.path) : sa.family;
}

const FD_RETURNING = new Set([
  "open",
  "openat",
  "openat2",
  "creat",
  "socket",
  "accept",
  "accept4",
  "dup",
  "dup2",
  "dup3",
  "eventfd",
  "eventfd2",
  "epoll_create",
  "epoll_create1",
  "memfd_create",
  "timerfd_create",
  "signalfd",
  "signalfd4",
  "inotify_init",
  "inotify_init1",
  "pidfd_open",
  "perf_event_open",
  "fanotify_init",
  "userfaultfd",
]);

/** One event's fields, computed when first asked for (filters and --print formats). */
export class EventView {
  #args?: Map<string, Value>;
  #argList?: Value[];
  constructor(
    readonly r: Exclude<TraceRecord, { kind: "drop" }>,
    readonly arch: Arch,
    readonly num: number,
    readonly ppid: (pid: number) => number | undefined,
    /** The fd tables (src/fdtable.ts): fd.name and fd.type of any fd argument. */
    readonly fds?: FdTable,
  ) {}

  #decode(): void {
    if (this.#args) return;
    this.#args = new Map();
    this.#argList = [];
    const r = this.r;
    if (r.kind === "exit" || r.kind === "signal" || r.kind === "procexit") return;
    for (
      const a of decodeCall(
        this.arch,
        r.nr,
        r.args,
        r.items,
        r.kind === "syscall" ? r.ret : undefined,
      ).args
    ) {
      this.#args.set(a.name, a.value);
      if (a.arg !== undefined) this.#argList[a.arg] = a.value;
    }
  }

  get name(): string {
    const r = this.r;
    // sysdig's event names
    if (r.kind === "signal") return "signaldeliver";
    if (r.kind === "procexit") return "procexit";
    return syscallInfo(this.arch, r.nr)?.name ?? `syscall_${r.nr}`;
  }

  get ret(): bigint | undefined {
    const r = this.r;
    return r.kind === "exit" || r.kind === "syscall" ? r.ret : undefined;
  }

  /** The value of `field`, undefined when this event has none. */
  get(field: string): string | bigint | undefined {
    const r = this.r;
    switch (field) {
      case "evt.type":
        return this.name;
      case "evt.dir":
        return r.kind === "enter" ? ">" : "<";
      case "evt.num":
        return BigInt(this.num);
      case "evt.res": {
        const ret = this.ret;
        if (ret === undefined || r.kind === "signal" || r.kind === "procexit") return undefined;
        const d = decodeResult(this.arch, r.nr, ret);
        return d.errno !== undefined ? (d.errno || String(ret)) : "SUCCESS";
      }
      case "evt.rawres":
        return this.ret;
      case "evt.failed": {
        const ret = this.ret;
        if (ret === undefined) return undefined;
        return ret < 0n && ret >= -4095n ? "true" : "false";
      }
      case "evt.latency":
        return r.kind === "syscall" && r.ret !== undefined ? r.ts - r.enterTs : undefined;
      case "proc.name":
        return r.comm;
      case "proc.pid":
        return BigInt(r.pid);
      case "thread.tid":
        return BigInt(r.tid);
      case "proc.ppid": {
        const p = this.ppid(r.pid);
        return p === undefined ? undefined : BigInt(p);
      }
      case "fd.num": {
        this.#decode();
        const fd = this.#args!.get("fd");
        if (fd && fd.t === "int") return fd.v;
        const ret = this.ret;
        if (ret !== undefined && ret >= 0n && FD_RETURNING.has(this.name)) return ret;
        return undefined;
      }
      case "fd.name":
      case "fd.type": {
        if (this.fds && r.kind === "syscall") {
          // the table's name of fd.num: the file a read reads, the socket a send sends on...
          const fd = this.get("fd.num");
          if (typeof fd === "bigint" && fd >= 0n && fd < 0x80000000n) {
            const v = field === "fd.name"
              ? this.fds.name(r.pid, Number(fd))
              : this.fds.type(r.pid, Number(fd));
            if (v !== undefined) return v;
          }
        }
        this.#decode();
        for (const v of this.#args!.values()) {
          if (v.t === "sockaddr") {
            if (field === "fd.name") return sockText(v.sa);
            return v.sa.family === "AF_INET"
              ? "ipv4"
              : v.sa.family === "AF_INET6"
              ? "ipv6"
              : v.sa.family === "AF_UNIX"
              ? "unix"
              : undefined;
          }
        }
        for (const k of ["filename", "pathname", "path"]) {
          const v = this.#args!.get(k);
          if (v && v.t === "str") return field === "fd.name" ? valueText(v) : "file";
        }
        return undefined;
      }
    }
    if (field === "evt.args" || field === "evt.info") {
      this.#decode();
      const parts: string[] = [];
      for (const [k, v] of this.#args!) parts.push(`${k}=${valueText(v)}`);
      const ret = this.ret;
      if (ret !== undefined) {
        parts.push(`res=${this.get("evt.res") === "SUCCESS" ? ret : this.get("evt.res")}`);
      }
      return parts.join(" ");
    }
    if (field === "evt.cpu") return BigInt(r.cpu);
    if (field === "evt.rawtime") return r.ts;
    this.#decode();
    const m = /^evt\.arg(?:\.(.+)|\[([0-5])\])$/.exec(field);
    if (!m) return undefined;
    const v = m[1] !== undefined ? this.#args!.get(m[1]) : this.#argList![Number(m[2])];
    return v === undefined ? undefined : valueText(v);
  }
}

const INT = /^-?(0x[0-9a-f]+|[0-9]+)$/i;

function compare(x: string | bigint, op: Op, v: string): boolean {
  if (op === "contains") return String(x).includes(v);
  if (op === "icontains") return String(x).toLowerCase().includes(v.toLowerCase());
  if (op === "startswith") return String(x).startsWith(v);
  if (op === "endswith") return String(x).endsWith(v);
  // numbers compare as numbers when both sides are; everything else as text
  let a: bigint | string = x, b: bigint | string = v;
  if (typeof x === "bigint" || INT.test(x)) {
    if (INT.test(v)) {
      a = typeof x === "bigint" ? x : BigInt(x);
      b = BigInt(v);
    } else a = String(x);
  }
  switch (op) {
    case "=":
    case "==":
    case "in":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
  return false;
}

function evaluate(e: Expr, v: EventView): boolean {
  switch (e.k) {
    case "and":
      return evaluate(e.a, v) && evaluate(e.b, v);
    case "or":
      return evaluate(e.a, v) || evaluate(e.b, v);
    case "not":
      return !evaluate(e.a, v);
    case "cmp": {
      const x = v.get(e.field);
      if (e.op === "exists") return x !== undefined;
      if (x === undefined) return false;
      if (e.op === "in") return e.values.some((w) => compare(x, "in", w));
      return compare(x, e.op, e.values[0]);
    }
  }
}

/** The parent pid of a live process, from /proc (cached; undefined when it has gone). */
export function procPpid(): (pid: number) => number | undefined {
  const cache = new Map<number, number | undefined>();
  return (pid) => {
    if (cache.has(pid)) return cache.get(pid);
    let p: number | undefined;
    try {
      const s = Deno.readTextFileSync(`/proc/${pid}/stat`);
      p = Number(s.slice(s.lastIndexOf(")") + 2).split(" ")[1]);
    } catch { /* gone, or no /proc */ }
    if (cache.size >= 32768) cache.clear();
    cache.set(pid, p);
    return p;
  };
}

/**
 * A predicate applying `e` to records in order (numbering them for `evt.num`). Drop records
 * always pass: a gap stays visible whatever the filter. `ppid` answers proc.ppid (none: absent).
 */
export function exprFilter(
  e: Expr,
  arch: Arch,
  ppid: (pid: number) => number | undefined = () => undefined,
  fds?: FdTable,
): (r: TraceRecord) => boolean {
  let num = 0;
  return (r) => {
    num++;
    if (r.kind === "drop") return true;
    return evaluate(e, new EventView(r, arch, num, ppid, fds));
  };
}
