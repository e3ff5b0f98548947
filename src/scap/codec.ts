/**
 * Byte-level pieces of the capture format shared by the writer and the reader: block type ids,
 * a little-endian append buffer, event encoding, mysysdig's own parameters (format 2), and the
 * varints of format 1's tail parameter (still read). Layouts follow shared/docs/scap-format.md
 * sections 3-12.
 *
 * @module
 */
import { bigOf } from "../bigint.ts";
import type { Capture, CaptureType } from "../record.ts";
import { fixedWidth, isSignedType, isStringType, type ParamSpec } from "./events.ts";

/** Block type ids (`userspace/libscap/scap_savefile.h`). */
export const BLOCK = {
  SHB: 0x0a0d0d0a,
  MI: 0x201,
  PL_V9: 0x215,
  EV_V2: 0x216,
  EVF_V2: 0x217,
  EV_V2_LARGE: 0x221,
  EVF_V2_LARGE: 0x222,
} as const;

/** Section header magic as read on a little-endian host. */
export const SHB_MAGIC = 0x1a2b3c4d;
/** Size of the event header (`struct ppm_evt_hdr`). */
export const EVT_HDR_LEN = 26;
/** Largest event `len` in a non-LARGE EV_V2 block that sysdig 0.29 accepts (65544 - 14). */
export const MAX_EVENT_LEN = 65530;
/** The EVF flag that makes sysdig apply an event to its state without printing it. */
export const DF_STATE_ONLY = 1;

/** A parameter value: integers as bigint or number, strings as string, buffers as bytes. */
export type ParamValue = bigint | number | string | Uint8Array;

const enc = new TextEncoder();

/** A growable little-endian byte buffer. */
export class ByteWriter {
  buf: Uint8Array;
  view: DataView;
  len = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
    this.view = new DataView(this.buf.buffer);
  }

  ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.buf.subarray(0, this.len));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }
  u16(v: number): void {
    this.ensure(2);
    this.view.setUint16(this.len, v, true);
    this.len += 2;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }
  u64(v: bigint): void {
    this.ensure(8);
    this.view.setBigUint64(this.len, BigInt.asUintN(64, v), true);
    this.len += 8;
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  zeros(n: number): void {
    this.ensure(n);
    this.buf.fill(0, this.len, this.len + n);
    this.len += n;
  }
  /** A metadata string: u16 length, bytes, no NUL. */
  str16(s: string): void {
    const b = enc.encode(s);
    this.u16(b.length);
    this.bytes(b);
  }
  /** Overwrite a u32 at an earlier position. */
  patch32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }
  reset(): void {
    this.len = 0;
  }
  /** The bytes written so far (a view, valid until the next write). */
  data(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }
}

/** Start a block: returns the position of its header, to be passed to {@linkcode endBlock}. */
export function beginBlock(w: ByteWriter, type: number): number {
  const at = w.len;
  w.u32(type);
  w.u32(0);
  return at;
}

/** Pad to 4 bytes, write the trailer and patch the header's length. */
export function endBlock(w: ByteWriter, at: number): void {
  const pad = (4 - ((w.len - at + 4) & 3)) & 3;
  w.zeros(pad);
  const total = w.len - at + 4;
  w.u32(total);
  w.patch32(at + 4, total);
}

/** The section header block (28 bytes). */
export function writeShb(w: ByteWriter): void {
  const at = beginBlock(w, BLOCK.SHB);
  w.u32(SHB_MAGIC);
  w.u16(1);
  w.u16(2);
  w.u64(0xffffffffffffffffn);
  endBlock(w, at);
}

/** Facts for the machine info block. */
export interface MachineInfo {
  numCpus: number;
  memoryBytes: bigint;
  maxPid: bigint;
  hostname: string;
}

/** The machine info block: a 180-byte body. */
export function writeMachineInfo(w: ByteWriter, mi: MachineInfo): void {
  const at = beginBlock(w, BLOCK.MI);
  w.u32(mi.numCpus);
  w.u64(mi.memoryBytes);
  w.u64(mi.maxPid);
  const host = new Uint8Array(128);
  host.set(enc.encode(mi.hostname).subarray(0, 127));
  w.bytes(host);
  w.zeros(32);
  endBlock(w, at);
}

