/**
 * strace's `-e read=SET` and `-e write=SET`: after the line of a call that read from or wrote to
 * an fd of SET, the data in hex and ASCII, as strace's dumpio() prints it:
 *
 *     write(1, "0123456789abcde", 15) = 15
 *      | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |
 *
 * and for the vector calls a line per buffer (` * 3 bytes in buffer 0`) and, for sendmmsg and
 * recvmmsg, per message (` = 2 buffers in vector 0`).
 *
 * The buffer calls' dumps (write, read, send, recv...: the spec's `dump`) are whole when the
 * module writes them (DATA records after the call's, {@link dataText}); otherwise, and for the
 * vector and message calls, the bytes are those the call's record holds: at most `-s` per buffer,
 * where strace reads the whole buffer; a buffer the module did not copy (an unreadable one) gets
 * no dump, as strace's when it cannot read it.
 *
 * @module
 */
import type { Field, Value } from "./decode.ts";
import { DF_FAULT, DF_LIMIT, DUMP_FETCH, LAYOUT as L } from "./abi.ts";
import { DUMP_OF } from "./syscalls/traits.ts";

/** A set of fds as strace's `-e read=` takes it: numbers, `all`, `none`, `!SET`. */
export interface FdSet {
  /** Every fd but those listed. */
  not: boolean;
  /** The fds listed. */
  fds: ReadonlySet<number>;
}

/** Parses strace's fd set (`0,5`, `all`, `none`, `!3`); throws a message for anything else. */
export function parseFdSet(spec: string): FdSet {
  let s = spec.trim();
  let not = false;
  if (s.startsWith("!")) {
    not = true;
    s = s.slice(1);
  }
  const fds = new Set<number>();
  for (const w of s.split(",").map((x) => x.trim())) {
    if (w === "all") not = !not;
    else if (w === "none") continue;
    else if (/^\d+$/.test(w) && Number(w) < 2 ** 31) fds.add(Number(w));
    else throw new Error(`"${w}" is not a file descriptor number, all or none`);
  }
  return { not, fds };
}

/** Whether fd is in s. */
export function inFdSet(s: FdSet, fd: number): boolean {
  return s.fds.has(fd) !== s.not;
}

/** The dump sets: undefined, no dump of that direction. */
export interface DumpSets {
  read?: FdSet;
  write?: FdSet;
}

// strace's dumpio(): the calls whose data it dumps, by the data's shape (the buffer calls: the
// spec's `dump`, which the module dumps whole)
const WRITE_BUF = new Set(Object.keys(DUMP_OF).filter((n) => DUMP_OF[n] === "write"));
const WRITE_IOV = new Set(["writev", "pwritev", "pwritev2", "vmsplice"]);
const READ_BUF = new Set(Object.keys(DUMP_OF).filter((n) => DUMP_OF[n] === "read"));
const READ_IOV = new Set(["readv", "preadv", "preadv2"]);

/** The buffer calls: the module dumps their buffers whole (DATA records). */
export const DUMP_BUF_CALLS: ReadonlySet<string> = new Set(Object.keys(DUMP_OF));

/** The syscalls a dump may follow. */
export const DUMP_CALLS: ReadonlySet<string> = new Set([
  ...WRITE_BUF,
  ...WRITE_IOV,
  ...READ_BUF,
  ...READ_IOV,
  "sendmsg",
  "recvmsg",
  "sendmmsg",
  "recvmmsg",
  "mq_timedsend_time64",
  "mq_timedreceive_time64",
  "recvmmsg_time64",
]);

const HEX = "0123456789abcdef";

/** The width of a dump's offsets, as strace's dumpstr(): 5 hex digits, more past 2^20 bytes. */
function offsetWidth(len: number): number {
  return len > 1 << 20 ? 1 + Math.floor(Math.log2(len - 1) / 4) : 5;
}

/**
 * strace's dumpstr() lines of `n` bytes of b from `start`, the first at offset `at` of a dump of
 * `len` bytes (the offsets' width), one line per 16 bytes, joined by newlines.
 */
function dumpText(b: Uint8Array, start: number, n: number, at: number, len: number): string {
  const width = offsetWidth(len);
  let out = "";
  for (let i = 0; i < n; i += 16) {
    let hex = "", ascii = "";
    for (let k = 0; k < 16; k++) {
      if (i + k < n) {
        const c = b[start + i + k];
        hex += HEX[c >> 4] + HEX[c & 15] + " ";
        ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
      } else {
        hex += "   ";
        ascii += " ";
      }
      if (k === 7 || k === 15) hex += " ";
    }
    out += `${i ? "\n" : ""} | ${(at + i).toString(16).padStart(width, "0")}  ${hex}${ascii} |`;
  }
  return out;
}

/** strace's dumpstr() of `len` bytes of b (fewer if b holds fewer): one line per 16 bytes. */
export function hexDump(b: Uint8Array, len = b.length): string[] {
  const n = Math.min(len, b.length);
  return n > 0 ? dumpText(b, 0, n, 0, len).split("\n") : [];
}

