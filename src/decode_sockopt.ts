/**
 * setsockopt's and getsockopt's level, option name and value, and the socklen_t that accept,
 * getsockname, getpeername, recvfrom and getsockopt read and write back, as strace 6.1 prints them
 * (src/net.c: print_sockopt_fd_level_name, print_setsockopt, print_getsockopt, decode_sockname).
 *
 * The module copies setsockopt's optval (optlen bytes, at most 512: the IBYTES copier),
 * getsockopt's optval (the length the kernel wrote back, no further than the caller's buffer:
 * OSOCKOPT) and the socklen_t's values before and after the call (SOCKLEN, an 8-byte item: the
 * caller's value, -1 when the entry was not seen, then the kernel's).
 *
 * @module
 */
import type { Field, Value } from "./decode.ts";
import type { Capture } from "./record.ts";
import { errnoName } from "./errno.ts";
import { unknownComment, type Xlat, xlatValue } from "./xlat/xlat.ts";
import {
  IP_GET_OPTIONS,
  IP_OPTIONS,
  IP_SET_OPTIONS,
  IPV6_GET_OPTIONS,
  IPV6_OPTIONS,
  IPV6_SET_OPTIONS,
  NETLINK_OPTIONS,
  PACKET_OPTIONS,
  RAW_OPTIONS,
  SO_GET_OPTIONS,
  SO_OPTIONS,
  SO_SET_OPTIONS,
  SOCKET_LEVELS,
  TCP_OPTIONS,
  TXREHASH_VALUES,
  UDP_OPTIONS,
} from "./xlat/sockopt.ts";

const SOL_IP = 0, SOL_SOCKET = 1, SOL_IPV6 = 41, SOL_NETLINK = 270;
const SO_ERROR = 4, SO_LINGER = 13, SO_PEERCRED = 17, SO_TXREHASH = 74;
const IP_ADD_MEMBERSHIP = 35, IP_DROP_MEMBERSHIP = 36, NETLINK_LIST_MEMBERSHIPS = 9;

/**
 * SOL_SOCKET's options whose value is an int (strace's "All known int-like options"): SO_DEBUG,
 * SO_REUSEADDR, SO_DONTROUTE, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_OOBINLINE,
 * SO_NO_CHECK, SO_PRIORITY, SO_BSDCOMPAT, SO_REUSEPORT, SO_PASSCRED, SO_RCVLOWAT, SO_SNDLOWAT,
 * SO_DETACH_FILTER, SO_TIMESTAMP_OLD, SO_ACCEPTCONN, SO_SNDBUFFORCE, SO_RCVBUFFORCE, SO_PASSSEC,
 * SO_TIMESTAMPNS_OLD, SO_MARK, SO_TIMESTAMPING_OLD, SO_RXQ_OVFL, SO_WIFI_STATUS, SO_PEEK_OFF,
 * SO_NOFCS, SO_LOCK_FILTER, SO_SELECT_ERR_QUEUE, SO_BUSY_POLL, SO_INCOMING_CPU, SO_CNX_ADVICE,
 * SO_INCOMING_NAPI_ID, SO_ZEROCOPY, SO_TIMESTAMP_NEW, SO_TIMESTAMPNS_NEW, SO_TIMESTAMPING_NEW,
 * SO_DETACH_REUSEPORT_BPF, SO_PREFER_BUSY_POLL, SO_BUSY_POLL_BUDGET, SO_RESERVE_MEM, SO_RCVMARK.
 */
const SO_INT_OPTIONS: ReadonlySet<number> = new Set([
  1,
  2,
  5,
  6,
  7,
  8,
  9,
  10,
  11,
  12,
  14,
  15,
  16,
  18,
  19,
  27,
  29,
  30,
  32,
  33,
  34,
  35,
  36,
  37,
  40,
  41,
  42,
  43,
  44,
  45,
  46,
  49,
  53,
  56,
  60,
  63,
  64,
  65,
  68,
  69,
  70,
  73,
  75,
]);

/** The option tables strace looks a level's names up in, the call's own table second. */
function nameTables(level: number, get: boolean): readonly Xlat[] | undefined {
  switch (level) {
    case SOL_SOCKET:
      return [SO_OPTIONS, get ? SO_GET_OPTIONS : SO_SET_OPTIONS];
    case SOL_IP:
      return [IP_OPTIONS, get ? IP_GET_OPTIONS : IP_SET_OPTIONS];
    case SOL_IPV6:
      return [IPV6_OPTIONS, get ? IPV6_GET_OPTIONS : IPV6_SET_OPTIONS];
    case 6:
      return [TCP_OPTIONS];
    case 17:
      return [UDP_OPTIONS];
    case 255:
      return [RAW_OPTIONS];
    case SOL_NETLINK:
      return [NETLINK_OPTIONS];
    case 263:
      return [PACKET_OPTIONS];
  }
  return undefined;
}

