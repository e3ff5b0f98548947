/**
 * strace's `-e read=SET` and `-e write=SET`: after the line of a call that read from or wrote to
 * an fd of SET, the data in hex and ASCII, as strace's dumpio() prints it:
 *
 *     write(1, "0123456789abcde", 15) = 15
 *      | 00000  30 31 32 33 34 35 36 37  38 39 61 62 63 64 65     0123456789abcde  |
 *
 * and for the vector calls a line per buffer (` * 3 bytes in buffer 0`) and, for sendmmsg and
 * recvmmsg, per message (` = 2 buffers in vector 0`). The bytes are those the module copied: at
 * most `-s` per buffer, where strace reads the whole buffer; a buffer the module did not copy
 * (an unreadable one) gets no dump, as strace's when it cannot read it.
 *
 * @module
 */
import type { Field, Value } from "./decode.ts";

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

// strace's dumpio(): the calls whose data it dumps, by the data's shape
const WRITE_BUF = new Set(["write", "pwrite64", "send", "sendto", "mq_timedsend"]);
const WRITE_IOV = new Set(["writev", "pwritev", "pwritev2", "vmsplice"]);
const READ_BUF = new Set(["read", "pread64", "recv", "recvfrom", "mq_timedreceive"]);
const READ_IOV = new Set(["readv", "preadv", "preadv2"]);

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

/** strace's dumpstr() of `len` bytes of b (fewer if b holds fewer): one line per 16 bytes. */
export function hexDump(b: Uint8Array, len = b.length): string[] {
  const n = Math.min(len, b.length);
  // the offset's width: 5 hex digits, more for a dump longer than 2^20
  const width = len > 1 << 20 ? 1 + Math.floor(Math.log2(len - 1) / 4) : 5;
  const out: string[] = [];
  for (let i = 0; i < n; i += 16) {
    let hex = "", ascii = "";
    for (let k = 0; k < 16; k++) {
      if (i + k < n) {
        const c = b[i + k];
        hex += HEX[c >> 4] + HEX[c & 15] + " ";
        ascii += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : ".";
      } else {
        hex += "   ";
        ascii += " ";
      }
      if (k === 7 || k === 15) hex += " ";
    }
    out.push(` | ${i.toString(16).padStart(width, "0")}  ${hex}${ascii} |`);
  }
  return out;
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
): string[] {
  if (fd < 0 || ret === undefined) return [];
  const arg = (i: number) => args.find((a) => a.arg === i)?.value;
  const out: string[] = [];
  const failed = ret < 0n && ret >= -4095n;
  const base = name.replace(/_time64$/, "");
  if (sets.write && inFdSet(sets.write, fd)) {
    if (WRITE_BUF.has(base)) {
      const b = shown(arg(1));
      if (b?.t === "str") out.push(...hexDump(b.bytes, Number(BigInt.asUintN(32, raw[2] ?? 0n))));
    } else if (WRITE_IOV.has(base)) iovDump(arg(1), Infinity, out);
    else if (base === "sendmsg") iovDump(field(shown(arg(1)), "msg_iov"), Infinity, out);
    else if (base === "sendmmsg" && !failed) mmsgDump(arg(1), Number(ret), out);
  }
  if (failed || !sets.read || !inFdSet(sets.read, fd)) return out;
  if (READ_BUF.has(base)) {
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
