/**
 * The TypeScript mirror of kmod/my_sysdig_abi.h: sizes, offsets, constants,
 * and the encoders and decoders of the structures that cross the device.
 * tests/abi_test.ts checks every value here against the C header through the
 * shim's `msd_abi_layout()`.
 *
 * @module
 */
import { u64At } from "./bigint.ts";
import { COMPAT_NR_BASE } from "./syscalls.ts";
import type { Capture, CaptureType, Filter, SyscallRecord, TraceRecord } from "./record.ts";
import type { FdSet } from "./format_dump.ts";

/** ABI version this code speaks; the module must report the same. */
export const ABI_VERSION = 6;

/** Record kinds (`msd_rec_hdr.kind`). */
export const REC_ENTER = 1;
/** Exit record kind. */
export const REC_EXIT = 2;
/** Drop marker kind. */
export const REC_DROP = 3;
/** Batch end kind: every earlier record has been returned. */
export const REC_BATCH = 4;
/** A completed syscall: arguments, result, entry time. */
export const REC_SYSCALL = 5;
/** A completed syscall as sysdig's GENERIC_E and GENERIC_X blocks (with F_SCAP). */
export const REC_SCAP = 6;
/** A signal delivered to a selected thread (with F_SIGNALS). */
export const REC_SIGNAL = 7;
/** The exit of a selected thread (with F_EXITS). */
export const REC_PROCEXIT = 8;
/** Bytes of a dumped call's buffer, after the call's record (MSD_IOC_SET_DUMP). */
export const REC_DATA = 9;

/** DATA record flags (`msd_rec_data.flags`): a read-like call's dump (else a write-like one's). */
export const DF_READ = 1;
/** DATA: the 64 KiB unit at `offset` could not be read; the dump ends. */
export const DF_FAULT = 2;
/** DATA: the dump stops at `offset` (half the ring). */
export const DF_LIMIT = 4;
/** Longest wait of a traced thread for the reader (MSD_IOC_SET_BLOCK, --blocking-timeout), ms. */
export const BLOCK_MAX_MS = 60000;
/** The unit the module reads a dump in, as strace's dumpstr(). */
export const DUMP_FETCH = 65536;
/** Fds a dump set lists by number; the ones above are in it only when the set is negated. */
export const DUMP_FDS = 1024;
/** `msd_dump.flags`: the read set is used; the write set is; either set is negated. */
export const DUMP_READ = 1;
export const DUMP_WRITE = 2;
export const DUMP_READ_NOT = 4;
export const DUMP_WRITE_NOT = 8;

/** Item types (`msd_item.type`), by number. */
export const ITEM_TYPES: Readonly<Record<number, CaptureType>> = {
  1: "str",
  2: "buf",
  3: "iov",
  4: "sockaddr",
  5: "argv",
  6: "fds",
  7: "struct",
  8: "iovec",
  9: "msghdr",
  10: "fdset",
};
/** Most iovec elements an IOVEC item holds (`MSD_IOV_MAX`); more are marked truncated. */
export const IOV_MAX = 64;
/** Item flag: the memory could not be read. */
export const IF_FAULT = 1;
/** Item flag: there was more than the item holds. */
export const IF_TRUNC = 2;
/** Item flag: copied at exit, as the kernel left an in/out argument (select's sets). */
export const IF_EXIT = 4;
/** Most bytes of an fd set a FDSET item holds (`MSD_FDSET_MAX`): 1024 fds. */
export const FDSET_MAX = 128;
/** Default I/O data bytes per buffer (`-s`). */
export const SNAPLEN_DEFAULT = 80;
/** Largest snaplen the module accepts. */
export const SNAPLEN_MAX = 16384;
/** Smallest read() the module accepts: room for its largest record. */
export const READ_MIN = 2 * 65536;