/** Encode one parameter value to its on-disk bytes. */
export function encodeParam(spec: ParamSpec, v: ParamValue): Uint8Array {
  const width = fixedWidth(spec.type);
  if (width !== undefined) {
    const out = new Uint8Array(width);
    const dv = new DataView(out.buffer);
    const n = typeof v === "bigint" ? v : BigInt(typeof v === "number" ? Math.trunc(v) : 0);
    if (width === 1) dv.setUint8(0, Number(BigInt.asUintN(8, n)));
    else if (width === 2) dv.setUint16(0, Number(BigInt.asUintN(16, n)), true);
    else if (width === 4) dv.setUint32(0, Number(BigInt.asUintN(32, n)), true);
    else dv.setBigUint64(0, BigInt.asUintN(64, n), true);
    return out;
  }
  if (isStringType(spec.type)) {
    const s = typeof v === "string"
      ? enc.encode(v)
      : v instanceof Uint8Array
      ? v
      : new Uint8Array();
    // A NUL inside would end the C string early: cut there, as the kernel's string copy would.
    const nul = s.indexOf(0);
    const body = nul >= 0 ? s.subarray(0, nul) : s;
    const out = new Uint8Array(body.length + 1);
    out.set(body);
    return out;
  }
  return v instanceof Uint8Array ? v : typeof v === "string" ? enc.encode(v) : new Uint8Array();
}

/** A fixed-width integer parameter of `len` bytes at `off` (0 for any other width). */
export function readInt(view: DataView, off: number, len: number, spec: ParamSpec): bigint {
  const signed = isSignedType(spec.type);
  switch (len) {
    case 1:
      return BigInt(signed ? view.getInt8(off) : view.getUint8(off));
    case 2:
      return BigInt(signed ? view.getInt16(off, true) : view.getUint16(off, true));
    case 4:
      return BigInt(signed ? view.getInt32(off, true) : view.getUint32(off, true));
    case 8:
      return signed ? view.getBigInt64(off, true) : view.getBigUint64(off, true);
    default:
      return 0n;
  }
}

/**
 * Append an event block. `params` are already encoded. Variable-length parameters are shortened
 * (longest first) until the event fits a non-LARGE block, as the driver's snaplen would.
 */
export function writeEvent(
  w: ByteWriter,
  cpu: number,
  ts: bigint,
  tid: bigint,
  type: number,
  params: Uint8Array[],
  flags?: number,
): void {
  let total = EVT_HDR_LEN + 2 * params.length;
  for (const b of params) total += b.length;
  const limit = MAX_EVENT_LEN - (flags !== undefined ? 4 : 0);
  while (total > limit) {
    let big = 0;
    for (let i = 1; i < params.length; i++) if (params[i].length > params[big].length) big = i;
    const old = params[big];
    const cut = Math.min(total - limit, old.length - 1);
    if (cut <= 0) break;
    const kept = old.slice(0, old.length - cut);
    // Strings keep their terminating NUL.
    if (old[old.length - 1] === 0) kept[kept.length - 1] = 0;
    params[big] = kept;
    total -= cut;
  }
  const at = beginBlock(w, flags !== undefined ? BLOCK.EVF_V2 : BLOCK.EV_V2);
  w.u16(cpu & 0xffff);
  if (flags !== undefined) w.u32(flags);
  w.u64(ts);
  w.u64(tid);
  w.u32(total);
  w.u16(type);
  w.u32(params.length);
  for (const b of params) w.u16(b.length);
  for (const b of params) w.bytes(b);
  endBlock(w, at);
}

/** Fixed widths of a spec's parameters (undefined: variable length), computed once per spec. */
const widthsOf = new WeakMap<readonly ParamSpec[], Array<number | undefined>>();
function widths(specs: readonly ParamSpec[]): Array<number | undefined> {
  let w = widthsOf.get(specs);
  if (w === undefined) widthsOf.set(specs, w = specs.map((s) => fixedWidth(s.type)));
  return w;
}

