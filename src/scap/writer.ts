/**
 * Capture file writer: records to sysdig's scap format (shared/docs/scap-format.md), readable by
 * `sysdig -r` and by {@linkcode openCaptureFile}.
 *
 * What goes into each file:
 * - SHB, machine info, then mysysdig's private INFO event (format version, architecture). sysdig
 *   skips event types it does not know, and the INFO event makes even a capture without records a
 *   valid file for it.
 * - Every syscall as GENERIC_E/GENERIC_X with sysdig's PPM_SC code, or as its dedicated event for
 *   the syscalls in `SPECIFIC` (events.ts), with the parameters raw arguments allow.
 * - One extra trailing parameter per enter event (and per GENERIC_X) that sysdig ignores: the raw
 *   arguments as LEB128 varints (GENERIC_X: zig-zag return value and native number), so a read
 *   back loses nothing.
 * - Process identity in-band: the first time a thread shows up, or when its pid or comm changes,
 *   a state-only (EVF flag 1) EXECVE_19_X gives sysdig and our reader its comm, pid, exe, args and
 *   cwd (from /proc for live captures). sysdig applies it without printing it.
 * - Drop records as the private DROP event (sysdig has no event for "records lost").
 *
 * @module
 */
import { MsdError, UsageError } from "../errors.ts";
import type { Arch, EnterRecord, ExitRecord, TraceRecord, TraceStats } from "../record.ts";
import type { Sink, SinkContext } from "../sink.ts";
import { isCompatNr, syscallName, syscallNumber } from "../syscalls.ts";
import { SPEC } from "../syscalls/spec.ts";
import {
  BLOCK,
  ByteWriter,
  DF_STATE_ONLY,
  encodeItems,
  encodeParam,
  EVT_HDR_LEN,
  type ExtraParams,
  ITEM_HDR,
  ITEMS_MAX,
  type MachineInfo,
  MSD_ENTER_LEN,
  MSD_EXIT_LEN,
  type ParamValue,
  writeEvent,
  writeEventValues,
  writeMachineInfo,
  writeShb,
} from "./codec.ts";
import {
  cloneFlagsToPpm,
  type EventSpec,
  EXECVE_19_X,
  fixedWidth,
  GENERIC_E,
  GENERIC_X,
  MSD_DROP_PARAMS,
  MSD_EVENT,
  MSD_FORMAT_VERSION,
  MSD_INFO_PARAMS,
  MSD_MAGIC,
  MSD_PROCEXIT_PARAMS,
  MSD_SIGNAL_PARAMS,
  openFlagsToPpm,
  openModeToPpm,
  PPM_CL,
  ppmScOf,
  SPECIFIC_BY_ID,
  SPECIFIC_BY_SYSCALL,
  type SyscallEvents,
} from "./events.ts";
import { openOutputFile, type OutputFile } from "../outfile.ts";
import {
  commOf,
  decodeRecord,
  nrAt,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_PROCEXIT,
  REC_SCAP,
  REC_SIGNAL,
  REC_SYSCALL,
  RF_PAD4,
  RF_UNFINISHED,
} from "../abi.ts";
import type { GzipWorker } from "./gzip.ts";
import { type ProcInfo, procInfoFromComm, readProcInfo } from "./procinfo.ts";
import { scapSockaddr } from "./params.ts";
import {
  RAW_PLANS,
  S_DATA,
  S_I32,
  S_OFLAGS,
  S_OMODE,
  S_PATH,
  S_RET,
  S_SADDR,
  S_U32,
} from "./plans.ts";

const NA_BYTES = new TextEncoder().encode("<NA>\0");

/** A dedicated event writeModuleRecord writes from bytes. */
interface RawPlan {
  ev: SyscallEvents;
  enter: Int32Array;
  exit: Int32Array;
  /** Fixed widths of the enter and exit parameters (0: variable). */
  enterW: Int32Array;
  exitW: Int32Array;
}

/** Copies n bytes; a loop for the short runs most events have (a subarray costs an object). */
function copyBytes(dst: Uint8Array, dp: number, src: Uint8Array, sp: number, n: number): void {
  if (n > 64) dst.set(src.subarray(sp, sp + n), dp);
  else for (let i = 0; i < n; i++) dst[dp + i] = src[sp + i];
}

/** Threads (and processes) the writer keeps state of before it starts afresh. */
const STATE_MAX = 32768;

/** Syscalls whose entry the module writes as a record of its own (MSD_SC_ENTER). */
const ENTER_APART: ReadonlySet<string> = new Set(
  Object.entries(SPEC).filter(([, s]) => s.enter).map(([name]) => name),
);

/** Parameter values by sysdig parameter name, e.g. `{ name: "/etc/hosts" }` for openat. */
export type ParamValues = Record<string, ParamValue | undefined>;

/**
 * Supplies decoded parameter values (paths, buffers, socket addresses) for a record, keyed by
 * sysdig's parameter names of the event the record is written as (events.ts lists them: `name`
 * for open/openat, `data` for read/write exits, `addr` for connect, `tuple` for connect/accept
 * exits, `filename` for execve...). Strings for path and text parameters, bytes for BYTEBUF,
 * SOCKADDR and SOCKTUPLE parameters in sysdig's encoding. Parameters it does not give are
 * written from raw arguments, or as `<NA>`/empty.
 */
export type ParamSource = (rec: EnterRecord | ExitRecord) => ParamValues | undefined;

/** Options of {@linkcode openCaptureWriter}. */
export interface CaptureWriterOptions {
  /** Write gzip (`-z`): one gzip member per flush, which `sysdig -r` and our reader read. */
  gzip?: boolean;
  /** Start a new file once the current one reaches this many millions of bytes (`-C`). */
  rotateMb?: number;
  /** With rotateMb, keep a ring of this many files, overwriting the oldest (`-W`). */
  rotateFiles?: number;
  /** Decoded parameter values, when the records carry any. */
  params?: ParamSource;
  /** Truncate an existing file another user owns (see {@linkcode openOutputFile}). */
  clobber?: boolean;
  /** Read /proc for exe, args and cwd of new processes. Default: unless ctx.backend is "file". */
  procfs?: boolean;
  /** Told, at close, how many calls of 32-bit programs the file leaves out (compatSkipped). */
  note?: (message: string) => void;
}