/** Smallest per-CPU ring (KiB) the module accepts: twice its largest record. */
export const BUF_KB_MIN = 128;
/** Largest per-CPU ring (KiB) the module accepts. */
export const BUF_KB_MAX = 256 * 1024;
/** Record flag (`msd_rec_hdr.flags`): a SYSCALL record of a call that never returned. */
export const RF_UNFINISHED = 1;
/** Record flag: a SCAP record's last 4 bytes are padding, not part of its events. */
export const RF_PAD4 = 2;
/** Record flag: a call of a 32-bit task, `nr` is its ABI's (i386's, arm's): see `nrAt()`. */
export const RF_COMPAT = 4;
/** Most bytes of a SCAP record's `items` parameter (the capture writer's ITEMS_MAX). */
export const SCAP_ITEMS_MAX = 40000;

/** Length of `comm`, NUL included. */
export const COMM_LEN = 16;
/** Most pids one filter can name. */
export const MAX_PIDS = 64;
/** Syscall numbers at or above this cannot be selected. */
export const NR_MAX = 1024;

/** Filter flags (`msd_filter.flags`). */
export const F_PIDS = 1 << 0;
/** Select by comm. */
export const F_COMM = 1 << 1;
/** Follow children of selected processes. */
export const F_FOLLOW = 1 << 2;
/** Only syscalls in the bitmap. */
export const F_SYSCALLS = 1 << 3;
/** Trace the reader's own children. */
export const F_CHILDREN = 1 << 4;
/** Separate ENTER and EXIT records instead of completed SYSCALL records. */
export const F_BOTH = 1 << 5;
/** SCAP records (sysdig events written by the module) where it can; not with F_BOTH. */
export const F_SCAP = 1 << 6;
/** SIGNAL records of the selected threads. */
export const F_SIGNALS = 1 << 7;
/** PROCEXIT records of the selected threads. */
export const F_EXITS = 1 << 8;
/**
 * Compat calls (of 32-bit tasks) only if set in `compat_syscalls`, by their ABI's numbers.
 * With F_SYSCALLS and without it the module records no compat call.
 */
export const F_COMPAT_SYSCALLS = 1 << 9;

/** `stats.cpu` value that sums every CPU. */
export const ALL_CPUS = 0xffffffff;

