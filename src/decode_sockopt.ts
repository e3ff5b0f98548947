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
import { decodeSockaddr, type Field, ipv6Text, type Value } from "./decode.ts";
import type { Capture } from "./record.ts";
import { errnoName } from "./errno.ts";
import { bpfInsns, sockFilterK } from "./decode_bpf.ts";
import { ifindexText } from "./ifname.ts";
import { styledValue, unknownComment, type Xlat, xlatStyle, xlatValue } from "./xlat/xlat.ts";
import {
  ICMP_FILTER_TYPES,
  IP_GET_OPTIONS,
  IP_OPTIONS,
  IP_SET_OPTIONS,
  IPV6_GET_OPTIONS,
  IPV6_OPTIONS,
  IPV6_SET_OPTIONS,
  NETLINK_OPTIONS,
  PACKET_MR_TYPES,
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

const SOL_IP = 0, SOL_SOCKET = 1, SOL_IPV6 = 41, SOL_RAW = 255, SOL_PACKET = 263;
const SOL_NETLINK = 270;
const SO_ERROR = 4, SO_LINGER = 13, SO_PEERCRED = 17, SO_TXREHASH = 74;
// 26: setsockopt's SO_ATTACH_FILTER, getsockopt's SO_GET_FILTER
const SO_ATTACH_FILTER = 26, SO_GET_FILTER = 26, SO_ATTACH_REUSEPORT_CBPF = 51;
const IP_ADD_MEMBERSHIP = 35, IP_DROP_MEMBERSHIP = 36, MCAST_JOIN_GROUP = 42;
const MCAST_LEAVE_GROUP = 45;
const IPV6_ADD_MEMBERSHIP = 20, IPV6_DROP_MEMBERSHIP = 21, IPV6_JOIN_ANYCAST = 27;
const IPV6_LEAVE_ANYCAST = 28;
const PACKET_ADD_MEMBERSHIP = 1, PACKET_DROP_MEMBERSHIP = 2, PACKET_RX_RING = 5;
const PACKET_STATISTICS = 6, PACKET_TX_RING = 13;
const ICMP_FILTER = 1, NETLINK_LIST_MEMBERSHIPS = 9;

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

/** strace's %#x: `0`, `0xffff`. */
const hx = (v: number) => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));

/** strace's printstr_ex(QUOTE_FORCE_HEX): every byte as `\xNN`. */
function forceHex(b: Uint8Array): string {
  let s = '"';
  for (const x of b) s += "\\x" + x.toString(16).padStart(2, "0");
  return s + '"';
}
const hexString = (b: Uint8Array): Value => text(forceHex(b));

/** A field of network-order bytes in -X's style: strace's notation, the bytes, or both. */
function netStyled(bytes: Uint8Array, abbrev: string): string {
  const x = xlatStyle();
  return x === 0 ? abbrev : x === 1 ? forceHex(bytes) : `${forceHex(bytes)} /* ${abbrev} */`;
}

/** An in_addr field as strace's PRINT_FIELD_INET_ADDR(AF_INET): `inet_addr("224.0.0.1")`. */
function inetField(name: string, b: Uint8Array): Field {
  return field(name, text(netStyled(b, `inet_addr("${b[0]}.${b[1]}.${b[2]}.${b[3]}")`)));
}

/**
 * An in6_addr field as strace's PRINT_FIELD_INET_ADDR(AF_INET6): with no name in the default
 * style, `inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr)`; -X raw and verbose name the field.
 */
function inet6Field(name: string, b: Uint8Array): Field {
  const a = ipv6Text(b);
  if (xlatStyle() === 0) return field("", text(`inet_pton(AF_INET6, "${a}", &${name})`));
  return field(name, text(netStyled(b, `inet_pton(AF_INET6, "${a}")`)));
}

/**
 * The fields of a structure of `names` ints (bit i of `ids`: the i-th is a uid or gid; `unsigned`:
 * all unsigned) that fit in `len` bytes (strace's MAYBE_PRINT_FIELD_LEN): a getsockopt that
 * returned part of a structure shows that part, a field cut short as its bytes in hex.
 */
