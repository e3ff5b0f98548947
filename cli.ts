/**
 * `mysysdig`, the command. Parses flags, opens a backend, wires a sink, and
 * turns errors into exit codes; it holds no decoding logic.
 *
 * @module
 */
import { type CliOptions, HELP, parseArgs } from "./src/cli_args.ts";
import { MsdError, UsageError } from "./src/errors.ts";
import { openBackend } from "./src/backend.ts";
import type {
  Arch,
  Backend,
  Filter,
  SyscallRecord,
  TraceRecord,
  TraceStats,
} from "./src/record.ts";
import type { Sink } from "./src/sink.ts";
import type { CaptureSink } from "./src/scap/writer.ts";
import type { RawBatch } from "./src/rawmerge.ts";
import { openLineOutput, OutputClosedError } from "./src/output.ts";
import { openOutputFile } from "./src/outfile.ts";
import { isChildReturn, TextFormatter, textSink as textLines } from "./src/format_text.ts";
import { decodeRecord, NR_MAX, nrAt, REC_DATA, REC_SYSCALL, RF_UNFINISHED } from "./src/abi.ts";
import { seedSink } from "./src/format_seed.ts";
import { jsonLine, JsonRawFormatter, jsonSink } from "./src/format_json.ts";
import { perfettoSink } from "./src/format_perfetto.ts";
import { printSink } from "./src/format_fields.ts";
import { exprFilter, procPpid, pushdown } from "./src/filter_expr.ts";
import {
  compatSelection,
  hostArch,
  syscallInfo,
  syscallNumber,
  syscallTable,
} from "./src/syscalls.ts";
import { inInitPidNamespace } from "./src/pidns.ts";
import { recordFilter } from "./src/filter.ts";
import { SIGNALS } from "./src/xlat/signal.ts";
import { Pairer } from "./src/pair.ts";
import { summarySink } from "./src/summary.ts";
import { viewSink } from "./src/top.ts";
import { noFdNames } from "./src/views.ts";
import { isError } from "./src/decode.ts";
import { CLASSES, classSyscalls, type SyscallClass } from "./src/xlat/classes.ts";
import { ExecGate, gateRawBatches } from "./src/execgate.ts";
import type { TextOptions } from "./src/format_text.ts";
import { FdTable, widenSelection } from "./src/fdtable.ts";

/** The release version. */
export const VERSION = "0.1.0";

function warn(msg: string): void {
  console.error(`mysysdig: ${msg}`);
}

/** Informational lines on standard error, which -q leaves out. */
let note = warn;

function resolveSyscalls(arch: Arch, names: string[]): number[] {
  return names.flatMap((n) => {
    if (n.startsWith("?")) {
      // strace's ?NAME: a name this architecture lacks is skipped
      const nr = syscallNumber(arch, n.slice(1));
      return nr === undefined || nr >= NR_MAX ? [] : resolveSyscalls(arch, [n.slice(1)]);
    }
    if (n.startsWith("/")) {
      let re: RegExp;
      try {
        re = new RegExp(n.slice(1));
      } catch (e) {
        throw new UsageError(`-e ${n}: not a regular expression: ${(e as Error).message}`);
      }
      const nrs: number[] = [];
      syscallTable(arch).forEach((i, nr) => {
        if (i && nr < NR_MAX && re.test(i.name)) nrs.push(nr);
      });
      if (nrs.length === 0) throw new UsageError(`-e ${n}: no ${arch} syscall matches`);
      return nrs;
    }
    if (n.startsWith("%")) {
      // strace's %net is %network
      const cls = (n === "%net" ? "network" : n.slice(1)) as SyscallClass;
      if (!CLASSES.includes(cls)) {
        throw new UsageError(
          `unknown syscall class "${n}" (choose ${CLASSES.map((c) => "%" + c).join(", ")})`,
        );
      }
      return classSyscalls(arch, cls).map((s) => syscallNumber(arch, s)!);
    }
    const nr = syscallNumber(arch, n);
    if (nr === undefined) {
      throw new UsageError(`unknown syscall "${n}" on ${arch} (names as in man 2 syscalls)`);
    }
    if (nr >= NR_MAX) {
      throw new UsageError(`syscall number ${nr} is out of range (0..${NR_MAX - 1})`);
    }
    if (syscallInfo(arch, nr) === undefined) {
      warn(`syscall number ${nr} is not in the ${arch} table: selecting it anyway`);
    }
    return nr;
  });
}

