/**
 * JSON Lines: one object per event; the schema is docs/json-schema.md.
 *
 *     {"ts":"1764201234123456789","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"syscall",
 *      "nr":257,"syscall":"openat","args":{"dfd":"AT_FDCWD","filename":"/etc/hosts",
 *      "flags":"O_RDONLY|O_CLOEXEC"},"raw":[4294967196,140737,524288,0,0,0],"ret":3,
 *      "enter_ts":"1764201234123444789","dur":12000}
 *     {"ts":"...","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"enter","nr":257,
 *      "syscall":"openat","args":{...},"raw":[...]}           (--events both)
 *     {"ts":"...","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"exit","nr":257,
 *      "syscall":"openat","ret":-2,"errno":"ENOENT"}           (--events both)
 *     {"ts":"...","cpu":1,"dir":"drop","lost":17}
 *
 * ts is ns since the Unix epoch, always a string (it exceeds 2^53). Other
 * 64-bit values are numbers when a JSON number holds them exactly,
 * otherwise decimal strings.
 *
 * @module
 */
import { siCodeText, siginfoFields, sigText } from "./format_signal.ts";
import {
  ARRAY_KINDS,
  epollTextOf,
  type FastStructWriter,
  futexTimed,
  loffText,
  makedevOf,
  modeTextOf,
  recordArgs,
  RESULT_KINDS,
  sockoptLens,
  STRUCT_KINDS,
  structArgs,
  structFast,
  structValue,
  u32At,
} from "./decode_struct.ts";
import type { Arch, ProcExitRecord, SignalRecord, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import type { FdTable } from "./fdtable.ts";
import { FD_EFFECT_OF } from "./syscalls/traits.ts";
import { SPEC } from "./syscalls/spec.ts";
import { ioctlArgIsPointer, ioctlDirectValue } from "./decode_term.ts";
import { COMPAT_NR_BASE, compatAbi, isCompatNr, syscallName } from "./syscalls.ts";
import {
  commOf,
  decodeRecord,
  findItem,
  IF_FAULT,
  IF_TRUNC,
  itemsWellFormed,
  LAYOUT,
  nrAt,
  REC_SYSCALL,
  RF_UNFINISHED,
  shownTsAt,
  structItem,
} from "./abi.ts";
import { errnoName } from "./errno.ts";
import { openFlagsTable } from "./xlat/fcntl.ts";
import type { Kind } from "./syscalls/kinds.ts";
import { SIMPLE_KINDS } from "./xlat/kinds_simple.ts";
import {
  argSpecs,
  decodeCall,
  decodeResult,
  decodeSockaddr,
  exitOutputs,
  type Field,
  type SockAddr,
  type Value,
} from "./decode.ts";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit value as a JSON number when exact, else as a string. */
export function json64(v: bigint): string {
  const s = v.toString();
  // up to 15 digits is always exact: skip the two BigInt comparisons
  if (s.length <= 15 || (v <= SAFE && v >= -SAFE)) return s;
  return `"${s}"`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Character codes of the JSON string being built (reused). */
let jsonCodes = new Uint16Array(1024);
const HEX_DIGITS = "0123456789abcdef";
/** The letter of JSON's short escapes by control character (\b \t \n \f \r); 0: \u00XX. */
const JSON_SHORT = new Uint8Array(32);
JSON_SHORT[8] = 0x62;
JSON_SHORT[9] = 0x74;
JSON_SHORT[10] = 0x6e;
JSON_SHORT[12] = 0x66;
JSON_SHORT[13] = 0x72;

/**
 * JSON.stringify() of bytes that are all ASCII, built from character codes (the common case of
 * paths and protocol text: no TextDecoder, no intermediate string); undefined otherwise.
 */
function asciiJson(b: Uint8Array): string | undefined {
  const len = b.length;
  if (jsonCodes.length < 6 * len + 2) jsonCodes = new Uint16Array(12 * len + 4);
  const out = jsonCodes;
  let n = 0;
  out[n++] = 34;
  for (let i = 0; i < len; i++) {
    const c = b[i];
    if (c >= 0x80) return undefined;
    if (c >= 0x20) {
      if (c === 34 || c === 92) out[n++] = 92;
      out[n++] = c;
    } else if (JSON_SHORT[c]) {
      out[n++] = 92;
      out[n++] = JSON_SHORT[c];
    } else {
      out[n++] = 92;
      out[n++] = 0x75; // u
      out[n++] = 0x30;
      out[n++] = 0x30;
      out[n++] = HEX_DIGITS.charCodeAt(c >> 4);
      out[n++] = HEX_DIGITS.charCodeAt(c & 15);
    }
  }
  out[n++] = 34;
  let s = "";
  for (let at = 0; at < n; at += 8192) {
    s += String.fromCharCode.apply(
      null,
      out.subarray(at, Math.min(n, at + 8192)) as unknown as number[],
    );
  }
  return s;
}

/**
 * Bytes as a JSON value: a string when they are complete, valid UTF-8;
 * otherwise `{"text":...}` or `{"base64":...}` with `"truncated":true`.
 */
function jsonBytes(b: Uint8Array, truncated?: boolean): string {
  const ascii = asciiJson(b);
  if (ascii !== undefined) return truncated ? `{"text":${ascii},"truncated":true}` : ascii;
  let text: string | undefined;
  try {
    text = utf8.decode(b);
  } catch { /* not UTF-8 */ }
  if (text !== undefined && !truncated) return JSON.stringify(text);
  const body = text !== undefined
    ? `"text":${JSON.stringify(text)}`
    : `"base64":"${btoa(String.fromCharCode(...b))}"`;
  return `{${body}${truncated ? ',"truncated":true' : ""}}`;
}

function jsonSockaddr(sa: SockAddr): string {
  const f: string[] = [`"family":${JSON.stringify(sa.family)}`];
  if (sa.port !== undefined) f.push(`"port":${sa.port}`);
  if (sa.addr !== undefined) f.push(`"addr":${JSON.stringify(sa.addr)}`);
  if (sa.flowinfo !== undefined) f.push(`"flowinfo":${sa.flowinfo}`);
  if (sa.scopeId !== undefined) f.push(`"scope_id":${sa.scopeId}`);
  if (sa.path !== undefined) f.push(`"path":${jsonBytes(sa.path)}`);
  if (sa.abstract) f.push(`"abstract":true`);
  if (sa.data !== undefined) f.push(`"data":${jsonBytes(sa.data)}`);
  if (sa.truncated) f.push(`"truncated":true`);
  return `{${f.join(",")}}`;
}

/** One decoded value as JSON (docs/json-schema.md, "Argument values"). */
export function jsonValue(v: Value): string {
  switch (v.t) {
    case "int":
    case "hex":
    case "oct":
      return json64(v.v);
    case "null":
      return "null";
    case "sym": {
      const parts = [...v.names];
      if (v.rest !== undefined) parts.push(`0x${BigInt.asUintN(64, v.rest).toString(16)}`);
      return JSON.stringify(parts.length ? parts.join("|") : "0");
    }
    case "str":
      return jsonBytes(v.bytes, v.truncated);
    case "strs": {
      const a = `[${v.items.map((b) => jsonBytes(b)).join(",")}]`;
      return v.truncated || v.fault ? `{"items":${a},"truncated":true}` : a;
    }
    case "fault":
      return `{"fault":true,"ptr":${json64(v.ptr)}}`;
    case "sockaddr":
      return jsonSockaddr(v.sa);
    case "fds":
      return `[${v.fds.join(",")}]`;
    case "struct":
      return jsonFields(v.fields);
    case "array":
      return `[${v.items.map(jsonValue).join(",")}]`;
    case "text":
      return JSON.stringify(v.s);
    case "dual":
      return jsonValue(v.data);
  }
}

/** `"name":` of an argument name (names are identifiers: no escaping, but cached). */
const keyCache = new Map<string, string>();
function jsonKey(name: string): string {
  let k = keyCache.get(name);
  if (k === undefined) keyCache.set(name, k = `${JSON.stringify(name)}:`);
  return k;
}

function jsonFields(fields: Field[]): string {
  let s = "{";
  for (let i = 0; i < fields.length; i++) {
    // a nameless field is the text format's note (openat2's `???`), not data
    if (!fields[i].name) continue;
    if (s.length > 1) s += ",";
    s += jsonKey(fields[i].name) + jsonValue(fields[i].value);
  }
  return s + "}";
}

/** The last comm seen and its JSON (consecutive records mostly share one). */
let lastComm = "", lastCommJson = '""';
function jsonComm(comm: string): string {
  if (comm !== lastComm) {
    lastComm = comm;
    lastCommJson = JSON.stringify(comm);
  }
  return lastCommJson;
}

/** `"nr":N,"syscall":"name"` (`"nr":N,"abi":"i386","syscall":"name"`) per architecture and number. */
const headCache: Record<Arch, Map<number, string>> = { x86_64: new Map(), aarch64: new Map() };
function jsonCallHead(arch: Arch, nr: number): string {
  const m = headCache[arch];
  let h = m.get(nr);
  if (h === undefined) {
    // a 32-bit task's call: its ABI's number and the ABI (docs/json-schema.md)
    const head = isCompatNr(nr)
      ? `"nr":${nr - COMPAT_NR_BASE},"abi":"${compatAbi(arch)}"`
      : `"nr":${nr}`;
    m.set(nr, h = `${head},"syscall":"${syscallName(arch, nr)}"`);
  }
  return h;
}

function jsonResult(arch: Arch, nr: number, ret: bigint): string {
  const r = decodeResult(arch, nr, ret);
  return r.errno ? `"ret":${json64(ret)},"errno":"${r.errno}"` : `"ret":${json64(ret)}`;
}

/** The fd arguments of a syscall for `fd_names` (-y): positions and names; the result too. */
interface FdArgs {
  idx: number[];
  keys: string[];
  /** The result is a new fd (fcntl: with F_DUPFD and F_DUPFD_CLOEXEC only). */
  result: boolean;
  /** dup*, fcntl: the result's name is the first argument's (copied after the line). */
  fromArg0: boolean;
  fcntl: boolean;
}

const fdArgsCache: Record<Arch, Map<number, FdArgs | null>> = {
  x86_64: new Map(),
  aarch64: new Map(),
};

function fdArgsOf(arch: Arch, nr: number): FdArgs | null {
  const m = fdArgsCache[arch];
  let f = m.get(nr);
  if (f !== undefined) return f;
  const specs = argSpecs(arch, nr) ?? [];
  const idx: number[] = [], keys: string[] = [];
  specs.forEach((s, i) => {
    if (s.kind === "fd" || s.kind === "dirfd") {
      idx.push(i);
      keys.push(jsonKey(s.name));
    }
  });
  const e = FD_EFFECT_OF[syscallName(arch, nr)];
  const result = e === "open" || e === "socket" || e === "accept" || e === "dup" ||
    e === "fcntl" || e === "memfd" || (e !== undefined && e.startsWith("anon:"));
  f = idx.length || result
    ? { idx, keys, result, fcntl: e === "fcntl", fromArg0: e === "dup" || e === "fcntl" }
    : null;
  m.set(nr, f);
  return f;
}

/**
 * `,"fd_names":{"fd":"/etc/hosts"}` (-y): the names of the fd arguments the table knows, and of
 * the fd the call returned as `"ret"`; "" when it knows none. `arg(i)` is argument i as an
 * int32, `ret` the result (-1 for none).
 */
export function fdNamesJson(
  fds: FdTable,
  arch: Arch,
  nr: number,
  pid: number,
  arg: (i: number) => number,
  ret: number,
): string {
  const f = fdArgsOf(arch, nr);
  if (!f) return "";
  let s = "";
  for (let k = 0; k < f.idx.length; k++) {
    const v = arg(f.idx[k]);
    if (v < 0) continue;
    const name = fds.name(pid, v);
    if (name !== undefined) s += (s ? "," : "") + f.keys[k] + JSON.stringify(name);
  }
  if (f.result && ret >= 0 && (!f.fcntl || arg(1) === 0 || arg(1) === 1030)) {
    const name = fds.name(pid, f.fromArg0 ? arg(0) : ret);
    if (name !== undefined) s += (s ? "," : "") + '"ret":' + JSON.stringify(name);
  }
  return s ? `,"fd_names":{${s}}` : "";
}

/**
 * A signal or exit record's line: `"dir":"signal"` with the signal, si_code and the siginfo
 * fields strace shows (integers as numbers, names as strings), or `"dir":"procexit"` with the
 * wait status and how the thread ended.
 */
function jsonEventLine(r: SignalRecord | ProcExitRecord, arch: Arch): string {
  const head = `{"ts":"${r.ts}","cpu":${r.cpu},"pid":${r.pid},"tid":${r.tid},"comm":` +
    `${jsonComm(r.comm)},"dir":"${r.kind}"`;
  if (r.kind === "procexit") {
    const s = r.status;
    const how = s < 0
      ? ""
      : (s & 0x7f) === 0
      ? `,"exit_status":${(s >> 8) & 0xff}`
      : `,"killed_by":"${sigText(s & 0x7f)}","core_dumped":${(s & 0x80) !== 0}`;
    return `${head},"wstatus":${s}${how},"group_dead":${r.groupDead}}`;
  }
  let info = "";
  for (const [k, v] of siginfoFields(arch, r)) {
    info += `,"${k}":${/^-?[0-9]+$/.test(v) ? v : JSON.stringify(v)}`;
  }
  const h = r.handler;
  return `${head},"sig":${r.sig},"signal":"${sigText(r.sig)}","si_code":"${
    siCodeText(r.sig, r.code)
  }","siginfo":{${info.slice(1)}},"handler":"${
    h === 0n ? "SIG_DFL" : h === 1n ? "SIG_IGN" : "0x" + h.toString(16)
  }"}`;
}

/** The JSON line of one record; `fds` (-y) adds `fd_names` to a completed syscall. */
export function jsonLine(r: TraceRecord, arch: Arch, fds?: FdTable): string {
  if (r.kind === "drop") {
    return `{"ts":"${r.ts}","cpu":${r.cpu},"dir":"drop","lost":${json64(r.lost)}}`;
  }
  if (r.kind === "signal" || r.kind === "procexit") return jsonEventLine(r, arch);
  const head = `{"ts":"${r.ts}","cpu":${r.cpu},"pid":${r.pid},"tid":${r.tid},"comm":` +
    `${jsonComm(r.comm)},"dir":"${r.kind}",${jsonCallHead(arch, r.nr)}`;
  if (r.kind === "exit") {
    const outs = exitOutputs(arch, r);
    return `${head},${jsonResult(arch, r.nr, r.ret)}${
      outs.length ? `,"args":${jsonFields(outs)}` : ""
    }}`;
  }
  const c = decodeCall(arch, r.nr, r.args, r.items, r.kind === "syscall" ? r.ret : undefined);
  const fields = r.kind === "enter" ? c.args.filter((a) => !a.out) : c.args;
  let line = `${head},"args":${jsonFields(fields)}`;
  // select's sets and timeout as the call left them
  if (c.returned) line += `,"returned":${jsonFields(c.returned)}`;
  line += `,"raw":[`;
  for (let i = 0; i < r.args.length; i++) line += (i ? "," : "") + json64(r.args[i]);
  line += "]";
  if (r.kind === "syscall") {
    if (r.ret !== undefined) line += `,${jsonResult(arch, r.nr, r.ret)}`;
    line += `,"enter_ts":"${r.enterTs}"`;
    if (r.ret !== undefined) line += `,"dur":${json64(r.ts - r.enterTs)}`;
    if (fds) {
      const ret = r.ret !== undefined && r.ret >= 0n && r.ret < 0x80000000n ? Number(r.ret) : -1;
      const a = r.args;
      line += fdNamesJson(
        fds,
        arch,
        r.nr,
        r.pid,
        (i) => Number(BigInt.asIntN(32, a[i] ?? 0n)),
        ret,
      );
    }
  }
  return line + "}";
}

/** A sink writing JSON Lines; `fds` (-y) adds fd names. */
export function jsonSink(out: LineOutput, arch: Arch, fds?: FdTable): Sink {
  return lineSink(out, (r) => jsonLine(r, arch, fds));
}

// ---- completed syscalls from the module's bytes -----------------------------
//
// jsonLine(decodeRecord()) without the record object: 64-bit values are read as u32 halves and
// printed with number arithmetic (no BigInt), and what each argument prints is resolved once per
// syscall number into a plan. A syscall with an argument kind the plan does not cover, or a
// record the plan cannot be sure of, goes through decodeRecord() and jsonLine().

const TWO32 = 4294967296;
const SYSCALL_SIZE = LAYOUT["sizeof msd_rec_syscall"];
const NINE = "000000000";

/** The value hi * 2^32 + lo (hi below 2^34, lo below 2^32) divided by 1e9: [seconds, ns]. */
function divSec(hi: number, lo: number): [number, number] {
  // long division, hi first and then lo in two 16-bit steps: every intermediate value stays
  // below 2^47, so each step is exact in a double
  const q1 = Math.floor(hi / 1e9);
  let r = hi - q1 * 1e9;
  let cur = r * 65536 + (lo >>> 16);
  const q2 = Math.floor(cur / 1e9);
  r = cur - q2 * 1e9;
  cur = r * 65536 + (lo & 0xffff);
  const q3 = Math.floor(cur / 1e9);
  return [q1 * TWO32 + q2 * 65536 + q3, cur - q3 * 1e9];
}

/** hi * 2^32 + lo in decimal (hi below 2^34, lo below 2^32). */
function decimal(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO32 + lo);
  const [sec, n] = divSec(hi, lo);
  const ns = String(n);
  // the value is at least 2^53: the seconds are never 0, so no leading zeros
  return String(sec) + NINE.slice(ns.length) + ns;
}

/** json64() of the u64 hi * 2^32 + lo. */
function u64Json(hi: number, lo: number): string {
  if (hi === 0) return String(lo);
  if (hi >= 0x200000) return `"${decimal(hi, lo)}"`;
  // printing a double beyond the small integers costs twice two small ones. The floor is exact:
  // below 2^53, no v / 1e9 with a remainder rounds up to the next integer (checked for the
  // nearest case, remainder 999999999, at every quotient)
  const v = hi * TWO32 + lo;
  const q = Math.floor(v / 1e9);
  const ns = String(v - q * 1e9);
  return q + NINE.slice(ns.length) + ns;
}

/** json64() of the s64 whose halves are hi (signed) and lo. */
/** The u64 and s64 at b[o..o+8) as JSON numbers (strings beyond 2^53). */
const u64At = (b: Uint8Array, o: number) => u64Json(u32At(b, o + 4), u32At(b, o));
const s64At = (b: Uint8Array, o: number) => s64Json(u32At(b, o + 4) | 0, u32At(b, o));

/** The JSON format's writer (every stat field). */
const JSON_STRUCTS: FastStructWriter = {
  stat: (x86, b, o, mode, device) =>
    `{"st_dev":"${makedevOf(u32At(b, o))}","st_ino":${u64At(b, o + 8)},"st_mode":"${
      modeTextOf(mode)
    }","st_nlink":${x86 ? u64At(b, o + 16) : u32At(b, o + 20)},"st_uid":${
      u32At(b, o + (x86 ? 28 : 24))
    },"st_gid":${u32At(b, o + (x86 ? 32 : 28))},"st_blksize":${
      x86 ? s64At(b, o + 56) : u32At(b, o + 56) | 0
    },"st_blocks":${s64At(b, o + 64)},${
      device
        ? `"st_rdev":"${makedevOf(u32At(b, o + (x86 ? 40 : 32)))}"`
        : `"st_size":${s64At(b, o + 48)}`
    },"st_atime":${s64At(b, o + 72)},"st_atime_nsec":${u64At(b, o + 80)},"st_mtime":${
      s64At(b, o + 88)
    },"st_mtime_nsec":${u64At(b, o + 96)},"st_ctime":${s64At(b, o + 104)},"st_ctime_nsec":${
      u64At(b, o + 112)
    }}`,
  event: (b, o, at) =>
    `{"events":"${epollTextOf(u32At(b, o))}","data":{"u32":${u32At(b, at)},"u64":${u64At(b, at)}}}`,
  sep: ",",
  more: '"..."',
};

/** {@linkcode structFast} in JSON: jsonValue(structValue(...)) from the bytes. */
export function structJsonFast(
  arch: Arch,
  kind: Kind,
  b: Uint8Array,
  o: number,
  len: number,
  truncated: boolean,
): string | undefined {
  return structFast(JSON_STRUCTS, arch, kind, b, o, len, truncated);
}

function s64Json(hi: number, lo: number): string {
  if (hi >= 0) return u64Json(hi, lo);
  // -2^53 itself is not exact as JSON: it takes the string form below
  if (hi > -0x200000 || (hi === -0x200000 && lo !== 0)) return String(hi * TWO32 + lo);
  return lo === 0 ? `"-${decimal(-hi, 0)}"` : `"-${decimal(-hi - 1, TWO32 - lo)}"`;
}

/** How an argument is printed (decodeOne() in decode.ts, then jsonValue(), kind by kind). */
const A_I32 = 0, // fd, int
  A_DIRFD = 1,
  A_I64 = 2, // long
  A_U32 = 3, // uint
  A_U64 = 4, // ulong, hex, skip, and the arguments of a syscall without a spec
  A_PTR = 5,
  A_MEM = 6, // path, str, rstr, wbuf, rbuf, wiov, riov: memValue()
  A_SYM = 7, // flags and named constants of the argument's own register: cached per value
  A_SADDR = 8, // sockaddr, osockaddr: sockaddrValue()
  A_OCT = 9, // umode_t: 16 bits
  A_UID = 10, // uid_t, gid_t: unsigned, -1 as -1
  A_STRUCT = 11; // the structure kinds: structValue()

interface ArgPlan {
  op: number;
  /** `"name":`, with a leading comma after the first argument. */
  key: string;
  /** A_MEM, A_SADDR: the item type byte (1 str, 2 buf, 3 iov, 4 socket address). */
  type: number;
  /** Argument position. */
  i: number;
  /** open's and openat's mode: left out unless the flags before it take one. */
  openMode: boolean;
  /** A_SYM: the JSON of each value seen, by the register as a signed number. */
  sym?: Map<number, string>;
  /** A_STRUCT: the kind and the syscall's name, for structValue(). */
  s?: { kind: Kind; name: string };
}

interface CallPlan {
  /** `"nr":N,"syscall":"name"` */
  head: string;
  args: ArgPlan[];
  /**
   * SyscallSpec.select: the selecting argument and the values that pick a copy (prctl's option,
   * ptrace's request), whose records take the slow path (selectedKind() in decodeCall()).
   */
  sel?: { on: number; vals: ReadonlySet<number> };
}

/** Memory kinds and the item type their data comes in (itemFor() in decodeOne()). */
const MEM_TYPES: Partial<Record<Kind, number>> = {
  path: 1,
  str: 1,
  rstr: 1,
  wbuf: 2,
  rbuf: 2,
  rsockbuf: 2,
  wiov: 3,
  riov: 3,
};

/**
 * Kinds whose value decodeOne() takes from the argument's own register alone, so one value always
 * prints the same: these are cached by value. proto and fcntlarg read another argument; socket
 * addresses, argv, fds and msghdr read items.
 */
const SYM_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  ...Object.keys(SIMPLE_KINDS) as Kind[],
  "openflags",
  "oflags",
  "atflags",
  "accessatflags",
  "access",
  "prot",
  "mapflags",
  "clone",
  "af",
  "socktype",
  "sockflags",
  "msgflags",
  "fcntlcmd",
  "signal",
  "sighow",
  "whence",
  "renameflags",
  "wait",
  "madv",
  "mremap",
  "shut",
  "futexop",
  "clockid",
  "timerflags",
  "ioctlcmd",
  "archprctl",
  "prctlopt",
  "rlimit",
  "grndflags",
  "flockop",
  "mclflags",
  "msflags",
  "efdflags",
  "mfdflags",
  "epollflags",
  "statxmask",
  "statxflags",
  "epollctl",
  "ptracereq",
  "mpolmode",
  "quotacmd",
]);