function intFields(
  dv: DataView,
  len: number,
  names: readonly string[],
  ids = 0,
  unsigned = false,
): Value {
  const fields: Field[] = [];
  for (let i = 0; i < names.length && 4 * i < len; i++) {
    if (4 * (i + 1) > len) {
      const b = new Uint8Array(dv.buffer, dv.byteOffset + 4 * i, len - 4 * i);
      fields.push(field(names[i], hexString(b)));
      break;
    }
    // ids (uid_t, gid_t) unsigned, but -1 as -1, as strace
    const s = dv.getInt32(4 * i, true);
    const v = unsigned || ((ids >> i) & 1 && s !== -1) ? dv.getUint32(4 * i, true) : s;
    fields.push(field(names[i], int(v)));
  }
  return { t: "struct", fields };
}

/** The bytes strace's read of optval finds, and the pointer. */
interface Mem {
  raw: bigint;
  addr: Value;
  c: Capture;
  b: Uint8Array;
  dv: DataView;
}

/**
 * Whether strace's read of optval's first `n` bytes succeeds: the copy holds them (a copy that
 * faulted keeps what came before the unreadable page).
 */
const has = (m: Mem, n: number) => n <= m.b.length;

/** `[N]`: strace's printnum_int(). */
const intAt = (m: Mem): Value => has(m, 4) ? text(`[${m.dv.getInt32(0, true)}]`) : m.addr;

/** SO_TXREHASH's int by name, in decimal in -X raw and verbose (printxval_d). */
function txrehash(m: Mem): Value {
  if (!has(m, 4)) return m.addr;
  const v = m.dv.getInt32(0, true);
  const name = xlatValue(TXREHASH_VALUES, BigInt(v)).names[0];
  return text(`[${styledValue(String(v), name, " /* SOCK_TXREHASH_??? */")}]`);
}

/** printstr_ex(QUOTE_FORCE_HEX) of `len` bytes: an option shorter than its int. */
const shortHex = (m: Mem, len: number): Value =>
  has(m, len) ? hexString(m.b.subarray(0, len)) : m.addr;

/** struct ip_mreq (IP_ADD_MEMBERSHIP, IP_DROP_MEMBERSHIP): strace's print_mreq(). */
function mreq(m: Mem, len: number): Value {
  if (len < 8 || !has(m, 8)) return m.addr;
  return {
    t: "struct",
    fields: [
      inetField("imr_multiaddr", m.b.subarray(0, 4)),
      inetField("imr_interface", m.b.subarray(4, 8)),
    ],
  };
}

/** struct ipv6_mreq (IPV6_ADD_MEMBERSHIP and the others): strace's print_mreq6(). */
function mreq6(m: Mem, len: number): Value {
  if (len < 20 || !has(m, 20)) return m.addr;
  const a = m.b.subarray(0, 16), ifindex = m.dv.getUint32(16, true);
  const shown: Value = {
    t: "struct",
    fields: [
      inet6Field("ipv6mr_multiaddr", a),
      field("ipv6mr_interface", text(ifindexText(ifindex))),
    ],
  };
  // (the text's nameless inet_pton() field is no JSON member: JSON has the fields by name)
  const data: Value = {
    t: "struct",
    fields: [field("ipv6mr_multiaddr", text(ipv6Text(a))), field("ipv6mr_interface", int(ifindex))],
  };
  return { t: "dual", data, shown };
}

/**
 * struct group_req (MCAST_JOIN_GROUP, MCAST_LEAVE_GROUP), 136 bytes on 64-bit: strace's
 * print_group_req(), the group a socket address of sockaddr_storage's 128 bytes.
 */
function groupReq(m: Mem, len: number): Value {
  if (len < 136 || !has(m, 136)) return m.addr;
  const sa = decodeSockaddr(m.b.subarray(8, 136));
  return {
    t: "struct",
    fields: [
      field("gr_interface", text(ifindexText(m.dv.getUint32(0, true)))),
      field("gr_group", sa ? { t: "sockaddr", sa } : m.addr),
    ],
  };
}