/** A name, or the value in hex with strace's `/* X_??? *\/` comment. */
function named(tables: readonly Xlat[], v: number, unknown: string): Value {
  const big = BigInt(v);
  for (const t of tables) {
    const s = xlatValue(t, big);
    if (s.names.length) return { t: "sym", names: s.names, v: big };
  }
  return { t: "sym", names: [], rest: big, v: big, unknown };
}

/** The level argument: `SOL_SOCKET`, `SOL_TCP`, `0x3e7 /* SOL_?? *\/`. */
export function solevelValue(raw: bigint): Value {
  return named([SOCKET_LEVELS], Number(BigInt.asUintN(32, raw)), " /* SOL_?? */");
}

/** Option names by level, then by value, for the text byte path (sonameText()). */
const NAME_CACHE = [new Map<number, Map<number, string>>(), new Map<number, Map<number, string>>()];

/**
 * {@linkcode sonameValue}'s text from the two registers as numbers, with no Value: the level's
 * names are looked up once per value and kept.
 */
export function sonameText(level: number, name: number, get: boolean): string {
  const byLevel = NAME_CACHE[get ? 1 : 0];
  let names = byLevel.get(level);
  if (names === undefined) {
    if (byLevel.size > 64) byLevel.clear();
    byLevel.set(level, names = new Map());
  }
  let s = names.get(name);
  if (s === undefined) {
    const tables = nameTables(level, get);
    s = String(name);
    if (tables) {
      const v = named(tables, name, unknownComment(tables[0]));
      s = v.t === "sym" && v.names.length
        ? v.names[0]
        : `${name ? "0x" + name.toString(16) : "0"}${unknownComment(tables[0])}`;
    }
    if (names.size < 1024) names.set(name, s);
  }
  return s;
}

/** The option name argument, after its level (`args[1]`); decimal for levels strace has no table for. */
export function sonameValue(args: readonly bigint[], get: boolean): Value {
  const level = Number(BigInt.asUintN(32, args[1] ?? 0n));
  const name = Number(BigInt.asUintN(32, args[2] ?? 0n));
  const tables = nameTables(level, get);
  if (!tables) return { t: "int", v: BigInt(name) };
  return named(tables, name, unknownComment(tables[0]));
}

const text = (s: string): Value => ({ t: "text", s });
const field = (name: string, value: Value): Field => ({ name, value });
const int = (v: number): Value => ({ t: "int", v: BigInt(v) });

/** strace's printstr_ex(QUOTE_FORCE_HEX): every byte as `\xNN`. */
function hexString(b: Uint8Array): Value {
  let s = '"';
  for (const x of b) s += "\\x" + x.toString(16).padStart(2, "0");
  return text(s + '"');
}

function ipv4(b: Uint8Array, o: number): string {
  return `inet_addr("${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}")`;
}

/**
 * The fields of a structure of `names` ints (bit i of `ids`: the i-th is a uid or gid) that fit in
 * `len` bytes (strace's
 * MAYBE_PRINT_FIELD_LEN): a getsockopt that returned part of a structure shows that part.
 */
function intFields(dv: DataView, len: number, names: readonly string[], ids = 0): Value {
  const fields: Field[] = [];
  for (let i = 0; i < names.length && 4 * i < len; i++) {
    if (4 * (i + 1) > len) {
      // a field cut short: its bytes, in hex
      const b = new Uint8Array(dv.buffer, dv.byteOffset + 4 * i, len - 4 * i);
      fields.push(field(names[i], hexString(b)));
      break;
    }
    // ids (uid_t, gid_t) unsigned, but -1 as -1, as strace
    const v = (ids >> i) & 1 && dv.getInt32(4 * i, true) !== -1
      ? dv.getUint32(4 * i, true)
      : dv.getInt32(4 * i, true);
    fields.push(field(names[i], int(v)));
  }
  return { t: "struct", fields };
}

/**
 * optval of setsockopt (`get` false: len is optlen) or getsockopt (`get` true: len is the length
 * the kernel wrote back). `c` is the IBYTES/OSOCKOPT item; `raw` the pointer.
 */