/** Disk full or another write failure; the file up to the last complete flush stays readable. */
export class CaptureWriteError extends MsdError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CaptureWriteError";
  }
}

const MSD_PARAM_ROOM = MSD_ENTER_LEN + ITEMS_MAX;

/** Most bytes waiting in the gzip worker before this thread compresses instead. */
const GZIP_INFLIGHT = 2 << 20;
/** Bytes buffered before write() flushes by itself. */
const FLUSH_BYTES = 1 << 20;
const STRING_NA = "<NA>";
/** Parameters that come from the record itself, never from decoded data. */
const PROTECTED = new Set(["res", "tid", "pid", "comm", "vtid", "vpid"]);

/**
 * Name of file `index` of a rotated capture: the path with the index appended, zero-padded to the
 * digits of `files` as sysdig's cycle writer does (`-W 10`: x.scap00 ... x.scap09), unpadded
 * without a ring.
 */
export function rotatedName(path: string, index: number, files?: number): string {
  const width = files && files > 0 ? String(files).length : 1;
  return path + String(index).padStart(width, "0");
}

function machineInfo(): MachineInfo {
  const mi: MachineInfo = {
    numCpus: navigator.hardwareConcurrency || 1,
    memoryBytes: 0n,
    maxPid: 32768n,
    hostname: "",
  };
  try {
    mi.memoryBytes = BigInt(Deno.systemMemoryInfo().total);
  } catch { /* no --allow-sys */ }
  try {
    mi.hostname = Deno.hostname();
  } catch { /* no --allow-sys */ }
  try {
    mi.maxPid = BigInt(Deno.readTextFileSync("/proc/sys/kernel/pid_max").trim());
  } catch { /* not Linux, or no permission */ }
  return mi;
}

function int32(v: bigint | undefined): bigint {
  return BigInt.asIntN(32, v ?? 0n);
}
function uint32(v: bigint | undefined): bigint {
  return BigInt.asUintN(32, v ?? 0n);
}

interface ThreadState {
  pid: number;
  comm: string;
  /** The comm's 16 bytes as a module record held them when it last matched `comm`. */
  words?: Int32Array;
}

/** A capture file's sink, which also takes the module's records as they lie in the read buffer. */
export interface CaptureSink extends Sink {
  /** See CaptureWriter.writeModuleRecord: the module record at `off`, from its bytes. */
  writeModuleRecord(buf: Uint8Array, view: DataView, off: number, offset: bigint): void;
}

class CaptureWriter implements CaptureSink {
  readonly #path: string;
  readonly #arch: Arch;
  readonly #opts: CaptureWriterOptions;
  readonly #procfs: boolean;
  readonly #rotateBytes: number;
  readonly #w = new ByteWriter(FLUSH_BYTES + (1 << 17));
  #file: OutputFile | undefined;
  #fileName = "";
  #fileIndex = 0;
  /** Bytes on disk in the current file, all of them whole blocks (or whole gzip members). */
  #fileBytes = 0;
  #error: CaptureWriteError | undefined;
  #errorThrown = false;
  #closed = false;
  #lastFlush = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** What a reader of the current file believes about each thread. */
  #threads = new Map<number, ThreadState>();
  /** The last dedicated enter event of each thread, whose values its exit repeats. */
  #lastEnter = new Map<number, { nr: number; values: ParamValues }>();
  #procCache = new Map<number, { comm: string; info: ProcInfo }>();
  /** mysysdig's own parameters of the event being written: `msd`, then `items` (reused). */
  #extra: ExtraParams = { buf: new Uint8Array(MSD_PARAM_ROOM), lens: [0, 0] };
  #extraView = new DataView(this.#extra.buf.buffer);
  /** node:zlib's gzip, loaded only for -z (it costs start-up time and memory). */
  #gzipSync?: (b: Uint8Array) => Uint8Array;
  /** Compresses flushes off this thread (-z without rotation). */
  #gzipWorker?: GzipWorker;
  /** Writes of compressed members, in order; settles when all queued ones are on disk. */
  #writes: Promise<void> = Promise.resolve();
  /** Parameter values of the event being written (reused). */
  #vals: ParamValue[] = [];

  constructor(path: string, ctx: SinkContext, opts: CaptureWriterOptions) {
    this.#path = path;
    this.#arch = ctx.arch;
    this.#opts = opts;
    this.#procfs = opts.procfs ?? ctx.backend !== "file";
    this.#rotateBytes = opts.rotateMb && opts.rotateMb > 0 ? opts.rotateMb * 1e6 : 0;
    this.#ppmSc = this.#ppmScTable();
  }

