/**
 * The tracefs backend's events as the module's records: raw_syscalls' entries and exits, taken
 * in time order, become the bytes /dev/my_sysdig's read() returns (kmod/my_sysdig_abi.h), so that
 * both backends feed the same byte paths (the capture writer's, text's and JSON's) and the same
 * decoder.
 *
 * Completed syscalls are paired here as the module pairs them, with the rules of the object
 * pairer (src/pair.ts, which tests/tracefs_records_test.ts holds this to): an entry waits for
 * its thread's exit of the same call and becomes a SYSCALL record with it; an exit without one
 * is an EXIT record; an entry followed by another entry of its thread, or of a call that never
 * returns (exit, exit_group), is an unfinished call (at the time of its entry, as that pairer
 * makes it); execve's exit completes the entry of the thread that called it, under the leader's
 * tid. As the module does, the entry of a call whose entry is a record of its own (execve,
 * execveat: MSD_SC_ENTER in the spec) is also written as an ENTER record when it happens, and
 * the completed call follows at its exit; a capture writer takes the enter event from the one
 * and the exit event from the other. With `both`, entries and exits stay ENTER and EXIT records.
 * Nothing is allocated per event: records go into one buffer (a read's worth), waiting entries
 * into a table of slots.
 *
 * Strings: a syscall with a probe (`probed()`, src/tracefs_probes.ts) gets its string arguments
 * from the probe's event, which comes after its thread's entry and before its exit; `strings()`
 * keeps them in the thread's slot as the module's STR items, and the call's record carries them.
 * An ENTER record of such a call (execve's, or any with `both`) waits in the slot for them: it is
 * written when they come, or, without them, at the thread's next event.
 *
 * @module
 */
import { NR_MAX, REC_DROP, REC_ENTER, REC_EXIT, REC_SYSCALL, RF_UNFINISHED } from "./abi.ts";
import { NO_RETURN } from "./decode.ts";
import type { RawBatch } from "./rawmerge.ts";
import type { Arch } from "./record.ts";
import { syscallName } from "./syscalls.ts";
import { SPEC } from "./syscalls/spec.ts";

/** Who a record belongs to, as its header holds it. */
export interface RecordTask {
  /** Thread group id. */
  tgid: number;
  /** The comm's 16 bytes (NUL-padded) as four little-endian words. */
  c0: number;
  c1: number;
  c2: number;
  c3: number;
}

/** The comm words of {@linkcode RecordTask} for `comm` (at most 15 bytes of it). */
export function commWords(comm: string): [number, number, number, number] {
  const b = new Uint8Array(16);
  const enc = new TextEncoder().encode(comm);
  b.set(enc.subarray(0, Math.min(enc.length, 15)));
  const w = new Uint32Array(b.buffer);
  return [w[0], w[1], w[2], w[3]];
}

// Record sizes (kmod/my_sysdig_abi.h).
const SYSCALL_SIZE = 112;
const ENTER_SIZE = 96;
const EXIT_SIZE = 56;
const DROP_SIZE = 56;
/** Bytes of records one batch holds. */
export const RECORDS_BYTES = 256 << 10;
/**
 * Record times are ns after the backend's base time plus this, so that an event a little before
 * the base still has a positive time.
 */
export const TS_BIAS = 1_000_000_000;
const TWO32 = 4294967296;
// A waiting entry: SLOT words of #slots (number, tgid, tid, cpu, comm's four words, the
// arguments' twelve u32 halves) and its time in #slotKeys.
const SLOT = 20;
/** Threads with a slot past which those with no call waiting give theirs back. */
const SLOTS_SWEEP = 16384;
// What a syscall is, by number (#traits): it never returns, it is execve or execveat, its entry is
// a record of its own (MSD_SC_ENTER).
const T_NORETURN = 1;
const T_EXECVE = 2;
const T_APART = 4;
/** A probe fetches its strings (probed()). */
const T_PROBED = 8;
/** A STR item (kmod/my_sysdig_abi.h). */
const IT_STR = 1;
const IF_FAULT = 1;
const IF_TRUNC = 2;
/** Most bytes of a string item's data (MSD_PATH_MAX). */
const PATH_MAX = 4096;
/** Most bytes of the items of one record: three strings. */
const ITEMS_MAX = 3 * (8 + PATH_MAX);