/** The op of a kind; -1 for a kind the fast path leaves to decodeCall(). */
function opOf(kind: Kind): number {
  switch (kind) {
    case "fd":
    case "int":
      return A_I32;
    case "dirfd":
      return A_DIRFD;
    case "long":
      return A_I64;
    case "uint":
      return A_U32;
    case "oct":
      return A_OCT;
    case "uid":
      return A_UID;
    case "ulong":
    case "hex":
    case "skip":
      return A_U64;
    case "ptr":
      return A_PTR;
  }
  if (kind === "sockaddr" || kind === "osockaddr") return A_SADDR;
  if (MEM_TYPES[kind] !== undefined) return A_MEM;
  // structures the result decides (wait4's status, getgroups' count): decodeCall()
  if (RESULT_KINDS.has(kind)) return -1;
  if (STRUCT_KINDS.has(kind)) return A_STRUCT;
  return SYM_KINDS.has(kind) ? A_SYM : -1;
}

/** The plan of syscall `nr`; null when one of its arguments needs decodeCall(). */
function callPlan(arch: Arch, nr: number): CallPlan | null {
  const name = syscallName(arch, nr);
  const specs = argSpecs(arch, nr);
  const args: ArgPlan[] = [];
  const key = (i: number, n: string) => (i ? "," : "") + jsonKey(n);
  if (!specs) {
    for (let i = 0; i < 6; i++) {
      args.push({ op: A_U64, key: key(i, `arg${i}`), type: 0, i, openMode: false });
    }
  } else {
    for (let i = 0; i < specs.length; i++) {
      const op = opOf(specs[i].kind);
      // fcntl's arg is left out by its cmd (omitted() in decode.ts): not planned
      if (op < 0 || (name === "fcntl" && i === 2)) return null;
      const openMode = (name === "open" && i === 2) || (name === "openat" && i === 3);
      // a left-out argument must not be the one without the comma
      if (openMode && i === 0) return null;
      const a: ArgPlan = {
        op,
        key: key(i, specs[i].name),
        type: op === A_SADDR ? 4 : op === A_STRUCT ? 7 : MEM_TYPES[specs[i].kind] ?? 0,
        i,
        openMode,
      };
      if (op === A_STRUCT) a.s = { kind: specs[i].kind, name };
      if (op === A_SYM) a.sym = new Map();
      args.push(a);
    }
  }
  // prctl's, arch_prctl's and ptrace's copies depend on their option (SyscallSpec.select): a
  // value that picks one is decodeCall()'s, the others are the arguments' own kinds
  const sel = SPEC[name]?.select;
  if (sel) {
    return {
      head: jsonCallHead(arch, nr),
      args,
      sel: { on: sel.on, vals: new Set(sel.cases.map(([v]) => v)) },
    };
  }
  return { head: jsonCallHead(arch, nr), args };
}