/** struct tpacket_req (PACKET_RX_RING, PACKET_TX_RING): strace's print_tpacket_req(). */
function tpacketReq(m: Mem, len: number): Value {
  if (len !== 16 || !has(m, 16)) return m.addr;
  return intFields(
    m.dv,
    16,
    ["tp_block_size", "tp_block_nr", "tp_frame_size", "tp_frame_nr"],
    0,
    true,
  );
}

/** A MAC address of `b` as strace's print_mac_addr(): `ff:ff:ff`, -X raw its bytes, verbose both. */
function macText(b: Uint8Array): string {
  const mac = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(":");
  const x = xlatStyle();
  return x === 0 ? mac : x === 1 ? forceHex(b) : `${forceHex(b)} /* ${mac} */`;
}

/** struct packet_mreq (PACKET_ADD_MEMBERSHIP, PACKET_DROP_MEMBERSHIP): print_packet_mreq(). */
function packetMreq(m: Mem, len: number): Value {
  if (len !== 16 || !has(m, 16)) return m.addr;
  const type = m.dv.getUint16(4, true), alen = m.dv.getUint16(6, true);
  const name = xlatValue(PACKET_MR_TYPES, BigInt(type)).names[0];
  return {
    t: "struct",
    fields: [
      field("mr_ifindex", text(ifindexText(m.dv.getUint32(0, true)))),
      field("mr_type", text(styledValue(hx(type), name, " /* PACKET_MR_??? */"))),
      field("mr_alen", int(alen)),
      field("mr_address", text(macText(m.b.subarray(8, 8 + Math.min(alen, 8))))),
    ],
  };
}

/**
 * struct icmp_filter (SOL_RAW's ICMP_FILTER) as strace's print_icmp_filter(): the ICMP types
 * whose bit is set, `[ICMP_ECHOREPLY ICMP_DEST_UNREACH]`, or `~[...]` those whose bit is clear
 * when more than half are set. At most 4 bytes are read; the bits of those not read are set.
 */
function icmpFilter(m: Mem, len: number): Value {
  if (len > 4) len = 4;
  else if (len <= 0) return m.addr;
  if (!has(m, len)) return m.addr;
  let data = 0xffffffff;
  for (let i = 0; i < len; i++) data = (data & ~(0xff << (8 * i))) | (m.b[i] << (8 * i));
  data >>>= 0;
  let set = 0;
  for (let i = 0; i < 32; i++) if (data & (1 << i)) set++;
  const not = set > 16;
  if (not) data = ~data >>> 0;
  const types: string[] = [];
  for (let i = 0; i < 32; i++) {
    if (!(data & (1 << i))) continue;
    const name = xlatValue(ICMP_FILTER_TYPES, BigInt(i)).names[0];
    types.push(styledValue(hx(i), name, " /* ICMP_??? */"));
  }
  return text(`${not ? "~" : ""}[${types.join(" ")}]`);
}

/**
 * setsockopt's struct sock_fprog (SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF), 16 bytes on
 * 64-bit, as strace's decode_sock_fprog(): `{len=10, filter=0x...}`. strace -v prints the
 * program the filter points at; the module copies the structure alone, so -v shows its address
 * too (what strace shows when it cannot read the program), `[]` for an empty one.
 */
function sockFprog(m: Mem, len: number): Value {
  if (len !== 16 || !has(m, 16)) return m.addr;
  const n = m.dv.getUint16(0, true), filter = m.dv.getBigUint64(8, true);
  let prog: Value = filter === 0n ? { t: "null" } : { t: "hex", v: filter };
  if (filter !== 0n && n === 0) {
    const none: Value = { t: "array", items: [] };
    prog = { t: "dual", data: none, shown: none, brief: prog };
  }
  return { t: "struct", fields: [field("len", int(n)), field("filter", prog)] };
}