/** Writes the module's records from entries and exits in time order; see the module comment. */
export class TracefsRecords {
  #both: boolean;
  /** T_* bits by syscall number. */
  #traits = new Uint8Array(NR_MAX);
  /**
   * Each thread's slot, kept while the thread makes calls (one lookup per event, no insertion or
   * deletion per call); #waiting[slot] is 1 while its entry waits for the exit.
   */
  #byTid = new Map<number, number>();
  #slots = new Uint32Array(64 * SLOT);
  #slotKeys = new Float64Array(64);
  #waiting = new Uint8Array(64);
  #nWaiting = 0;
  /** 1 while the slot's ENTER record waits for its strings. */
  #deferred = new Uint8Array(64);
  #nDeferred = 0;
  /** Each slot's string items, as the record holds them (#itemLen[slot] bytes). */
  #items: Uint8Array[] = [];
  #itemLen = new Int32Array(64);
  #freeSlots: number[] = [];
  #nextSlot = 0;
  #out = new Uint8Array(RECORDS_BYTES);
  #view = new DataView(this.#out.buffer);
  #o = new Uint32Array(this.#out.buffer);
  #offs = new Int32Array(RECORDS_BYTES / EXIT_SIZE);
  #pos = 0;
  #n = 0;

  /** Records of `arch`'s syscalls; `both`: entries and exits, never paired. */
  constructor(arch: Arch, both: boolean) {
    this.#both = both;
    for (let nr = 0; nr < NR_MAX; nr++) {
      const name = syscallName(arch, nr);
      this.#traits[nr] = (NO_RETURN.has(name) ? T_NORETURN : 0) |
        (name.startsWith("execve") ? T_EXECVE : 0) | (SPEC[name]?.enter ? T_APART : 0);
    }
  }

  /** Whether syscall `nr` has trait `t` (a number outside the table has none). */
  #is(nr: number, t: number): boolean {
    return nr >= 0 && nr < NR_MAX && (this.#traits[nr] & t) !== 0;
  }

  /** Syscall `nr` has a probe: its strings come through strings(). */
  probed(nr: number): void {
    if (nr >= 0 && nr < NR_MAX) this.#traits[nr] |= T_PROBED;
  }

  /** True when the buffer may not take the records of one more event: take() it first. */
  full(): boolean {
    return this.#pos > RECORDS_BYTES - 2 * (SYSCALL_SIZE + ITEMS_MAX) ||
      this.#n > this.#offs.length - 3;
  }

  /** Entries waiting for their exit. */
  get waiting(): number {
    return this.#nWaiting;
  }