/** Sizes and field offsets, by the names the shim's layout table uses. */
export const LAYOUT: Readonly<Record<string, number>> = {
  "sizeof msd_rec_hdr": 48,
  "sizeof msd_rec_enter": 96,
  "sizeof msd_rec_exit": 56,
  "sizeof msd_rec_drop": 56,
  "sizeof msd_rec_syscall": 112,
  "sizeof msd_rec_signal": 104,
  "sizeof msd_rec_procexit": 56,
  "msd_rec_signal.code": 48,
  "msd_rec_signal.si_errno": 52,
  "msd_rec_signal.handler": 56,
  "msd_rec_signal.sa_flags": 64,
  "msd_rec_signal.fields": 72,
  "msd_rec_procexit.exit_code": 48,
  "msd_rec_procexit.group_dead": 52,
  "sizeof msd_item": 8,
  "sizeof msd_filter": 552,
  "sizeof msd_info": 584,
  "sizeof msd_stats": 48,
  "sizeof msd_iovec": 16,
  "sizeof msd_msghdr": 56,
  "msd_rec_hdr.size": 0,
  "msd_rec_hdr.kind": 2,
  "msd_rec_hdr.nr": 4,
  "msd_rec_hdr.ts": 8,
  "msd_rec_hdr.tgid": 16,
  "msd_rec_hdr.tid": 20,
  "msd_rec_hdr.cpu": 24,
  "msd_rec_hdr.flags": 28,
  "msd_rec_hdr.comm": 32,
  "msd_rec_enter.args": 48,
  "msd_rec_exit.ret": 48,
  "msd_rec_drop.lost": 48,
  "msd_rec_syscall.args": 48,
  "msd_rec_syscall.ret": 96,
  "msd_rec_syscall.enter_ts": 104,
  "msd_item.len": 0,
  "msd_item.arg": 2,
  "msd_item.type": 3,
  "msd_item.flags": 4,
  "msd_filter.flags": 0,
  "msd_filter.npids": 4,
  "msd_filter.pids": 8,
  "msd_filter.comm": 264,
  "msd_filter.syscalls": 280,
  "msd_filter.buf_kb": 408,
  "msd_filter.snaplen": 412,
  "msd_filter.rt_offset": 416,
  "msd_filter.compat_syscalls": 424,
  "msd_info.abi_version": 0,
  "msd_info.ncpus": 4,
  "msd_info.buf_kb": 8,
  "msd_info.max_pids": 12,
  "msd_info.nr_max": 16,
  "msd_info.running": 20,
  "msd_info.realtime_offset": 24,
  "msd_info.defaults": 32,
  "msd_stats.cpu": 0,
  "msd_stats.online": 4,
  "msd_stats.seen": 8,
  "msd_stats.recorded": 16,
  "msd_stats.dropped": 24,
  "msd_stats.follow_full": 32,
  "msd_stats.unpaired": 40,
  "msd_iovec.base": 0,
  "msd_iovec.len": 8,
  "msd_msghdr.name": 0,
  "msd_msghdr.iov": 8,
  "msd_msghdr.iovlen": 16,
  "msd_msghdr.control": 24,
  "msd_msghdr.controllen": 32,
  "msd_msghdr.namelen": 40,
  "msd_msghdr.flags": 44,
  "msd_msghdr.namelen_in": 48,
  "msd_msghdr.msg_len": 52,
  "sizeof msd_rec_data": 80,
  "msd_rec_data.addr": 48,
  "msd_rec_data.total": 56,
  "msd_rec_data.offset": 64,
  "msd_rec_data.len": 72,
  "msd_rec_data.flags": 76,
  "sizeof msd_dump": 264,
  "msd_dump.flags": 0,
  "msd_dump.read_fds": 8,
  "msd_dump.write_fds": 136,
  "MSD_REC_DATA": REC_DATA,
  "MSD_DF_READ": DF_READ,
  "MSD_DF_FAULT": DF_FAULT,
  "MSD_DF_LIMIT": DF_LIMIT,
  "MSD_DUMP_FETCH": DUMP_FETCH,
  "MSD_DUMP_FDS": DUMP_FDS,
  "MSD_DUMP_READ": DUMP_READ,
  "MSD_DUMP_WRITE": DUMP_WRITE,
  "MSD_DUMP_READ_NOT": DUMP_READ_NOT,
  "MSD_DUMP_WRITE_NOT": DUMP_WRITE_NOT,
  "sizeof msd_block": 8,
  "msd_block.timeout_ms": 0,
  "msd_block.reserved": 4,
  "MSD_BLOCK_MAX_MS": BLOCK_MAX_MS,
  "MSD_ABI_VERSION": ABI_VERSION,
  "MSD_REC_SYSCALL": REC_SYSCALL,
  "MSD_F_BOTH": F_BOTH,
  "MSD_F_SCAP": F_SCAP,
  "MSD_F_SIGNALS": F_SIGNALS,
  "MSD_F_EXITS": F_EXITS,
  "MSD_REC_SIGNAL": REC_SIGNAL,
  "MSD_REC_PROCEXIT": REC_PROCEXIT,
  "MSD_REC_SCAP": REC_SCAP,
  "MSD_RF_PAD4": RF_PAD4,
  "MSD_SCAP_ITEMS_MAX": SCAP_ITEMS_MAX,
  "MSD_IT_STR": 1,
  "MSD_IT_BUF": 2,
  "MSD_IT_IOV": 3,
  "MSD_IT_SOCKADDR": 4,
  "MSD_IT_ARGV": 5,
  "MSD_IT_FDS": 6,
  "MSD_IT_STRUCT": 7,
  "MSD_IT_IOVEC": 8,
  "MSD_IT_MSGHDR": 9,
  "MSD_IT_FDSET": 10,
  "MSD_FDSET_MAX": FDSET_MAX,
  "MSD_IF_EXIT": IF_EXIT,
  "MSD_IOV_MAX": IOV_MAX,
  "MSD_CMSG_MAX": 256,
  "MSD_MMSG_MAX": 4,
  "MSD_MMSG_IOV_MAX": 8,
  "MSD_IF_FAULT": IF_FAULT,
  "MSD_IF_TRUNC": IF_TRUNC,
  "MSD_PATH_MAX": 4096,
  "MSD_ARGV_MAX": 4096,
  "MSD_SOCKADDR_MAX": 128,
  "MSD_SNAPLEN_DEFAULT": SNAPLEN_DEFAULT,
  "MSD_SNAPLEN_MAX": SNAPLEN_MAX,
  "MSD_READ_MIN": READ_MIN,
  "MSD_BUF_KB_MIN": BUF_KB_MIN,
  "MSD_BUF_KB_MAX": BUF_KB_MAX,
  "MSD_RF_UNFINISHED": RF_UNFINISHED,
  "MSD_RF_COMPAT": RF_COMPAT,
  "MSD_F_COMPAT_SYSCALLS": F_COMPAT_SYSCALLS,
};