/** Plans by syscall number, built on first use; null: the syscall takes the slow path. */
const PLANS: Record<Arch, (CallPlan | null | undefined)[]> = { x86_64: [], aarch64: [] };
/** Syscall numbers from here on are not planned (no table has them). */
const PLAN_NR_MAX = 4096;
/** Values cached per A_SYM argument before the cache starts over. */
const SYM_CACHE_MAX = 1024;

/** The JSON of A_SYM argument `a` of `nr` whose register is `v` (a safe integer), by decodeCall(). */
function symJson(arch: Arch, nr: number, a: ArgPlan, v: number): string {
  let s = a.sym!.get(v);
  if (s !== undefined) return s;
  const args = [0n, 0n, 0n, 0n, 0n, 0n];
  args[a.i] = BigInt.asUintN(64, BigInt(v));
  const f = decodeCall(arch, nr, args).args.find((x) => x.arg === a.i)!;
  s = jsonValue(f.value);
  if (a.sym!.size >= SYM_CACHE_MAX) a.sym!.clear();
  a.sym!.set(v, s);
  return s;
}

/** `,"ret":-n,"errno":"NAME"` by n in 1..4095, built on first use. */
const ERR_RESULT: (string | undefined)[] = [];

/**
 * Formats the module's completed-syscall records as JSON lines straight from their bytes: for a
 * record of a syscall whose arguments all have kinds it knows, the line is computed with numbers
 * (no BigInt, no decoded record or argument objects); anything else goes through
 * `jsonLine(decodeRecord(...))`. Either way the line is that of {@link jsonLine}.
 *
 * Kinds taken on the fast path: fd, int, dirfd, long, uint, ulong, oct, hex, skip, ptr, the
 * memory kinds path, str, rstr, wbuf, rbuf, wiov and riov, and the flag and constant kinds that
 * read only their own register (their JSON cached per value, computed once by decodeCall()).
 * Syscalls with a socket address, argv, fds, msghdr, proto or fcntlarg argument take the slow
 * path, as do records other than SYSCALL.
 *
 * @example
 * ```ts
 * const f = new JsonRawFormatter("x86_64");
 * const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
 * const line = f.line(buf, view, 0, realtimeOffset); // === jsonLine(decodeRecord(...)!, "x86_64")
 * ```
 */