const U64_MAX = 0xffffffffffffffffn;
const I64_MIN = -0x8000000000000000n;

/** Writes a fixed-width integer parameter at w.len (the caller ensured the room). */
function putFixed(w: ByteWriter, width: number, v: ParamValue): void {
  const view = w.view, at = w.len;
  if (width === 8) {
    const n = typeof v === "bigint" ? v : BigInt(typeof v === "number" ? Math.trunc(v) : 0);
    if (n >= 0n && n <= U64_MAX) view.setBigUint64(at, n, true);
    else if (n < 0n && n >= I64_MIN) view.setBigInt64(at, n, true);
    else view.setBigUint64(at, BigInt.asUintN(64, n), true);
  } else {
    let x: number;
    if (typeof v === "number") x = Math.trunc(v);
    else if (typeof v === "bigint") x = Number(BigInt.asIntN(32, v));
    else x = 0;
    if (width === 4) view.setUint32(at, x >>> 0, true);
    else if (width === 2) view.setUint16(at, x & 0xffff, true);
    else view.setUint8(at, x & 0xff);
  }
  w.len = at + width;
}

/**
 * Parameters of raw bytes that follow an event's sysdig parameters: `lens[i]` bytes each, back to
 * back from the start of `buf` (one reused buffer, so that no event allocates for them).
 */
export interface ExtraParams {
  buf: Uint8Array;
  lens: number[];
}

/**
 * Append an event block from parameter values, encoding fixed-width ones in place (the hot
 * path of the writer). `extra` are further parameters of raw bytes. Falls back to
 * {@linkcode writeEvent} when a variable-length parameter must be shortened.
 */
export function writeEventValues(
  w: ByteWriter,
  cpu: number,
  ts: bigint,
  tid: number,
  type: number,
  specs: readonly ParamSpec[],
  values: readonly ParamValue[],
  extra?: ExtraParams,
  flags?: number,
): void {
  const ws = widths(specs);
  const nx = extra ? extra.lens.length : 0;
  const n = specs.length + nx;
  let total = EVT_HDR_LEN + 2 * n;
  // variable-length parameters, encoded (few: most parameters are integers)
  let vars: Array<Uint8Array | undefined> | undefined;
  for (let i = 0; i < specs.length; i++) {
    const width = ws[i];
    if (width !== undefined) {
      total += width;
      continue;
    }
    vars ??= [];
    const b = vars[i] = encodeParam(specs[i], values[i]);
    total += b.length;
  }
  let xbytes = 0;
  for (let i = 0; i < nx; i++) xbytes += extra!.lens[i];
  total += xbytes;
  if (total > MAX_EVENT_LEN - (flags !== undefined ? 4 : 0)) {
    const params = specs.map((s, i) => vars?.[i] ?? encodeParam(s, values[i]));
    for (let i = 0, o = 0; i < nx; o += extra!.lens[i++]) {
      params.push(extra!.buf.slice(o, o + extra!.lens[i]));
    }
    writeEvent(w, cpu, ts, BigInt(tid), type, params, flags);
    return;
  }
  w.ensure(total + 24);
  const at = beginBlock(w, flags !== undefined ? BLOCK.EVF_V2 : BLOCK.EV_V2);
  const view = w.view;
  view.setUint16(w.len, cpu & 0xffff, true);
  w.len += 2;
  if (flags !== undefined) {
    view.setUint32(w.len, flags >>> 0, true);
    w.len += 4;
  }
  view.setBigUint64(w.len, ts, true);
  view.setUint32(w.len + 8, tid >>> 0, true);
  view.setUint32(w.len + 12, Math.floor(tid / 0x100000000), true);
  view.setUint32(w.len + 16, total, true);
  view.setUint16(w.len + 20, type, true);
  view.setUint32(w.len + 22, n, true);
  w.len += EVT_HDR_LEN;
  for (let i = 0; i < specs.length; i++) {
    view.setUint16(w.len, ws[i] ?? vars![i]!.length, true);
    w.len += 2;
  }
  for (let i = 0; i < nx; i++) {
    view.setUint16(w.len, extra!.lens[i], true);
    w.len += 2;
  }
  for (let i = 0; i < specs.length; i++) {
    const width = ws[i];
    if (width !== undefined) putFixed(w, width, values[i]);
    else w.bytes(vars![i]!);
  }
  if (xbytes) {
    w.buf.set(extra!.buf.subarray(0, xbytes), w.len);
    w.len += xbytes;
  }
  endBlock(w, at);
}

