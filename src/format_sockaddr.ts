/**
 * Socket addresses in strace's notation, family by family, as strace 6.1's src/sockaddr.c
 * prints them in each -X style: AF_INET and AF_INET6 ({@link inetParts}), and the fields after
 * sa_family of AF_PACKET, AF_NETLINK, AF_BLUETOOTH, AF_AX25, AF_IPX, AF_X25, AF_RXRPC,
 * AF_IEEE802154, AF_ALG, AF_NFC, AF_VSOCK, AF_QIPCRTR, AF_XDP and AF_MCTP
 * ({@link familyFields}). format_text.ts's formatSockaddr() puts the address together.
 *
 * strace reads the address the caller's length covers (at most a sockaddr_storage, as the module
 * copies it) and decodes a family's structure only when that length reaches the family's minimum
 * (most often its structure's size); a shorter one is `sa_data="..."`. Fields past the length
 * read as zero, as in strace's zero-filled buffer.
 *
 * @module
 */
import { decodeSockaddr, type SockAddr } from "./decode.ts";
import type { FdTable } from "./fdtable.ts";
import { ifindexText } from "./ifname.ts";
import { escapeBytes, escapeRange, forceHex } from "./quote.ts";
import { ADDRESS_FAMILIES, SOCK_TYPES } from "./xlat/socket.ts";
import {
  ALG_SOCKADDR_FLAGS,
  ARP_HARDWARE_TYPES,
  BDADDR_TYPES,
  BLUETOOTH_L2_CIDS,
  BLUETOOTH_L2_PSMS,
  ETHERNET_PROTOCOLS,
  HCI_CHANNELS,
  IEEE802154_ADDR_TYPES,
  IEEE802154_ADDRS,
  IEEE802154_PAN_IDS,
  MCTP_ADDRS,
  MCTP_NETS,
  NFC_PROTOCOLS,
  NFC_SAPS,
  PACKET_TYPES,
  QIPCRTR_NODES,
  QIPCRTR_PORTS,
  VSOCK_CIDS,
  VSOCK_FLAGS,
  VSOCK_PORTS,
  XDP_SOCKADDR_FLAGS,
} from "./xlat/sockaddr.ts";
import { flagsText, styledValue, type Xlat, xlatFlags, xlatStyle, xlatValue } from "./xlat/xlat.ts";

// ---- numbers and bytes --------------------------------------------------------------------

/** C's `%#x`: `0x1f`, `0`. */
const hx = (v: number) => (v ? "0x" + v.toString(16) : "0");

/** strace's PRINT_VAL_0X of a `size`-byte field, C's `%#0*x` at twice its size: `0x41`, `00`. */
function hx0(v: number, size: number): string {
  const w = 2 * size;
  if (v === 0) return "0".repeat(w);
  const h = v.toString(16);
  return h.length + 2 >= w ? "0x" + h : "0x" + "0".repeat(w - 2 - h.length) + h;
}

// Fields by their offset in the structure, sa_family included (`d` holds the bytes after it);
// past the address's end they read as zero.
const u8 = (d: Uint8Array, o: number) => d[o - 2] ?? 0;
const u16 = (d: Uint8Array, o: number) => u8(d, o) | (u8(d, o + 1) << 8);
const be16 = (d: Uint8Array, o: number) => (u8(d, o) << 8) | u8(d, o + 1);
const i32 = (d: Uint8Array, o: number) =>
  u8(d, o) | (u8(d, o + 1) << 8) | (u8(d, o + 2) << 16) | (u8(d, o + 3) << 24);
const u32 = (d: Uint8Array, o: number) => i32(d, o) >>> 0;
const be32 = (d: Uint8Array, o: number) =>
  ((u8(d, o) << 24) | (u8(d, o + 1) << 16) | (u8(d, o + 2) << 8) | u8(d, o + 3)) >>> 0;

/** The `n` bytes at offset `o`, zero past the address. */
function bytesAt(d: Uint8Array, o: number, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = u8(d, o + i);
  return b;
}