export class JsonRawFormatter {
  #arch: Arch;
  /** O_TMPFILE's bits: with O_CREAT, the flags that make open's mode shown (openTakesMode()). */
  #tmpfile: number;
  // the last `offset` line() was given, split into u32 halves; #offHi -1: outside 0..2^64
  #offset: bigint | undefined;
  #offHi = -1;
  #offLo = 0;
  // the second of the last time printed: its first ns as halves (#secHi -1: none yet) and its
  // digits. Printing the seconds (1.7e9: no small integer) cost about 100 ns a time on the host,
  // half of the rest of a getppid line: they are printed once a second
  #secHi = -1;
  #secLo = 0;
  #secText = "";

  /** Records formatted through decodeRecord() and jsonLine(): what the fast path left over. */
  slowCount = 0;

  #fds: FdTable | undefined;

  /** A formatter for records of `arch`; `fds` (-y) adds fd names. */
  constructor(arch: Arch, fds?: FdTable) {
    this.#arch = arch;
    this.#fds = fds;
    this.#tmpfile = Number(openFlagsTable(arch).find(([n]) => n === "O_TMPFILE")![1]);
  }

  /** decimal(hi, lo) of a time, through the current second's digits. */
  #time(hi: number, lo: number): string {
    // exact whenever it lands in 0..1e9: a multiple of 2^32 plus less than 2^32 in magnitude
    const d = (hi - this.#secHi) * TWO32 + (lo - this.#secLo);
    if (d >= 0 && d < 1e9) {
      const ns = String(d);
      return this.#secText + NINE.slice(ns.length) + ns;
    }
    if (hi === 0 && lo < 1e9) return String(lo);
    const [sec, n] = divSec(hi, lo);
    this.#secText = String(sec);
    this.#secHi = hi;
    this.#secLo = lo - n;
    if (this.#secLo < 0) {
      this.#secLo += TWO32;
      this.#secHi--;
    }
    const ns = String(n);
    return this.#secText + NINE.slice(ns.length) + ns;
  }

