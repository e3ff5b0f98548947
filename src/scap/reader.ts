/**
 * Capture file reader: scap files (plain or gzip) back into records, as a {@linkcode Backend}
 * named "file". Reads mysysdig's own captures without loss (see writer.ts for what they hold);
 * other sysdig captures are read as far as their syscall events go (raw arguments that the
 * events do not carry read as 0).
 *
 * Bad input never crashes or hangs the reader: a file cut short yields every whole event and a
 * "truncated" {@linkcode CaptureWarning}; anything else malformed throws
 * {@linkcode CaptureFormatError} naming the byte offset.
 *
 * @module
 */
import zlib from "node:zlib";
import { MsdError } from "../errors.ts";
import { IF_EXIT, IF_FAULT, IF_TRUNC, ITEM_TYPES } from "../abi.ts";
import { u64At } from "../bigint.ts";
import {
  type Arch,
  type Backend,
  type Capture,
  type CpuStats,
  recordsOf,
  type TraceRecord,
  type TraceStats,
} from "../record.ts";
import { hostArch, syscallNumber } from "../syscalls.ts";
import {
  BLOCK,
  type Cursor,
  DF_STATE_ONLY,
  EVT_HDR_LEN,
  ITEM_HDR,
  MSD_ENTER_LEN,
  MSD_EXIT_LEN,
  readInt,
  readUvarint,
  SHB_MAGIC,
  unzigzag,
} from "./codec.ts";
import {
  EXECVE_19_X,
  GENERIC_E,
  GENERIC_X,
  MSD_EVENT,
  MSD_FORMAT_VERSION,
  MSD_MAGIC,
  MSD_PROCEXIT_PARAMS,
  MSD_SIGNAL_PARAMS,
  type ParamSpec,
  PPM_CL,
  SPECIFIC_BY_ID,
  syscallOfPpmSc,
} from "./events.ts";

/** A capture that is not well-formed. `offset` is in the uncompressed stream. */
export class CaptureFormatError extends MsdError {
  constructor(readonly path: string, readonly offset: number, detail: string) {
    super(`${path}: corrupt capture file at byte offset ${offset}: ${detail}`);
    this.name = "CaptureFormatError";
  }
}

/** Something the reader skipped or could not read; the records before it are good. */
export interface CaptureWarning {
  /** "truncated": the file ends inside a block; "skipped": events of types we do not read. */
  kind: "truncated" | "skipped";
  /** Byte offset in the uncompressed stream. */
  offset: number;
  /** A sentence for the user, naming the file. */
  message: string;
}

/** Options of {@linkcode openCaptureFile} and {@linkcode decodeCapture}. */
export interface CaptureReadOptions {
  /** Called once per warning as soon as it is known (they are also kept in `warnings`). */
  onWarning?: (w: CaptureWarning) => void;
  /** Architecture for captures that do not say (not written by mysysdig). Default: the host's. */
  defaultArch?: Arch;
}

/** The backend {@linkcode openCaptureFile} returns. */
export interface CaptureFileBackend extends Backend {
  /** Warnings so far; complete once records() has ended. */
  readonly warnings: readonly CaptureWarning[];
}

/** Largest block the reader accepts (LARGE blocks included), against absurd lengths. */
const MAX_BLOCK = 64 << 20;
/** Bytes per read of a capture file: small batches of records die young (less GC, less memory). */
const READ_CHUNK = 64 << 10;
const MIN_EVENT_BLOCK = 8 + 2 + EVT_HDR_LEN + 4;
const dec = new TextDecoder();

/** The largest length a block of this type can have (sysdig's own limits where it has them). */
function maxBlockLength(type: number): number {
  switch (type) {
    case BLOCK.SHB:
      return 28;
    case BLOCK.MI:
      return 192;
    case BLOCK.EV_V2:
    case BLOCK.EVF_V2:
      return 65544;
    default:
      return MAX_BLOCK;
  }
}

function cstr(b: Uint8Array): string {
  const nul = b.indexOf(0);
  return dec.decode(nul >= 0 ? b.subarray(0, nul) : b);
}

interface Thread {
  pid: number;
  comm: string;
}

