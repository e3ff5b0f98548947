/**
 * `--print FORMAT`: lines shaped by sysdig's output format strings,
 *
 *     mysysdig --print "%evt.num %evt.time %proc.name (%thread.tid) %evt.type %evt.args"
 *
 * `%FIELD` (or `%{FIELD}`) takes any field of the filter expressions (src/filter_expr.ts) and
 * `evt.time` (local wall-clock time, ns), `evt.rawtime` (ns since the epoch), `evt.cpu`,
 * `evt.args` / `evt.info` (the arguments as `name=value` and the result as `res=`); `%%` is a
 * percent sign; anything else is copied. As in sysdig, an event that lacks a field of the format
 * is not printed, unless the format starts with `*` (the field then shows as `<NA>`). Lost
 * events are always printed, as a line of their own.
 *
 * (sysdig spells it `-p FORMAT`; in mysysdig `-p` is strace's process id, so the format takes
 * sysdig's long name, `--print`.)
 *
 * @module
 */
import type { FdTable } from "./fdtable.ts";
import { EventView, FilterSyntaxError, type FormatField, isField } from "./filter_expr.ts";
import type { LineOutput } from "./output.ts";
import type { Arch, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { lineSink } from "./output.ts";

type Part = string | FormatField;

/** Parses a format; throws {@linkcode FilterSyntaxError} naming the column of an unknown field. */
export function parsePrintFormat(fmt: string): { parts: Part[]; all: boolean } {
  let all = false;
  let s = fmt;
  if (s.startsWith("*")) {
    all = true;
    s = s.slice(1);
  }
  const parts: Part[] = [];
  let lit = "";
  for (let i = 0; i < s.length;) {
    if (s[i] !== "%") {
      lit += s[i++];
      continue;
    }
    if (s[i + 1] === "%") {
      lit += "%";
      i += 2;
      continue;
    }
    const col = i + 1 + (all ? 1 : 0);
    let name: string;
    if (s[i + 1] === "{") {
      const end = s.indexOf("}", i);
      if (end < 0) throw new FilterSyntaxError(`--print: column ${col}: unterminated %{`);
      name = s.slice(i + 2, end);
      i = end + 1;
    } else {
      const m = /^[a-z_][a-z0-9_.]*(\[[0-5]\])?/.exec(s.slice(i + 1));
      name = m ? m[0].replace(/\.$/, "") : "";
      i += 1 + name.length;
    }
    if (!isField(name) && name !== "evt.time") {
      throw new FilterSyntaxError(
        `--print: column ${col}: unknown field "%${name}" (see mysysdig --help: --print)`,
      );
    }
    if (lit) parts.push(lit);
    lit = "";
    parts.push({ field: name });
  }
  if (lit) parts.push(lit);
  return { parts, all };
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;

/** Local wall-clock time of `ns` since the epoch, HH:MM:SS.nnnnnnnnn (as the text format). */
function clock(ns: bigint): string {
  const sec = ns / 1_000_000_000n;
  const d = new Date(Number(sec) * 1000);
  const frac = String(ns - sec * 1_000_000_000n).padStart(9, "0");
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${frac}`;
}

/** Renders records through a parsed format (undefined: the event lacks a field). */
export class PrintFormatter {
  #parts: Part[];
  #all: boolean;
  #arch: Arch;
  #num = 0;
  #ppid: (pid: number) => number | undefined;
  #fds?: FdTable;

  /** A formatter of `fmt` for records of `arch`; `ppid` answers %proc.ppid, `fds` %fd.name. */
  constructor(
    fmt: string,
    arch: Arch,
    ppid: (pid: number) => number | undefined = () => undefined,
    fds?: FdTable,
  ) {
    this.#fds = fds;
    const p = parsePrintFormat(fmt);
    this.#parts = p.parts;
    this.#all = p.all;
    this.#arch = arch;
    this.#ppid = ppid;
  }

  /** The line of `r`, or undefined when it lacks a field the format needs (without `*`). */
  format(r: TraceRecord): string | undefined {
    this.#num++;
    if (r.kind === "drop") {
      return `${clock(r.ts)} cpu ${r.cpu}: ${r.lost} events lost (buffer full)`;
    }
    const v = new EventView(r, this.#arch, this.#num, this.#ppid, this.#fds);
    let line = "";
    for (const p of this.#parts) {
      if (typeof p === "string") {
        line += p;
        continue;
      }
      const x = p.field === "evt.time" ? clock(r.ts) : v.get(p.field);
      if (x === undefined) {
        if (!this.#all) return undefined;
        line += "<NA>";
      } else line += String(x);
    }
    return line;
  }
}

/** A sink printing each record through `fmt`. */
export function printSink(
  out: LineOutput,
  fmt: string,
  arch: Arch,
  ppid?: (pid: number) => number | undefined,
  fds?: FdTable,
): Sink {
  const f = new PrintFormatter(fmt, arch, ppid, fds);
  return lineSink(out, (r) => f.format(r));
}