  /**
   * Compress each flush with `gzip` (set before open()). With `worker`, and unless files rotate
   * (which needs each member's size at once), members are compressed off this thread.
   */
  useGzip(gzip: (b: Uint8Array) => Uint8Array, worker?: GzipWorker): void {
    this.#gzipSync = gzip;
    if (!this.#rotateBytes) this.#gzipWorker = worker;
    else worker?.close();
  }

  open(): void {
    this.#openFile(0);
    const timer = setInterval(() => {
      if (this.#w.len > 0 && Date.now() - this.#lastFlush >= 900) {
        try {
          this.#flushSync();
        } catch { /* kept in #error, thrown by the next call */ }
      }
    }, 1000);
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  #openFile(index: number): void {
    this.#fileIndex = index;
    this.#fileName = this.#rotateBytes
      ? rotatedName(this.#path, index, this.#opts.rotateFiles)
      : this.#path;
    try {
      this.#file = openOutputFile(this.#fileName, { clobber: this.#opts.clobber });
    } catch (e) {
      throw new CaptureWriteError((e as Error).message, { cause: e });
    }
    this.#fileBytes = 0;
    this.#threads.clear();
    writeShb(this.#w);
    writeMachineInfo(this.#w, machineInfo());
    writeEvent(this.#w, 0, BigInt(Date.now()) * 1_000_000n, 0n, MSD_EVENT.INFO, [
      encodeParam(MSD_INFO_PARAMS[0], MSD_MAGIC),
      encodeParam(MSD_INFO_PARAMS[1], MSD_FORMAT_VERSION),
      encodeParam(MSD_INFO_PARAMS[2], this.#arch),
    ]);
    this.#flushSync();
  }

  #check(): void {
    if (this.#error) {
      this.#errorThrown = true;
      throw this.#error;
    }
    if (this.#closed) throw new CaptureWriteError(`capture file ${this.#path} is closed`);
  }

  /**
   * Calls of 32-bit tasks left out of the capture: their ABI's call has no 64-bit namesake
   * (stat64, _llseek, socketcall...). Sysdig's events name calls by the native table; the others
   * are written as the native call of the same name (docs/capture.md).
   */
  compatSkipped = 0;
  #compatNative = new Map<number, number | undefined>();

  write(rec: TraceRecord): void {
    this.#check();
    if (
      (rec.kind === "enter" || rec.kind === "exit" || rec.kind === "syscall") && isCompatNr(rec.nr)
    ) {
      let nr = this.#compatNative.get(rec.nr);
      if (!this.#compatNative.has(rec.nr)) {
        nr = syscallNumber(this.#arch, syscallName(this.#arch, rec.nr));
        this.#compatNative.set(rec.nr, nr);
      }
      if (nr === undefined) {
        this.compatSkipped++;
        return;
      }
      rec = { ...rec, nr };
    }
    if (rec.kind === "drop") {
      writeEvent(this.#w, rec.cpu, rec.ts, 0n, MSD_EVENT.DROP, [
        encodeParam(MSD_DROP_PARAMS[0], rec.lost),
      ]);
    } else if (rec.kind === "syscall") {
      // sysdig's events are entries and exits: a completed syscall is both, but for the calls
      // whose entry the module records apart (execve: its memory is gone at exit), which came
      // before as an enter record of its own
      const { kind: _k, enterTs, ret, items, ...base } = rec;
      const apart = ENTER_APART.has(syscallName(this.#arch, rec.nr));
      if (!apart) {
        this.#writeSyscall({ ...base, kind: "enter", ts: enterTs, ...(items ? { items } : {}) });
      }
      if (ret !== undefined) {
        this.#writeSyscall({ ...base, kind: "exit", ret, ...(apart && items ? { items } : {}) });
      } else {
        // a call that never returned leaves no entry for a later exit to complete (as the byte
        // path, writeModuleRecord())
        this.#lastEnter.delete(rec.tid);
      }
    } else if (rec.kind === "signal" || rec.kind === "procexit") {
      // mysysdig's own events (sysdig skips them): the thread's identity first, as for a syscall
      this.#syncThread({ ...rec, kind: "exit", nr: -1, ret: 0n });
      if (rec.kind === "signal") {
        const s = MSD_SIGNAL_PARAMS;
        writeEvent(this.#w, rec.cpu, rec.ts, BigInt(rec.tid), MSD_EVENT.SIGNAL, [
          encodeParam(s[0], BigInt(rec.sig)),
          encodeParam(s[1], BigInt(rec.code)),
          encodeParam(s[2], BigInt(rec.errno)),
          encodeParam(s[3], rec.handler),
          encodeParam(s[4], rec.saFlags),
          encodeParam(s[5], rec.fields),
        ]);
      } else {
        const s = MSD_PROCEXIT_PARAMS;
        writeEvent(this.#w, rec.cpu, rec.ts, BigInt(rec.tid), MSD_EVENT.PROCEXIT, [
          encodeParam(s[0], BigInt(rec.status)),
          encodeParam(s[1], rec.groupDead ? 1n : 0n),
        ]);
      }
    } else {
      this.#writeSyscall(rec);
    }
    this.#written();
  }

  /**
   * Writes the module record (kmod ABI, kmod/my_sysdig_abi.h) at `off` in `buf` straight from its
   * bytes, for the syscalls written as GENERIC_E/X and for drops, producing the same bytes as
   * {@linkcode write} does for the decoded record. Records of the syscalls with a dedicated
   * event, and of threads whose identity a reader does not know yet, are decoded and written by
   * {@linkcode write}. `offset` is the module's CLOCK_REALTIME - CLOCK_MONOTONIC.
   */
  writeModuleRecord(buf: Uint8Array, view: DataView, off: number, offset: bigint): void {
    if (this.#error || this.#closed) this.#check();
    // one offset per trace: the BigInt comparison is by identity first
    if (offset !== this.#rtOffset) this.#setOffset(offset);
    const kind = view.getUint16(off + 2, true);
    if (kind === REC_DROP) {
      this.#rawDrop(view, off);
      this.#written();
      return;
    }
    if (kind === REC_SIGNAL || kind === REC_PROCEXIT) {
      // rare: through the record object
      const rec = decodeRecord(buf, view, off, offset);
      if (rec) this.write(rec);
      return;
    }
    const nr = nrAt(view, off);
    const tid = view.getUint32(off + 20, true);
    const known = this.#threads.get(tid);
    if (kind === REC_SCAP) {
      // the module wrote the events: a copy, after a state update for a thread readers do not know
      if (
        known === undefined || known.pid !== view.getUint32(off + 16, true) ||
        !this.#sameComm(known, buf, view, off, tid)
      ) this.#syncScap(buf, view, off, tid);
      if (this.#lastEnter.size) this.#lastEnter.delete(tid);
      const n = view.getUint16(off, true) - 48 - (view.getUint32(off + 28, true) & RF_PAD4 ? 4 : 0);
      const w = this.#w;
      w.ensure(n);
      copyBytes(w.buf, w.len, buf, off + 48, n);
      w.len += n;
      this.#written();
      return;
    }
    const ppm = nr >= 0 && nr < this.#ppmSc.length ? this.#ppmSc[nr] : -1;
    const plan = ppm < 0 && kind === REC_SYSCALL ? this.#plans[nr] : undefined;
    if (
      (ppm < 0 && plan === undefined) || known === undefined ||
      known.pid !== view.getUint32(off + 16, true) || !this.#sameComm(known, buf, view, off, tid)
    ) {
      // a dedicated event, or a thread that needs a state update first
      const rec = decodeRecord(buf, view, off, offset);
      if (rec) this.write(rec);
      return;
    }
    const size = view.getUint16(off, true);
    const cpu = view.getUint32(off + 24, true);
    if (plan !== undefined) {
      if (this.#lastEnter.size) this.#lastEnter.delete(tid);
      this.#rawDedicated(buf, view, cpu, off, tid, nr, plan, true, off + 112, off + size);
      if (!(view.getUint32(off + 28, true) & RF_UNFINISHED)) {
        this.#rawDedicated(buf, view, cpu, off, tid, nr, plan, false, 0, 0);
      }
    } else if (kind === REC_SYSCALL) {
      if (this.#lastEnter.size) this.#lastEnter.delete(tid);
      this.#rawGeneric(buf, view, cpu, off + 104, tid, nr, ppm, off + 48, off + 112, off + size);
      if (!(view.getUint32(off + 28, true) & RF_UNFINISHED)) {
        this.#rawGeneric(buf, view, cpu, off + 8, tid, nr, ppm, -(off + 96), 0, 0);
      }
    } else if (kind === REC_ENTER) {
      this.#lastEnter.delete(tid);
      this.#rawGeneric(buf, view, cpu, off + 8, tid, nr, ppm, off + 48, off + 96, off + size);
    } else if (kind === REC_EXIT) {
      this.#lastEnter.delete(tid);
      this.#rawGeneric(buf, view, cpu, off + 8, tid, nr, ppm, -(off + 48), off + 56, off + size);
    } else {
      return;
    }
    this.#written();
  }

  /**
   * The state update #syncThread writes before a thread's first event, for the SCAP record at
   * `off`: its identity from the header, the time of its enter event (realtime, at +10 of the
   * first block), as the record path's enter half would give it.
   */
  #syncScap(buf: Uint8Array, view: DataView, off: number, tid: number): void {
    this.#syncThread({
      kind: "exit",
      ts: view.getBigUint64(off + 48 + 10, true),
      cpu: view.getUint32(off + 24, true),
      pid: view.getUint32(off + 16, true),
      tid,
      comm: commOf(view, buf, off + 32, tid),
      nr: nrAt(view, off),
      ret: 0n,
    });
  }

  /** Does the record's comm (at off + 32) equal what readers believe of the thread? */
  #sameComm(
    known: ThreadState,
    buf: Uint8Array,
    view: DataView,
    off: number,
    tid: number,
  ): boolean {
    const w = known.words;
    if (
      w !== undefined && w[0] === view.getInt32(off + 32, true) &&
      w[1] === view.getInt32(off + 36, true) && w[2] === view.getInt32(off + 40, true) &&
      w[3] === view.getInt32(off + 44, true)
    ) return true;
    if (known.comm !== commOf(view, buf, off + 32, tid)) return false;
    known.words = Int32Array.of(
      view.getInt32(off + 32, true),
      view.getInt32(off + 36, true),
      view.getInt32(off + 40, true),
      view.getInt32(off + 44, true),
    );
    return true;
  }

  /** Parameter lengths of the event being written from bytes (reused). */
  #lens = new Int32Array(32);
  #rtOffset = 0n;
  #rtLo = 0;
  #rtHi = 0;
  /** PPM_SC code by syscall number for GENERIC_E/X, -1 where the syscall has its own event. */
  #ppmSc: Int32Array;

  /** Dedicated events written from bytes, by syscall number (completed syscalls only). */
  #plans: Array<RawPlan | undefined> = [];

  #ppmScTable(): Int32Array {
    const t = new Int32Array(1024);
    for (let nr = 0; nr < t.length; nr++) {
      const name = syscallName(this.#arch, nr);
      t[nr] = SPECIFIC_BY_SYSCALL.has(name) || ENTER_APART.has(name) ? -1 : ppmScOf(name);
      const ev = SPECIFIC_BY_SYSCALL.get(name), plan = RAW_PLANS[name];
      if (ev && plan) {
        const w = (e: EventSpec) => Int32Array.from(e.params, (p) => fixedWidth(p.type) ?? 0);
        this.#plans[nr] = {
          ev,
          enter: Int32Array.from(plan[0]),
          exit: Int32Array.from(plan[1]),
          enterW: w(ev.enter),
          exitW: w(ev.exit),
        };
      }
    }
    return t;
  }

  #setOffset(offset: bigint): void {
    this.#rtOffset = offset;
    const u = BigInt.asUintN(64, offset);
    this.#rtLo = Number(u & 0xffffffffn);
    this.#rtHi = Number(u >> 32n);
  }

  /** Writes the realtime time of the monotonic u64 at `at` into the output at `to`. */
  #putTime(view: DataView, at: number, out: DataView, to: number): void {
    const lo = view.getUint32(at, true) + this.#rtLo;
    const hi = view.getUint32(at + 4, true) + this.#rtHi + (lo >= 0x100000000 ? 1 : 0);
    out.setUint32(to, lo >>> 0, true);
    out.setUint32(to + 4, hi >>> 0, true);
  }

  #rawDrop(view: DataView, off: number): void {
    const w = this.#w;
    const total = EVT_HDR_LEN + 2 + 8;
    w.ensure(total + 16);
    const o = w.view, at = w.len;
    o.setUint32(at, BLOCK.EV_V2, true);
    o.setUint16(at + 8, view.getUint32(off + 24, true) & 0xffff, true);
    this.#putTime(view, off + 8, o, at + 10);
    o.setUint32(at + 18, 0, true);
    o.setUint32(at + 22, 0, true);
    o.setUint16(at + 30, MSD_EVENT.DROP, true);
    o.setUint32(at + 32, 1, true);
    o.setUint16(at + 36, 8, true);
    o.setUint32(at + 38, view.getUint32(off + 48, true), true);
    o.setUint32(at + 42, view.getUint32(off + 52, true), true);
    this.#endRaw(at, at + 46);
  }

  /**
   * Ends the event block begun at `at` whose bytes end at `end`: the event's length, padding,
   * the trailer and the block's length.
   */
  #endRaw(at: number, end: number): void {
    const w = this.#w, o = w.view;
    let p = end;
    while ((p - at + 4) & 3) w.buf[p++] = 0;
    const total = p - at + 4;
    o.setUint32(at + 26, end - at - 10, true);
    o.setUint32(p, total, true);
    o.setUint32(at + 4, total, true);
    w.len = p + 4;
  }