const L = LAYOUT;
const HDR = L["sizeof msd_rec_hdr"];

/** The C `struct msd_filter` as user space builds it. */
export function encodeFilter(f: Filter): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(L["sizeof msd_filter"]);
  const dv = new DataView(buf.buffer);
  let flags = 0;
  if (f.pids.length > MAX_PIDS) {
    throw new RangeError(`at most ${MAX_PIDS} pids can be traced at once`);
  }
  if (f.pids.length) {
    flags |= F_PIDS;
    f.pids.forEach((p, i) => dv.setUint32(L["msd_filter.pids"] + 4 * i, p, true));
    dv.setUint32(L["msd_filter.npids"], f.pids.length, true);
  }
  if (f.procName !== undefined) {
    flags |= F_COMM;
    const name = new TextEncoder().encode(f.procName).subarray(0, COMM_LEN - 1);
    buf.set(name, L["msd_filter.comm"]);
  }
  if (f.follow) flags |= F_FOLLOW;
  if (f.children) flags |= F_CHILDREN;
  if (f.syscalls !== undefined) {
    flags |= F_SYSCALLS;
    for (const nr of f.syscalls) {
      if (nr < 0 || nr >= NR_MAX) throw new RangeError(`syscall number ${nr} out of range`);
      const byte = L["msd_filter.syscalls"] + (nr >> 3);
      buf[byte] |= 1 << (nr & 7);
    }
  }
  if (f.signals) flags |= F_SIGNALS;
  if (f.exits) flags |= F_EXITS;
  if (f.compatSyscalls !== undefined) {
    flags |= F_COMPAT_SYSCALLS;
    for (const nr of f.compatSyscalls) {
      if (nr < 0 || nr >= NR_MAX) throw new RangeError(`compat syscall number ${nr} out of range`);
      buf[L["msd_filter.compat_syscalls"] + (nr >> 3)] |= 1 << (nr & 7);
    }
  }
  if (f.events === "both") flags |= F_BOTH;
  else if (f.scap) {
    flags |= F_SCAP;
    dv.setBigInt64(L["msd_filter.rt_offset"], f.rtOffset ?? 0n, true);
  }
  const snaplen = f.snaplen ?? SNAPLEN_DEFAULT;
  if (!Number.isInteger(snaplen) || snaplen < 0 || snaplen > SNAPLEN_MAX) {
    throw new RangeError(`snaplen ${snaplen} out of range 0..${SNAPLEN_MAX}`);
  }
  dv.setUint32(L["msd_filter.snaplen"], snaplen, true);
  dv.setUint32(L["msd_filter.buf_kb"], f.bufferKb ?? 0, true);
  dv.setUint32(L["msd_filter.flags"], flags, true);
  return buf;
}

