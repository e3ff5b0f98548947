/**
 * A timeline of the trace in Perfetto's protobuf trace format, which Perfetto's UI
 * (ui.perfetto.dev) and its trace processor open with no installation.
 *
 * The file is a `Trace` message written as it goes: a run of `TracePacket`s, each as field 1
 * (length-delimited), so it is valid at every packet boundary and nothing is held for the end.
 * Every packet is on one sequence (trusted_packet_sequence_id 1); the first clears the
 * sequence's incremental state, the rest depend on it (names are interned there).
 *
 * - one track per process (ProcessDescriptor: pid, name) and one per thread under it
 *   (ThreadDescriptor: pid, tid, name; the track is named `comm (tid)`), described the first
 *   time a thread is seen and again when its name changes (execve);
 * - one slice per syscall (TYPE_SLICE_BEGIN at its entry, TYPE_SLICE_END at its exit) named
 *   by the syscall, with its arguments, its result and, for an error, the errno name as debug
 *   annotations (integers as int_value, the rest as strings); a call unfinished when tracing
 *   stopped (or its thread died) has `result: "?"` and no END, so Perfetto draws it to the end
 *   of the trace ("did not end"); with `--events both` the entry's arguments go on the BEGIN
 *   and the result on the END (Perfetto merges the two);
 * - lost events are instants named "events lost" on a track of their own, with the CPU and
 *   the count.
 *
 * Syscall names and annotation names are interned (iids), so an event costs its timestamps,
 * track and values. Memory is bounded: the tables hold syscall and argument names (a fixed
 * set) and the threads seen, forgotten past {@linkcode THREADS_MAX} (a thread seen again is
 * described again).
 *
 * Field numbers are those of Perfetto's protos (protos/perfetto/trace/trace_packet.proto,
 * track_event/{track_event,track_descriptor,process_descriptor,thread_descriptor,
 * debug_annotation}.proto, interned_data/interned_data.proto), stable by protobuf's contract.
 *
 * @module
 */
import { exitHow, siCodeText, siginfoFields, sigText } from "./format_signal.ts";
import { decodeCall, decodeResult, type Value } from "./decode.ts";
import type { WriterSync } from "./output.ts";
import type { Arch, TraceRecord, TraceStats } from "./record.ts";
import type { Sink } from "./sink.ts";

// TracePacket
const P_TIMESTAMP = 8,
  P_SEQ_ID = 10,
  P_TRACK_EVENT = 11,
  P_INTERNED = 12,
  P_SEQ_FLAGS = 13,
  P_TRACK_DESCRIPTOR = 60;
const SEQ_INCREMENTAL_STATE_CLEARED = 1, SEQ_NEEDS_INCREMENTAL_STATE = 2;
// TrackEvent
const E_ANNOTATIONS = 4, E_TYPE = 9, E_NAME_IID = 10, E_TRACK_UUID = 11;
const TYPE_SLICE_BEGIN = 1, TYPE_SLICE_END = 2, TYPE_INSTANT = 3;
// TrackDescriptor, ProcessDescriptor, ThreadDescriptor
const D_UUID = 1, D_NAME = 2, D_PROCESS = 3, D_THREAD = 4, D_PARENT = 5;
const PD_PID = 1, PD_NAME = 6;
const TD_PID = 1, TD_TID = 2, TD_NAME = 5;
// DebugAnnotation
const A_NAME_IID = 1, A_INT = 4, A_STRING = 6;
// InternedData: event_names, debug_annotation_names (EventName and DebugAnnotationName: iid 1,
// name 2)
const I_EVENT_NAMES = 2, I_ANNOTATION_NAMES = 3;

const SEQ_ID = 1;
/** The track of lost events. */
const DROP_TRACK = 1;
/** Threads remembered before the table starts afresh. */
export const THREADS_MAX = 32768;
const TWO32 = 4294967296;
const FLUSH_BYTES = 256 << 10;

/** Perfetto track uuids: a process's and a thread's, apart from each other and DROP_TRACK. */
const processUuid = (pid: number) => 2 * pid + 2;
const threadUuid = (tid: number) => 2 * tid + 3;

/** Protobuf encoding into a growing buffer; nested messages get their length when closed. */
class ProtoWriter {
  buf = new Uint8Array(4096);
  pos = 0;
  #enc = new TextEncoder();