/**
 * strace's print_quoted_string(QUOTE_0_TERMINATED) of the `size` bytes at offset `o`: at most
 * size - 1 of them, up to a NUL; `more` (QUOTE_EXPECT_TRAILING_0, print_quoted_cstring()):
 * `...` after them when no NUL ends them within `size`.
 */
function cstr(d: Uint8Array, o: number, size: number, more: boolean): string {
  const n = size > 0 ? size - 1 : 0;
  const s = o - 2, stop = Math.min(d.length, s + n);
  let e = s;
  while (e < stop && d[e] !== 0) e++;
  const q = `"${escapeRange(d, s, e)}"`;
  // no NUL in the n bytes (the ones past the address are NULs): the byte after them decides
  return more && e === s + n && u8(d, o + n) !== 0 ? q + "..." : q;
}

// ---- -X styles ----------------------------------------------------------------------------

/** A network-order field in -X's styles: strace's bytes in hex, its notation, or both. */
function netStyled(bytes: ArrayLike<number>, abbrev: string): string {
  const x = xlatStyle();
  return x === 0 ? abbrev : x === 1 ? forceHex(bytes) : `${forceHex(bytes)} /* ${abbrev} */`;
}

/** printxval(): `v`'s name in `table`, in -X's style; `dflt` the comment of an unnamed value. */
function xval(table: Xlat, v: number, dflt?: string): string {
  return styledValue(hx(v), xlatValue(table, BigInt(v)).names[0], dflt ? ` /* ${dflt} */` : "");
}

/** PRINT_FIELD_XVAL_VERBOSE: the number with its name in a comment, but in -X raw. */
function xvalVerbose(table: Xlat, v: number, dflt?: string): string {
  const num = hx(v);
  if (xlatStyle() === 1) return num;
  const name = xlatValue(table, BigInt(v)).names[0] ?? dflt;
  return name ? `${num} /* ${name} */` : num;
}

/** printflags(): flags of `table` in -X's style, `dflt` the comment when none has a name. */
const flags = (table: Xlat, v: number, dflt: string) =>
  flagsText(table, BigInt(v), ` /* ${dflt} */`);

/** PRINT_FIELD_FLAGS_VERBOSE: the number with the names in a comment, but in -X raw. */
function flagsVerbose(table: Xlat, v: number, dflt: string): string {
  const num = hx(v);
  if (xlatStyle() === 1 || v === 0) return num;
  const s = xlatFlags(table, BigInt(v));
  if (!s.names.length) return `${num} /* ${dflt} */`;
  return `${num} /* ${s.names.join("|")}${s.rest ? "|" + hx(Number(s.rest)) : ""} */`;
}

/** A hardware address (print_mac_addr(), print_hwaddr()): `61:62:63`, or its bytes in hex. */
function macText(b: Uint8Array): string {
  let m = "";
  for (let i = 0; i < b.length; i++) {
    m += (i ? ":" : "") + (b[i] < 16 ? "0" : "") + b[i].toString(16);
  }
  return netStyled(b, m);
}

/** An address family in -X's style, or `0x2e /* AF_??? *\/`. */
export function familyText(v: number): string {
  const name = xlatValue(ADDRESS_FAMILIES, BigInt(v)).names[0];
  return styledValue(hx(v), name, " /* AF_??? */");
}

// ---- fds --------------------------------------------------------------

/** -y: the fd table and process whose fds an address's fd fields name (AF_XDP's). */
let fdTable: FdTable | undefined;
let fdPid = 0;

/** Sets the fds that the address being formatted names (-y), or none. */
export function setSockaddrFds(fds: FdTable | undefined, pid: number): void {
  fdTable = fds;
  fdPid = pid;
}

/** An fd as printfd() shows it: `7`, or `7</dev/zero>` under -y. */
function fdText(fd: number): string {
  const tag = fd >= 0 && fdTable ? fdTable.tag(fdPid, fd) : undefined;
  return tag === undefined ? String(fd) : fd + tag;
}

// ---- AF_INET, AF_INET6 --------------------------------------------------------------------