/**
 * The C `struct msd_dump` (MSD_IOC_SET_DUMP) of strace's `-e read=` and `-e write=` sets; each
 * undefined: no dump of that direction.
 */
export function encodeDump(read?: FdSet, write?: FdSet): Uint8Array<ArrayBuffer> {
  const buf = new Uint8Array(L["sizeof msd_dump"]);
  let flags = 0;
  const put = (s: FdSet, at: number, on: number, not: number) => {
    flags |= on | (s.not ? not : 0);
    for (const fd of s.fds) if (fd < DUMP_FDS) buf[at + (fd >> 3)] |= 1 << (fd & 7);
  };
  if (read) put(read, L["msd_dump.read_fds"], DUMP_READ, DUMP_READ_NOT);
  if (write) put(write, L["msd_dump.write_fds"], DUMP_WRITE, DUMP_WRITE_NOT);
  new DataView(buf.buffer).setUint32(L["msd_dump.flags"], flags, true);
  return buf;
}

/** Reads a C `struct msd_filter` back into the TypeScript shape. */
export function decodeFilter(buf: Uint8Array, offset = 0): Filter {
  const dv = new DataView(buf.buffer, buf.byteOffset + offset, L["sizeof msd_filter"]);
  const flags = dv.getUint32(L["msd_filter.flags"], true);
  const f: Filter = { pids: [], follow: (flags & F_FOLLOW) !== 0 };
  if (flags & F_PIDS) {
    const n = Math.min(dv.getUint32(L["msd_filter.npids"], true), MAX_PIDS);
    for (let i = 0; i < n; i++) f.pids.push(dv.getUint32(L["msd_filter.pids"] + 4 * i, true));
  }
  if (flags & F_COMM) {
    f.procName = cString(buf, offset + L["msd_filter.comm"], COMM_LEN);
  }
  if (flags & F_CHILDREN) f.children = true;
  if (flags & F_SYSCALLS) {
    f.syscalls = [];
    for (let nr = 0; nr < NR_MAX; nr++) {
      if (buf[offset + L["msd_filter.syscalls"] + (nr >> 3)] & (1 << (nr & 7))) f.syscalls.push(nr);
    }
  }
  if (flags & F_COMPAT_SYSCALLS) {
    f.compatSyscalls = [];
    for (let nr = 0; nr < NR_MAX; nr++) {
      const byte = buf[offset + L["msd_filter.compat_syscalls"] + (nr >> 3)];
      if (byte & (1 << (nr & 7))) f.compatSyscalls.push(nr);
    }
  }
  const kb = dv.getUint32(L["msd_filter.buf_kb"], true);
  if (kb) f.bufferKb = kb;
  f.snaplen = dv.getUint32(L["msd_filter.snaplen"], true);
  if (flags & F_SIGNALS) f.signals = true;
  if (flags & F_EXITS) f.exits = true;
  if (flags & F_BOTH) f.events = "both";
  if (flags & F_SCAP) {
    f.scap = true;
    f.rtOffset = dv.getBigInt64(L["msd_filter.rt_offset"], true);
  }
  return f;
}

/** `struct msd_info`, decoded. */
export interface ModuleInfo {
  /** ABI version the module speaks. */
  abiVersion: number;
  /** CPU numbers are below this (nr_cpu_ids). */
  ncpus: number;
  /** The module's default per-CPU buffer, KiB. */
  bufKb: number;
  /** Most pids one filter can name. */
  maxPids: number;
  /** Syscall numbers at or above this cannot be selected. */
  nrMax: number;
  /** Whether a reader is tracing. */
  running: boolean;
  /** CLOCK_REALTIME minus CLOCK_MONOTONIC in ns, when the info was taken. */
  realtimeOffset: bigint;
  /** The filter set by the module parameters pid= and proc_name=. */
  defaults: Filter;
}