  /** Offset of the first item of (arg, type) in [q, end) that holds data or did not fault; -1. */
  #findItem(buf: Uint8Array, q: number, end: number, arg: number, type: number): number {
    while (q + 8 <= end) {
      const len = buf[q] | (buf[q + 1] << 8);
      if (buf[q + 2] === arg && buf[q + 3] === type && (len > 0 || !(buf[q + 4] & 1))) return q;
      q += 8 + ((len + 7) & ~7);
    }
    return -1;
  }

  /**
   * The enter (`enter`, with the record's items in [items, end)) or exit event of the completed
   * syscall (SYSCALL record) at `off`, as its dedicated event, the parameters filled by `plan`.
   */
  #rawDedicated(
    buf: Uint8Array,
    view: DataView,
    cpu: number,
    off: number,
    tid: number,
    nr: number,
    plan: RawPlan,
    enter: boolean,
    items: number,
    end: number,
  ): void {
    const codes = enter ? plan.enter : plan.exit;
    const widths = enter ? plan.enterW : plan.exitW;
    const np = codes.length + 2;
    const args = off + 48, recItems = off + 112, recEnd = off + view.getUint16(off, true);
    // variable-length parameters first: their lengths go before any value
    let varBytes = 0;
    let sa: Uint8Array | undefined;
    const lens = this.#lens;
    for (let i = 0; i < codes.length; i++) {
      const src = codes[i] & ~15, arg = codes[i] & 15;
      let n = widths[i];
      if (src === S_PATH) {
        const q = this.#findItem(buf, recItems, recEnd, arg, 1);
        n = q < 0 ? NA_BYTES.length : (buf[q] | (buf[q + 1] << 8)) + 1;
      } else if (src === S_DATA) {
        const q = this.#findItem(buf, recItems, recEnd, arg, 2);
        n = q < 0 ? 0 : buf[q] | (buf[q + 1] << 8);
      } else if (src === S_SADDR) {
        const q = this.#findItem(buf, recItems, recEnd, arg, 4);
        sa = q < 0
          ? undefined
          : scapSockaddr(buf.subarray(q + 8, q + 8 + (buf[q] | (buf[q + 1] << 8))));
        n = sa ? sa.length : 0;
      }
      lens[i] = n;
      if (widths[i] === 0) varBytes += n;
    }
    const msdLen = enter ? this.#msdArgsLen(view, args) : 16;
    const w = this.#w;
    w.ensure(EVT_HDR_LEN + 2 * np + varBytes + 64 + msdLen + (end - items) + 24);
    const o = w.view, b = w.buf, at = w.len;
    o.setUint32(at, BLOCK.EV_V2, true);
    o.setUint16(at + 8, cpu & 0xffff, true);
    this.#putTime(view, enter ? off + 104 : off + 8, o, at + 10);
    o.setUint32(at + 18, tid, true);
    o.setUint32(at + 22, 0, true);
    o.setUint16(at + 30, enter ? plan.ev.enter.id : plan.ev.exit.id, true);
    o.setUint32(at + 32, np, true);
    let p = at + 36;
    for (let i = 0; i < codes.length; i++, p += 2) o.setUint16(p, lens[i], true);
    o.setUint16(p, msdLen, true);
    const itemsLenAt = p + 2;
    p += 4;
    for (let i = 0; i < codes.length; i++) {
      const src = codes[i] & ~15, arg = codes[i] & 15, width = widths[i];
      const a = args + 8 * arg;
      switch (src) {
        case S_I32:
        case S_U32: {
          const lo = view.getUint32(a, true);
          o.setUint32(p, lo, true);
          if (width === 8) {
            o.setUint32(p + 4, src === S_I32 && lo & 0x80000000 ? 0xffffffff : 0, true);
          }
          break;
        }
        case S_RET:
          o.setUint32(p, view.getUint32(off + 96, true), true);
          o.setUint32(p + 4, view.getUint32(off + 100, true), true);
          break;
        case S_OFLAGS:
          o.setUint32(p, openFlagsToPpm(this.#arch, view.getUint32(a, true)), true);
          break;
        case S_OMODE:
          o.setUint32(
            p,
            openModeToPpm(this.#arch, view.getUint32(a, true), view.getUint32(a + 8, true)),
            true,
          );
          break;
        case S_PATH: {
          const q = this.#findItem(buf, recItems, recEnd, arg, 1);
          if (q < 0) b.set(NA_BYTES, p);
          else {
            copyBytes(b, p, buf, q + 8, lens[i] - 1);
            b[p + lens[i] - 1] = 0;
          }
          break;
        }
        case S_DATA: {
          const q = this.#findItem(buf, recItems, recEnd, arg, 2);
          if (q >= 0) copyBytes(b, p, buf, q + 8, lens[i]);
          break;
        }
        case S_SADDR:
          if (sa) b.set(sa, p);
          break;
        default:
          b.fill(0, p, p + lens[i]);
      }
      p += lens[i];
    }
    o.setUint32(p, nr >>> 0, true);
    o.setUint32(p + 4, 0, true);
    if (enter) copyBytes(b, p + 8, buf, args, msdLen - 8);
    else {
      o.setUint32(p + 8, view.getUint32(off + 96, true), true);
      o.setUint32(p + 12, view.getUint32(off + 100, true), true);
    }
    p += msdLen;
    const itemsAt = p;
    p = this.#rawItems(buf, items, end, p);
    o.setUint16(itemsLenAt, p - itemsAt, true);
    this.#endRaw(at, p);
  }

  /**
   * GENERIC_E (`args` > 0: the six arguments' offset) or GENERIC_X (`args` < 0: minus the
   * result's offset) with the `msd` and `items` parameters, the items taken from the record's
   * [items, end) and converted to the capture's item encoding.
   */
  #rawGeneric(
    buf: Uint8Array,
    view: DataView,
    cpu: number,
    tsAt: number,
    tid: number,
    nr: number,
    ppm: number,
    args: number,
    items: number,
    end: number,
  ): void {
    const w = this.#w;
    const enter = args > 0;
    const msdLen = enter ? this.#msdArgsLen(view, args) : 16;
    const np = enter ? 4 : 3;
    w.ensure(EVT_HDR_LEN + 2 * np + 4 + msdLen + (end - items) + 24);
    const o = w.view, b = w.buf, at = w.len;
    o.setUint32(at, BLOCK.EV_V2, true);
    o.setUint16(at + 8, cpu & 0xffff, true);
    this.#putTime(view, tsAt, o, at + 10);
    o.setUint32(at + 18, tid, true);
    o.setUint32(at + 22, 0, true);
    o.setUint16(at + 30, enter ? GENERIC_E.id : GENERIC_X.id, true);
    o.setUint32(at + 32, np, true);
    let p = at + 36;
    o.setUint16(p, 2, true);
    p += 2;
    if (enter) {
      o.setUint16(p, 2, true);
      p += 2;
    }
    o.setUint16(p, msdLen, true);
    const itemsLenAt = p + 2;
    p += 4;
    o.setUint16(p, ppm, true);
    p += 2;
    if (enter) {
      o.setUint16(p, nr & 0xffff, true);
      p += 2;
    }
    o.setUint32(p, nr >>> 0, true);
    o.setUint32(p + 4, 0, true);
    if (enter) copyBytes(b, p + 8, buf, args, msdLen - 8);
    else {
      o.setUint32(p + 8, view.getUint32(-args, true), true);
      o.setUint32(p + 12, view.getUint32(-args + 4, true), true);
    }
    p += msdLen;
    const itemsAt = p;
    p = this.#rawItems(buf, items, end, p);
    o.setUint16(itemsLenAt, p - itemsAt, true);
    this.#endRaw(at, p);
  }

  /** Length of an enter event's `msd`: the arguments after the last non-zero one are left out. */
  #msdArgsLen(view: DataView, args: number): number {
    let n = 6;
    while (
      n > 0 && view.getUint32(args + 8 * n - 8, true) === 0 &&
      view.getUint32(args + 8 * n - 4, true) === 0
    ) n--;
    return 8 + 8 * n;
  }

  /**
   * The record's items in [q, end) (struct msd_item + data padded to 8) as the `items`
   * parameter's encoding at p in the output (see encodeItems); returns the end.
   */
  #rawItems(buf: Uint8Array, q: number, end: number, p: number): number {
    const b = this.#w.buf;
    const limit = p + ITEMS_MAX;
    while (q + 8 <= end) {
      const len = buf[q] | (buf[q + 1] << 8);
      if (q + 8 + len > end) throw new Error(`malformed item at byte ${q}: length ${len}`);
      const type = buf[q + 3];
      if (type >= 1 && type <= 9) {
        if (p + ITEM_HDR > limit) break;
        const n = Math.min(len, limit - p - ITEM_HDR);
        const flags = buf[q + 4] | (buf[q + 5] << 8);
        b[p] = n & 0xff;
        b[p + 1] = n >> 8;
        b[p + 2] = buf[q + 2];
        b[p + 3] = type;
        b[p + 4] = (flags & 1) | (flags & 2 || n < len ? 2 : 0);
        b[p + 5] = b[p + 6] = b[p + 7] = 0;
        copyBytes(b, p + ITEM_HDR, buf, q + 8, n);
        p += ITEM_HDR + n;
      }
      q += 8 + ((len + 7) & ~7);
    }
    return p;
  }

  /** After each record: flush or rotate when due. */
  #written(): void {
    try {
      if (this.#w.len >= this.#autoFlushBytes()) this.#flushSync();
      if (
        this.#rotateBytes &&
        this.#fileBytes + (this.#opts.gzip ? 0 : this.#w.len) >= this.#rotateBytes
      ) {
        this.#rotate();
      }
    } catch (e) {
      this.#errorThrown = true;
      throw e;
    }
  }

  #autoFlushBytes(): number {
    // Compressed size is known only after a flush: flush more often when rotating gzip files.
    if (this.#opts.gzip && this.#rotateBytes) {
      return Math.max(4096, Math.min(FLUSH_BYTES, this.#rotateBytes / 4));
    }
    return FLUSH_BYTES;
  }

  #rotate(): void {
    this.#flushSync();
    this.#file?.close();
    this.#file = undefined;
    const files = this.#opts.rotateFiles;
    const next = files && files > 0 ? (this.#fileIndex + 1) % files : this.#fileIndex + 1;
    try {
      this.#openFile(next);
    } catch (e) {
      this.#error = e instanceof CaptureWriteError
        ? e
        : new CaptureWriteError(String(e), { cause: e });
      throw this.#error;
    }
  }

  #procInfo(pid: number, comm: string): ProcInfo {
    const cached = this.#procCache.get(pid);
    if (cached && cached.comm === comm) return cached.info;
    const info = (this.#procfs && readProcInfo(pid, comm)) || procInfoFromComm(comm);
    if (this.#procCache.size >= STATE_MAX) this.#procCache.clear();
    this.#procCache.set(pid, { comm, info });
    return info;
  }

  /** EXECVE_19_X / CLONE*_X parameters describing the calling thread. */
  #identity(rec: EnterRecord | ExitRecord, info: ProcInfo): ParamValues {
    return {
      exe: info.exe,
      args: info.args,
      tid: BigInt(rec.tid),
      pid: BigInt(rec.pid),
      ptid: BigInt(info.ptid),
      cwd: info.cwd,
      fdlimit: info.fdlimit,
      comm: rec.comm,
      pgid: BigInt(info.pgid),
      loginuid: -1n,
      uid: BigInt(info.uid),
      gid: BigInt(info.gid),
      vtid: BigInt(rec.tid),
      vpid: BigInt(rec.pid),
    };
  }

  /** Tell readers the thread's pid and comm if they would otherwise get them wrong. */
  #syncThread(rec: EnterRecord | ExitRecord): void {
    const known = this.#threads.get(rec.tid);
    if (known && known.pid === rec.pid && known.comm === rec.comm) return;
    const spec = SPECIFIC_BY_ID.get(EXECVE_19_X)!.exit;
    const values = this.#identity(rec, this.#procInfo(rec.pid, rec.comm));
    values.res = 0n;
    this.#emit(rec, spec, values, undefined, DF_STATE_ONLY, false);
    // bounded over a long trace of many short-lived threads: forgetting a thread only costs
    // another state update if it is seen again
    if (this.#threads.size >= STATE_MAX) this.#threads.clear();
    this.#threads.set(rec.tid, { pid: rec.pid, comm: rec.comm });
  }

  #writeSyscall(rec: EnterRecord | ExitRecord): void {
    const name = syscallName(this.#arch, rec.nr);
    const ev = SPECIFIC_BY_SYSCALL.get(name);
    const identityExit = rec.kind === "exit" && ev !== undefined &&
      ev.exit.params[13]?.name === "comm";
    // sysdig takes a thread's identity from a successful execve exit. From a clone exit it takes
    // it only for a thread it has never seen, so those are preceded by a state update too.
    if (!(identityExit && ev.syscall === "execve" && rec.ret >= 0n)) this.#syncThread(rec);
    const tail = this.#msdParams(rec);
    if (rec.kind === "enter") {
      if (ev) {
        const values = this.#enterValues(ev, rec);
        if (this.#lastEnter.size >= STATE_MAX) this.#lastEnter.clear();
        this.#lastEnter.set(rec.tid, { nr: rec.nr, values });
        this.#emit(rec, ev.enter, values, tail);
      } else {
        this.#lastEnter.delete(rec.tid);
        this.#emit(rec, GENERIC_E, { ID: ppmScOf(name), nativeID: rec.nr }, tail);
      }
    } else {
      const enter = this.#lastEnter.get(rec.tid);
      this.#lastEnter.delete(rec.tid);
      if (ev) {
        const values = this.#emit(
          rec,
          ev.exit,
          this.#exitValues(ev, rec, enter?.nr === rec.nr ? enter.values : {}),
          tail,
        );
        if (identityExit) {
          this.#threads.set(rec.tid, { pid: rec.pid, comm: rec.comm });
          // The parent's clone exit makes readers create the child from the parent.
          if (ev.syscall !== "execve" && rec.ret > 0n) {
            const child = Number(rec.ret);
            const thread = Number(values.flags ?? 0) & PPM_CL.CLONE_THREAD;
            this.#threads.set(child, { pid: thread ? rec.pid : child, comm: rec.comm });
          }
        }
      } else {
        this.#emit(rec, GENERIC_X, { ID: ppmScOf(name) }, tail);
      }
    }
  }

  /**
   * The two parameters after sysdig's: `msd` (enter: u32 nr, u32 flags, up to six arguments as
   * u64; exit: u32 nr, u32 flags, the result as s64) and `items` (the record's captures).
   */
  #msdParams(rec: EnterRecord | ExitRecord): ExtraParams {
    const x = this.#extra, v = this.#extraView;
    v.setUint32(0, rec.nr >>> 0, true);
    v.setUint32(4, 0, true);
    let p: number;
    if (rec.kind === "enter") {
      // arguments after the last non-zero one are left out: readers take them as 0
      const a = rec.args;
      let n = Math.min(a.length, 6);
      while (n > 0 && a[n - 1] === 0n) n--;
      for (let i = 0; i < n; i++) v.setBigUint64(8 + 8 * i, a[i], true);
      p = 8 + 8 * n;
    } else {
      v.setBigInt64(8, rec.ret, true);
      p = MSD_EXIT_LEN;
    }
    x.lens[0] = p;
    x.lens[1] = rec.items ? encodeItems(rec.items, x.buf, p) - p : 0;
    return x;
  }

  #enterValues(ev: SyscallEvents, rec: EnterRecord): ParamValues {
    const a = rec.args;
    switch (ev.syscall) {
      case "open":
        return {
          name: STRING_NA,
          flags: openFlagsToPpm(this.#arch, Number(uint32(a[1]))),
          mode: openModeToPpm(this.#arch, Number(uint32(a[1])), Number(uint32(a[2]))),
        };
      case "openat":
        return {
          dirfd: int32(a[0]),
          name: STRING_NA,
          flags: openFlagsToPpm(this.#arch, Number(uint32(a[2]))),
          mode: openModeToPpm(this.#arch, Number(uint32(a[2])), Number(uint32(a[3]))),
        };
      case "close":
        return { fd: int32(a[0]) };
      case "read":
      case "write":
        return { fd: int32(a[0]), size: uint32(a[2]) };
      case "socket":
        return { domain: uint32(a[0]), type: uint32(a[1]), proto: uint32(a[2]) };
      case "connect":
        return { fd: int32(a[0]), addr: new Uint8Array() };
      case "accept4":
        return { flags: int32(a[3]) };
      case "execve":
        return { filename: STRING_NA };
      case "clone":
        return { rawFlags: a[0] ?? 0n };
      default:
        return {};
    }
  }

  #exitValues(ev: SyscallEvents, rec: ExitRecord, enter: ParamValues): ParamValues {
    const values: ParamValues = { ...enter };
    values[ev.exit.params[0].name] = rec.ret;
    switch (ev.syscall) {
      case "open":
      case "openat":
        values.name ??= STRING_NA;
        values.dev = 0;
        break;
      case "read":
      case "write":
        values.data = new Uint8Array();
        break;
      case "connect":
        values.tuple = new Uint8Array();
        break;
      case "accept":
      case "accept4":
        values.tuple = new Uint8Array();
        break;
      case "execve": {
        // After a successful exec the process is a new program: look it up again.
        if (rec.ret >= 0n) this.#procCache.delete(rec.pid);
        Object.assign(values, this.#identity(rec, this.#procInfo(rec.pid, rec.comm)));
        values.res = rec.ret;
        break;
      }
      case "clone":
      case "fork":
      case "vfork":
      case "clone3": {
        Object.assign(values, this.#identity(rec, this.#procInfo(rec.pid, rec.comm)));
        values.res = rec.ret;
        values.flags = this.#cloneFlags(ev.syscall, rec, enter);
        break;
      }
    }
    return values;
  }

  #cloneFlags(syscall: string, rec: ExitRecord, enter: ParamValues): number {
    const raw = enter.rawFlags;
    if (syscall === "clone" && typeof raw === "bigint") return cloneFlagsToPpm(raw);
    if (syscall === "vfork") return PPM_CL.CLONE_VM | PPM_CL.CLONE_VFORK;
    // The child's exit has no enter: a thread shares its process' pid.
    return rec.pid !== rec.tid ? PPM_CL.CLONE_THREAD | PPM_CL.CLONE_FILES | PPM_CL.CLONE_VM : 0;
  }

  #emit(
    rec: EnterRecord | ExitRecord,
    spec: EventSpec,
    values: ParamValues,
    tail?: ExtraParams,
    flags?: number,
    useDecoded = true,
  ): ParamValues {
    const decoded = useDecoded ? this.#opts.params?.(rec) : undefined;
    const vals = this.#vals;
    vals.length = spec.params.length;
    for (let i = 0; i < spec.params.length; i++) {
      const name = spec.params[i].name;
      let v = values[name];
      const d = decoded?.[name];
      if (d !== undefined && !PROTECTED.has(name)) v = values[name] = d;
      vals[i] = v ?? 0n;
    }
    writeEventValues(this.#w, rec.cpu, rec.ts, rec.tid, spec.id, spec.params, vals, tail, flags);
    return values;
  }

  #flushSync(): void {
    if (!this.#file || this.#w.len === 0) return;
    if (this.#gzipWorker && this.#fileBytes > 0) {
      this.#flushToWorker(this.#gzipWorker);
      return;
    }
    let data = this.#w.data();
    if (this.#gzipSync) data = this.#gzipSync(data);
    this.#writeOut(data);
    this.#w.reset();
  }

  /**
   * Hands the buffer to the gzip worker; its member is written when it comes back, after every
   * earlier one. Past GZIP_INFLIGHT bytes in the worker, this thread compresses (the reader
   * slows rather than memory growing). A write error is kept in #error for the next call.
   */
  #flushToWorker(worker: GzipWorker): void {
    const raw = this.#w.data();
    const member = worker.inflight + raw.length <= GZIP_INFLIGHT
      ? worker.compress(raw)
      : Promise.resolve(this.#gzipSync!(raw));
    this.#w.reset();
    this.#lastFlush = Date.now();
    this.#writes = this.#writes.then(async () => {
      let z: Uint8Array;
      try {
        z = await member;
      } catch (e) {
        this.#error ??= new CaptureWriteError(`cannot compress ${this.#fileName}: ${e}`);
        return;
      }
      if (this.#error || !this.#file) return;
      try {
        this.#writeOut(z);
      } catch { /* kept in #error */ }
    });
  }

  /** Writes whole blocks (or one gzip member); on failure cuts the file back and throws. */
  #writeOut(data: Uint8Array): void {
    if (!this.#file) return;
    let done = 0;
    try {
      while (done < data.length) done += this.#file.writeSync(data.subarray(done));
    } catch (e) {
      // Cut the partial block (or gzip member) so the file ends on a whole one.
      try {
        this.#file.truncateSync(this.#fileBytes);
      } catch { /* keep the first error */ }
      const full = /No space|ENOSPC|os error 28|quota/i.test(String(e));
      this.#error = new CaptureWriteError(
        full
          ? `disk full writing ${this.#fileName}: capture stopped; the file holds everything up to ` +
            `the last flush (${this.#fileBytes} bytes) and is readable`
          : `cannot write ${this.#fileName}: ${(e as Error).message}; the file holds everything ` +
            `up to the last flush (${this.#fileBytes} bytes)`,
        { cause: e },
      );
      this.#w.reset();
      throw this.#error;
    }
    this.#fileBytes += data.length;
    this.#lastFlush = Date.now();
  }

  async flush(): Promise<void> {
    try {
      this.#check();
      this.#flushSync();
      await this.#writes;
      this.#check();
    } catch (e) {
      this.#errorThrown = true;
      throw e;
    }
  }

  async close(_stats: TraceStats): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.compatSkipped) {
      this.#opts.note?.(
        `${this.compatSkipped} calls of 32-bit programs left out of ${this.#path}: ` +
          "sysdig's events have no 64-bit namesake for them (stat64, _llseek, socketcall...)",
      );
    }
    if (this.#timer !== undefined) clearInterval(this.#timer);
    let err: unknown;
    try {
      if (!this.#error) this.#flushSync();
    } catch (e) {
      err = e;
    }
    await this.#writes;
    this.#gzipWorker?.close();
    try {
      this.#file?.close();
    } catch { /* already closed */ }
    this.#file = undefined;
    // An error already thrown by write() or flush() is not reported a second time.
    if (err !== undefined) throw err;
    if (this.#error && !this.#errorThrown) throw this.#error;
  }
}

/**
 * Opens a capture file for writing; records written to the returned sink end up in sysdig's
 * scap format. Throws {@linkcode CaptureWriteError} when the file cannot be created; write(),
 * flush() and close() throw it when the disk is full (the file stays readable up to the last
 * flush).
 *
 * @example
 * ```ts ignore
 * const sink = await openCaptureWriter("trace.scap", { arch: "x86_64", backend: "kmod" }, {});
 * for await (const rec of backend.records()) sink.write(rec);
 * await sink.close(backend.stats());
 * ```
 */
export function openCaptureWriter(
  path: string,
  ctx: SinkContext,
  opts: CaptureWriterOptions = {},
): Promise<CaptureSink> {
  if (
    opts.rotateFiles !== undefined && opts.rotateFiles > 0 && !(opts.rotateMb && opts.rotateMb > 0)
  ) {
    return Promise.reject(new UsageError("a ring of capture files (-W) needs a file size (-C MB)"));
  }
  return (async () => {
    const w = new CaptureWriter(path, ctx, opts);
    if (opts.gzip) {
      const zlib = await import("node:zlib");
      const { GzipWorker } = await import("./gzip.ts");
      w.useGzip(
        (b) => zlib.gzipSync(b, { level: 6 }),
        opts.rotateMb ? undefined : new GzipWorker(),
      );
    }
    w.open();
    return w;
  })();
}