export function sockoptValue(
  raw: bigint,
  c: Capture | undefined,
  args: readonly bigint[],
  get: boolean,
): Value {
  if (raw === 0n) return { t: "null" };
  const addr: Value = { t: "hex", v: raw };
  if (!c) return addr;
  const level = Number(BigInt.asUintN(32, args[1] ?? 0n));
  const name = Number(BigInt.asUintN(32, args[2] ?? 0n));
  if (c.fault) {
    // optlen ran past the readable memory; strace reads an int option's first four bytes alone,
    // which the module kept when they were before the fault
    const intOpt = (level === SOL_SOCKET && SO_INT_OPTIONS.has(name)) ||
      (level === SOL_NETLINK && name !== NETLINK_LIST_MEMBERSHIPS);
    if (get || !intOpt || c.data.length < 4 || Number(BigInt.asIntN(32, args[4] ?? 0n)) < 4) {
      return addr;
    }
    return text(`[${new DataView(c.data.buffer, c.data.byteOffset, 4).getInt32(0, true)}]`);
  }
  const b = c.data;
  // getsockopt: the item is what the kernel wrote back, so its length is the returned length
  const len = get ? b.length : Number(BigInt.asIntN(32, args[4] ?? 0n));
  if (len <= 0 || b.length === 0) return addr;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const num = () => b.length >= 4 ? text(`[${dv.getInt32(0, true)}]`) : addr;
  switch (level) {
    case SOL_SOCKET:
      if (name === SO_LINGER) {
        if (get) return intFields(dv, Math.min(b.length, 8), ["l_onoff", "l_linger"]);
        return len < 8 || b.length < 8 ? addr : intFields(dv, 8, ["l_onoff", "l_linger"]);
      }
      if (get && name === SO_PEERCRED) {
        return intFields(dv, Math.min(b.length, 12), ["pid", "uid", "gid"], 6);
      }
      if (get && name === SO_ERROR) {
        if (len < 4) return hexString(b);
        const err = dv.getUint32(0, true);
        return text(`[${(err && errnoName(err)) || err}]`);
      }
      if (name === SO_TXREHASH) {
        if (len < 4) return get ? hexString(b) : addr;
        const v = dv.getInt32(0, true);
        const s = xlatValue(TXREHASH_VALUES, BigInt(v));
        return text(`[${s.names[0] ?? v}]`);
      }
      if (SO_INT_OPTIONS.has(name)) {
        if (get) return len >= 4 ? num() : hexString(b);
        return len < 4 ? addr : num();
      }
      break;
    case SOL_IP:
      if (!get && (name === IP_ADD_MEMBERSHIP || name === IP_DROP_MEMBERSHIP)) {
        if (len < 8 || b.length < 8) return addr;
        return {
          t: "struct",
          fields: [
            field("imr_multiaddr", text(ipv4(b, 0))),
            field("imr_interface", text(ipv4(b, 4))),
          ],
        };
      }
      break;
    case SOL_NETLINK:
      if (get && name === NETLINK_LIST_MEMBERSHIPS) {
        // the module copied no more than the smaller of the two lengths, as strace prints
        const n = b.length >> 2;
        const items: Value[] = [];
        for (let i = 0; i < n; i++) items.push(int(dv.getUint32(4 * i, true)));
        return { t: "array", items };
      }
      return len < 4 ? addr : num();
  }
  // strace's default: an int when the length is an int's, the bytes otherwise
  if (len === 4) return num();
  return { t: "str", bytes: b, truncated: c.truncated };
}

/**
 * A socklen_t pointer's SOCKLEN item: `[16]`, or `[128 => 16]` when the kernel changed it. No
 * item: the pointer (its buffer was NULL, or the module did not copy it).
 */
export function socklenValue(raw: bigint, c: Capture | undefined): Value {
  if (raw === 0n) return { t: "null" };
  if (!c || c.data.length < 8) return { t: "hex", v: raw };
  const dv = new DataView(c.data.buffer, c.data.byteOffset, c.data.byteLength);
  const before = dv.getInt32(0, true), after = dv.getInt32(4, true);
  // a fault: it could not be read at exit (nor, when -1, at entry): strace's `[before]` or the pointer
  if (c.fault) return before === -1 ? { t: "hex", v: raw } : text(`[${before}]`);
  // -1: the entry was not seen
  if (before !== -1 && before !== after) return text(`[${before} => ${after}]`);
  return text(`[${after}]`);
}