/** Decodes `struct msd_info`. */
export function decodeInfo(buf: Uint8Array): ModuleInfo {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    abiVersion: dv.getUint32(L["msd_info.abi_version"], true),
    ncpus: dv.getUint32(L["msd_info.ncpus"], true),
    bufKb: dv.getUint32(L["msd_info.buf_kb"], true),
    maxPids: dv.getUint32(L["msd_info.max_pids"], true),
    nrMax: dv.getUint32(L["msd_info.nr_max"], true),
    running: dv.getUint32(L["msd_info.running"], true) !== 0,
    realtimeOffset: dv.getBigInt64(L["msd_info.realtime_offset"], true),
    defaults: decodeFilter(buf, L["msd_info.defaults"]),
  };
}

const decoder = new TextDecoder();

function cString(buf: Uint8Array, off: number, max: number): string {
  let end = off;
  while (end < off + max && buf[end] !== 0) end++;
  return decoder.decode(buf.subarray(off, end));
}

function args6(dv: DataView, a: number): bigint[] {
  return [
    u64At(dv, a),
    u64At(dv, a + 8),
    u64At(dv, a + 16),
    u64At(dv, a + 24),
    u64At(dv, a + 32),
    u64At(dv, a + 40),
  ];
}

/**
 * The comm of the last record of each thread, with the 16 raw bytes it came
 * from (as four words): a record's comm is decoded only when it changed.
 */
const commCache = new Map<number, { w: Uint32Array; comm: string }>();

/**
 * The comm at `off` of a record of thread `tid`, decoded only when its 16 bytes differ from the
 * thread's last record: the same string object otherwise.
 */
/**
 * Where the time a SYSCALL record is shown at lies in it: the exit's (the header's `ts`), but
 * for a call that never returned its entry's (`enter_ts`: the header's time is when it was known
 * to be one), as a capture of it reads back. decodeRecord() and the formatters' byte paths agree.
 */
export function shownTsAt(dv: DataView, pos: number): number {
  return dv.getUint32(pos + L["msd_rec_hdr.flags"], true) & RF_UNFINISHED
    ? pos + L["msd_rec_syscall.enter_ts"]
    : pos + L["msd_rec_hdr.ts"];
}

/**
 * The syscall number of the record at `pos` as user space holds it: a compat call's
 * (MSD_RF_COMPAT) plus COMPAT_NR_BASE (src/syscalls.ts), so that its name and arguments come
 * from the compat table.
 */
export function nrAt(dv: DataView, pos: number): number {
  const nr = dv.getInt32(pos + L["msd_rec_hdr.nr"], true);
  return dv.getUint32(pos + L["msd_rec_hdr.flags"], true) & RF_COMPAT ? nr + COMPAT_NR_BASE : nr;
}

export function commOf(dv: DataView, buf: Uint8Array, off: number, tid: number): string {
  const w0 = dv.getUint32(off, true), w1 = dv.getUint32(off + 4, true);
  const w2 = dv.getUint32(off + 8, true), w3 = dv.getUint32(off + 12, true);
  const c = commCache.get(tid);
  if (c && c.w[0] === w0 && c.w[1] === w1 && c.w[2] === w2 && c.w[3] === w3) return c.comm;
  const comm = cString(buf, off, COMM_LEN);
  if (commCache.size >= 65536) commCache.clear();
  commCache.set(tid, { w: Uint32Array.of(w0, w1, w2, w3), comm });
  return comm;
}

/**
 * The items between `pos` and `end` (struct msd_item and its data, padded
 * to 8 bytes); undefined when there are none. The data is copied out of the
 * read buffer, which the next read() overwrites.
 */