  /**
   * The records written since the last take(), valid until the next write; undefined when there
   * are none.
   */
  take(): RawBatch | undefined {
    if (this.#n === 0) return undefined;
    const b = { buf: this.#out, view: this.#view, offs: this.#offs, n: this.#n };
    this.#pos = 0;
    this.#n = 0;
    return b;
  }

  /** A syscall's entry at `key` on `cpu`; its six arguments are u32 halves at `args[at..]`. */
  enter(
    key: number,
    cpu: number,
    t: RecordTask,
    tid: number,
    nr: number,
    args: Uint32Array,
    at: number,
  ): void {
    const probed = this.#is(nr, T_PROBED);
    if (this.#both) {
      if (this.#nDeferred) this.#flushDeferred(tid);
      if (!probed) {
        this.#enterRecord(key, cpu, t, tid, nr, args, at);
        return;
      }
    }
    let s = this.#byTid.get(tid);
    if (s === undefined) {
      s = this.#slot();
      this.#byTid.set(tid, s);
    } else {
      if (this.#deferred[s]) this.#writeDeferred(s);
      if (this.#waiting[s]) {
        // a thread's entry before its last one returned: that one never will
        this.#unfinished(s);
        this.#settle(s);
      }
    }
    // after that unfinished call: a reader pairs the ENTER record with what comes next
    const apart = this.#both || this.#is(nr, T_APART);
    if (apart && !probed) {
      this.#enterRecord(key, cpu, t, tid, nr, args, at);
    }
    const sw = this.#slots, b = s * SLOT;
    sw[b] = nr;
    sw[b + 1] = t.tgid;
    sw[b + 2] = tid;
    sw[b + 3] = cpu;
    sw[b + 4] = t.c0, sw[b + 5] = t.c1, sw[b + 6] = t.c2, sw[b + 7] = t.c3;
    for (let k = 0; k < 12; k++) sw[b + 8 + k] = args[at + k];
    this.#slotKeys[s] = key;
    this.#itemLen[s] = 0;
    if (apart && probed) {
      // the ENTER record waits for the strings
      this.#deferred[s] = 1;
      this.#nDeferred++;
    }
    if (this.#both) return;
    if (this.#is(nr, T_NORETURN)) {
      this.#unfinished(s);
    } else {
      this.#waiting[s] = 1;
      this.#nWaiting++;
    }
  }

  #enterRecord(
    key: number,
    cpu: number,
    t: RecordTask,
    tid: number,
    nr: number,
    args: Uint32Array,
    at: number,
  ): void {
    const w = this.#record(ENTER_SIZE, REC_ENTER, nr, key, t, tid, cpu, 0);
    for (let k = 0; k < 12; k++) this.#o[w + 12 + k] = args[at + k];
  }

  /**
   * Writes slot `s`'s ENTER record that waited for its strings, with the items it has (none when
   * they never came); the items go with it.
   */
  #writeDeferred(s: number): void {
    this.#deferred[s] = 0;
    this.#nDeferred--;
    const sw = this.#slots, o = this.#o, b = s * SLOT;
    const n = this.#itemLen[s];
    const w = this.#record(
      ENTER_SIZE + n,
      REC_ENTER,
      sw[b],
      this.#slotKeys[s],
      undefined,
      sw[b + 2],
      sw[b + 3],
      0,
    );
    o[w + 4] = sw[b + 1];
    for (let k = 0; k < 4; k++) o[w + 8 + k] = sw[b + 4 + k];
    for (let k = 0; k < 12; k++) o[w + 12 + k] = sw[b + 8 + k];
    if (n) this.#putItems(s, w * 4 + ENTER_SIZE);
    this.#itemLen[s] = 0;
  }

  /** Copies slot `s`'s items to the record bytes at `at`. */
  #putItems(s: number, at: number): void {
    const src = this.#items[s], out = this.#out, n = this.#itemLen[s];
    for (let k = 0; k < n; k++) out[at + k] = src[k];
  }

  /** Thread `tid`'s ENTER record still waiting for strings, if any, written without them. */
  #flushDeferred(tid: number): void {
    const s = this.#byTid.get(tid);
    if (s !== undefined && this.#deferred[s]) this.#writeDeferred(s);
  }

  /**
   * A probe's strings for thread `tid`'s call `nr`: `count` of them, described by `q` from word
   * `at` on, three words each: the argument | flags (MSD_IF_*) << 8, the offset of its bytes in
   * `bytes`, their length. Ignored unless that call's entry waits in the thread's slot.
   */
  strings(
    tid: number,
    nr: number,
    count: number,
    q: Uint32Array,
    at: number,
    bytes: Uint8Array,
  ): void {
    const s = this.#byTid.get(tid);
    if (s === undefined || (!this.#waiting[s] && !this.#deferred[s])) return;
    if ((this.#slots[s * SLOT] | 0) !== nr || this.#itemLen[s] !== 0) return;
    let buf = this.#items[s];
    if (buf === undefined) buf = this.#items[s] = new Uint8Array(512);
    let n = 0;
    for (let j = 0; j < count; j++) {
      const a = q[at + 3 * j], off = q[at + 3 * j + 1];
      const len = Math.min(q[at + 3 * j + 2], PATH_MAX);
      const need = n + 8 + ((len + 7) & ~7);
      if (need > buf.length) {
        const nb = new Uint8Array(Math.max(need, buf.length * 2));
        nb.set(buf.subarray(0, n));
        buf = this.#items[s] = nb;
      }
      buf[n] = len & 0xff;
      buf[n + 1] = len >> 8;
      buf[n + 2] = a & 0xff;
      buf[n + 3] = IT_STR;
      buf[n + 4] = (a >> 8) & (IF_FAULT | IF_TRUNC);
      buf[n + 5] = buf[n + 6] = buf[n + 7] = 0;
      for (let k = 0; k < len; k++) buf[n + 8 + k] = bytes[off + k];
      buf.fill(0, n + 8 + len, need);
      n = need;
    }
    this.#itemLen[s] = n;
    // an ENTER record waits on while a string failed: the kernel's own copy may still come
    if (this.#deferred[s] && !this.#faulted(s)) this.#writeDeferred(s);
  }

  /** Whether one of slot `s`'s items is a string that could not be read. */
  #faulted(s: number): boolean {
    const buf = this.#items[s], n = this.#itemLen[s];
    for (let p = 0; p < n; p += 8 + (((buf[p] | (buf[p + 1] << 8)) + 7) & ~7)) {
      if (buf[p + 4] & IF_FAULT) return true;
    }
    return false;
  }

  /**
   * The kernel's copy of a path thread `tid` passed at user address `uptrLo`/`uptrHi` (the
   * putname probe): it replaces a string of the waiting call at that address that could not be
   * read at entry. `bytes[off..off+len)`, `flags` MSD_IF_TRUNC when cut.
   */
  kernelString(
    tid: number,
    uptrLo: number,
    uptrHi: number,
    bytes: Uint8Array,
    off: number,
    len: number,
    flags: number,
  ): void {
    const s = this.#byTid.get(tid);
    if (s === undefined || (!this.#waiting[s] && !this.#deferred[s])) return;
    const n = this.#itemLen[s];
    if (n === 0) return;
    const buf = this.#items[s], sw = this.#slots, b = s * SLOT;
    for (let p = 0; p < n; p += 8 + (((buf[p] | (buf[p + 1] << 8)) + 7) & ~7)) {
      const a = buf[p + 2];
      if (
        !(buf[p + 4] & IF_FAULT) || buf[p] | buf[p + 1] || sw[b + 8 + 2 * a] !== uptrLo ||
        sw[b + 9 + 2 * a] !== uptrHi
      ) continue;
      // the fault item has no data: put the string in its place
      len = Math.min(len, PATH_MAX);
      const size = 8 + ((len + 7) & ~7);
      const nb = new Uint8Array(Math.max(buf.length, n - 8 + size));
      nb.set(buf.subarray(0, p));
      nb[p] = len & 0xff;
      nb[p + 1] = len >> 8;
      nb[p + 2] = a;
      nb[p + 3] = IT_STR;
      nb[p + 4] = flags & IF_TRUNC;
      nb.set(bytes.subarray(off, off + len), p + 8);
      nb.set(buf.subarray(p + 8, n), p + size);
      this.#items[s] = nb;
      this.#itemLen[s] = n - 8 + size;
      if (this.#deferred[s] && !this.#faulted(s)) this.#writeDeferred(s);
      return;
    }
  }

  /** A syscall's exit at `key` on `cpu`; its result as u32 halves. */
  exit(
    key: number,
    cpu: number,
    t: RecordTask,
    tid: number,
    nr: number,
    retLo: number,
    retHi: number,
  ): void {
    const o = this.#o;
    let s: number | undefined;
    if (this.#nDeferred) this.#flushDeferred(tid);
    if (!this.#both) {
      const own = this.#byTid.get(tid);
      if (own !== undefined && this.#waiting[own]) {
        if ((this.#slots[own * SLOT] | 0) === nr) s = own;
      } else if (tid === t.tgid && this.#is(nr, T_EXECVE)) {
        s = this.#execveEntry(t.tgid, nr);
      }
    }
    if (s === undefined) {
      const w = this.#record(EXIT_SIZE, REC_EXIT, nr, key, t, tid, cpu, 0);
      o[w + 12] = retLo;
      o[w + 13] = retHi;
      return;
    }
    if (this.#deferred[s]) this.#writeDeferred(s);
    const sw = this.#slots, b = s * SLOT;
    const n = this.#itemLen[s];
    const w = this.#record(SYSCALL_SIZE + n, REC_SYSCALL, nr, key, t, tid, cpu, 0);
    for (let k = 0; k < 12; k++) o[w + 12 + k] = sw[b + 8 + k];
    o[w + 24] = retLo;
    o[w + 25] = retHi;
    this.#time(w + 26, this.#slotKeys[s]);
    if (n) this.#putItems(s, w * 4 + SYSCALL_SIZE);
    this.#itemLen[s] = 0;
    this.#settle(s);
  }

  /**
   * An execve's exit under the leader's tid: the waiting entry of that call by a thread of
   * `tgid` (which took over the leader's tid); of several, the oldest.
   */
  #execveEntry(tgid: number, nr: number): number | undefined {
    let s: number | undefined;
    const sw = this.#slots, waiting = this.#waiting, keys = this.#slotKeys;
    for (const os of this.#byTid.values()) {
      if (
        waiting[os] && sw[os * SLOT + 1] === tgid && (sw[os * SLOT] | 0) === nr &&
        (s === undefined || keys[os] < keys[s])
      ) s = os;
    }
    return s;
  }

  /** Slot `s`'s entry no longer waits. */
  #settle(s: number): void {
    this.#waiting[s] = 0;
    this.#nWaiting--;
  }

  /**
   * Thread `tid` exited: a call it was in never returns (an unfinished call, as the module writes
   * one for a thread that dies in a syscall), and its slot is free again.
   */
  gone(tid: number): void {
    const s = this.#byTid.get(tid);
    if (s === undefined) return;
    if (this.#deferred[s]) this.#writeDeferred(s);
    if (this.#waiting[s]) {
      this.#unfinished(s);
      this.#settle(s);
    }
    this.#byTid.delete(tid);
    this.#freeSlots.push(s);
  }

  /** `lost` events of `cpu` before `key` (a DROP record). */
  drop(key: number, cpu: number, lostLo: number, lostHi: number): void {
    const w = this.#record(DROP_SIZE, REC_DROP, 0, key, undefined, 0, cpu, 0);
    this.#o[w + 12] = lostLo;
    this.#o[w + 13] = lostHi;
  }

  /**
   * The entries still waiting, as unfinished calls (oldest entry first),
   * as many as the buffer takes; true when some are left for after the next take().
   */
  finish(): boolean {
    const order: number[] = [];
    for (const s of this.#byTid.values()) {
      if (this.#waiting[s] || this.#deferred[s]) order.push(s);
    }
    order.sort((a, b) => this.#slotKeys[a] - this.#slotKeys[b]);
    for (const s of order) {
      if (this.full()) return true;
      if (this.#deferred[s]) this.#writeDeferred(s);
      if (this.#waiting[s]) {
        this.#unfinished(s);
        this.#settle(s);
      }
    }
    return false;
  }

  /**
   * A free slot. The table grows with the threads seen; past SLOTS_SWEEP threads, those with no
   * call waiting give their slots back (threads that have gone keep none for long).
   */
  #slot(): number {
    if (this.#freeSlots.length === 0 && this.#byTid.size >= SLOTS_SWEEP) {
      for (const [tid, s] of this.#byTid) {
        if (!this.#waiting[s] && !this.#deferred[s]) {
          this.#byTid.delete(tid);
          this.#freeSlots.push(s);
        }
      }
    }
    const free = this.#freeSlots.pop();
    if (free !== undefined) return free;
    const s = this.#nextSlot++;
    if (s === this.#slotKeys.length) {
      const keys = new Float64Array(s * 2);
      keys.set(this.#slotKeys);
      const slots = new Uint32Array(s * 2 * SLOT);
      slots.set(this.#slots);
      const waiting = new Uint8Array(s * 2);
      waiting.set(this.#waiting);
      const deferred = new Uint8Array(s * 2);
      deferred.set(this.#deferred);
      const itemLen = new Int32Array(s * 2);
      itemLen.set(this.#itemLen);
      this.#slotKeys = keys;
      this.#slots = slots;
      this.#waiting = waiting;
      this.#deferred = deferred;
      this.#itemLen = itemLen;
    }
    return s;
  }

  /** Writes a time (ns after the base) as the record's u64 at word `w`. */
  #time(w: number, key: number): void {
    const ts = key + TS_BIAS;
    const lo = ts % TWO32;
    this.#o[w] = lo;
    this.#o[w + 1] = (ts - lo) / TWO32;
  }

  /** Starts a record with its header; returns its first word. */
  #record(
    size: number,
    kind: number,
    nr: number,
    key: number,
    t: RecordTask | undefined,
    tid: number,
    cpu: number,
    flags: number,
  ): number {
    const off = this.#pos;
    this.#offs[this.#n++] = off;
    this.#pos = off + size;
    const o = this.#o, w = off >> 2;
    o[w] = size | (kind << 16);
    o[w + 1] = nr;
    this.#time(w + 2, key);
    o[w + 4] = t ? t.tgid : 0;
    o[w + 5] = tid;
    o[w + 6] = cpu;
    o[w + 7] = flags;
    if (t) {
      o[w + 8] = t.c0, o[w + 9] = t.c1, o[w + 10] = t.c2, o[w + 11] = t.c3;
    } else {
      o[w + 8] =
        o[w + 9] =
        o[w + 10] =
        o[w + 11] =
          0;
    }
    return w;
  }

  /**
   * The entry in slot `s` as a call that never returned, at the entry's time (so that a capture
   * read back prints it where the live trace did).
   */
  #unfinished(s: number): void {
    const sw = this.#slots, o = this.#o, b = s * SLOT;
    const key = this.#slotKeys[s];
    const n = this.#itemLen[s];
    const w = this.#record(
      SYSCALL_SIZE + n,
      REC_SYSCALL,
      sw[b],
      key,
      undefined,
      sw[b + 2],
      sw[b + 3],
      RF_UNFINISHED,
    );
    // the slot holds the header's tgid and comm words as they were at the entry
    o[w + 4] = sw[b + 1];
    for (let k = 0; k < 4; k++) o[w + 8 + k] = sw[b + 4 + k];
    for (let k = 0; k < 12; k++) o[w + 12 + k] = sw[b + 8 + k];
    o[w + 24] = 0;
    o[w + 25] = 0;
    this.#time(w + 26, key);
    if (n) this.#putItems(s, w * 4 + SYSCALL_SIZE);
    this.#itemLen[s] = 0;
  }
}