const be = (v: number, n: number) =>
  Array.from({ length: n }, (_, i) => (v >>> (8 * (n - 1 - i))) & 255);

/** The 16 bytes of an IPv6 address in text (`::1`, `::ffff:1.2.3.4`). */
function ipv6Bytes(a: string): number[] {
  let text = a;
  const tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    tail.push(...v4[1].split(".").map(Number));
    text = a.slice(0, v4.index + 1) + "0:0";
  }
  const [l, r] = text.includes("::") ? text.split("::") : [text, undefined];
  const words = (s: string) => s === "" ? [] : s.split(":").map((w) => parseInt(w, 16));
  const left = words(l), right = r === undefined ? [] : words(r);
  const w = [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
  const b = w.flatMap((x) => [x >> 8, x & 255]);
  if (tail.length) b.splice(12, 4, ...tail);
  return b;
}

/**
 * Whether an IPv6 address in text is link-local (fe80::/10) or link-local multicast (ffX2::/16),
 * whose scope id strace shows as an interface: its first group has all four digits.
 */
function linkLocal(a: string): boolean {
  if (a.charCodeAt(4) !== 58 || a.charCodeAt(0) !== 102) return false; // "f...:"
  const c1 = a[1], c2 = a[2];
  return c1 === "e"
    ? c2 === "8" || c2 === "9" || c2 === "a" || c2 === "b"
    : c1 === "f" && a[3] === "2";
}

/** AF_INET6's sin6_scope_id: an interface for a link-local address. */
const scopeText = (sa: SockAddr) =>
  sa.scopeId !== 0 && linkLocal(sa.addr!) ? ifindexText(sa.scopeId!) : String(sa.scopeId);

/** An AF_INET or AF_INET6 address's fields after sa_family, in -X's style; [] for others. */
export function inetParts(sa: SockAddr): string[] {
  const x = xlatStyle();
  if (sa.family === "AF_INET" && sa.addr !== undefined) {
    // (the default style builds no byte arrays: this runs for every accept and connect)
    if (x === 0) return [`sin_port=htons(${sa.port})`, `sin_addr=inet_addr("${sa.addr}")`];
    return [
      `sin_port=${netStyled(be(sa.port!, 2), `htons(${sa.port})`)}`,
      `sin_addr=${netStyled(sa.addr.split(".").map(Number), `inet_addr("${sa.addr}")`)}`,
    ];
  }
  if (sa.family !== "AF_INET6" || sa.addr === undefined) return [];
  const parts = x === 0
    ? [
      `sin6_port=htons(${sa.port})`,
      `sin6_flowinfo=htonl(${sa.flowinfo})`,
      `inet_pton(AF_INET6, "${sa.addr}", &sin6_addr)`,
    ]
    : [
      `sin6_port=${netStyled(be(sa.port!, 2), `htons(${sa.port})`)}`,
      `sin6_flowinfo=${netStyled(be(sa.flowinfo!, 4), `htonl(${sa.flowinfo})`)}`,
      `sin6_addr=${netStyled(ipv6Bytes(sa.addr), `inet_pton(AF_INET6, "${sa.addr}")`)}`,
    ];
  if (sa.scopeId !== undefined) parts.push(`sin6_scope_id=${scopeText(sa)}`);
  return parts;
}

// ---- the other families -------------------------------------------------------------------

/** AF_PACKET's struct sockaddr_ll (20 bytes), print_sockaddr_data_ll(). */
function packetFields(d: Uint8Array): string {
  const proto = be16(d, 2);
  const name = xlatValue(ETHERNET_PROTOCOLS, BigInt(proto)).names[0];
  const halen = u8(d, 11);
  let s = `sll_protocol=${
    netStyled([u8(d, 2), u8(d, 3)], `htons(${name ?? hx(proto) + " /* ETH_P_??? */"})`)
  }, sll_ifindex=${ifindexText(u32(d, 4))}, sll_hatype=${
    xval(ARP_HARDWARE_TYPES, u16(d, 8), "ARPHRD_???")
  }, sll_pkttype=${xval(PACKET_TYPES, u8(d, 10), "PACKET_???")}, sll_halen=${halen}`;
  if (halen) {
    // as many bytes as sll_halen says, those within the address
    const within = d.length + 2 - 12;
    const items: string[] = [];
    for (let i = 0; i < halen; i++) {
      if (i >= within) {
        items.push("...");
        break;
      }
      items.push(hx0(u8(d, 12 + i), 1));
    }
    s += `, sll_addr=[${items.join(", ")}]`;
  }
  return s;
}