/**
 * Incremental scap decoder: push() bytes as they come, take() the records decoded so far, end()
 * when the input ends.
 */
export class ScapParser {
  arch: Arch | undefined;
  /** The file carries mysysdig's INFO event (so its private tail parameters are ours). */
  ours = false;
  /** mysysdig's format version from the INFO event (MSD_FORMAT_VERSION; 0 when not ours). */
  version = 0;
  readonly warnings: CaptureWarning[] = [];
  /** Per-CPU counters (numbers: they are bumped once per event). */
  readonly counts: Array<{ seen: number; dropped: bigint } | undefined> = [];
  #buf = new Uint8Array(0);
  #view = new DataView(new ArrayBuffer(0));
  /** The current event's parameters: offsets in #buf and lengths. */
  #po: number[] = [];
  #pl: number[] = [];
  /** Syscall numbers of the dedicated events' syscalls (the architecture is settled first). */
  #nrs = new Map<string, number>();
  /** Where readUvarint reads next; -1 after a malformed varint. */
  #cur: Cursor = { pos: 0 };
  #start = 0;
  #end = 0;
  /** Absolute offset of #buf[0]. */
  #base = 0;
  #state: "shb" | "meta" | "events" = "shb";
  #sawEvent = false;
  #threads = new Map<number, Thread>();
  #out: TraceRecord[] = [];
  #skipped = 0;
  #firstSkipped = -1;
  // items of types a newer writer added (their arguments are shown as addresses)
  #unknownItems = 0;
  #firstUnknownItem = -1;

  constructor(
    readonly path: string,
    readonly defaultArch: Arch,
    readonly onWarning?: (w: CaptureWarning) => void,
  ) {}

  /** Absolute offset of the next unread byte. */
  get offset(): number {
    return this.#base + this.#start;
  }

  /** True once the first event block has been seen (the architecture is then settled). */
  get started(): boolean {
    return this.#sawEvent;
  }

  push(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#buf.length) {
      const live = this.#end - this.#start;
      let cap = Math.max(this.#buf.length, 1 << 16);
      while (cap < live + chunk.length) cap *= 2;
      const b = cap === this.#buf.length ? this.#buf : new Uint8Array(cap);
      b.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#buf = b;
      this.#view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      this.#base += this.#start;
      this.#end = live;
      this.#start = 0;
    }
    this.#buf.set(chunk, this.#end);
    this.#end += chunk.length;
    this.#parse();
  }

  /** Per-CPU counters as the Backend interface reports them. */
  get perCpu(): CpuStats[] {
    const out: CpuStats[] = [];
    this.counts.forEach((c, i) => {
      if (c) out[i] = { seen: BigInt(c.seen), recorded: BigInt(c.seen), dropped: c.dropped };
    });
    return out;
  }

  /** Records decoded so far (each returned once). */
  take(): TraceRecord[] {
    const r = this.#out;
    this.#out = [];
    return r;
  }