export function decodeItems(buf: Uint8Array, pos: number, end: number): Capture[] | undefined {
  let items: Capture[] | undefined;
  const IH = L["sizeof msd_item"];
  while (pos + IH <= end) {
    const len = buf[pos] | (buf[pos + 1] << 8);
    const arg = buf[pos + 2];
    const type = ITEM_TYPES[buf[pos + 3]];
    const flags = buf[pos + 4] | (buf[pos + 5] << 8);
    if (pos + IH + len > end) throw new Error(`malformed item at byte ${pos}: length ${len}`);
    if (type !== undefined) {
      const c: Capture = { arg, type, data: buf.slice(pos + IH, pos + IH + len) };
      if (flags & IF_FAULT) c.fault = true;
      if (flags & IF_TRUNC) c.truncated = true;
      if (flags & IF_EXIT) c.exit = true;
      (items ??= []).push(c);
    }
    pos += IH + ((len + 7) & ~7);
  }
  return items;
}

/**
 * Offset in `buf` of the first item in [pos, end) for argument `arg` of type `type` (as
 * `itemFor()` in decode.ts picks it from the decoded items), or -1.
 */
export function findItem(
  buf: Uint8Array,
  pos: number,
  end: number,
  arg: number,
  type: number,
): number {
  while (pos + 8 <= end) {
    if (buf[pos + 2] === arg && buf[pos + 3] === type) return pos;
    pos += 8 + (((buf[pos] | (buf[pos + 1] << 8)) + 7) & ~7);
  }
  return -1;
}

/** The STRUCT item at `it` (from {@linkcode findItem}) as a capture, its data a view of `buf`. */
export function structItem(buf: Uint8Array, it: number, arg: number): Capture {
  const len = buf[it] | (buf[it + 1] << 8);
  const flags = buf[it + 4] | (buf[it + 5] << 8);
  const c: Capture = { arg, type: "struct", data: buf.subarray(it + 8, it + 8 + len) };
  if (flags & IF_FAULT) c.fault = true;
  if (flags & IF_TRUNC) c.truncated = true;
  return c;
}

/** Whether {@linkcode decodeItems} takes the items in [pos, end) without throwing. */
export function itemsWellFormed(buf: Uint8Array, pos: number, end: number): boolean {
  while (pos + 8 <= end) {
    const len = buf[pos] | (buf[pos + 1] << 8);
    if (pos + 8 + len > end) return false;
    pos += 8 + ((len + 7) & ~7);
  }
  return true;
}

/** Where a decoded batch ended: records and the batch mark, if any. */
export interface DecodedBatch {
  records: TraceRecord[];
  /** Monotonic ns of a BATCH record: everything older has been returned. */
  mark?: bigint;
}

/**
 * Decodes the bytes one read() returned into records. `offset` is added to
 * the monotonic timestamps (CLOCK_REALTIME - CLOCK_MONOTONIC) to give ns
 * since the Unix epoch. Throws on a malformed record rather than guessing.
 */
const SYSCALL_SIZE = L["sizeof msd_rec_syscall"];
const SIGNAL_SIZE = L["sizeof msd_rec_signal"];
const PROCEXIT_SIZE = L["sizeof msd_rec_procexit"];

export function decodeRecords(buf: Uint8Array, len: number, offset: bigint): DecodedBatch {
  const dv = new DataView(buf.buffer, buf.byteOffset, len);
  const records: TraceRecord[] = [];
  let mark: bigint | undefined;
  let pos = 0;
  while (pos + HDR <= len) {
    const size = dv.getUint16(pos, true);
    if (size < HDR || size % 8 !== 0 || pos + size > len) {
      throw new Error(`malformed record at byte ${pos}: size ${size}`);
    }
    if (dv.getUint16(pos + 2, true) === REC_BATCH) {
      mark = dv.getBigUint64(pos + 8, true) + offset;
    } else {
      const r = decodeRecord(buf, dv, pos, offset);
      if (r) records.push(r);
    }
    pos += size;
  }
  return { records, mark };
}

/**
 * The record at `pos` (whose size was checked) as an object; undefined for kinds that carry no
 * event (BATCH, and unknown kinds from a newer module). `dv` views `buf` from its start.
 */