/** AF_NETLINK's struct sockaddr_nl (12 bytes). */
function netlinkFields(d: Uint8Array): string {
  const pad = u16(d, 2);
  return `${pad ? `nl_pad=${hx(pad)}, ` : ""}nl_pid=${i32(d, 4)}, nl_groups=${hx0(u32(d, 8), 4)}`;
}

/** A Bluetooth L2CAP PSM (print_bluetooth_l2_psm()) or CID (print_bluetooth_l2_cid()). */
function l2Text(
  v: number,
  table: Xlat,
  dynamic: (v: number) => string | undefined,
  unknown: string,
): string {
  const name = xlatValue(table, BigInt(v)).names[0];
  const text = name ?? dynamic(v);
  const x = xlatStyle();
  let s = "htobs(";
  if (x !== 0 || text === undefined) s += hx(v);
  if (x === 1) return s + ")";
  s += x === 2 || text === undefined ? ` /* ${text ?? unknown} */` : text;
  return s + ")";
}

/** `L2CAP_PSM_DYN_START+N`, the base in -X's style (strace's print_xlat()). */
const plusBase = (v: number, base: number, name: string) =>
  `${styledValue(hx(base), name, "")}+${v - base}`;

const psmText = (v: number) =>
  l2Text(
    v,
    BLUETOOTH_L2_PSMS,
    (v) =>
      v >= 0x80 && v <= 0xff
        ? plusBase(v, 0x80, "L2CAP_PSM_LE_DYN_START")
        : v >= 0x1001
        ? plusBase(v, 0x1001, "L2CAP_PSM_DYN_START")
        : undefined,
    "L2CAP_PSM_???",
  );

const cidText = (v: number) =>
  l2Text(
    v,
    BLUETOOTH_L2_CIDS,
    (v) => v >= 0x40 ? plusBase(v, 0x40, "L2CAP_CID_DYN_START") : undefined,
    "L2CAP_CID_???",
  );

/**
 * AF_BLUETOOTH, print_sockaddr_data_bt(): the layout its length tells, HCI (4 or 6 bytes), SCO
 * (8), RFCOMM (10) or L2CAP (12 or 14); undefined for another length.
 */
function bluetoothFields(d: Uint8Array): string | undefined {
  switch (d.length + 2) {
    case 4:
      return `hci_dev=htobs(${u16(d, 2)})`;
    case 6:
      return `hci_dev=htobs(${u16(d, 2)}), hci_channel=${
        xval(HCI_CHANNELS, u16(d, 4), "HCI_CHANNEL_???")
      }`;
    case 8:
      return `sco_bdaddr=${macText(bytesAt(d, 2, 6))}`;
    case 10:
      return `rc_bdaddr=${macText(bytesAt(d, 2, 6))}, rc_channel=${u8(d, 8)}`;
    case 12:
    case 14: {
      const s = `l2_psm=${psmText(u16(d, 2))}, l2_bdaddr=${macText(bytesAt(d, 4, 6))}, l2_cid=${
        cidText(u16(d, 10))
      }`;
      return d.length === 12
        ? `${s}, l2_bdaddr_type=${xval(BDADDR_TYPES, u8(d, 12), "BDADDR_???")}`
        : s;
    }
  }
  return undefined;
}

/**
 * How strace's check_ax25_address() would show a callsign: -1 in the line's style, 1 raw (a
 * character it cannot print), 2 verbose (one that is not a callsign's).
 */