  /** The input ended: report a cut-off block, skipped events. */
  end(): void {
    const left = this.#end - this.#start;
    if (this.#state === "shb") {
      throw new CaptureFormatError(
        this.path,
        0,
        left === 0 ? "empty file, not a capture" : `${left} bytes are too short to be a capture`,
      );
    }
    if (left > 0) {
      let need = "";
      if (left >= 8) {
        const v = new DataView(this.#buf.buffer, this.#start, 8);
        need = ` of ${v.getUint32(4, true)}`;
      }
      this.#warn(
        "truncated",
        this.offset,
        `${this.path} is truncated: it ends inside a block at byte offset ${this.offset} ` +
          `(${left}${need} bytes present); every event before it was read`,
      );
    } else if (!this.#sawEvent) {
      this.#warn("truncated", this.offset, `${this.path} has no events (truncated capture?)`);
    }
    if (this.#skipped > 0) {
      this.#warn(
        "skipped",
        this.#firstSkipped,
        `${this.path}: skipped ${this.#skipped} events of types mysysdig does not read ` +
          `(first at byte offset ${this.#firstSkipped})`,
      );
    }
    if (this.#unknownItems > 0) {
      this.#warn(
        "skipped",
        this.#firstUnknownItem,
        `${this.path}: skipped ${this.#unknownItems} copied values of types this mysysdig does ` +
          `not know (a newer mysysdig wrote them; their arguments are shown as addresses; first ` +
          `in the event at byte offset ${this.#firstUnknownItem})`,
      );
    }
  }

  #warn(kind: CaptureWarning["kind"], offset: number, message: string): void {
    const w = { kind, offset, message };
    this.warnings.push(w);
    this.onWarning?.(w);
  }

  #fail(at: number, detail: string): never {
    throw new CaptureFormatError(this.path, at, detail);
  }

  #parse(): void {
    const buf = this.#buf;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (this.#end - this.#start >= 8) {
      const s = this.#start;
      const at = this.#base + s;
      const type = view.getUint32(s, true);
      const len = view.getUint32(s + 4, true);
      if (this.#state === "shb" && type !== BLOCK.SHB) {
        this.#fail(at, `expected a section header block, found block type 0x${type.toString(16)}`);
      }
      if (len < 12 || len > maxBlockLength(type)) {
        this.#fail(at, `impossible length ${len} for a block of type 0x${type.toString(16)}`);
      }
      if (this.#end - s < len) return;
      this.#block(type, s, len, at, view);
      this.#start = s + len;
    }
  }

  #block(type: number, s: number, len: number, at: number, view: DataView): void {
    switch (type) {
      case BLOCK.SHB: {
        if (len !== 28) this.#fail(at, `section header length ${len}, expected 28`);
        const magic = view.getUint32(s + 8, true);
        if (magic !== SHB_MAGIC) {
          this.#fail(
            at + 8,
            magic === 0x4d3c2b1a
              ? "big-endian capture, which sysdig cannot read either"
              : `bad byte-order magic 0x${magic.toString(16)}`,
          );
        }
        const major = view.getUint16(s + 12, true);
        if (major !== 1) this.#fail(at + 12, `format version ${major}.x, only 1.x is known`);
        // A second section starts a concatenated capture with fresh thread state.
        this.#threads.clear();
        this.#state = "meta";
        return;
      }
      case BLOCK.EV_V2:
      case BLOCK.EVF_V2:
      case BLOCK.EV_V2_LARGE:
      case BLOCK.EVF_V2_LARGE:
        this.#state = "events";
        this.#event(type, s, len, at, view);
        return;
      default:
        if (this.#state === "events") {
          this.#fail(at, `block type 0x${type.toString(16)} after the first event`);
        }
        if (view.getUint32(s + len - 4, true) !== len) {
          this.#fail(
            at + len - 4,
            `block trailer ${view.getUint32(s + len - 4, true)} != length ${len}`,
          );
        }
        if (type === BLOCK.PL_V9) this.#procList(s + 8, s + len - 4, view);
    }
  }

  /** Process list V9: tid, pid and comm of the threads alive when the capture began. */
  #procList(p: number, end: number, view: DataView): void {
    while (end - p >= 4) {
      const elen = view.getUint32(p, true);
      if (elen < 46 || p + elen > end) return;
      const tid = Number(view.getBigUint64(p + 4, true));
      const pid = Number(view.getBigUint64(p + 12, true));
      const clen = view.getUint16(p + 44, true);
      if (46 + clen <= elen) {
        this.#threads.set(tid, {
          pid,
          comm: dec.decode(this.#buf.subarray(p + 46, p + 46 + clen)),
        });
      }
      p += elen;
    }
  }

  #event(type: number, s: number, len: number, at: number, view: DataView): void {
    if (len < MIN_EVENT_BLOCK) this.#fail(at, `event block length ${len} too short`);
    const withFlags = type === BLOCK.EVF_V2 || type === BLOCK.EVF_V2_LARGE;
    const cpu = view.getUint16(s + 8, true);
    const flags = withFlags ? view.getUint32(s + 10, true) : 0;
    const e = s + (withFlags ? 14 : 10);
    const room = s + len - e;
    if (room < EVT_HDR_LEN) this.#fail(at, `event block length ${len} too short`);
    const ts = view.getBigUint64(e, true);
    const tid = Number(view.getBigUint64(e + 8, true));
    const elen = view.getUint32(e + 16, true);
    const etype = view.getUint16(e + 20, true);
    const nparams = view.getUint32(e + 22, true);
    if (elen < EVT_HDR_LEN || elen > room) {
      this.#fail(at + (e - s) + 16, `event length ${elen} does not fit its block of ${len} bytes`);
    }
    if (nparams > (elen - EVT_HDR_LEN) / 2) {
      this.#fail(at + (e - s) + 22, `${nparams} parameters cannot fit an event of ${elen} bytes`);
    }
    const po = this.#po, pl = this.#pl;
    po.length = pl.length = nparams;
    let v = e + EVT_HDR_LEN + 2 * nparams;
    const stop = e + elen;
    for (let i = 0; i < nparams; i++) {
      const plen = view.getUint16(e + EVT_HDR_LEN + 2 * i, true);
      if (v + plen > stop) {
        this.#fail(at + (e - s) + EVT_HDR_LEN + 2 * i, `parameter ${i} overruns its event`);
      }
      po[i] = v;
      pl[i] = plen;
      v += plen;
    }
    if (!this.#sawEvent) {
      this.#sawEvent = true;
      if (etype === MSD_EVENT.INFO && nparams >= 3 && cstr(this.#param(0)) === MSD_MAGIC) {
        const arch = cstr(this.#param(2));
        if (arch !== "x86_64" && arch !== "aarch64") {
          this.#fail(at, `capture of unknown architecture "${arch}"`);
        }
        this.arch = arch;
        this.ours = true;
        this.version = this.#pl[1] === 2 ? this.#view.getUint16(this.#po[1], true) : 0;
        if (this.version > MSD_FORMAT_VERSION) {
          this.#fail(
            at,
            `mysysdig capture format ${this.version}; this mysysdig reads up to ` +
              `${MSD_FORMAT_VERSION}: read it with a newer mysysdig`,
          );
        }
        return;
      }
      this.arch = this.defaultArch;
    }
    this.#decode(etype, cpu, flags, ts, tid, nparams, at);
  }

  /** Parameter i of the current event, as bytes. */
  #param(i: number): Uint8Array {
    return this.#buf.subarray(this.#po[i], this.#po[i] + this.#pl[i]);
  }

  /** Fixed-width parameter i of the current event (0 for an odd width). */
  #int(i: number, spec: ParamSpec): bigint {
    return readInt(this.#view, this.#po[i], this.#pl[i], spec);
  }

  #thread(tid: number): Thread {
    return this.#threads.get(tid) ?? { pid: tid, comm: "" };
  }

  #cpu(cpu: number): { seen: number; dropped: bigint } {
    let c = this.counts[cpu];
    if (!c) c = this.counts[cpu] = { seen: 0, dropped: 0n };
    return c;
  }

  #skip(at: number): void {
    if (this.#skipped++ === 0) this.#firstSkipped = at;
  }

  /**
   * True when the event has mysysdig's `msd` parameter at n (format 2): `len` bytes for an
   * exit's, 8 to `len` in steps of 8 for an enter's.
   */
  #hasMsd(nparams: number, n: number, len: number): boolean {
    if (this.version < 2 || nparams < n + 2) return false;
    const l = this.#pl[n];
    return len === MSD_EXIT_LEN ? l === len : l >= 8 && l <= len && (l & 7) === 0;
  }

  /** The record's captures from the `items` parameter n (format 2); see writer.ts. */
  #items(n: number, at: number): Capture[] | undefined {
    const buf = this.#buf;
    let p = this.#po[n];
    const end = p + this.#pl[n];
    let items: Capture[] | undefined;
    while (p < end) {
      if (p + ITEM_HDR > end) this.#fail(at, "malformed items parameter");
      const len = buf[p] | (buf[p + 1] << 8);
      const type = ITEM_TYPES[buf[p + 3]];
      const flags = buf[p + 4] | (buf[p + 5] << 8);
      const ref = buf[p + 6] | (buf[p + 7] << 8);
      const arg = buf[p + 2];
      let data: Uint8Array;
      if (ref !== 0) {
        // the bytes are those of one of sysdig's parameters (a string without its NUL)
        if (ref - 1 >= this.#po.length || len !== 0) this.#fail(at, "bad item reference");
        const q = this.#po[ref - 1], ql = this.#pl[ref - 1];
        const nul = type === "str" && ql > 0 && buf[q + ql - 1] === 0 ? 1 : 0;
        data = buf.slice(q, q + ql - nul);
      } else {
        if (p + ITEM_HDR + len > end) this.#fail(at, "malformed items parameter");
        data = buf.slice(p + ITEM_HDR, p + ITEM_HDR + len);
      }
      p += ITEM_HDR + (ref !== 0 ? 0 : len);
      if (type === undefined) {
        // a newer writer's item: skipped whole (its length is known), reported at the end
        if (this.#unknownItems++ === 0) this.#firstUnknownItem = at;
        continue;
      }
      const c: Capture = { arg, type, data };
      if (flags & IF_FAULT) c.fault = true;
      if (flags & IF_TRUNC) c.truncated = true;
      if (flags & IF_EXIT) c.exit = true;
      (items ??= []).push(c);
    }
    return items;
  }

  /** The six arguments of an enter event's `msd` parameter at n (format 2). */
  #msdArgs(n: number): bigint[] {
    const v = this.#view, o = this.#po[n] + 8, k = (this.#pl[n] - 8) >> 3;
    const args: bigint[] = [0n, 0n, 0n, 0n, 0n, 0n];
    for (let i = 0; i < k; i++) args[i] = u64At(v, o + 8 * i);
    return args;
  }

  /** Raw arguments from the private tail (parameter n), when present. */
  #tailArgs(nparams: number, n: number, at: number): bigint[] {
    if (this.#hasMsd(nparams, n, MSD_ENTER_LEN)) return this.#msdArgs(n);
    if (!this.ours || this.version >= 2 || nparams !== n + 1) return [0n, 0n, 0n, 0n, 0n, 0n];
    const args: bigint[] = [];
    const c = this.#cur;
    c.pos = this.#po[n];
    const end = c.pos + this.#pl[n];
    for (let i = 0; i < 6; i++) {
      if (c.pos >= end) {
        args.push(0n);
        continue;
      }
      args.push(readUvarint(this.#buf, c, end));
      if (c.pos < 0) this.#fail(at, "malformed raw-argument parameter");
    }
    if (c.pos !== end) this.#fail(at, "malformed raw-argument parameter");
    return args;
  }

  #decode(
    etype: number,
    cpu: number,
    flags: number,
    ts: bigint,
    tid: number,
    nparams: number,
    at: number,
  ): void {
    const arch = this.arch!;
    if (etype === MSD_EVENT.DROP) {
      const lost = nparams >= 1 && this.#pl[0] === 8 ? this.#int(0, DROP_LOST) : 0n;
      this.#cpu(cpu).dropped += lost;
      this.#out.push({ kind: "drop", ts, cpu, pid: 0, tid: 0, comm: "", lost });
      return;
    }
    if (etype === MSD_EVENT.SIGNAL || etype === MSD_EVENT.PROCEXIT) {
      const sig = etype === MSD_EVENT.SIGNAL;
      const spec = sig ? MSD_SIGNAL_PARAMS : MSD_PROCEXIT_PARAMS;
      if (nparams < spec.length) this.#fail(at, "signal or exit event without its parameters");
      for (let i = 0; i < spec.length - (sig ? 1 : 0); i++) {
        if (this.#pl[i] !== (i === 1 && !sig ? 1 : i < 3 ? 4 : 8)) {
          this.#fail(at, "malformed signal or exit event");
        }
      }
      const t = this.#thread(tid);
      const base = { ts, cpu, pid: t.pid, tid, comm: t.comm };
      if (!sig) {
        this.#out.push({
          ...base,
          kind: "procexit",
          status: Number(this.#int(0, spec[0])),
          groupDead: this.#int(1, spec[1]) !== 0n,
        });
        return;
      }
      const fields = new Uint8Array(32);
      fields.set(this.#buf.subarray(this.#po[5], this.#po[5] + Math.min(this.#pl[5], 32)));
      this.#out.push({
        ...base,
        kind: "signal",
        sig: Number(this.#int(0, spec[0])),
        code: Number(this.#int(1, spec[1])),
        errno: Number(this.#int(2, spec[2])),
        handler: this.#int(3, spec[3]),
        saFlags: this.#int(4, spec[4]),
        fields,
      });
      return;
    }
    if (etype === GENERIC_E.id || etype === GENERIC_X.id) {
      if (nparams < (etype === GENERIC_E.id ? 2 : 1)) {
        this.#fail(at, "syscall event without its syscall id");
      }
      const t = this.#thread(tid);
      this.#cpu(cpu).seen++;
      if (etype === GENERIC_E.id) {
        let nr = Number(this.#int(1, GENERIC_E.params[1]));
        const args = this.#tailArgs(nparams, 2, at);
        const r: TraceRecord = { ts, cpu, pid: t.pid, tid, comm: t.comm, kind: "enter", nr, args };
        if (this.#hasMsd(nparams, 2, MSD_ENTER_LEN)) {
          r.nr = nr = this.#view.getInt32(this.#po[2], true);
          const items = this.#items(3, at);
          if (items) r.items = items;
        }
        this.#out.push(r);
      } else {
        let nr: number | undefined;
        let ret = 0n;
        let items: Capture[] | undefined;
        if (this.#hasMsd(nparams, 1, MSD_EXIT_LEN)) {
          nr = this.#view.getInt32(this.#po[1], true);
          ret = this.#view.getBigInt64(this.#po[1] + 8, true);
          items = this.#items(2, at);
        } else if (this.ours && this.version < 2 && nparams === 2) {
          const c = this.#cur;
          c.pos = this.#po[1];
          const end = c.pos + this.#pl[1];
          ret = unzigzag(readUvarint(this.#buf, c, end));
          if (c.pos >= 0) nr = Number(readUvarint(this.#buf, c, end));
          if (c.pos !== end) this.#fail(at, "malformed return-value parameter");
        } else {
          const name = syscallOfPpmSc(Number(this.#int(0, GENERIC_X.params[0])));
          nr = name === undefined ? undefined : syscallNumber(arch, name);
        }
        const r: TraceRecord = {
          ts,
          cpu,
          pid: t.pid,
          tid,
          comm: t.comm,
          kind: "exit",
          nr: nr ?? -1,
          ret,
        };
        if (items) r.items = items;
        this.#out.push(r);
      }
      return;
    }
    const ev = SPECIFIC_BY_ID.get(etype);
    if (!ev) {
      this.#skip(at);
      return;
    }
    const isExit = (etype & 1) === 1;
    const spec = isExit ? ev.exit : ev.enter;
    if (nparams < spec.params.length) {
      this.#fail(
        at,
        `${spec.name} event with ${nparams} of its ${spec.params.length} parameters`,
      );
    }
    if (isExit && spec.params[13]?.name === "comm") {
      const pid = Number(this.#int(4, spec.params[4]));
      const comm = cstr(this.#param(13));
      // A failed execve changes nothing, and sysdig ignores it as well; ours always agree.
      const res = this.#int(0, spec.params[0]);
      if (etype !== EXECVE_19_X || this.ours || res >= 0n) this.#threads.set(tid, { pid, comm });
      // A parent's clone exit: the child starts as a copy of the parent (sysdig does the same).
      if (etype !== EXECVE_19_X && res > 0n && !(flags & DF_STATE_ONLY)) {
        const child = Number(res);
        const thread = Number(this.#int(15, spec.params[15])) & PPM_CL.CLONE_THREAD;
        this.#threads.set(child, { pid: thread ? pid : child, comm });
      }
    }
    if (flags & DF_STATE_ONLY) return;
    const t = this.#thread(tid);
    let nr = this.#nrs.get(ev.syscall);
    if (nr === undefined) this.#nrs.set(ev.syscall, nr = syscallNumber(arch, ev.syscall) ?? -1);
    this.#cpu(cpu).seen++;
    const n = spec.params.length;
    if (isExit) {
      const ret = this.#int(0, spec.params[0]);
      const r: TraceRecord = { ts, cpu, pid: t.pid, tid, comm: t.comm, kind: "exit", nr, ret };
      if (this.#hasMsd(nparams, n, MSD_EXIT_LEN)) {
        r.nr = this.#view.getInt32(this.#po[n], true);
        r.ret = this.#view.getBigInt64(this.#po[n] + 8, true);
        const items = this.#items(n + 1, at);
        if (items) r.items = items;
      }
      this.#out.push(r);
    } else {
      const args = this.#tailArgs(nparams, n, at);
      const r: TraceRecord = { ts, cpu, pid: t.pid, tid, comm: t.comm, kind: "enter", nr, args };
      if (this.#hasMsd(nparams, n, MSD_ENTER_LEN)) {
        r.nr = this.#view.getInt32(this.#po[n], true);
        const items = this.#items(n + 1, at);
        if (items) r.items = items;
      }
      this.#out.push(r);
    }
  }
}

const DROP_LOST: ParamSpec = { name: "lost", type: 8 };

/** Stats summed over CPUs. */
function sumStats(perCpu: CpuStats[]): TraceStats {
  const s: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [...perCpu] };
  for (const c of perCpu) {
    if (!c) continue;
    s.seen += c.seen;
    s.recorded += c.recorded;
    s.dropped += c.dropped;
  }
  return s;
}

function isGzip(b: Uint8Array): boolean {
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Decode a whole capture held in memory (plain or gzip). Throws {@linkcode CaptureFormatError}
 * on malformed input; a truncated one gives its whole events and a warning.
 */
export function decodeCapture(
  bytes: Uint8Array,
  opts: CaptureReadOptions & { path?: string } = {},
): { arch: Arch; records: TraceRecord[]; warnings: CaptureWarning[]; stats: TraceStats } {
  const path = opts.path ?? "capture";
  const parser = new ScapParser(path, opts.defaultArch ?? hostArch(), opts.onWarning);
  let data = bytes;
  let gzipCut = false;
  if (isGzip(bytes)) {
    try {
      data = zlib.gunzipSync(bytes);
    } catch (e) {
      const msg = (e as Error).message;
      if (!/unexpected end/i.test(msg)) {
        throw new CaptureFormatError(path, 0, `gzip data is corrupt (${msg})`);
      }
      gzipCut = true;
      try {
        data = zlib.gunzipSync(bytes, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      } catch (e2) {
        throw new CaptureFormatError(path, 0, `gzip data is corrupt (${(e2 as Error).message})`);
      }
    }
  }
  parser.push(data);
  parser.end();
  if (gzipCut && !parser.warnings.some((w) => w.kind === "truncated")) {
    const w: CaptureWarning = {
      kind: "truncated",
      offset: data.length,
      message: `${path} is truncated: its gzip stream ends early; every whole event was read`,
    };
    parser.warnings.push(w);
    opts.onWarning?.(w);
  }
  return {
    arch: parser.arch ?? parser.defaultArch,
    records: parser.take(),
    warnings: parser.warnings,
    stats: sumStats(parser.perCpu),
  };
}

/** What a capture is read from: a file, or standard input for `-`. */
interface Source {
  read(p: Uint8Array): Promise<number | null>;
  close(): void;
}

/** Chunks of a file, gunzipped when it is gzip. */
async function* fileChunks(
  file: Source,
  onGzipCut: () => void,
): AsyncGenerator<Uint8Array> {
  const raw = async function* (): AsyncGenerator<Uint8Array> {
    while (true) {
      const b = new Uint8Array(READ_CHUNK);
      const n = await file.read(b);
      if (n === null) return;
      yield b.subarray(0, n);
    }
  };
  const it = raw();
  const first = await it.next();
  if (first.done) return;
  if (!isGzip(first.value)) {
    yield first.value;
    yield* it;
    return;
  }
  const g = zlib.createGunzip();
  const out: Uint8Array[] = [];
  let error: Error | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  g.on("data", (d: Uint8Array) => {
    out.push(d);
    if (out.length > 16) g.pause();
    notify();
  });
  g.on("error", (e: Error) => {
    error = e;
    notify();
  });
  g.on("end", () => {
    ended = true;
    notify();
  });
  const feed = (async () => {
    try {
      for (
        let c: Uint8Array | undefined = first.value;
        c;
        c = (await it.next()).value || undefined
      ) {
        if (error) return;
        if (!g.write(c)) await new Promise<void>((r) => g.once("drain", () => r()));
      }
      g.end();
    } catch (e) {
      error ??= e as Error;
      notify();
    }
  })();
  while (true) {
    if (out.length > 0) {
      yield out.shift()!;
      if (out.length === 0 && g.isPaused()) g.resume();
      continue;
    }
    if (error) {
      await feed;
      if (/unexpected end/i.test(error.message)) {
        onGzipCut();
        return;
      }
      throw error;
    }
    if (ended) return;
    await new Promise<void>((r) => (wake = r));
  }
}

/**
 * Opens a capture file (plain or gzip; `-` is standard input) as a backend named "file" that
 * yields its records.
 * Its architecture is the one the capture names (mysysdig writes it), else `defaultArch` or the
 * host's. Throws {@linkcode CaptureFormatError} (at open or while iterating) for a malformed
 * file; a truncated one yields its whole events and adds a "truncated" warning.
 *
 * @example
 * ```ts ignore
 * const be = await openCaptureFile("trace.scap", { onWarning: (w) => console.error(w.message) });
 * for await (const rec of be.records()) sink.write(rec);
 * await be.close();
 * ```
 */
export async function openCaptureFile(
  path: string,
  opts: CaptureReadOptions = {},
): Promise<CaptureFileBackend> {
  let file: Source;
  if (path === "-") {
    file = Deno.stdin;
    path = "standard input";
  } else {
    try {
      file = await Deno.open(path, { read: true });
    } catch (e) {
      throw new MsdError(`cannot open capture file ${path}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    const st = await (file as Deno.FsFile).stat();
    if (st.isDirectory) {
      file.close();
      throw new MsdError(`cannot read ${path}: it is a directory, not a capture file`);
    }
  }
  let gzipCut = false;
  const parser = new ScapParser(path, opts.defaultArch ?? hostArch(), opts.onWarning);
  const chunks = fileChunks(file, () => (gzipCut = true));
  let finished = false;
  let stopped = false;
  let closed = false;

  const finish = () => {
    if (finished) return;
    finished = true;
    parser.end();
    if (gzipCut && !parser.warnings.some((w) => w.kind === "truncated")) {
      const w: CaptureWarning = {
        kind: "truncated",
        offset: parser.offset,
        message: `${path} is truncated: its gzip stream ends early; every whole event was read`,
      };
      parser.warnings.push(w);
      opts.onWarning?.(w);
    }
  };
  const pull = async (): Promise<boolean> => {
    const n = await chunks.next().catch((e: Error) => {
      if (e instanceof MsdError) throw e;
      throw new CaptureFormatError(path, parser.offset, `gzip data is corrupt (${e.message})`);
    });
    if (n.done) {
      finish();
      return false;
    }
    parser.push(n.value);
    return true;
  };
  try {
    // Read up to the first event, which settles the architecture.
    while (!parser.started && await pull());
  } catch (e) {
    file.close();
    throw e;
  }

  const backend: CaptureFileBackend = {
    name: "file",
    arch: parser.arch ?? parser.defaultArch,
    warnings: parser.warnings,
    start: () => Promise.resolve(),
    async *batches() {
      while (true) {
        const b = parser.take();
        if (stopped) return;
        if (b.length) yield b;
        if (stopped || finished) return;
        await pull();
      }
    },
    records() {
      return recordsOf(this.batches());
    },
    stop() {
      stopped = true;
    },
    stats: () => sumStats(parser.perCpu),
    close() {
      if (!closed) {
        closed = true;
        stopped = true;
        try {
          file.close();
        } catch { /* closed already */ }
      }
      return Promise.resolve();
    },
  };
  return backend;
}