/**
 * getsockopt's SO_GET_FILTER: the program of `count` instructions the kernel wrote (the length
 * it wrote back is a count of instructions), as strace's print_sock_fprog(): its address unless
 * -v. The instructions when the copy holds them all (or is cut at the module's limit: `...`);
 * the address otherwise.
 */
function sockFilterProg(m: Mem, count: number): Value {
  if (count > 0xffff) return m.addr;
  const whole = m.b.length >= 8 * count;
  if (!whole && !(m.c.truncated && !m.c.fault && m.b.length >= 8)) return m.addr;
  const items = bpfInsns(m.b, count, sockFilterK);
  const shown: Value = { t: "array", items, truncated: !whole || undefined };
  return { t: "dual", data: shown, shown, brief: m.addr };
}

/**
 * getsockopt's NETLINK_LIST_MEMBERSHIPS: the groups (u32 bitmaps) that fit in the smaller of
 * the two lengths (strace's print_array()): `[]` when none fits, the address when the first
 * cannot be read, `... /* 0x... *\/` where the readable memory ended.
 */
function netlinkGroups(m: Mem, ulen: number, rlen: number): Value {
  const n = Math.floor(Math.min(ulen, rlen) / 4);
  const items: Value[] = [];
  for (let i = 0; i < n && has(m, 4 * (i + 1)); i++) items.push(int(m.dv.getUint32(4 * i, true)));
  if (n === 0) return { t: "array", items };
  if (items.length === 0) return m.addr;
  const a: Extract<Value, { t: "array" }> = { t: "array", items, cap: true };
  if (items.length < n) {
    if (m.c.fault) a.moreAt = m.raw + BigInt(4 * items.length);
    else a.truncated = true;
  }
  return a;
}

/** setsockopt's optval (`len`: optlen) as strace's print_setsockopt(). */
function setValue(m: Mem, level: number, name: number, len: number): Value {
  switch (level) {
    case SOL_SOCKET:
      switch (name) {
        case SO_LINGER:
          return len < 8 || !has(m, 8) ? m.addr : intFields(m.dv, 8, ["l_onoff", "l_linger"]);
        case SO_ATTACH_FILTER:
        case SO_ATTACH_REUSEPORT_CBPF:
          return sockFprog(m, len);
        case SO_TXREHASH:
          return len < 4 ? m.addr : txrehash(m);
      }
      if (SO_INT_OPTIONS.has(name)) return len < 4 ? m.addr : intAt(m);
      break;
    case SOL_IP:
      if (name === IP_ADD_MEMBERSHIP || name === IP_DROP_MEMBERSHIP) return mreq(m, len);
      if (name === MCAST_JOIN_GROUP || name === MCAST_LEAVE_GROUP) return groupReq(m, len);
      break;
    case SOL_IPV6:
      if (
        name === IPV6_ADD_MEMBERSHIP || name === IPV6_DROP_MEMBERSHIP ||
        name === IPV6_JOIN_ANYCAST || name === IPV6_LEAVE_ANYCAST
      ) return mreq6(m, len);
      if (name === MCAST_JOIN_GROUP || name === MCAST_LEAVE_GROUP) return groupReq(m, len);
      break;
    case SOL_PACKET:
      if (name === PACKET_RX_RING || name === PACKET_TX_RING) return tpacketReq(m, len);
      if (name === PACKET_ADD_MEMBERSHIP || name === PACKET_DROP_MEMBERSHIP) {
        return packetMreq(m, len);
      }
      break;
    case SOL_RAW:
      if (name === ICMP_FILTER) return icmpFilter(m, len);
      break;
    case SOL_NETLINK:
      return len < 4 ? m.addr : intAt(m);
  }
  // strace's default: an int when the length is an int's, the bytes otherwise
  if (len <= 0) return m.addr;
  if (len === 4) return intAt(m);
  if (m.c.fault || m.b.length === 0) return m.addr;
  return { t: "str", bytes: m.b, truncated: m.c.truncated };
}