function ax25Check(c: Uint8Array): number {
  let ret = -1, space = false, char = false;
  for (let i = 0; i < 6; i++) {
    let ch = c[i];
    if (ch & 1) ret = 2;
    ch >>= 1;
    if (ch === 0x20) space = true;
    else char = true;
    if ((ch < 0x30 || ch > 0x39) && (ch < 0x41 || ch > 0x5a) && ch !== 0x20) ret = 2;
    if (ch !== 0x20 && space) ret = 2;
    if (ch < 0x20 || ch > 0x7e || ch === 0x2a || ch === 0x2f) return 1;
  }
  if (c[6] & ~0x1e) ret = 2;
  if (!char && c[6]) ret = 2;
  return ret;
}

/** A callsign as text (ax25_addr2str()): `VALID-13`, `*` for the empty one. */
function ax25Str(c: Uint8Array): string {
  let end = 6;
  while (end && c[end - 1] >> 1 === 0x20) end--;
  let s = "";
  for (let i = 0; i < end; i++) s += String.fromCharCode(c[i] >> 1);
  const ssid = (c[6] >> 1) & 0xf;
  s += "-" + ssid;
  return s === "-0" ? "*" : s;
}

/** An ax25_address (7 bytes) as print_ax25_addr() shows it. */
function ax25Addr(c: Uint8Array): string {
  let xs = ax25Check(c);
  if (xs < 0) xs = xlatStyle();
  if (xs === 0) return ax25Str(c);
  const raw = `{ax25_call=${forceHex(c)}}`;
  return xs === 1 ? raw : `${raw} /* ${ax25Str(c)} */`;
}

/**
 * AF_AX25, print_sockaddr_data_ax25(): struct sockaddr_ax25 (16 bytes), or struct
 * full_sockaddr_ax25 with its digipeaters (up to 8 of 7 bytes) when it has some or is longer.
 */
function ax25Fields(d: Uint8Array): string {
  const len = d.length + 2;
  const ndigis = i32(d, 12);
  const base = `sax25_call=${ax25Addr(bytesAt(d, 2, 7))}, sax25_ndigis=${ndigis}`;
  if (ndigis === 0 && len <= 16) return base;
  let s = `fsa_ax25={${base}}`;
  const has = Math.min(Math.floor((len - 16) / 7), 8);
  const want = Math.min(Math.max(ndigis, 0), 8);
  if (want) {
    const items: string[] = [];
    for (let i = 0; i < Math.min(has, want); i++) items.push(ax25Addr(bytesAt(d, 16 + 7 * i, 7)));
    if (want > has) items.push("...");
    s += `, fsa_digipeater=[${items.join(", ")}]`;
  }
  return len > 16 + 7 * has ? s + ", ..." : s;
}

/** AF_IPX's struct sockaddr_ipx (16 bytes). */
function ipxFields(d: Uint8Array): string {
  const node: string[] = [];
  for (let i = 0; i < 6; i++) node.push(hx0(u8(d, 8 + i), 1));
  const zero = u8(d, 15);
  return `sipx_port=${
    netStyled([u8(d, 2), u8(d, 3)], `htons(${be16(d, 2)})`)
  }, sipx_network=htonl(${hx(be32(d, 4))}), sipx_node=[${node.join(", ")}], sipx_type=${
    hx0(u8(d, 14), 1)
  }${zero ? `, sipx_zero=${hx(zero)}` : ""}`;
}

// rxrpc's services (strace's xlat/rxrpc_services.in)
const RXRPC_SERVICES: Record<number, string> = {
  1: "CM_SERVICE",
  2500: "YFS_FS_SERVICE",
  2501: "YFS_CM_SERVICE",
  2503: "YFS_VL_SERVICE",
};

/**
 * AF_RXRPC's struct sockaddr_rxrpc (36 bytes), print_sockaddr_data_rxrpc(): the service always
 * with its name in a comment, the transport's type and length, and the transport, an AF_INET or
 * AF_INET6 address or a family and its bytes.
 */