/** The syscall numbers -e selects: undefined for every one. */
function selectedSyscalls(o: CliOptions, arch: Arch): number[] | undefined {
  const chosen = o.syscalls ? resolveSyscalls(arch, o.syscalls) : undefined;
  if (!o.syscallsExcluded) return chosen;
  const out = new Set(resolveSyscalls(arch, o.syscallsExcluded));
  let from = chosen;
  if (!from) {
    from = [];
    syscallTable(arch).forEach((i, nr) => {
      if (i && nr < NR_MAX) from!.push(nr);
    });
  }
  const left = from.filter((nr) => !out.has(nr));
  if (left.length === 0) throw new UsageError("-e: every syscall is left out: nothing to trace");
  return left;
}

function pidExists(pid: number): boolean {
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * With -- COMMAND, the syscalls the backend is asked for: the selection plus execve and
 * execveat, which the gate (src/execgate.ts) needs to see COMMAND start; `hidden` says they
 * were added, so that the gate drops them again.
 */
function withExecve(arch: Arch, nrs: number[] | undefined): { nrs?: number[]; hidden: boolean } {
  if (nrs === undefined) return { nrs, hidden: false };
  const execs = ["execve", "execveat"].map((n) => syscallNumber(arch, n))
    .filter((n): n is number => n !== undefined);
  const missing = execs.filter((n) => !nrs.includes(n));
  return { nrs: [...nrs, ...missing], hidden: missing.length > 0 };
}

/** Set by buildFilter(): execve was added to the selection for the gate's sake. */
let execveHidden = false;

/** -y, -yy: the fd tables (src/fdtable.ts), and the state calls added to -e's selection. */
let fdTable: FdTable | undefined;
/** The module dumps -e read=/write='s buffer calls whole (the backend's `dumps`). */
let moduleDumps = false;
let fdHidden: Uint8Array | undefined;

/** Whether the filter expression or --print reads fd.name or fd.type (the fd tables answer). */
function usesFdNames(o: CliOptions): boolean {
  // a capture file gets the records as they come (no state calls added to it)
  if (o.write !== undefined) return false;
  const text = (o.filter ? JSON.stringify(o.filter) : "") + (o.print ?? "");
  return /fd\.(name|type)/.test(text);
}

/** The fd tables for -y (and fd.name in a filter or --print); undefined without them. */
function fdTableFor(o: CliOptions, arch: Arch): FdTable | undefined {
  // the files and errors views name fds too (a capture file gets the records as they come)
  const views = (o.view === "files" || o.view === "errors") && o.write === undefined;
  if (!o.fdNames && !usesFdNames(o) && !views) return undefined;
  return fdTable ??= new FdTable(arch, { yy: o.fdNames === 2, decode: o.decodeFds });
}

/**
 * `emit` behind the fd tables (-y): the state calls update them, around their own line (a
 * close shows the name it closes), and those -e left out are not shown.
 */
function fdStep(emit: (r: TraceRecord) => void): (r: TraceRecord) => void {
  const fds = fdTable!, hidden = fdHidden;
  return (r) => {
    // a process gone (killed, or its last thread's exit): its table goes
    if (r.kind === "procexit" && r.groupDead) fds.forget(r.pid);
    if (r.kind !== "syscall" || !fds.isState[r.nr]) return emit(r);
    fds.before(r);
    if (!hidden?.[r.nr]) emit(r);
    fds.after(r);
  };
}

function buildFilter(o: CliOptions, arch: Arch): Filter {
  if (o.read === undefined && o.pids.length && !inInitPidNamespace()) {
    throw new UsageError(
      "-p cannot be used inside a pid namespace: the kernel filters on the pids of the " +
        "initial namespace, which differ from the ones seen here; run mysysdig in the host's " +
        "pid namespace, or select by --proc-name or -- COMMAND",
    );
  }
  for (const pid of o.pids) {
    if (o.read === undefined && !pidExists(pid)) throw new UsageError(`no such process: ${pid}`);
  }
  if (o.procName !== undefined && new TextEncoder().encode(o.procName).length > 15) {
    warn(
      `process names are compared on their first 15 characters, as the kernel keeps them: ` +
        `matching "${o.procName.slice(0, 15)}"`,
    );
  }
  let syscalls = selectedSyscalls(o, arch);
  // what the filter expression selects that the kernel can select too, unless flags chose
  let { pids, procName } = o;
  if (o.filter && o.read === undefined) {
    // (a capture file is filtered in user space alone: the expression is exact there)
    const pd = pushdown(o.filter, arch);
    const down: string[] = [];
    if (!o.command && !pids.length && procName === undefined) {
      procName = pd.procName;
      pids = pd.pids ?? [];
      if (procName !== undefined) down.push(`proc.name=${procName}`);
      if (pids.length) down.push(`proc.pid in (${pids.join(", ")})`);
    }
    if (!syscalls && pd.syscalls) {
      syscalls = resolveSyscalls(arch, pd.syscalls);
      down.push(`evt.type in (${pd.syscalls.join(", ")})`);
    }
    if (down.length) note(`filter: the kernel selects ${down.join(" and ")}`);
  }
  // 32-bit programs' calls of the same names (before the COMMAND's own execve is added)
  const compatSyscalls = compatSelection(arch, syscalls);
  const fds = fdTableFor(o, arch);
  if (fds && syscalls) ({ nrs: syscalls, hidden: fdHidden } = widenSelection(fds, syscalls));
  if (o.command) ({ nrs: syscalls, hidden: execveHidden } = withExecve(arch, syscalls));
  const lines = eventLines(o);
  return {
    signals: lines && shownSignals?.size !== 0,
    exits: lines,
    pids,
    procName,
    follow: o.follow,
    syscalls,
    compatSyscalls,
    children: o.command !== undefined,
    bufferKb: o.bufferKb,
    blockMs: o.blockMs,
    snaplen: o.snaplen,
    // the lines of the byte path's text sink dump the buffer calls' buffers whole
    dump: (o.dumpRead || o.dumpWrite) && o.format === "text" && o.write === undefined &&
        byteLines(o)
      ? { read: o.dumpRead, write: o.dumpWrite }
      : undefined,
    // the seed lines are entry and exit events; a capture file takes completed syscalls as an
    // enter and an exit event written together
    events: o.events === "both" || o.format === "seed" ? "both" : "syscall",
    // a capture file alone: the module writes sysdig's events itself where it can
    scap: o.write !== undefined && !o.textOutput && !o.summary && o.events !== "both" &&
      o.filter === undefined &&
      o.format !== "seed" && Deno.env.get("MYSYSDIG_MODULE_EVENTS") !== "0",
  };
}

/** -e signal=SET's signals; undefined: all. */
let shownSignals: Set<number> | undefined;

/** strace's -e signal=SET: names (with or without SIG, any case), numbers, all, none, !SET. */
export function parseSignalSet(list: string): Set<number> | undefined {
  let negate = false;
  if (list.startsWith("!")) {
    negate = true;
    list = list.slice(1);
  }
  const set = new Set<number>();
  let all = false;
  for (const w of list.split(",")) {
    const u = w.trim().toUpperCase();
    if (u === "ALL") all = true;
    else if (u === "NONE" || u === "") continue;
    else if (/^[0-9]+$/.test(u) && Number(u) >= 1 && Number(u) <= 64) set.add(Number(u));
    else {
      const name = u.startsWith("SIG") ? u : "SIG" + u;
      // SIGRTMIN, SIGRTMIN+N and strace's SIGRT_N
      const m = /^SIGRT(?:MIN(?:\+([0-9]+))?|_([0-9]+))$/.exec(name);
      const n = m ? 32 + Number(m[1] ?? m[2] ?? 0) : SIGNALS.find(([k]) => k === name)?.[1];
      if (n === undefined || Number(n) > 64) {
        throw new UsageError(`-e signal=: unknown signal "${w}"`);
      }
      set.add(Number(n));
    }
  }
  if (all) return negate ? new Set() : undefined;
  if (!negate) return set;
  const rest = new Set<number>();
  for (let n = 1; n <= 64; n++) if (!set.has(n)) rest.add(n);
  return rest;
}

/**
 * Whether the output shows signals and exits: text, JSON, Perfetto, --print and capture files do;
 * seed lines (the original module's format) and the summaries (-c, --view, --top) do not.
 */
function eventLines(o: CliOptions): boolean {
  return o.format !== "seed" && !o.summary;
}

/** -qq: no "+++ exited with N +++" lines (strace's; "killed by" lines stay). */
let quietExits = false;

/** A signal left out by -e signal=SET, or a normal exit under -qq. */
function signalHidden(r: TraceRecord): boolean {
  if (r.kind === "signal") return shownSignals !== undefined && !shownSignals.has(r.sig);
  return r.kind === "procexit" && quietExits && (r.status & 0x7f) === 0;
}

/** Completed syscalls for the readable outputs, unless --events both or seed lines. */
function displaySink(o: CliOptions, arch: Arch, sink: Sink): Sink {
  if (o.events === "both" || o.format === "seed") {
    if (shownSignals === undefined && !quietExits) return sink;
    return { ...sink, write: (r) => signalHidden(r) || sink.write(r) };
  }
  const pairer = new Pairer(arch);
  let write = (r: TraceRecord) => {
    if (o.failed && !(r.kind === "syscall" && isError(r.ret))) return;
    if (signalHidden(r)) return;
    sink.write(r);
  };
  if (fdTable) write = fdStep(write);
  return {
    write(r) {
      for (const p of pairer.push(r)) write(p);
    },
    flush: () => sink.flush(),
    close(stats) {
      for (const p of pairer.flush()) write(p);
      return sink.close(stats);
    },
  };
}

/** Where lines go: a file, standard error (a COMMAND without -o, as strace) or standard output. */
function outputTarget(o: CliOptions): { stderr: boolean; interactive: boolean } {
  const stderr = o.command !== undefined && o.output === undefined;
  const std = o.output === undefined || o.output === "-";
  let interactive = false;
  try {
    interactive = std && (stderr ? Deno.stderr : Deno.stdout).isTerminal();
  } catch {
    // not a terminal
  }
  return { stderr, interactive };
}

function openOutput(o: CliOptions) {
  return openLineOutput(o.output, { clobber: o.clobber, stderr: outputTarget(o).stderr });
}

function textOptions(o: CliOptions): TextOptions {
  return {
    timestamps: o.timestamps,
    hexStrings: o.hexStrings,
    strLimit: o.snaplen,
    verbose: o.verbose,
    syscallNumbers: o.syscallNumbers,
    xlat: o.xlatStyle,
    dump: { read: o.dumpRead, write: o.dumpWrite },
    moduleDumps,
    fds: o.fdNames ? fdTable : undefined,
    both: o.events === "both",
  };
}

/**
 * Whether the lines are moduleLineSink()'s: text or JSON of completed syscalls, with no filter
 * expression or --print between the records and the lines.
 */
function byteLines(o: CliOptions): boolean {
  return !o.filter && o.print === undefined && !o.summary && o.events !== "both" &&
    (o.format === "text" || o.format === "json");
}

function textSink(o: CliOptions, arch: Arch): Sink {
  const fast = moduleLineSink(o, arch);
  return fast ?? displaySink(o, arch, exprSink(o, arch, formatSink(o, arch)));
}

/** `sink` behind the filter expression, when there is one (its own: evt.num counts what it sees). */
function exprSink(o: CliOptions, arch: Arch, sink: Sink): Sink {
  if (!o.filter) return sink;
  const keep = exprFilter(
    o.filter,
    arch,
    o.read === undefined ? procPpid() : undefined,
    fdTable,
  );
  return {
    write(r) {
      if (keep(r)) sink.write(r);
    },
    flush: () => sink.flush(),
    close: (stats) => sink.close(stats),
  };
}

/** A sink that also takes the module's records as they lie in the read buffer. */
interface ModuleSink extends Sink {
  writeModule(b: RawBatch, offset: bigint): void;
}

/** A failed call (-Z): a completed syscall whose result is -4095..-1. */
function failedModuleRecord(view: DataView, off: number): boolean {
  if (view.getUint32(off + 28, true) & RF_UNFINISHED) return false;
  return view.getUint32(off + 100, true) === 0xffffffff &&
    view.getUint32(off + 96, true) >= 0x100000000 - 4095;
}

/**
 * Text or JSON lines for the module's records: completed syscalls are formatted from their bytes
 * (TextFormatter.formatModule, JsonRawFormatter.line), the rest go through the pairer as objects.
 * Undefined where the output is not lines of completed syscalls in one of those formats.
 */
function moduleLineSink(o: CliOptions, arch: Arch): ModuleSink | undefined {
  if (!byteLines(o)) return undefined;
  const out = openOutput(o);
  let render: (r: TraceRecord) => string | undefined;
  let fast: (buf: Uint8Array, view: DataView, off: number, offset: bigint) => string;
  // the module's dumps (DATA records): their lines, after their call's
  let data: ((buf: Uint8Array, view: DataView, off: number) => string) | undefined;
  if (o.format === "json") {
    const jf = new JsonRawFormatter(arch, o.fdNames ? fdTable : undefined);
    render = (r) => jsonLine(r, arch, o.fdNames ? fdTable : undefined);
    fast = (buf, view, off, offset) => jf.line(buf, view, off, offset);
  } else {
    const tf = new TextFormatter(arch, textOptions(o));
    render = (r) => isChildReturn(arch, r) ? undefined : tf.format(r);
    fast = (buf, view, off, offset) => tf.formatModule(buf, view, off, offset);
    data = (buf, view, off) => tf.formatData(buf, view, off);
  }
  // the thread whose syscall line was the last one written (-1: none), which a DATA record
  // must be of to be shown: a call left out (-Z) leaves its dump out
  let shownTid = -1;
  const dataLine = (buf: Uint8Array, view: DataView, off: number) => {
    if (data && view.getUint32(off + 20, true) === shownTid) {
      const t = data(buf, view, off);
      if (t) out.line(t);
    }
  };
  const pairer = new Pairer(arch);
  let emit = (r: TraceRecord) => {
    shownTid = -1;
    if (o.failed && !(r.kind === "syscall" && isError(r.ret))) return;
    if (signalHidden(r)) return;
    const l = render(r);
    if (l !== undefined) {
      out.line(l);
      if (r.kind === "syscall") shownTid = r.tid;
    }
  };
  if (fdTable) emit = fdStep(emit);
  const fds = fdTable, hidden = fdHidden;
  const sink: ModuleSink = {
    write(r) {
      for (const p of pairer.push(r)) emit(p);
    },
    writeModule(b, offset) {
      const { buf, view, offs } = b;
      for (let i = 0; i < b.n; i++) {
        const off = offs[i];
        const kind = view.getUint16(off + 2, true);
        if (
          kind === REC_SYSCALL &&
          (pairer.idle() || pairer.passes(view.getUint32(off + 20, true), nrAt(view, off)))
        ) {
          shownTid = -1;
          if (o.failed && !failedModuleRecord(view, off)) continue;
          out.line(fast(buf, view, off, offset));
          shownTid = view.getUint32(off + 20, true);
        } else if (kind === REC_DATA) dataLine(buf, view, off);
        else {
          const r = decodeRecord(buf, view, off, offset);
          if (r) this.write(r);
        }
      }
    },
    flush() {
      out.flushSync();
      return Promise.resolve();
    },
    close(_stats) {
      try {
        for (const p of pairer.flush()) emit(p);
      } finally {
        out.close();
      }
      return Promise.resolve();
    },
  };
  if (fds) {
    // -y: the state calls as objects around their line, the ones -e left out not shown; the
    // loop above stays as it is without -y
    sink.writeModule = function (b, offset) {
      const { buf, view, offs } = b;
      const isState = fds.isState;
      for (let i = 0; i < b.n; i++) {
        const off = offs[i];
        const kind = view.getUint16(off + 2, true);
        if (
          kind === REC_SYSCALL &&
          (pairer.idle() || pairer.passes(view.getUint32(off + 20, true), nrAt(view, off)))
        ) {
          const nr = view.getInt32(off + 4, true);
          shownTid = -1;
          if (isState[nr]) {
            const r = decodeRecord(buf, view, off, offset) as SyscallRecord;
            fds.before(r);
            if (!hidden?.[nr] && !(o.failed && !failedModuleRecord(view, off))) {
              out.line(fast(buf, view, off, offset));
              shownTid = r.tid;
            }
            fds.after(r);
            continue;
          }
          if (o.failed && !failedModuleRecord(view, off)) continue;
          out.line(fast(buf, view, off, offset));
          shownTid = view.getUint32(off + 20, true);
        } else if (kind === REC_DATA) dataLine(buf, view, off);
        else {
          const r = decodeRecord(buf, view, off, offset);
          if (r) this.write(r);
        }
      }
    };
  }
  return sink;
}

function formatSink(o: CliOptions, arch: Arch): Sink {
  if (o.format === "perfetto") {
    // a binary trace: to a file, or to standard output when asked (-o -) and not a terminal
    if (o.output === undefined || (o.output === "-" && Deno.stdout.isTerminal())) {
      throw new MsdError(
        "--format perfetto writes a binary trace: give -o FILE (or -w FILE.perfetto-trace), " +
          "or -o - into a pipe",
      );
    }
    if (o.output === "-") return perfettoSink(arch, Deno.stdout);
    const f = openOutputFile(o.output, { clobber: o.clobber });
    return perfettoSink(arch, f, () => f.close());
  }
  const out = openOutput(o);
  if (o.summary && o.view) {
    return viewSink(out, arch, {
      view: o.view,
      top: o.top,
      terminal: outputTarget(o).interactive,
      clock: o.read === undefined ? "wall" : "trace",
      // a COMMAND shares the terminal: its keys are its own
      keys: o.command === undefined,
      // fd names from the fd tables (kept for the files view: fdTableFor())
      fdName: fdTable?.resolver ?? noFdNames,
    });
  }
  if (o.summary) return summarySink(out, arch);
  if (o.print !== undefined) {
    return printSink(
      out,
      o.print,
      arch,
      o.read === undefined ? procPpid() : undefined,
      fdTable,
    );
  }
  switch (o.format) {
    case "seed":
      return seedSink(out);
    case "json":
      return jsonSink(out, arch, o.fdNames ? fdTable : undefined);
    default:
      return textLines(out, arch, textOptions(o));
  }
}

/** Several sinks fed the same records. */
function teeSink(sinks: Sink[]): Sink {
  return {
    write(r) {
      for (const s of sinks) s.write(r);
    },
    async flush() {
      for (const s of sinks) await s.flush();
    },
    async close(stats) {
      for (const s of sinks) await s.close(stats);
    },
  };
}

/** The sink, and the capture writer when records go to a capture file alone. */
interface Sinks {
  sink: Sink;
  capture?: CaptureSink;
}

async function makeSink(o: CliOptions, arch: Arch, backend: string): Promise<Sinks> {
  if (o.write === undefined) return { sink: textSink(o, arch) };
  // loaded on demand, like the tracefs backend: a plain text trace never parses them
  const { openCaptureWriter } = await import("./src/scap/writer.ts");
  const { captureParams } = await import("./src/scap/params.ts");
  const capture = await openCaptureWriter(o.write, { arch, backend }, {
    clobber: o.clobber,
    gzip: o.gzip,
    rotateMb: o.rotateMb,
    rotateFiles: o.rotateFiles,
    params: captureParams(arch),
    note: (m: string) => note(m),
  });
  if (o.filter) {
    // the events the expression selects, as objects (the byte path copies every record)
    const c = exprSink(o, arch, capture);
    return { sink: o.textOutput || o.summary ? teeSink([c, textSink(o, arch)]) : c };
  }
  return o.textOutput || o.summary
    ? { sink: teeSink([capture, textSink(o, arch)]) }
    : { sink: capture, capture };
}

function summary(s: TraceStats, gate: ExecGate | undefined): string {
  let line = `${s.recorded} events recorded, ${s.dropped} dropped`;
  if (s.outOfOrder) line += `, ${s.outOfOrder} out of order`;
  if (gate?.skipped) {
    line += `, ${gate.skipped} left out (${
      execveHidden ? "before COMMAND's execve, and execve outside -e" : "before COMMAND's execve"
    })`;
  }
  if (s.blocked) {
    // --blocking-timeout: how often the traced threads waited for this reader
    const { waits, timeouts, noSlot } = s.blocked;
    line += `; traced threads waited ${waits} time${waits === 1n ? "" : "s"}`;
    if (timeouts) line += `, ${timeouts} until --blocking-timeout`;
    if (noSlot) line += `, ${noSlot} could not (too many waiting at once)`;
  }
  return s.dropped > 0n
    ? `${line} (buffers full: try a larger --buffer-size, fewer syscalls with -e${
      s.blocked ? ", a longer --blocking-timeout" : ", or --blocking-timeout MS"
    })`
    : line;
}

/** -y: the fds the traced processes that already run have (-p, --proc-name), from /proc. */
function loadFdTables(fds: FdTable, o: CliOptions): void {
  for (const pid of o.pids) fds.loadProc(pid);
  if (o.procName === undefined) return;
  const want = o.procName.slice(0, 15);
  try {
    for (const e of Deno.readDirSync("/proc")) {
      const pid = Number(e.name);
      if (!Number.isInteger(pid) || pid === Deno.pid) continue;
      try {
        if (Deno.readTextFileSync(`/proc/${pid}/comm`).trimEnd() === want) fds.loadProc(pid);
      } catch {
        // gone
      }
    }
  } catch {
    // no /proc
  }
}

function exitStatus(s: Deno.CommandStatus): number {
  if (!s.signal) return s.code;
  const nr = SIGNALS.find(([name]) => name === s.signal)?.[1];
  return 128 + Number(nr ?? 0n);
}

/** A backend that hands out the module's records as bytes (the kmod backend). */
interface RawSource {
  info: { realtimeOffset: bigint };
  rawBatches(): AsyncIterableIterator<RawBatch>;
}

function rawSource(b: Backend): RawSource | undefined {
  return "rawBatches" in b ? b as Backend & RawSource : undefined;
}

async function trace(o: CliOptions): Promise<number> {
  let backend: Backend;
  let keep = (_r: TraceRecord) => true;
  if (o.read !== undefined) {
    const { openCaptureFile } = await import("./src/scap/reader.ts");
    backend = await openCaptureFile(o.read, { onWarning: (w) => warn(w.message) });
    keep = recordFilter(buildFilter(o, backend.arch), backend.arch);
  } else {
    backend = await openBackend(o.backend, buildFilter(o, hostArch()), note, {
      // on a terminal lines show within tens of milliseconds
      pollMs: outputTarget(o).interactive ? 20 : undefined,
    });
  }
  moduleDumps = "dumps" in backend && backend.dumps === true;
  let sink: Sink | undefined;
  const onSignal = () => backend.stop();
  const timers: ReturnType<typeof setInterval>[] = [];
  let status = 0;
  let gate: ExecGate | undefined;
  try {
    const sinks = await makeSink(o, backend.arch, backend.name);
    sink = sinks.sink;
    Deno.addSignalListener("SIGINT", onSignal);
    Deno.addSignalListener("SIGTERM", onSignal);
    await backend.start();
    if (fdTable && o.read === undefined) loadFdTables(fdTable, o);
    let child: Deno.ChildProcess | undefined;
    if (o.command) {
      try {
        child = new Deno.Command(o.command[0], {
          args: o.command.slice(1),
          stdin: "inherit",
          stdout: "inherit",
          stderr: "inherit",
        }).spawn();
      } catch (e) {
        throw new MsdError(`cannot run ${o.command[0]}: ${(e as Error).message}`);
      }
      // from COMMAND's execve on: the child's pid is the kernel's only outside a pid namespace
      gate = new ExecGate(
        backend.arch,
        inInitPidNamespace() ? child.pid : undefined,
        execveHidden,
      );
      // COMMAND's 0, 1 and 2 and its working directory are mysysdig's own (-y)
      if (fdTable && inInitPidNamespace()) {
        fdTable.inherit(child.pid, [0, 1, 2], Deno.pid);
        fdTable.setCwd(child.pid, Deno.cwd());
      }
      child.status.then((s) => {
        status = exitStatus(s);
        backend.stop();
      });
    } else if (o.pids.length && o.procName === undefined) {
      // like strace -p: end when every traced process has gone (followed
      // children that outlive them are reparented and cannot be told apart)
      timers.push(setInterval(() => {
        if (!o.pids.some(pidExists)) backend.stop();
      }, 250));
    }
    const s = sink;
    timers.push(
      setInterval(
        () => s.flush().catch(() => backend.stop()),
        outputTarget(o).interactive ? 20 : 1000,
      ),
    );
    const raw = rawSource(backend);
    const rawBatches = () => {
      const src = raw!.rawBatches();
      return gate ? gateRawBatches(src, gate) : src;
    };
    const moduleSink = "writeModule" in s ? s as ModuleSink : undefined;
    if (raw && sinks.capture) {
      // the module's records go to the file from the read buffer, never as objects
      const capture = sinks.capture, offset = raw.info.realtimeOffset;
      for await (const b of rawBatches()) {
        for (let i = 0; i < b.n; i++) capture.writeModuleRecord(b.buf, b.view, b.offs[i], offset);
      }
    } else if (raw && moduleSink) {
      const offset = raw.info.realtimeOffset;
      for await (const b of rawBatches()) moduleSink.writeModule(b, offset);
    } else if (raw) {
      // records as objects one at a time, straight from the read buffer (no batch of them held)
      const offset = raw.info.realtimeOffset;
      for await (const b of rawBatches()) {
        for (let i = 0; i < b.n; i++) {
          const r = decodeRecord(b.buf, b.view, b.offs[i], offset);
          if (r) s.write(r);
        }
      }
    } else {
      const write = (r: TraceRecord) => s.write(r);
      for await (const batch of backend.batches()) {
        for (let i = 0; i < batch.length; i++) {
          if (!keep(batch[i])) continue;
          if (gate && !gate.done) gate.push(batch[i], write);
          else s.write(batch[i]);
        }
      }
    }
    const stats = backend.stats();
    await s.close(stats);
    sink = undefined;
    if (o.read === undefined) (stats.dropped > 0n ? warn : note)(summary(stats, gate));
  } catch (e) {
    if (!(e instanceof OutputClosedError)) throw e;
  } finally {
    timers.forEach(clearInterval);
    if (sink) await sink.close(backend.stats()).catch(() => {});
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
    await backend.close();
  }
  return status;
}

/** Runs the command line; returns the exit status. */
export async function main(argv: string[]): Promise<number> {
  try {
    const o = parseArgs(argv);
    note = o.quiet ? () => {} : warn;
    shownSignals = o.signalSet === undefined ? undefined : parseSignalSet(o.signalSet);
    quietExits = o.quietExits === true;
    if (o.help) {
      console.log(HELP);
      return 0;
    }
    if (o.version) {
      console.log(`mysysdig ${VERSION}`);
      return 0;
    }
    return await trace(o);
  } catch (e) {
    if (e instanceof MsdError) {
      warn(e.message);
      return e.exitCode;
    }
    throw e;
  }
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