/**
 * getsockopt's optval as strace's print_getsockopt(): `ulen` the caller's length, `rlen` the
 * kernel's (`known`: from the SOCKLEN item, not the copy's own length).
 */
function getValue(
  m: Mem,
  level: number,
  name: number,
  ulen: number,
  rlen: number,
  known: boolean,
): Value {
  if (ulen <= 0 || rlen <= 0) return m.addr;
  switch (level) {
    case SOL_SOCKET:
      switch (name) {
        case SO_LINGER: {
          const n = Math.min(rlen, 8);
          return has(m, n) ? intFields(m.dv, n, ["l_onoff", "l_linger"]) : m.addr;
        }
        case SO_PEERCRED: {
          const n = Math.min(rlen, 12);
          return has(m, n) ? intFields(m.dv, n, ["pid", "uid", "gid"], 6) : m.addr;
        }
        case SO_GET_FILTER:
          return known ? sockFilterProg(m, rlen) : m.addr;
        case SO_ERROR: {
          if (rlen < 4) return shortHex(m, rlen);
          if (!has(m, 4)) return m.addr;
          const err = m.dv.getUint32(0, true);
          return text(`[${(err && errnoName(err)) || err}]`);
        }
        case SO_TXREHASH:
          return rlen < 4 ? shortHex(m, rlen) : txrehash(m);
      }
      if (SO_INT_OPTIONS.has(name)) return rlen >= 4 ? intAt(m) : shortHex(m, rlen);
      break;
    case SOL_PACKET:
      if (name === PACKET_STATISTICS) {
        // tpacket_stats; the kernel writes tpacket_stats_v3's 12 bytes for TPACKET_V3 too
        const n = Math.min(rlen, 12);
        if (!has(m, n)) return m.addr;
        return intFields(m.dv, n, ["tp_packets", "tp_drops", "tp_freeze_q_cnt"], 0, true);
      }
      break;
    case SOL_RAW:
      if (name === ICMP_FILTER) return icmpFilter(m, rlen);
      break;
    case SOL_NETLINK:
      if (name === NETLINK_LIST_MEMBERSHIPS) return netlinkGroups(m, ulen, rlen);
      return intAt(m);
  }
  if (rlen === 4) return intAt(m);
  if (m.c.fault || m.b.length === 0) return m.addr;
  return { t: "str", bytes: m.b, truncated: m.c.truncated };
}

/**
 * optval of setsockopt (`get` false) or getsockopt (`get` true). `c` is the IBYTES item
 * (setsockopt: optlen bytes, at most 512) or the OSOCKOPT item (getsockopt: what the kernel wrote
 * back, no further than the caller's buffer); `raw` the pointer; `lens` getsockopt's SOCKLEN item
 * (optlen before and after the call), without which the copy's length stands for both.
 */
export function sockoptValue(
  raw: bigint,
  c: Capture | undefined,
  args: readonly bigint[],
  get: boolean,
  lens?: Capture,
): Value {
  if (raw === 0n) return { t: "null" };
  const addr: Value = { t: "hex", v: raw };
  if (!c) return addr;
  const level = Number(BigInt.asUintN(32, args[1] ?? 0n));
  const name = Number(BigInt.asUintN(32, args[2] ?? 0n));
  const b = c.data;
  const m: Mem = { raw, addr, c, b, dv: new DataView(b.buffer, b.byteOffset, b.byteLength) };
  if (!get) return setValue(m, level, name, Number(BigInt.asIntN(32, args[4] ?? 0n)));
  if (lens && lens.data.length >= 8) {
    // optlen not readable after the call: strace shows optval's address
    if (lens.fault) return addr;
    const dv = new DataView(lens.data.buffer, lens.data.byteOffset, 8);
    const before = dv.getInt32(0, true), after = dv.getInt32(4, true);
    // before -1: the entry was not seen
    return getValue(m, level, name, before === -1 ? after : before, after, true);
  }
  return getValue(m, level, name, b.length, b.length, false);
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