/** Where {@linkcode readUvarint} reads next; -1 after a malformed varint. */
export interface Cursor {
  pos: number;
}

/**
 * The LEB128 value at `c.pos` (before `end`), advancing `c.pos`. Values of up
 * to 49 bits (nearly all) are summed as numbers.
 */
export function readUvarint(b: Uint8Array, c: Cursor, end: number): bigint {
  let p = c.pos;
  let n = 0, mul = 1;
  for (let i = 0; i < 7 && p < end; i++) {
    const byte = b[p++];
    n += (byte & 0x7f) * mul;
    if (!(byte & 0x80)) {
      c.pos = p;
      return bigOf(n);
    }
    mul *= 128;
  }
  let v = BigInt(n);
  let shift = 49n;
  for (let i = 7; i < 10 && p < end; i++) {
    const byte = b[p++];
    v |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      c.pos = p;
      return BigInt.asUintN(64, v);
    }
    shift += 7n;
  }
  c.pos = -1;
  return 0n;
}

/** The signed value of a zig-zag encoded one (format 1's GENERIC_X result). */
export function unzigzag(u: bigint): bigint {
  return BigInt.asIntN(64, u & 1n ? -((u + 1n) >> 1n) : u >> 1n);
}

// ---- mysysdig's own parameters (format version 2) ----------------------------------------

/**
 * Longest `msd` parameter of an enter event (format version 2): u32 number, u32 flags, then the
 * arguments as u64, those after the last non-zero one left out (8 to 56 bytes).
 */
export const MSD_ENTER_LEN = 56;
/** Length of the `msd` parameter of exit events: u32 number, u32 flags, s64 result. */
export const MSD_EXIT_LEN = 16;
/**
 * Most bytes of captures one event carries. Each event stays within sysdig's 64 KiB block
 * limit with room for its own parameters; data beyond this is cut and marked truncated.
 */
export const ITEMS_MAX = 40000;
/** Size of an item's header in the `items` parameter. */
export const ITEM_HDR = 8;

/** Item type numbers, as the module's (MSD_IT_*). */
export const ITEM_CODE: Readonly<Record<CaptureType, number>> = {
  str: 1,
  buf: 2,
  iov: 3,
  sockaddr: 4,
  argv: 5,
  fds: 6,
  struct: 7,
  iovec: 8,
  msghdr: 9,
  fdset: 10,
};

/**
 * Encodes captures as the `items` parameter at buf[p..]: per item u16 length, u8 argument,
 * u8 type, u16 flags (fault 1, truncated 2, exit 4), u16 parameter reference (0: the data follows),
 * then the data, unpadded. Data past {@linkcode ITEMS_MAX} is cut and marked truncated.
 * Returns the end.
 */
export function encodeItems(items: readonly Capture[], buf: Uint8Array, p: number): number {
  const limit = p + ITEMS_MAX;
  for (let i = 0; i < items.length; i++) {
    const c = items[i];
    if (p + ITEM_HDR > limit) break;
    const n = Math.min(c.data.length, limit - p - ITEM_HDR, 0xffff);
    const flags = (c.fault ? 1 : 0) | (c.truncated || n < c.data.length ? 2 : 0) |
      (c.exit ? 4 : 0);
    buf[p] = n & 0xff;
    buf[p + 1] = n >> 8;
    buf[p + 2] = c.arg;
    buf[p + 3] = ITEM_CODE[c.type];
    buf[p + 4] = flags;
    buf[p + 5] = buf[p + 6] = buf[p + 7] = 0;
    buf.set(n < c.data.length ? c.data.subarray(0, n) : c.data, p + ITEM_HDR);
    p += ITEM_HDR + n;
  }
  return p;
}