/**
 * The dump lines of a DATA record (kmod/my_sysdig_abi.h, struct msd_rec_data) at `off` in buf,
 * joined by newlines ("" for none): its bytes at their offset in the dump; for the unit the module could
 * not read, strace's ` | <Cannot fetch N bytes from pid P @ADDR>` (nothing when that is the
 * first: strace then prints nothing); where the module's limit stopped the dump, how much was
 * left out.
 */
export function dataText(buf: Uint8Array, view: DataView, off: number): string {
  const total = view.getUint32(off + L["msd_rec_data.total"], true) +
    view.getUint32(off + L["msd_rec_data.total"] + 4, true) * 2 ** 32;
  const at = view.getUint32(off + L["msd_rec_data.offset"], true) +
    view.getUint32(off + L["msd_rec_data.offset"] + 4, true) * 2 ** 32;
  const len = view.getUint32(off + L["msd_rec_data.len"], true);
  const flags = view.getUint16(off + L["msd_rec_data.flags"], true);
  if (flags & DF_FAULT) {
    if (at === 0) return "";
    const n = Math.min(total - at, DUMP_FETCH);
    const addr = view.getBigUint64(off + L["msd_rec_data.addr"], true) + BigInt(at);
    const tid = view.getUint32(off + L["msd_rec_hdr.tid"], true);
    return ` | <Cannot fetch ${n} byte${n === 1 ? "" : "s"} from pid ${tid} @0x${
      BigInt.asUintN(64, addr).toString(16)
    }>`;
  }
  if (flags & DF_LIMIT) {
    return ` | <${total - at} more bytes not dumped: a dump stops at half the ` +
      "per-CPU buffer (--buffer-size), 16 MiB at most>";
  }
  const start = off + L["sizeof msd_rec_data"];
  return dumpText(buf, start, Math.min(len, buf.length - start), at, total);
}

const field = (v: Value | undefined, name: string): Value | undefined =>
  v?.t === "struct" ? v.fields.find((f) => f.name === name)?.value : undefined;
const shown = (v: Value | undefined): Value | undefined => v?.t === "dual" ? v.shown : v;

/** strace's dumpiov_upto(): the elements of an iovec array Value, at most `size` bytes in all. */
function iovDump(v: Value | undefined, size: number, out: string[]): void {
  v = shown(v);
  if (v?.t !== "array") return;
  let left = size;
  for (let i = 0; i < v.items.length; i++) {
    const len = field(v.items[i], "iov_len");
    if (len?.t !== "int") break;
    const n = Math.min(Number(len.v), left);
    if (n <= 0) break;
    left -= n;
    out.push(` * ${n} bytes in buffer ${i}`);
    const base = field(v.items[i], "iov_base");
    if (base?.t === "str") out.push(...hexDump(base.bytes, n));
  }
}

/**
 * The dump lines after a call's line (none: []), as strace's dumpio(): `fd` the call's first
 * argument, `ret` its result (undefined: unfinished), `args` its decoded arguments.
 */
export function dumpLines(
  sets: DumpSets,
  name: string,
  fd: number,
  args: readonly Field[],
  raw: readonly bigint[],
  ret: bigint | undefined,
  moduleDumps = false,
): string[] {
  if (fd < 0 || ret === undefined) return [];
  const arg = (i: number) => args.find((a) => a.arg === i)?.value;
  const out: string[] = [];
  const failed = ret < 0n && ret >= -4095n;
  const base = name.replace(/_time64$/, "");
  if (sets.write && inFdSet(sets.write, fd)) {
    if (WRITE_BUF.has(base)) {
      // the module's DATA records follow with the whole buffer
      if (moduleDumps) return out;
      const b = shown(arg(1));
      if (b?.t === "str") out.push(...hexDump(b.bytes, Number(BigInt.asUintN(32, raw[2] ?? 0n))));
    } else if (WRITE_IOV.has(base)) iovDump(arg(1), Infinity, out);
    else if (base === "sendmsg") iovDump(field(shown(arg(1)), "msg_iov"), Infinity, out);
    else if (base === "sendmmsg" && !failed) mmsgDump(arg(1), Number(ret), out);
  }
  if (failed || !sets.read || !inFdSet(sets.read, fd)) return out;
  if (READ_BUF.has(base)) {
    if (moduleDumps) return out;
    const b = shown(arg(1));
    if (b?.t === "str") out.push(...hexDump(b.bytes, Number(ret)));
  } else if (READ_IOV.has(base)) iovDump(arg(1), Number(ret), out);
  else if (base === "recvmsg") iovDump(field(shown(arg(1)), "msg_iov"), Number(ret), out);
  else if (base === "recvmmsg") mmsgDump(arg(1), Number(ret), out);
  return out;
}

/** strace's dumpiov_in_mmsghdr(): the first `count` messages' buffers, each up to its msg_len. */
function mmsgDump(v: Value | undefined, count: number, out: string[]): void {
  v = shown(v);
  if (v?.t !== "array") return;
  for (let i = 0; i < count && i < v.items.length; i++) {
    const hdr = field(v.items[i], "msg_hdr");
    const iovlen = field(shown(hdr), "msg_iovlen");
    const len = field(v.items[i], "msg_len");
    if (iovlen?.t !== "int" || len?.t !== "int") break;
    out.push(` = ${iovlen.v} buffers in vector ${i}`);
    iovDump(field(shown(hdr), "msg_iov"), Number(len.v), out);
  }
}