function rxrpcFields(d: Uint8Array): string {
  const service = u16(d, 2), type = u16(d, 4), tlen = u16(d, 6), fam = u16(d, 8);
  const svc = xlatStyle() === 1
    ? hx(service)
    : `${hx(service)} /* ${RXRPC_SERVICES[service] ?? "???_SERVICE"} */`;
  const typeName = xlatValue(SOCK_TYPES, BigInt(type)).names[0];
  // the transport's bytes: as long as its length says, within the address's
  const len = Math.min(tlen, d.length + 2 - 8);
  const rest = Math.max(0, len - 2);
  const quoted = rest > 0 ? `, "${escapeRange(d, 8, 8 + rest)}"` : "";
  let transport: string;
  if (fam === 2 || fam === 10) {
    const inner = fam === 2 ? "sin" : "sin6";
    // (sin6_scope_id when the length passes it, read from the address as strace reads it)
    const sa = tlen >= (fam === 2 ? 16 : 24)
      ? decodeSockaddr(d.subarray(6, 6 + (fam === 2 ? 16 : len > 24 ? 28 : 24)))
      : undefined;
    const more = sa ? inetParts(sa) : [];
    transport = `${inner}={${inner}_family=${familyText(fam)}${
      more.length ? ", " + more.join(", ") : quoted
    }}`;
  } else transport = `family=${familyText(fam)}${quoted}`;
  return `srx_service=${svc}, transport_type=${
    styledValue(hx(type), typeName, " /* SOCK_??? */")
  }, transport_len=${tlen}, transport={${transport}}`;
}

/** AF_X25's struct sockaddr_x25 (18 bytes). */
const x25Fields = (d: Uint8Array) => `sx25_addr={x25_addr=${cstr(d, 2, 16, true)}}`;

/** AF_IEEE802154's struct sockaddr_ieee802154 (20 bytes). */
function ieee802154Fields(d: Uint8Array): string {
  const type = u32(d, 4);
  let s = `addr={addr_type=${
    xvalVerbose(IEEE802154_ADDR_TYPES, type, "IEEE802154_ADDR_???")
  }, pan_id=${xvalVerbose(IEEE802154_PAN_IDS, u16(d, 8))}`;
  if (type === 2) s += `, short_addr=${xvalVerbose(IEEE802154_ADDRS, u16(d, 10))}`;
  else if (type !== 0) s += `, hwaddr=${macText(bytesAt(d, 10, 8))}`;
  return s + "}";
}

/** AF_ALG's struct sockaddr_alg_new (24 bytes and the name: 25 at least). */
function algFields(d: Uint8Array): string {
  return `salg_type=${cstr(d, 2, 14, true)}, salg_feat=${
    flagsVerbose(ALG_SOCKADDR_FLAGS, u32(d, 16), "CRYPTO_ALG_???")
  }, salg_mask=${flagsVerbose(ALG_SOCKADDR_FLAGS, u32(d, 20), "CRYPTO_ALG_???")}, salg_name=${
    cstr(d, 24, d.length + 2 - 24, true)
  }`;
}

/**
 * AF_NFC's struct sockaddr_nfc (16 bytes), and struct sockaddr_nfc_llcp (96 bytes, a 64-bit
 * process's layout) when the address is as long.
 */
function nfcFields(d: Uint8Array): string {
  const len = d.length + 2;
  const s = `dev_idx=${ifindexText(u32(d, 4))}, target_idx=${hx(u32(d, 8))}, nfc_protocol=${
    xval(NFC_PROTOCOLS, u32(d, 12), "NFC_PROTO_???")
  }`;
  if (len < 96) return len > 16 ? s + ", ..." : s;
  const snsz = (BigInt(u32(d, 92)) << 32n) | BigInt(u32(d, 88));
  const n = snsz < 63n ? Number(snsz) : 63;
  return `${s}, dsap=${xvalVerbose(NFC_SAPS, u8(d, 16))}, ssap=${
    xvalVerbose(NFC_SAPS, u8(d, 17))
  }, service_name="${escapeRange(d, 16, 16 + n)}", service_name_len=${snsz}`;
}