  #room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** A varint of a non-negative integer below 2^53. */
  varint(v: number): void {
    this.#room(10);
    const b = this.buf;
    let p = this.pos;
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p++] = v;
    this.pos = p;
  }

  /** A varint of the 64-bit value hi * 2^32 + lo (both u32). */
  varint64(hi: number, lo: number): void {
    if (hi < 0x200000) return this.varint(hi * TWO32 + lo);
    this.#room(10);
    const b = this.buf;
    let p = this.pos;
    // 28 low bits, then the rest as a number of at most 36 bits
    for (let i = 0; i < 4; i++) {
      b[p++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    this.pos = p;
    this.varint(hi * 16 + lo);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  uint(field: number, v: number): void {
    this.tag(field, 0);
    this.varint(v);
  }

  /** A 64-bit varint field from a bigint (two's complement for negatives, as int64). */
  int64(field: number, v: bigint): void {
    this.tag(field, 0);
    const u = BigInt.asUintN(64, v);
    this.varint64(Number(u >> 32n), Number(u & 0xffffffffn));
  }

  string(field: number, s: string): void {
    this.tag(field, 2);
    this.#room(5 + 3 * s.length);
    // the length first, assuming it fits one byte; moved when it does not
    const at = this.pos + 1;
    const n = this.#enc.encodeInto(s, this.buf.subarray(at)).written;
    this.#length(at - 1, n);
  }

  /** Opens a nested message of `field`; returns what {@linkcode close} needs. */
  open(field: number): number {
    this.tag(field, 2);
    this.#room(1);
    return ++this.pos;
  }

  /** Closes the message opened at `start`. */
  close(start: number): void {
    this.#length(start - 1, this.pos - start);
  }

  /** Writes length `n` at `at`, where one byte was reserved before `n` bytes of body. */
  #length(at: number, n: number): void {
    let len = 1;
    for (let v = n; v >= 0x80; v = Math.floor(v / 0x80)) len++;
    if (len > 1) {
      this.pos = at + 1 + n;
      this.#room(len - 1);
      this.buf.copyWithin(at + len, at + 1, at + 1 + n);
    }
    const b = this.buf;
    let v = n, p = at;
    while (v >= 0x80) {
      b[p++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    b[p] = v;
    this.pos = at + len + n;
  }
}

/** A byte string as readable text: printable ASCII kept, the rest as \xNN (strace's way). */
function text(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 0x5c) s += String.fromCharCode(c);
    else if (c === 0x5c) s += "\\\\";
    else if (c === 10) s += "\\n";
    else s += "\\x" + (c < 16 ? "0" : "") + c.toString(16);
  }
  return s;
}

/** An argument as an annotation value: an integer, or a string as strace would print it. */
function valueOf(v: Value): bigint | string {
  switch (v.t) {
    case "int":
      return v.v;
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
      return `"${text(v.bytes)}"${v.truncated ? "..." : ""}`;
    case "strs":
      return `[${v.items.map((b) => `"${text(b)}"`).join(", ")}${
        v.truncated || v.fault ? ", ..." : ""
      }]`;
    case "fault":
      return "0x" + BigInt.asUintN(64, v.ptr).toString(16);
    case "sockaddr": {
      const sa = v.sa;
      if (sa.addr !== undefined) {
        return `${sa.family} ${sa.family === "AF_INET6" ? `[${sa.addr}]` : sa.addr}:${sa.port}`;
      }
      return sa.path !== undefined ? `${sa.family} "${text(sa.path)}"` : sa.family;
    }
    case "fds":
      return `[${v.fds.join(", ")}]`;
    case "struct":
      return `{${v.fields.map((f) => `${f.name}=${String(valueOf(f.value))}`).join(", ")}}`;
    case "array":
      return `[${v.items.map((x) => String(valueOf(x))).join(", ")}]`;
    case "text":
      return v.s;
    case "dual":
      return valueOf(v.data);
  }
}

interface Thread {
  pid: number;
  comm: string;
  /** Slices begun with --events both and not yet ended. */
  open: number;
}

/** Writes a Perfetto trace of the records it is given; see the module comment. */
export class PerfettoWriter {
  #arch: Arch;
  #dest: WriterSync;
  #closeDest?: () => void;
  /** Whole packets not yet written out. */
  #w = new ProtoWriter();
  #threads = new Map<number, Thread>();
  #processes = new Map<number, string>();
  #eventNames = new Map<string, number>();
  #annotationNames = new Map<string, number>();
  /** Names interned by the packet being written, to add to its interned_data. */
  #newEvents: string[] = [];
  #newAnnotations: string[] = [];
  #started = false;
  /** Packets written. */
  packets = 0;

  /** A writer of `arch`'s records to `dest`; `close` releases `dest` when given. */
  constructor(arch: Arch, dest: WriterSync, close?: () => void) {
    this.#arch = arch;
    this.#dest = dest;
    this.#closeDest = close;
  }

  #eventIid(name: string): number {
    let iid = this.#eventNames.get(name);
    if (iid === undefined) {
      this.#eventNames.set(name, iid = this.#eventNames.size + 1);
      this.#newEvents.push(name);
    }
    return iid;
  }

  #annotationIid(name: string): number {
    let iid = this.#annotationNames.get(name);
    if (iid === undefined) {
      this.#annotationNames.set(name, iid = this.#annotationNames.size + 1);
      this.#newAnnotations.push(name);
    }
    return iid;
  }

  /** Starts a packet at `ts` (ns; undefined: none); returns what #endPacket needs. */
  #packet(ts: bigint | undefined): number {
    const w = this.#w;
    const start = w.open(1);
    if (ts !== undefined) {
      w.tag(P_TIMESTAMP, 0);
      const u = BigInt.asUintN(64, ts);
      w.varint64(Number(u >> 32n), Number(u & 0xffffffffn));
    }
    w.uint(P_SEQ_ID, SEQ_ID);
    if (!this.#started) {
      this.#started = true;
      w.uint(P_SEQ_FLAGS, SEQ_INCREMENTAL_STATE_CLEARED);
    } else w.uint(P_SEQ_FLAGS, SEQ_NEEDS_INCREMENTAL_STATE);
    return start;
  }

  #endPacket(start: number): void {
    const w = this.#w;
    if (this.#newEvents.length || this.#newAnnotations.length) {
      const id = w.open(P_INTERNED);
      for (const n of this.#newEvents) {
        const e = w.open(I_EVENT_NAMES);
        w.uint(1, this.#eventNames.get(n)!);
        w.string(2, n);
        w.close(e);
      }
      for (const n of this.#newAnnotations) {
        const e = w.open(I_ANNOTATION_NAMES);
        w.uint(1, this.#annotationNames.get(n)!);
        w.string(2, n);
        w.close(e);
      }
      w.close(id);
      this.#newEvents.length = 0;
      this.#newAnnotations.length = 0;
    }
    w.close(start);
    this.packets++;
    if (w.pos >= FLUSH_BYTES) this.flush();
  }

  /** The thread of `r`, described (with its process) when new or renamed. */
  #thread(r: { pid: number; tid: number; comm: string; ts: bigint }): Thread {
    let t = this.#threads.get(r.tid);
    if (t !== undefined && t.comm === r.comm && t.pid === r.pid) return t;
    if (t === undefined) {
      if (this.#threads.size >= THREADS_MAX) {
        this.#threads.clear();
        this.#processes.clear();
      }
      t = { pid: r.pid, comm: r.comm, open: 0 };
      this.#threads.set(r.tid, t);
    }
    t.pid = r.pid;
    t.comm = r.comm;
    const w = this.#w;
    // the process takes the name of its main thread, or of the first thread seen
    const pname = this.#processes.get(r.pid);
    if (pname === undefined || (r.tid === r.pid && pname !== r.comm)) {
      this.#processes.set(r.pid, r.comm);
      const p = this.#packet(undefined);
      const d = w.open(P_TRACK_DESCRIPTOR);
      w.uint(D_UUID, processUuid(r.pid));
      const pd = w.open(D_PROCESS);
      w.uint(PD_PID, r.pid);
      w.string(PD_NAME, r.comm);
      w.close(pd);
      w.close(d);
      this.#endPacket(p);
    }
    const p = this.#packet(undefined);
    const d = w.open(P_TRACK_DESCRIPTOR);
    w.uint(D_UUID, threadUuid(r.tid));
    w.string(D_NAME, `${r.comm} (${r.tid})`);
    w.uint(D_PARENT, processUuid(r.pid));
    const td = w.open(D_THREAD);
    w.uint(TD_PID, r.pid);
    w.uint(TD_TID, r.tid);
    w.string(TD_NAME, r.comm);
    w.close(td);
    w.close(d);
    this.#endPacket(p);
    return t;
  }

  #annotation(name: string, v: bigint | string): void {
    const w = this.#w;
    const a = w.open(E_ANNOTATIONS);
    w.uint(A_NAME_IID, this.#annotationIid(name));
    if (typeof v === "bigint") w.int64(A_INT, v);
    else w.string(A_STRING, v);
    w.close(a);
  }

  /** The annotations of a result: `result` (the value) and `errno` for an error. */
  #result(nr: number, ret: bigint | undefined): void {
    if (ret === undefined) return this.#annotation("result", "?");
    const d = decodeResult(this.#arch, nr, ret);
    if (d.hex) this.#annotation("result", "0x" + BigInt.asUintN(64, d.v).toString(16));
    else this.#annotation("result", d.v);
    if (d.errno !== undefined) this.#annotation("errno", d.errno || "?");
  }

  /** A slice's BEGIN (name, arguments, maybe the result) or END on `tid`'s track. */
  #event(
    ts: bigint,
    type: number,
    tid: number,
    name?: string,
    body?: () => void,
  ): void {
    const w = this.#w;
    // the name is interned before the packet is opened, so it lands in this packet's interned_data
    const iid = name === undefined ? 0 : this.#eventIid(name);
    const p = this.#packet(ts);
    const e = w.open(P_TRACK_EVENT);
    w.uint(E_TYPE, type);
    w.uint(E_TRACK_UUID, tid < 0 ? DROP_TRACK : threadUuid(tid));
    if (iid) w.uint(E_NAME_IID, iid);
    if (body) body();
    w.close(e);
    this.#endPacket(p);
  }

  #dropTrack(): void {
    const w = this.#w;
    const p = this.#packet(undefined);
    const d = w.open(P_TRACK_DESCRIPTOR);
    w.uint(D_UUID, DROP_TRACK);
    w.string(D_NAME, "mysysdig: events lost");
    w.close(d);
    this.#endPacket(p);
  }

  #droppedBefore = false;

  /** Adds one record to the trace. */
  write(r: TraceRecord): void {
    if (r.kind === "drop") {
      if (!this.#droppedBefore) {
        this.#droppedBefore = true;
        this.#dropTrack();
      }
      this.#event(r.ts, TYPE_INSTANT, -1, "events lost", () => {
        this.#annotation("cpu", BigInt(r.cpu));
        this.#annotation("lost", r.lost);
      });
      return;
    }
    const t = this.#thread(r);
    if (r.kind === "signal") {
      // an instant on the thread's track, named as strace's line names it
      this.#event(r.ts, TYPE_INSTANT, r.tid, sigText(r.sig), () => {
        this.#annotation("si_code", siCodeText(r.sig, r.code));
        for (const [k, v] of siginfoFields(this.#arch, r)) {
          this.#annotation(k, /^-?[0-9]+$/.test(v) ? BigInt(v) : v);
        }
      });
    } else if (r.kind === "procexit") {
      this.#event(r.ts, TYPE_INSTANT, r.tid, exitHow(r.status));
    } else if (r.kind === "syscall") {
      const c = decodeCall(this.#arch, r.nr, r.args, r.items);
      this.#event(r.enterTs, TYPE_SLICE_BEGIN, r.tid, c.name, () => {
        for (const a of c.args) this.#annotation(a.name, valueOf(a.value));
        this.#result(r.nr, r.ret);
      });
      // an unfinished call has no END: Perfetto shows it as running to the end of the trace
      if (r.ret !== undefined) this.#event(r.ts, TYPE_SLICE_END, r.tid);
    } else if (r.kind === "enter") {
      const c = decodeCall(this.#arch, r.nr, r.args, r.items);
      this.#event(r.ts, TYPE_SLICE_BEGIN, r.tid, c.name, () => {
        for (const a of c.args) if (!a.out) this.#annotation(a.name, valueOf(a.value));
      });
      t.open++;
    } else if (t.open > 0) {
      // an exit whose entry is in the trace (an exit alone, begun before it, has no slice)
      t.open--;
      this.#event(r.ts, TYPE_SLICE_END, r.tid, undefined, () => this.#result(r.nr, r.ret));
    }
  }

  /** Writes the whole packets buffered. */
  flush(): void {
    const w = this.#w;
    let off = 0;
    while (off < w.pos) off += this.#dest.writeSync(w.buf.subarray(off, w.pos));
    w.pos = 0;
  }

  /** Flushes and releases the destination. */
  close(): void {
    try {
      this.flush();
    } finally {
      this.#closeDest?.();
    }
  }
}

/** A sink writing a Perfetto trace to `dest`. */
export function perfettoSink(arch: Arch, dest: WriterSync, close?: () => void): Sink {
  const w = new PerfettoWriter(arch, dest, close);
  return {
    write: (r: TraceRecord) => w.write(r),
    flush() {
      w.flush();
      return Promise.resolve();
    },
    close(_stats: TraceStats) {
      w.close();
      return Promise.resolve();
    },
  };
}