export function decodeRecord(
  buf: Uint8Array,
  dv: DataView,
  pos: number,
  offset: bigint,
): TraceRecord | undefined {
  const size = dv.getUint16(pos, true);
  const kind = dv.getUint16(pos + 2, true);
  const ts = dv.getBigUint64(pos + 8, true);
  const cpu = dv.getUint32(pos + 24, true);
  if (kind === REC_DROP) {
    return {
      kind: "drop",
      ts: ts + offset,
      cpu,
      pid: 0,
      tid: 0,
      comm: "",
      lost: dv.getBigUint64(pos + 48, true),
    };
  }
  const nr = nrAt(dv, pos);
  const pid = dv.getUint32(pos + 16, true);
  const tid = dv.getUint32(pos + 20, true);
  const t = ts + offset;
  if (kind === REC_SYSCALL) {
    const unfinished = (dv.getUint32(pos + L["msd_rec_hdr.flags"], true) & RF_UNFINISHED) !== 0;
    const enterTs = dv.getBigUint64(pos + L["msd_rec_syscall.enter_ts"], true) + offset;
    const r: SyscallRecord = {
      ts: unfinished ? enterTs : t, // shownTsAt()
      cpu,
      pid,
      tid,
      comm: commOf(dv, buf, pos + 32, tid),
      nr,
      kind: "syscall",
      args: args6(dv, pos + 48),
      enterTs,
    };
    // a call that never returned has no result (shown as `= ?`): none is read
    if (!unfinished) {
      r.ret = dv.getBigInt64(pos + L["msd_rec_syscall.ret"], true);
    }
    if (size > SYSCALL_SIZE) {
      const items = decodeItems(buf, pos + SYSCALL_SIZE, pos + size);
      if (items) r.items = items;
    }
    return r;
  }
  if (kind === REC_ENTER) {
    const r: TraceRecord = {
      ts: t,
      cpu,
      pid,
      tid,
      comm: commOf(dv, buf, pos + 32, tid),
      nr,
      kind: "enter",
      args: args6(dv, pos + 48),
    };
    const items = decodeItems(buf, pos + L["sizeof msd_rec_enter"], pos + size);
    if (items) r.items = items;
    return r;
  }
  if (kind === REC_EXIT) {
    const r: TraceRecord = {
      ts: t,
      cpu,
      pid,
      tid,
      comm: commOf(dv, buf, pos + 32, tid),
      nr,
      kind: "exit",
      ret: dv.getBigInt64(pos + 48, true),
    };
    const items = decodeItems(buf, pos + L["sizeof msd_rec_exit"], pos + size);
    if (items) r.items = items;
    return r;
  }
  if (kind === REC_SIGNAL && size >= SIGNAL_SIZE) {
    const f = L["msd_rec_signal.fields"];
    return {
      ts: t,
      cpu,
      pid,
      tid,
      comm: commOf(dv, buf, pos + 32, tid),
      kind: "signal",
      sig: nr,
      code: dv.getInt32(pos + L["msd_rec_signal.code"], true),
      errno: dv.getInt32(pos + L["msd_rec_signal.si_errno"], true),
      handler: dv.getBigUint64(pos + L["msd_rec_signal.handler"], true),
      saFlags: dv.getBigUint64(pos + L["msd_rec_signal.sa_flags"], true),
      fields: buf.slice(pos + f, pos + f + 32),
    };
  }
  if (kind === REC_PROCEXIT && size >= PROCEXIT_SIZE) {
    return {
      ts: t,
      cpu,
      pid,
      tid,
      comm: commOf(dv, buf, pos + 32, tid),
      kind: "procexit",
      status: dv.getUint32(pos + L["msd_rec_procexit.exit_code"], true),
      groupDead: dv.getUint32(pos + L["msd_rec_procexit.group_dead"], true) !== 0,
    };
  }
  return undefined;
}