/** AF_VSOCK's struct sockaddr_vm (16 bytes). */
function vsockFields(d: Uint8Array): string {
  const r1 = u16(d, 2);
  const s = `${r1 ? `svm_reserved1=${hx(r1)}, ` : ""}svm_cid=${
    xval(VSOCK_CIDS, u32(d, 8))
  }, svm_port=${xval(VSOCK_PORTS, u32(d, 4))}, svm_flags=${
    flags(VSOCK_FLAGS, u8(d, 12), "VMADDR_FLAG_???")
  }`;
  return u8(d, 13) | u8(d, 14) | u8(d, 15) ? `${s}, svm_zero=${forceHex(bytesAt(d, 13, 3))}` : s;
}

/** AF_QIPCRTR's struct sockaddr_qrtr (12 bytes). */
const qrtrFields = (d: Uint8Array) =>
  `sq_node=${xval(QIPCRTR_NODES, u32(d, 4))}, sq_port=${xval(QIPCRTR_PORTS, u32(d, 8))}`;

/** AF_XDP's struct sockaddr_xdp (16 bytes). */
function xdpFields(d: Uint8Array): string {
  const f = u16(d, 2), fd = i32(d, 12);
  const s = `sxdp_flags=${flags(XDP_SOCKADDR_FLAGS, f, "XDP_???")}, sxdp_ifindex=${
    ifindexText(u32(d, 4))
  }, sxdp_queue_id=${u32(d, 8)}`;
  // the fd of the socket whose umem it shares, with XDP_SHARED_UMEM
  if (f & 1) return `${s}, sxdp_shared_umem_fd=${fdText(fd)}`;
  return fd ? `${s}, sxdp_shared_umem_fd=${hx(fd >>> 0)}` : s;
}

/** AF_MCTP's struct sockaddr_mctp (12 bytes). */
function mctpFields(d: Uint8Array): string {
  const pad0 = u16(d, 2), pad1 = u8(d, 11);
  return `${pad0 ? `__smctp_pad0=${hx(pad0)}, ` : ""}smctp_network=${
    xval(MCTP_NETS, u32(d, 4))
  }, smctp_addr={s_addr=${xval(MCTP_ADDRS, u8(d, 8))}}, smctp_type=${hx(u8(d, 9))}, smctp_tag=${
    hx(u8(d, 10))
  }${pad1 ? `, __smctp_pad1=${hx(pad1)}` : ""}`;
}

/**
 * The fields after sa_family of an address of `family` whose bytes after sa_family are `d` (at
 * least one), as strace's print_sockaddr() shows them: the family's structure when strace
 * decodes the family and the address is long enough for it, else `sa_data="..."`.
 */
export function familyFields(family: string, d: Uint8Array): string {
  const len = d.length + 2;
  switch (family) {
    case "AF_PACKET":
      if (len >= 20) return packetFields(d);
      break;
    case "AF_NETLINK":
      if (len >= 12) return netlinkFields(d);
      break;
    case "AF_BLUETOOTH":
      return bluetoothFields(d) ?? `sa_data="${escapeBytes(d)}"`;
    case "AF_AX25":
      if (len >= 16) return ax25Fields(d);
      break;
    case "AF_IPX":
      if (len >= 16) return ipxFields(d);
      break;
    case "AF_X25":
      if (len >= 18) return x25Fields(d);
      break;
    case "AF_RXRPC":
      if (len >= 36) return rxrpcFields(d);
      break;
    case "AF_IEEE802154":
      if (len >= 20) return ieee802154Fields(d);
      break;
    case "AF_ALG":
      if (len >= 25) return algFields(d);
      break;
    case "AF_NFC":
      if (len >= 16) return nfcFields(d);
      break;
    case "AF_VSOCK":
      if (len >= 16) return vsockFields(d);
      break;
    case "AF_QIPCRTR":
      if (len >= 12) return qrtrFields(d);
      break;
    case "AF_XDP":
      if (len >= 16) return xdpFields(d);
      break;
    case "AF_MCTP":
      if (len >= 12) return mctpFields(d);
      break;
  }
  return `sa_data="${escapeBytes(d)}"`;
}