  #slow(buf: Uint8Array, view: DataView, off: number, offset: bigint): string {
    this.slowCount++;
    return jsonLine(decodeRecord(buf, view, off, offset)!, this.#arch, this.#fds);
  }

  /**
   * The JSON line of the module's record at `off` in `buf` (`view` views `buf` from its start,
   * the record's size was checked): `jsonLine(decodeRecord(buf, view, off, offset)!, arch)`.
   * `offset` is CLOCK_REALTIME - CLOCK_MONOTONIC in ns.
   */
  line(buf: Uint8Array, view: DataView, off: number, offset: bigint): string {
    const arch = this.#arch;
    const size = view.getUint16(off, true);
    const nr = nrAt(view, off);
    if (
      view.getUint16(off + 2, true) !== REC_SYSCALL || size < SYSCALL_SIZE || nr < 0 ||
      nr >= PLAN_NR_MAX
    ) {
      return this.#slow(buf, view, off, offset);
    }
    const plans = PLANS[arch];
    let plan = plans[nr];
    if (plan === undefined) plan = plans[nr] = callPlan(arch, nr);
    if (offset !== this.#offset) {
      this.#offset = offset;
      const ok = offset >= 0n && offset < 0x10000000000000000n;
      this.#offHi = ok ? Number(offset >> 32n) : -1;
      this.#offLo = ok ? Number(offset & 0xffffffffn) : 0;
    }
    const end = off + size;
    if (
      plan === null || this.#offHi < 0 ||
      (size > SYSCALL_SIZE && !itemsWellFormed(buf, off + SYSCALL_SIZE, end)) ||
      (plan.sel && plan.sel.vals.has(view.getUint32(off + 48 + 8 * plan.sel.on, true)))
    ) {
      return this.#slow(buf, view, off, offset);
    }

    // the arguments first: an A_SYM value beyond 2^53 sends the record to the slow path
    let args = "";
    const specs = plan.args;
    for (let k = 0; k < specs.length; k++) {
      const a = specs[k];
      const p = off + 48 + 8 * a.i;
      const lo = view.getUint32(p, true);
      if (a.openMode) {
        const f = view.getUint32(p - 8, true);
        if (!(f & 0o100) && ((f & this.#tmpfile) >>> 0) !== this.#tmpfile) continue;
      }
      let v: string;
      switch (a.op) {
        case A_I32:
          v = String(lo | 0);
          break;
        case A_DIRFD:
          v = (lo | 0) === -100 ? '"AT_FDCWD"' : String(lo | 0);
          break;
        case A_I64:
          v = s64Json(view.getInt32(p + 4, true), lo);
          break;
        case A_U32:
          v = String(lo);
          break;
        case A_OCT:
          v = String(lo & 0xffff);
          break;
        case A_UID:
          v = lo === 0xffffffff ? "-1" : String(lo);
          break;
        case A_U64:
          v = u64Json(view.getUint32(p + 4, true), lo);
          break;
        case A_PTR: {
          const hi = view.getUint32(p + 4, true);
          v = hi === 0 && lo === 0 ? "null" : u64Json(hi, lo);
          break;
        }
        case A_MEM:
        case A_SADDR: {
          const hi = view.getUint32(p + 4, true);
          if (hi === 0 && lo === 0) {
            v = "null";
            break;
          }
          const it = size > SYSCALL_SIZE ? findItem(buf, off + SYSCALL_SIZE, end, a.i, a.type) : -1;
          if (it < 0) {
            v = u64Json(hi, lo);
            break;
          }
          const len = buf[it] | (buf[it + 1] << 8);
          const flags = buf[it + 4] | (buf[it + 5] << 8);
          if (flags & IF_FAULT && (len === 0 || a.op === A_MEM)) {
            v = `{"fault":true,"ptr":${u64Json(hi, lo)}}`;
            break;
          }
          const data = buf.subarray(it + 8, it + 8 + len);
          if (a.op === A_MEM) {
            v = jsonBytes(data, (flags & IF_TRUNC) !== 0);
            break;
          }
          // an object for the address alone, as rare as the calls that carry one
          const sa = decodeSockaddr(data, (flags & IF_TRUNC) !== 0);
          v = sa ? jsonSockaddr(sa) : u64Json(hi, lo);
          break;
        }
        case A_STRUCT: {
          // an object for the structure alone, as jsonValue(structValue()) of decodeCall()
          const hi = view.getUint32(p + 4, true);
          const d = a.s!.kind === "ioctlarg"
            ? ioctlDirectValue(view.getUint32(off + 56, true), view.getBigUint64(p, true))
            : undefined;
          if (d) {
            v = jsonValue(d);
            break;
          }
          if (lo === 0 && hi === 0) {
            v = (a.s!.kind === "ioctlarg" && !ioctlArgIsPointer(view.getUint32(off + 56, true))) ||
                (a.s!.kind === "futexarg" && !futexTimed(view.getUint32(off + 56, true)))
              ? "0"
              : "null";
            break;
          }
          const it = size > SYSCALL_SIZE ? findItem(buf, off + SYSCALL_SIZE, end, a.i, 7) : -1;
          // nothing copied (a failed call, the tracefs backend): the address, with no object
          if (it < 0) {
            // an array of no elements has no item: `[]`
            v = ARRAY_KINDS.has(a.s!.kind)
              ? jsonValue(
                structValue(
                  arch,
                  a.s!.kind,
                  view.getBigUint64(p, true),
                  undefined,
                  recordArgs(view, off),
                ),
              )
              : u64Json(hi, lo);
            break;
          }
          const fl = buf[it + 4];
          if (a.s!.kind === "loffinout") {
            const t = loffText(buf, it, end, a.i);
            v = t === undefined ? u64Json(hi, lo) : `"${t}"`;
            break;
          }
          if (!(fl & IF_FAULT)) {
            const j = structJsonFast(
              arch,
              a.s!.kind,
              buf,
              it + 8,
              buf[it] | (buf[it + 1] << 8),
              (fl & IF_TRUNC) !== 0,
            );
            if (j !== undefined) {
              v = j;
              break;
            }
          }
          const raw = view.getBigUint64(p, true);
          const c = structItem(buf, it, a.i);
          const cmd = structArgs(a.s!.kind, view, off);
          const lens = sockoptLens(a.s!.kind, buf, off + SYSCALL_SIZE, end, a.i);
          v = jsonValue(structValue(arch, a.s!.kind, raw, c, cmd, lens));
          break;
        }
        default: {
          // A_SYM, keyed by the register as a signed number: exact within +-2^53
          const hi = view.getInt32(p + 4, true);
          if (hi < -0x200000 || hi >= 0x200000) {
            return this.#slow(buf, view, off, offset);
          }
          v = symJson(arch, nr, a, hi * TWO32 + lo);
        }
      }
      args += a.key + v;
    }

    const tid = view.getUint32(off + 20, true);
    const comm = commOf(view, buf, off + 32, tid);
    const offHi = this.#offHi, offLo = this.#offLo;
    const tsAt = shownTsAt(view, off);
    const tsLo = view.getUint32(tsAt, true), tsHi = view.getUint32(tsAt + 4, true);
    let lo = tsLo + offLo, hi = tsHi + offHi;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi++;
    }
    let line = `{"ts":"${this.#time(hi, lo)}","cpu":${view.getUint32(off + 24, true)},"pid":${
      view.getUint32(off + 16, true)
    },"tid":${tid},"comm":${jsonComm(comm)},"dir":"syscall",${plan.head},"args":{${args}},"raw":[`;
    for (let p = off + 48; p < off + 96; p += 8) {
      line += (p === off + 48 ? "" : ",") +
        u64Json(view.getUint32(p + 4, true), view.getUint32(p, true));
    }
    line += "]";

    const eLo = view.getUint32(off + 104, true), eHi = view.getUint32(off + 108, true);
    lo = eLo + offLo;
    hi = eHi + offHi;
    if (lo >= TWO32) {
      lo -= TWO32;
      hi++;
    }
    let enter = `,"enter_ts":"${this.#time(hi, lo)}"`;
    if (view.getUint32(off + 28, true) & RF_UNFINISHED) {
      if (this.#fds) enter += this.#fdNames(view, off, nr, -1);
      return line + enter + "}";
    }

    const rLo = view.getUint32(off + 96, true), rHi = view.getInt32(off + 100, true);
    if (rHi === -1 && rLo >= TWO32 - 4095) {
      const n = TWO32 - rLo;
      let r = ERR_RESULT[n];
      if (r === undefined) {
        const name = errnoName(n);
        r = ERR_RESULT[n] = name ? `,"ret":-${n},"errno":"${name}"` : `,"ret":-${n}`;
      }
      line += r;
    } else line += `,"ret":${s64Json(rHi, rLo)}`;

    // ts - enter_ts: the offset added to both cancels
    const dHi = tsHi - eHi;
    const dur = dHi > -0x200000 && dHi < 0x200000
      ? String(dHi * TWO32 + (tsLo - eLo))
      : json64(view.getBigUint64(off + 8, true) - view.getBigUint64(off + 104, true));
    if (this.#fds) {
      return `${line}${enter},"dur":${dur}${
        this.#fdNames(view, off, nr, rHi === 0 && rLo < 0x80000000 ? rLo : -1)
      }}`;
    }
    return `${line}${enter},"dur":${dur}}`;
  }

  #fdNames(view: DataView, off: number, nr: number, ret: number): string {
    return fdNamesJson(
      this.#fds!,
      this.#arch,
      nr,
      view.getUint32(off + 16, true),
      (i) => view.getInt32(off + 48 + 8 * i, true),
      ret,
    );
  }
}
