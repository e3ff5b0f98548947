// The socket address families strace decodes (src/format_sockaddr.ts), in the text format and
// each -X style: the addresses are built as strace 6.1's tests build them (tests/sockaddr_xlat.c,
// tests/net-sockaddr.c), and the lines expected are strace's own (its -Xabbrev, -Xraw, -Xverbose
// and -y runs of sockaddr_xlat, and net-sockaddr), but for Bluetooth, whose lines that run did not
// have: those follow net-sockaddr.c's and sockaddr_xlat.c's printf formats.
import assert from "node:assert/strict";
import { REC_SYSCALL } from "../src/abi.ts";
import { type FdSystem, FdTable } from "../src/fdtable.ts";
import { setIfNameSource } from "../src/ifname.ts";
import { TextFormatter } from "../src/format_text.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { SyscallRecord } from "../src/record.ts";
import type { XlatStyle } from "../src/xlat/xlat.ts";
import { layOut } from "./module_records.ts";

const P = 0x7ffd0000n;
const EBADF = -9n;
const enc = new TextEncoder();

const AF_UNSPEC = 0,
  AF_UNIX = 1,
  AF_INET = 2,
  AF_AX25 = 3,
  AF_IPX = 4,
  AF_X25 = 9,
  AF_INET6 = 10,
  AF_NETLINK = 16,
  AF_PACKET = 17,
  AF_BLUETOOTH = 31,
  AF_RXRPC = 33,
  AF_IEEE802154 = 36,
  AF_ALG = 38,
  AF_NFC = 39,
  AF_VSOCK = 40,
  AF_QIPCRTR = 42,
  AF_XDP = 44,
  AF_MCTP = 45;

/** A structure of `size` zero bytes (`fill`: strace's fill_memory(), 0x80, 0x81...) of `family`. */
function struct(size: number, family: number, fill = false): Uint8Array {
  const b = new Uint8Array(size);
  if (fill) { for (let i = 0; i < size; i++) b[i] = 0x80 + (i % 0x80); }
  b[0] = family & 255;
  b[1] = family >> 8;
  return b;
}

/** Little-endian (host order) and network-order stores. */
const le16 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer).setUint16(o, v, true);
const le32 = (b: Uint8Array, o: number, v: number) =>
  new DataView(b.buffer).setUint32(o, v >>> 0, true);
const le64 = (b: Uint8Array, o: number, v: bigint) =>
  new DataView(b.buffer).setBigUint64(o, v, true);
const be16 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer).setUint16(o, v);
const be32 = (b: Uint8Array, o: number, v: number) => new DataView(b.buffer).setUint32(o, v);
/** Bytes at `o`: numbers, or a string's characters (each one byte, as C's "\377"). */
const put = (b: Uint8Array, o: number, s: string | number[]) =>
  b.set(typeof s === "string" ? [...s].map((c) => c.charCodeAt(0)) : s, o);

/** The 16 bytes of an IPv6 address written in full or with `::` at its end. */
function in6(a: string): number[] {
  const [head] = a.split("::");
  const w = head === "" ? [] : head.split(":").map((x) => parseInt(x, 16));
  while (w.length < 8) w.push(0);
  if (a === "::1") w[7] = 1;
  return w.flatMap((x) => [x >> 8, x & 255]);
}

/** connect(-1, addr, len) = -1 EBADF, the module's copy of `addr` (at most 128 bytes). */
function connect(addr: Uint8Array, len: number): SyscallRecord {
  const data = addr.slice(0, Math.min(len, 128));
  return {
    kind: "syscall",
    ts: 2000n,
    enterTs: 1000n,
    cpu: 0,
    pid: 42,
    tid: 42,
    comm: "t",
    nr: syscallNumber("x86_64", "connect")!,
    args: [BigInt.asUintN(64, -1n), P, BigInt(len), 0n, 0n, 0n],
    ret: EBADF,
    items: [{ arg: 1, type: "sockaddr", data, truncated: len > 128 }],
  };
}

/** The call's text, as the decoded path and (in the default style) the byte path write it. */
function line(r: SyscallRecord, xlat: XlatStyle, fds?: FdTable): string {
  const f = new TextFormatter("x86_64", { xlat, fds });
  const strip = (s: string) => s.replace(/^.*? \(42\) /, "").replace(/ <[\d.]+>$/, "");
  const text = strip(f.format(r));
  if (xlat === 0) {
    const it = r.items![0];
    const { buf, view, offs } = layOut([{
      kind: REC_SYSCALL,
      nr: r.nr,
      ts: r.ts,
      enterTs: r.enterTs,
      pid: r.pid,
      tid: r.tid,
      cpu: r.cpu,
      comm: r.comm,
      args: r.args,
      ret: r.ret,
      items: [{ arg: 1, type: 4, flags: it.truncated ? 2 : 0, data: it.data }],
    }]);
    const fast = new TextFormatter("x86_64", { fds });
    assert.equal(strip(fast.formatModule(buf, view, offs[0], 0n)), text, "the byte path");
  }
  return text;
}

/** The address's lines in -X abbrev, raw and verbose. */
const styles = (addr: Uint8Array, len: number, fds?: FdTable) =>
  ([0, 1, 2] as XlatStyle[]).map((x) => line(connect(addr, len), x, fds));

/** Interface 1 is "lo", as on the machine strace's run was on. */
function withLo(f: () => void) {
  setIfNameSource(() => new Map([[1, "lo"]]));
  try {
    f();
  } finally {
    setIfNameSource();
  }
}

Deno.test("sockaddr: AF_PACKET, AF_INET, AF_INET6 (sockaddr_xlat)", () => {
  const ll = struct(20, AF_PACKET);
  be16(ll, 2, 3); // ETH_P_ALL
  le32(ll, 4, 0xfacefeed);
  le16(ll, 8, 1); // ARPHRD_ETHER
  ll[10] = 0; // PACKET_HOST
  ll[11] = 8;
  put(ll, 12, "abcdefgh");
  assert.deepEqual(styles(ll, 20), [
    "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=4207869677, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=8, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x11, sll_protocol="\\x00\\x03", sll_ifindex=4207869677, sll_hatype=0x1, sll_pkttype=0, sll_halen=8, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x11 /* AF_PACKET */, sll_protocol="\\x00\\x03" /* htons(ETH_P_ALL) */, sll_ifindex=4207869677, sll_hatype=0x1 /* ARPHRD_ETHER */, sll_pkttype=0 /* PACKET_HOST */, sll_halen=8, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]}, 20) = -1 EBADF (Bad file descriptor)',
  ]);

  const in4 = struct(16, AF_INET);
  be16(in4, 2, 12345);
  put(in4, 4, [127, 0, 0, 1]);
  assert.deepEqual(styles(in4, 16), [
    'connect(-1, {sa_family=AF_INET, sin_port=htons(12345), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2, sin_port="\\x30\\x39", sin_addr="\\x7f\\x00\\x00\\x01"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2 /* AF_INET */, sin_port="\\x30\\x39" /* htons(12345) */, sin_addr="\\x7f\\x00\\x00\\x01" /* inet_addr("127.0.0.1") */}, 16) = -1 EBADF (Bad file descriptor)',
  ]);

  const a6 = struct(28, AF_INET6);
  be16(a6, 2, 12345);
  be32(a6, 4, 123456890);
  le32(a6, 24, 0xfacefeed);
  const want = [[
    'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(123456890), inet_pton(AF_INET6, "12:34:56:78:90:ab:cd:ef", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa, sin6_port="\\x30\\x39", sin6_flowinfo="\\x07\\x5b\\xcd\\x7a", sin6_addr="\\x00\\x12\\x00\\x34\\x00\\x56\\x00\\x78\\x00\\x90\\x00\\xab\\x00\\xcd\\x00\\xef", sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa /* AF_INET6 */, sin6_port="\\x30\\x39" /* htons(12345) */, sin6_flowinfo="\\x07\\x5b\\xcd\\x7a" /* htonl(123456890) */, sin6_addr="\\x00\\x12\\x00\\x34\\x00\\x56\\x00\\x78\\x00\\x90\\x00\\xab\\x00\\xcd\\x00\\xef" /* inet_pton(AF_INET6, "12:34:56:78:90:ab:cd:ef") */, sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(123456890), inet_pton(AF_INET6, "::", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa, sin6_port="\\x30\\x39", sin6_flowinfo="\\x07\\x5b\\xcd\\x7a", sin6_addr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00", sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa /* AF_INET6 */, sin6_port="\\x30\\x39" /* htons(12345) */, sin6_flowinfo="\\x07\\x5b\\xcd\\x7a" /* htonl(123456890) */, sin6_addr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00" /* inet_pton(AF_INET6, "::") */, sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(123456890), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa, sin6_port="\\x30\\x39", sin6_flowinfo="\\x07\\x5b\\xcd\\x7a", sin6_addr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01", sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0xa /* AF_INET6 */, sin6_port="\\x30\\x39" /* htons(12345) */, sin6_flowinfo="\\x07\\x5b\\xcd\\x7a" /* htonl(123456890) */, sin6_addr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x01" /* inet_pton(AF_INET6, "::1") */, sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
  ]];
  ["12:34:56:78:90:ab:cd:ef", "::", "::1"].forEach((a, i) => {
    put(a6, 8, in6(a));
    assert.deepEqual(styles(a6, 28), want[i]);
  });
});

Deno.test("sockaddr: AF_RXRPC (sockaddr_xlat)", () => {
  const filled = struct(36, AF_RXRPC, true);
  assert.deepEqual(styles(filled, 35), [
    'connect(-1, {sa_family=AF_RXRPC, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242"}, 35) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242"}, 35) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242"}, 35) = -1 EBADF (Bad file descriptor)',
  ]);
  filled[8] = 0;
  filled[9] = 0;
  assert.deepEqual(styles(filled, 36), [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x8382 /* ???_SERVICE */, transport_type=0x8584 /* SOCK_??? */, transport_len=34694, transport={family=AF_UNSPEC, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x8382, transport_type=0x8584, transport_len=34694, transport={family=0, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x8382 /* ???_SERVICE */, transport_type=0x8584 /* SOCK_??? */, transport_len=34694, transport={family=0 /* AF_UNSPEC */, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
  ]);
  filled[8] = 0x1f;
  filled[9] = 1;
  assert.deepEqual(styles(filled, 36), [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x8382 /* ???_SERVICE */, transport_type=0x8584 /* SOCK_??? */, transport_len=34694, transport={family=0x11f /* AF_??? */, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x8382, transport_type=0x8584, transport_len=34694, transport={family=0x11f, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x8382 /* ???_SERVICE */, transport_type=0x8584 /* SOCK_??? */, transport_len=34694, transport={family=0x11f /* AF_??? */, "\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243"}}, 36) = -1 EBADF (Bad file descriptor)',
  ]);
  const vec = (service: number, type: number, tlen: number, transport: number[]) => {
    const b = struct(36, AF_RXRPC);
    le16(b, 2, service);
    le16(b, 4, type);
    le16(b, 6, tlen);
    put(b, 8, transport);
    return b;
  };
  // struct sockaddr_in {1 or 2, 0xdead, {0xfacefeed}} in host order
  const sin = (f: number) => [f, 0, 0xad, 0xde, 0xed, 0xfe, 0xce, 0xfa];
  const sin6 = [
    10,
    0,
    0xad,
    0xde,
    0xce,
    0xfa,
    0xfe,
    0xca,
    ...enc.encode("OH HAI THAR!"),
    0,
    0,
    0,
    15,
  ];
  const want = [[
    "connect(-1, {sa_family=AF_RXRPC, srx_service=0 /* ???_SERVICE */, transport_type=0 /* SOCK_??? */, transport_len=0, transport={family=AF_UNSPEC}}, 36) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x21, srx_service=0, transport_type=0, transport_len=0, transport={family=0}}, 36) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0 /* ???_SERVICE */, transport_type=0 /* SOCK_??? */, transport_len=0, transport={family=0 /* AF_UNSPEC */}}, 36) = -1 EBADF (Bad file descriptor)",
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x1 /* CM_SERVICE */, transport_type=SOCK_STREAM, transport_len=42, transport={family=AF_UNIX, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x1, transport_type=0x1, transport_len=42, transport={family=0x1, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x1 /* CM_SERVICE */, transport_type=0x1 /* SOCK_STREAM */, transport_len=42, transport={family=0x1 /* AF_UNIX */, "\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0"}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x2 /* ???_SERVICE */, transport_type=SOCK_DGRAM, transport_len=5, transport={family=AF_UNIX, "\\255\\336\\355"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x2, transport_type=0x2, transport_len=5, transport={family=0x1, "\\255\\336\\355"}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x2 /* ???_SERVICE */, transport_type=0x2 /* SOCK_DGRAM */, transport_len=5, transport={family=0x1 /* AF_UNIX */, "\\255\\336\\355"}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c4 /* YFS_FS_SERVICE */, transport_type=SOCK_RAW, transport_len=7, transport={sin={sin_family=AF_INET, "\\255\\336\\355\\376\\316"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x9c4, transport_type=0x3, transport_len=7, transport={sin={sin_family=0x2, "\\255\\336\\355\\376\\316"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x9c4 /* YFS_FS_SERVICE */, transport_type=0x3 /* SOCK_RAW */, transport_len=7, transport={sin={sin_family=0x2 /* AF_INET */, "\\255\\336\\355\\376\\316"}}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c5 /* YFS_CM_SERVICE */, transport_type=SOCK_RDM, transport_len=16, transport={sin={sin_family=AF_INET, sin_port=htons(44510), sin_addr=inet_addr("237.254.206.250")}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x9c5, transport_type=0x4, transport_len=16, transport={sin={sin_family=0x2, sin_port="\\xad\\xde", sin_addr="\\xed\\xfe\\xce\\xfa"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x9c5 /* YFS_CM_SERVICE */, transport_type=0x4 /* SOCK_RDM */, transport_len=16, transport={sin={sin_family=0x2 /* AF_INET */, sin_port="\\xad\\xde" /* htons(44510) */, sin_addr="\\xed\\xfe\\xce\\xfa" /* inet_addr("237.254.206.250") */}}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c6 /* ???_SERVICE */, transport_type=SOCK_SEQPACKET, transport_len=20, transport={sin={sin_family=AF_INET, sin_port=htons(57005), sin_addr=inet_addr("250.206.254.237")}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x9c6, transport_type=0x5, transport_len=20, transport={sin={sin_family=0x2, sin_port="\\xde\\xad", sin_addr="\\xfa\\xce\\xfe\\xed"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x9c6 /* ???_SERVICE */, transport_type=0x5 /* SOCK_SEQPACKET */, transport_len=20, transport={sin={sin_family=0x2 /* AF_INET */, sin_port="\\xde\\xad" /* htons(57005) */, sin_addr="\\xfa\\xce\\xfe\\xed" /* inet_addr("250.206.254.237") */}}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c7 /* YFS_VL_SERVICE */, transport_type=SOCK_DCCP, transport_len=23, transport={sin6={sin6_family=AF_INET6, "\\255\\336\\316\\372\\376\\312OH HAI THAR!\\0\\0\\0"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x9c7, transport_type=0x6, transport_len=23, transport={sin6={sin6_family=0xa, "\\255\\336\\316\\372\\376\\312OH HAI THAR!\\0\\0\\0"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x9c7 /* YFS_VL_SERVICE */, transport_type=0x6 /* SOCK_DCCP */, transport_len=23, transport={sin6={sin6_family=0xa /* AF_INET6 */, "\\255\\336\\316\\372\\376\\312OH HAI THAR!\\0\\0\\0"}}}, 36) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_RXRPC, srx_service=0x9c8 /* ???_SERVICE */, transport_type=0x7 /* SOCK_??? */, transport_len=24, transport={sin6={sin6_family=AF_INET6, sin6_port=htons(44510), sin6_flowinfo=htonl(3472555722), inet_pton(AF_INET6, "4f48:2048:4149:2054:4841:5221:0:f", &sin6_addr)}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21, srx_service=0x9c8, transport_type=0x7, transport_len=24, transport={sin6={sin6_family=0xa, sin6_port="\\xad\\xde", sin6_flowinfo="\\xce\\xfa\\xfe\\xca", sin6_addr="\\x4f\\x48\\x20\\x48\\x41\\x49\\x20\\x54\\x48\\x41\\x52\\x21\\x00\\x00\\x00\\x0f"}}}, 36) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x21 /* AF_RXRPC */, srx_service=0x9c8 /* ???_SERVICE */, transport_type=0x7 /* SOCK_??? */, transport_len=24, transport={sin6={sin6_family=0xa /* AF_INET6 */, sin6_port="\\xad\\xde" /* htons(44510) */, sin6_flowinfo="\\xce\\xfa\\xfe\\xca" /* htonl(3472555722) */, sin6_addr="\\x4f\\x48\\x20\\x48\\x41\\x49\\x20\\x54\\x48\\x41\\x52\\x21\\x00\\x00\\x00\\x0f" /* inet_pton(AF_INET6, "4f48:2048:4149:2054:4841:5221:0:f") */}}}, 36) = -1 EBADF (Bad file descriptor)',
  ]];
  [
    vec(0, 0, 0, []),
    vec(1, 1, 42, [1, 0]),
    vec(2, 2, 5, sin(1)),
    vec(2500, 3, 7, sin(2)),
    vec(2501, 4, 16, sin(2)),
    vec(2502, 5, 20, [2, 0, 0xde, 0xad, 0xfa, 0xce, 0xfe, 0xed, ...enc.encode("OH HAI")]),
    vec(2503, 6, 23, sin6),
    vec(2504, 7, 24, sin6),
  ].forEach((b, i) => assert.deepEqual(styles(b, 36), want[i], `vector ${i}`));
});

Deno.test("sockaddr: AF_IEEE802154 (sockaddr_xlat)", () => {
  const filled = struct(20, AF_IEEE802154, true);
  assert.deepEqual(styles(filled, 19), [
    'connect(-1, {sa_family=AF_IEEE802154, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222"}, 19) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222"}, 19) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222"}, 19) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(filled, 20), [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x87868584 /* IEEE802154_ADDR_??? */, pan_id=0x8988, hwaddr=8a:8b:8c:8d:8e:8f:90:91}}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x24, addr={addr_type=0x87868584, pan_id=0x8988, hwaddr="\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91"}}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x87868584 /* IEEE802154_ADDR_??? */, pan_id=0x8988, hwaddr="\\x8a\\x8b\\x8c\\x8d\\x8e\\x8f\\x90\\x91" /* 8a:8b:8c:8d:8e:8f:90:91 */}}, 20) = -1 EBADF (Bad file descriptor)',
  ]);
  // struct sockaddr_ieee802154: addr_type at 4, pan_id at 8, the address at 10
  const vec = (type: number, pan: number, addr: number[]) => {
    const b = struct(20, AF_IEEE802154);
    le32(b, 4, type);
    le16(b, 8, pan);
    put(b, 10, addr);
    return b;
  };
  const want = [[
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0 /* IEEE802154_ADDR_NONE */, pan_id=0}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0, pan_id=0}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0 /* IEEE802154_ADDR_NONE */, pan_id=0}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x1 /* IEEE802154_ADDR_??? */, pan_id=0x1, hwaddr=00:00:00:00:00:00:00:00}}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x24, addr={addr_type=0x1, pan_id=0x1, hwaddr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00"}}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x1 /* IEEE802154_ADDR_??? */, pan_id=0x1, hwaddr="\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x00" /* 00:00:00:00:00:00:00:00 */}}, 20) = -1 EBADF (Bad file descriptor)',
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x4 /* IEEE802154_ADDR_??? */, pan_id=0xcafe, hwaddr=ed:fe:00:00:00:00:00:00}}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x24, addr={addr_type=0x4, pan_id=0xcafe, hwaddr="\\xed\\xfe\\x00\\x00\\x00\\x00\\x00\\x00"}}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x4 /* IEEE802154_ADDR_??? */, pan_id=0xcafe, hwaddr="\\xed\\xfe\\x00\\x00\\x00\\x00\\x00\\x00" /* ed:fe:00:00:00:00:00:00 */}}, 20) = -1 EBADF (Bad file descriptor)',
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0xfffe, short_addr=0}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0x2, pan_id=0xfffe, short_addr=0}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0xfffe, short_addr=0}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0xffff /* IEEE802154_PANID_BROADCAST */, short_addr=0xf9f8}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0x2, pan_id=0xffff, short_addr=0xf9f8}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0xffff /* IEEE802154_PANID_BROADCAST */, short_addr=0xf9f8}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xfffd}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0x2, pan_id=0, short_addr=0xfffd}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xfffd}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xfffe /* IEEE802154_ADDR_UNDEF */}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0x2, pan_id=0, short_addr=0xfffe}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xfffe /* IEEE802154_ADDR_UNDEF */}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xffff /* IEEE802154_ADDR_BROADCAST */}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24, addr={addr_type=0x2, pan_id=0, short_addr=0xffff}}, 20) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x2 /* IEEE802154_ADDR_SHORT */, pan_id=0, short_addr=0xffff /* IEEE802154_ADDR_BROADCAST */}}, 20) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x3 /* IEEE802154_ADDR_LONG */, pan_id=0xface, hwaddr=ad:de:00:00:00:00:00:00}}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x24, addr={addr_type=0x3, pan_id=0xface, hwaddr="\\xad\\xde\\x00\\x00\\x00\\x00\\x00\\x00"}}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x3 /* IEEE802154_ADDR_LONG */, pan_id=0xface, hwaddr="\\xad\\xde\\x00\\x00\\x00\\x00\\x00\\x00" /* ad:de:00:00:00:00:00:00 */}}, 20) = -1 EBADF (Bad file descriptor)',
  ], [
    "connect(-1, {sa_family=AF_IEEE802154, addr={addr_type=0x3 /* IEEE802154_ADDR_LONG */, pan_id=0, hwaddr=4f:68:20:48:61:69:21:00}}, 20) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x24, addr={addr_type=0x3, pan_id=0, hwaddr="\\x4f\\x68\\x20\\x48\\x61\\x69\\x21\\x00"}}, 20) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x24 /* AF_IEEE802154 */, addr={addr_type=0x3 /* IEEE802154_ADDR_LONG */, pan_id=0, hwaddr="\\x4f\\x68\\x20\\x48\\x61\\x69\\x21\\x00" /* 4f:68:20:48:61:69:21:00 */}}, 20) = -1 EBADF (Bad file descriptor)',
  ]];
  [
    vec(0, 0, []),
    vec(1, 1, []),
    vec(4, 0xcafe, [0xed, 0xfe]),
    vec(2, 0xfffe, []),
    vec(2, 0xffff, [0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff]),
    vec(2, 0, [0xfd, 0xff]),
    vec(2, 0, [0xfe, 0xff]),
    vec(2, 0, [0xff, 0xff]),
    vec(3, 0xface, [0xad, 0xde]),
    vec(3, 0, [...enc.encode("Oh Hai!"), 0]),
  ].forEach((b, i) => assert.deepEqual(styles(b, 20), want[i], `vector ${i}`));
});

Deno.test("sockaddr: AF_ALG (sockaddr_xlat)", () => {
  // struct sockaddr_alg: salg_type at 2, salg_feat at 16, salg_mask at 20, salg_name at 24
  const filled = struct(88, AF_ALG, true);
  assert.deepEqual(styles(filled, 24), [
    'connect(-1, {sa_family=AF_ALG, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227"}, 24) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227"}, 24) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216\\217\\220\\221\\222\\223\\224\\225\\226\\227"}, 24) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(filled, 25), [
    'connect(-1, {sa_family=AF_ALG, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x93928190 */, salg_mask=0x97969594 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x97968594 */, salg_name=""...}, 25) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190, salg_mask=0x97969594, salg_name=""...}, 25) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x93928190 */, salg_mask=0x97969594 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x97968594 */, salg_name=""...}, 25) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(filled, 87), [
    'connect(-1, {sa_family=AF_ALG, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x93928190 */, salg_mask=0x97969594 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x97968594 */, salg_name="\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320\\321\\322\\323\\324\\325"...}, 87) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190, salg_mask=0x97969594, salg_name="\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320\\321\\322\\323\\324\\325"...}, 87) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"..., salg_feat=0x93929190 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x93928190 */, salg_mask=0x97969594 /* CRYPTO_ALG_KERN_DRIVER_ONLY|0x97968594 */, salg_name="\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320\\321\\322\\323\\324\\325"...}, 87) = -1 EBADF (Bad file descriptor)',
  ]);
  const vec = (type: string, feat: number, mask: number, name: string) => {
    const b = struct(88, AF_ALG);
    put(b, 2, type);
    le32(b, 16, feat);
    le32(b, 20, mask);
    put(b, 24, name);
    return b;
  };
  const zero = vec("", 0, 0, "");
  assert.deepEqual(styles(zero, 32), [
    'connect(-1, {sa_family=AF_ALG, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(zero, 88), [
    'connect(-1, {sa_family=AF_ALG, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="", salg_feat=0, salg_mask=0, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
  ]);
  const kdo = vec("", 0x1000, 0x1000, "");
  assert.deepEqual(styles(kdo, 32), [
    'connect(-1, {sa_family=AF_ALG, salg_type="", salg_feat=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_mask=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="", salg_feat=0x1000, salg_mask=0x1000, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="", salg_feat=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_mask=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_name=""}, 32) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(kdo, 88), [
    'connect(-1, {sa_family=AF_ALG, salg_type="", salg_feat=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_mask=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="", salg_feat=0x1000, salg_mask=0x1000, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="", salg_feat=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_mask=0x1000 /* CRYPTO_ALG_KERN_DRIVER_ONLY */, salg_name=""}, 88) = -1 EBADF (Bad file descriptor)',
  ]);
  const odd = vec(
    'OH HAI\x01\n\xff\\"\0\t\v',
    0xdeadcafe,
    0xbeefaead,
    "1234567890abcdef1234567890ABCEF\x01\x02\x03\x04\x05\x06\x07\x08\x09\0\x0a\x0b\x0c\x0d\x0e\x0f",
  );
  assert.deepEqual(styles(odd, 32), [
    'connect(-1, {sa_family=AF_ALG, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe /* CRYPTO_ALG_??? */, salg_mask=0xbeefaead /* CRYPTO_ALG_??? */, salg_name="1234567"...}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe, salg_mask=0xbeefaead, salg_name="1234567"...}, 32) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe /* CRYPTO_ALG_??? */, salg_mask=0xbeefaead /* CRYPTO_ALG_??? */, salg_name="1234567"...}, 32) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(odd, 88), [
    'connect(-1, {sa_family=AF_ALG, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe /* CRYPTO_ALG_??? */, salg_mask=0xbeefaead /* CRYPTO_ALG_??? */, salg_name="1234567890abcdef1234567890ABCEF\\1\\2\\3\\4\\5\\6\\7\\10\\t"}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe, salg_mask=0xbeefaead, salg_name="1234567890abcdef1234567890ABCEF\\1\\2\\3\\4\\5\\6\\7\\10\\t"}, 88) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x26 /* AF_ALG */, salg_type="OH HAI\\1\\n\\377\\\\\\"", salg_feat=0xdeadcafe /* CRYPTO_ALG_??? */, salg_mask=0xbeefaead /* CRYPTO_ALG_??? */, salg_name="1234567890abcdef1234567890ABCEF\\1\\2\\3\\4\\5\\6\\7\\10\\t"}, 88) = -1 EBADF (Bad file descriptor)',
  ]);
});

Deno.test("sockaddr: AF_NFC (sockaddr_xlat)", () => {
  withLo(() => {
    // struct sockaddr_nfc: dev_idx at 4, target_idx at 8, nfc_protocol at 12
    const filled = struct(16, AF_NFC, true);
    assert.deepEqual(styles(filled, 15), [
      'connect(-1, {sa_family=AF_NFC, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27 /* AF_NFC */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
    ]);
    assert.deepEqual(styles(filled, 16), [
      "connect(-1, {sa_family=AF_NFC, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
    ]);
    const vec = (dev: number, target: number, proto: number, size = 16) => {
      const b = struct(size, AF_NFC);
      le32(b, 4, dev);
      le32(b, 8, target);
      le32(b, 12, proto);
      return b;
    };
    const want = [[
      "connect(-1, {sa_family=AF_NFC, dev_idx=0, target_idx=0, nfc_protocol=0 /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=0, target_idx=0, nfc_protocol=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=0, target_idx=0, nfc_protocol=0 /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
    ], [
      'connect(-1, {sa_family=AF_NFC, dev_idx=if_nametoindex("lo"), target_idx=0x1, nfc_protocol=NFC_PROTO_JEWEL}, 16) = -1 EBADF (Bad file descriptor)',
      "connect(-1, {sa_family=0x27, dev_idx=1, target_idx=0x1, nfc_protocol=0x1}, 16) = -1 EBADF (Bad file descriptor)",
      'connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=1 /* if_nametoindex("lo") */, target_idx=0x1, nfc_protocol=0x1 /* NFC_PROTO_JEWEL */}, 16) = -1 EBADF (Bad file descriptor)',
    ], [
      "connect(-1, {sa_family=AF_NFC, dev_idx=3405692655, target_idx=0xdeadface, nfc_protocol=0xfeedbabe /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=3405692655, target_idx=0xdeadface, nfc_protocol=0xfeedbabe}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=3405692655, target_idx=0xdeadface, nfc_protocol=0xfeedbabe /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
    ]];
    [vec(0, 0, 0), vec(1, 1, 1), vec(0xcafebeef, 0xdeadface, 0xfeedbabe)].forEach((b, i) =>
      assert.deepEqual(styles(b, 16), want[i], `vector ${i}`)
    );
    // struct sockaddr_nfc_llcp (64-bit): dsap at 16, ssap at 17, service_name at 18, its length
    // at 88
    const llcp = struct(96, AF_NFC, true);
    assert.deepEqual(styles(llcp, 16), [
      "connect(-1, {sa_family=AF_NFC, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */}, 16) = -1 EBADF (Bad file descriptor)",
    ]);
    assert.deepEqual(styles(llcp, 17), [
      "connect(-1, {sa_family=AF_NFC, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, ...}, 17) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c, ...}, 17) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, ...}, 17) = -1 EBADF (Bad file descriptor)",
    ]);
    assert.deepEqual(styles(llcp, 95), [
      "connect(-1, {sa_family=AF_NFC, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, ...}, 95) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c, ...}, 95) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, ...}, 95) = -1 EBADF (Bad file descriptor)",
    ]);
    assert.deepEqual(styles(llcp, 96), [
      'connect(-1, {sa_family=AF_NFC, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, dsap=0x90, ssap=0x91, service_name="\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320", service_name_len=16131574855938791896}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c, dsap=0x90, ssap=0x91, service_name="\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320", service_name_len=16131574855938791896}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=2273740164, target_idx=0x8b8a8988, nfc_protocol=0x8f8e8d8c /* NFC_PROTO_??? */, dsap=0x90, ssap=0x91, service_name="\\222\\223\\224\\225\\226\\227\\230\\231\\232\\233\\234\\235\\236\\237\\240\\241\\242\\243\\244\\245\\246\\247\\250\\251\\252\\253\\254\\255\\256\\257\\260\\261\\262\\263\\264\\265\\266\\267\\270\\271\\272\\273\\274\\275\\276\\277\\300\\301\\302\\303\\304\\305\\306\\307\\310\\311\\312\\313\\314\\315\\316\\317\\320", service_name_len=16131574855938791896}, 96) = -1 EBADF (Bad file descriptor)',
    ]);
    const lvec = (
      dev: number,
      target: number,
      proto: number,
      dsap: number,
      ssap: number,
      name: string,
      len: bigint,
    ) => {
      const b = vec(dev, target, proto, 96);
      b[16] = dsap;
      b[17] = ssap;
      put(b, 18, name);
      le64(b, 88, len);
      return b;
    };
    const lwant = [[
      'connect(-1, {sa_family=AF_NFC, dev_idx=0, target_idx=0, nfc_protocol=0 /* NFC_PROTO_??? */, dsap=0, ssap=0, service_name="", service_name_len=0}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27, dev_idx=0, target_idx=0, nfc_protocol=0, dsap=0, ssap=0, service_name="", service_name_len=0}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=0, target_idx=0, nfc_protocol=0 /* NFC_PROTO_??? */, dsap=0, ssap=0, service_name="", service_name_len=0}, 96) = -1 EBADF (Bad file descriptor)',
    ], [
      'connect(-1, {sa_family=AF_NFC, dev_idx=if_nametoindex("lo"), target_idx=0x42, nfc_protocol=NFC_PROTO_ISO15693, dsap=0x1 /* LLCP_SAP_SDP */, ssap=0x5, service_name="\\0", service_name_len=1}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27, dev_idx=1, target_idx=0x42, nfc_protocol=0x7, dsap=0x1, ssap=0x5, service_name="\\0", service_name_len=1}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=1 /* if_nametoindex("lo") */, target_idx=0x42, nfc_protocol=0x7 /* NFC_PROTO_ISO15693 */, dsap=0x1 /* LLCP_SAP_SDP */, ssap=0x5, service_name="\\0", service_name_len=1}, 96) = -1 EBADF (Bad file descriptor)',
    ], [
      'connect(-1, {sa_family=AF_NFC, dev_idx=3405697486, target_idx=0x42, nfc_protocol=0x8 /* NFC_PROTO_??? */, dsap=0x2a, ssap=0xff /* LLCP_SAP_MAX */, service_name="OH HAI THAR\\0EHLO\\n\\t\\v\\f\'\\"\\\\\\177\\333\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0", service_name_len=42}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27, dev_idx=3405697486, target_idx=0x42, nfc_protocol=0x8, dsap=0x2a, ssap=0xff, service_name="OH HAI THAR\\0EHLO\\n\\t\\v\\f\'\\"\\\\\\177\\333\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0", service_name_len=42}, 96) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x27 /* AF_NFC */, dev_idx=3405697486, target_idx=0x42, nfc_protocol=0x8 /* NFC_PROTO_??? */, dsap=0x2a, ssap=0xff /* LLCP_SAP_MAX */, service_name="OH HAI THAR\\0EHLO\\n\\t\\v\\f\'\\"\\\\\\177\\333\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0", service_name_len=42}, 96) = -1 EBADF (Bad file descriptor)',
    ]];
    const odd = lvec(0xcafed1ce, 0x42, 8, 42, 0xff, "OH HAI THAR\0EHLO\n\t\v\f'\"\\\x7f\xdb", 42n);
    [lvec(0, 0, 0, 0, 0, "", 0n), lvec(1, 0x42, 7, 1, 5, "", 1n), odd].forEach((b, i) =>
      assert.deepEqual(styles(b, 96), lwant[i], `llcp vector ${i}`)
    );
  });
});

Deno.test("sockaddr: AF_VSOCK, AF_QIPCRTR (sockaddr_xlat)", () => {
  // struct sockaddr_vm: svm_reserved1 at 2, svm_port at 4, svm_cid at 8, svm_flags at 12
  const filled = struct(16, AF_VSOCK, true);
  assert.deepEqual(styles(filled, 15), [
    'connect(-1, {sa_family=AF_VSOCK, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28 /* AF_VSOCK */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(filled, 16), [
    'connect(-1, {sa_family=AF_VSOCK, svm_reserved1=0x8382, svm_cid=0x8b8a8988, svm_port=0x87868584, svm_flags=0x8c /* VMADDR_FLAG_??? */, svm_zero="\\x8d\\x8e\\x8f"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28, svm_reserved1=0x8382, svm_cid=0x8b8a8988, svm_port=0x87868584, svm_flags=0x8c, svm_zero="\\x8d\\x8e\\x8f"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_reserved1=0x8382, svm_cid=0x8b8a8988, svm_port=0x87868584, svm_flags=0x8c /* VMADDR_FLAG_??? */, svm_zero="\\x8d\\x8e\\x8f"}, 16) = -1 EBADF (Bad file descriptor)',
  ]);
  const vm = (r1: number, cid: number, port: number, flags: number, zero = 0) => {
    const b = struct(16, AF_VSOCK);
    le16(b, 2, r1);
    le32(b, 4, port);
    le32(b, 8, cid);
    b[12] = flags;
    b[13] = zero;
    return b;
  };
  const want = [[
    "connect(-1, {sa_family=AF_VSOCK, svm_cid=VMADDR_CID_HYPERVISOR, svm_port=0, svm_flags=0}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28, svm_cid=0, svm_port=0, svm_flags=0}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_cid=0 /* VMADDR_CID_HYPERVISOR */, svm_port=0, svm_flags=0}, 16) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_VSOCK, svm_cid=VMADDR_CID_LOCAL, svm_port=0x1, svm_flags=VMADDR_FLAG_TO_HOST}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28, svm_cid=0x1, svm_port=0x1, svm_flags=0x1}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_cid=0x1 /* VMADDR_CID_LOCAL */, svm_port=0x1, svm_flags=0x1 /* VMADDR_FLAG_TO_HOST */}, 16) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_VSOCK, svm_reserved1=0xdead, svm_cid=VMADDR_CID_HOST, svm_port=0xfacebeef, svm_flags=0x2 /* VMADDR_FLAG_??? */}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28, svm_reserved1=0xdead, svm_cid=0x2, svm_port=0xfacebeef, svm_flags=0x2}, 16) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_reserved1=0xdead, svm_cid=0x2 /* VMADDR_CID_HOST */, svm_port=0xfacebeef, svm_flags=0x2 /* VMADDR_FLAG_??? */}, 16) = -1 EBADF (Bad file descriptor)",
  ], [
    'connect(-1, {sa_family=AF_VSOCK, svm_cid=0x3, svm_port=0xfffffffe, svm_flags=VMADDR_FLAG_TO_HOST|0xee, svm_zero="\\x42\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28, svm_cid=0x3, svm_port=0xfffffffe, svm_flags=0xef, svm_zero="\\x42\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_cid=0x3, svm_port=0xfffffffe, svm_flags=0xef /* VMADDR_FLAG_TO_HOST|0xee */, svm_zero="\\x42\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
  ], [
    'connect(-1, {sa_family=AF_VSOCK, svm_reserved1=0x1, svm_cid=VMADDR_CID_ANY, svm_port=VMADDR_PORT_ANY, svm_flags=0xfe /* VMADDR_FLAG_??? */, svm_zero="\\xae\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28, svm_reserved1=0x1, svm_cid=0xffffffff, svm_port=0xffffffff, svm_flags=0xfe, svm_zero="\\xae\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x28 /* AF_VSOCK */, svm_reserved1=0x1, svm_cid=0xffffffff /* VMADDR_CID_ANY */, svm_port=0xffffffff /* VMADDR_PORT_ANY */, svm_flags=0xfe /* VMADDR_FLAG_??? */, svm_zero="\\xae\\x00\\x00"}, 16) = -1 EBADF (Bad file descriptor)',
  ]];
  [
    vm(0, 0, 0, 0),
    vm(0, 1, 1, 1),
    vm(0xdead, 2, 0xfacebeef, 2),
    vm(0, 3, 0xfffffffe, 0xef, 0x42),
    vm(1, 0xffffffff, 0xffffffff, 0xfe, 0xae),
  ].forEach((b, i) => assert.deepEqual(styles(b, 16), want[i], `vsock vector ${i}`));

  // struct sockaddr_qrtr: sq_node at 4, sq_port at 8
  const qfilled = struct(12, AF_QIPCRTR, true);
  assert.deepEqual(styles(qfilled, 11), [
    'connect(-1, {sa_family=AF_QIPCRTR, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2a, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(qfilled, 12), [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0x87868584, sq_port=0x8b8a8988}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0x87868584, sq_port=0x8b8a8988}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0x87868584, sq_port=0x8b8a8988}, 12) = -1 EBADF (Bad file descriptor)",
  ]);
  const qrtr = (node: number, port: number) => {
    const b = struct(12, AF_QIPCRTR);
    le32(b, 4, node);
    le32(b, 8, port);
    return b;
  };
  const qwant = [[
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0xdeadface, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0xdeadface, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0xdeadface, sq_port=0}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0, sq_port=0xdeedfade}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0, sq_port=0xdeedfade}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0, sq_port=0xdeedfade}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0xfffffffd, sq_port=0xfffffffd}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0xfffffffd, sq_port=0xfffffffd}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0xfffffffd, sq_port=0xfffffffd}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=0xfffffffe, sq_port=QRTR_PORT_CTRL}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0xfffffffe, sq_port=0xfffffffe}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0xfffffffe, sq_port=0xfffffffe /* QRTR_PORT_CTRL */}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_QIPCRTR, sq_node=QRTR_NODE_BCAST, sq_port=0xffffffff}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a, sq_node=0xffffffff, sq_port=0xffffffff}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2a /* AF_QIPCRTR */, sq_node=0xffffffff /* QRTR_NODE_BCAST */, sq_port=0xffffffff}, 12) = -1 EBADF (Bad file descriptor)",
  ]];
  [
    qrtr(0, 0),
    qrtr(0xdeadface, 0),
    qrtr(0, 0xdeedfade),
    qrtr(0xfffffffd, 0xfffffffd),
    qrtr(0xfffffffe, 0xfffffffe),
    qrtr(0xffffffff, 0xffffffff),
  ].forEach((b, i) => assert.deepEqual(styles(b, 12), qwant[i], `qrtr vector ${i}`));
});

/** A fake /proc for -y: process 42's fds 0 and 7. */
const links: Record<number, string> = { 0: "/dev/null", 7: "/dev/zero" };
const proc: FdSystem = {
  readlink: (pid, fd) => (pid === 42 ? links[fd] : undefined),
  listFds: (pid) => (pid === 42 ? [0, 7] : undefined),
  socketText: () => undefined,
  cwd: () => undefined,
  isThread: () => false,
  devText: () => undefined,
};

Deno.test("sockaddr: AF_XDP, with -y (sockaddr_xlat)", () => {
  withLo(() => {
    // struct sockaddr_xdp: sxdp_flags at 2, sxdp_ifindex at 4, sxdp_queue_id at 8,
    // sxdp_shared_umem_fd at 12
    const filled = struct(16, AF_XDP, true);
    assert.deepEqual(styles(filled, 15), [
      'connect(-1, {sa_family=AF_XDP, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x2c, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
      'connect(-1, {sa_family=0x2c /* AF_XDP */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
    ]);
    assert.deepEqual(styles(filled, 16), [
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=XDP_COPY|0x8380, sxdp_ifindex=2273740164, sxdp_queue_id=2341112200, sxdp_shared_umem_fd=0x8f8e8d8c}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0x8382, sxdp_ifindex=2273740164, sxdp_queue_id=2341112200, sxdp_shared_umem_fd=0x8f8e8d8c}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0x8382 /* XDP_COPY|0x8380 */, sxdp_ifindex=2273740164, sxdp_queue_id=2341112200, sxdp_shared_umem_fd=0x8f8e8d8c}, 16) = -1 EBADF (Bad file descriptor)",
    ]);
    const xdp = (flags: number, ifindex: number, queue: number, fd: number) => {
      const b = struct(16, AF_XDP);
      le16(b, 2, flags);
      le32(b, 4, ifindex);
      le32(b, 8, queue);
      le32(b, 12, fd);
      return b;
    };
    const vecs = [
      xdp(0, 0, 0, 0),
      xdp(1, 0, 0, 0),
      xdp(0xdead, 1, 0xfacebeef, 7),
      xdp(0xbad0, 0xcafefade, 0xba5ed, 0xfeedbead),
    ];
    const want = [[
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
    ], [
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=XDP_SHARED_UMEM, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0x1, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0x1 /* XDP_SHARED_UMEM */, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0}, 16) = -1 EBADF (Bad file descriptor)",
    ], [
      'connect(-1, {sa_family=AF_XDP, sxdp_flags=XDP_SHARED_UMEM|XDP_ZEROCOPY|XDP_USE_NEED_WAKEUP|0xdea0, sxdp_ifindex=if_nametoindex("lo"), sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7}, 16) = -1 EBADF (Bad file descriptor)',
      "connect(-1, {sa_family=0x2c, sxdp_flags=0xdead, sxdp_ifindex=1, sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7}, 16) = -1 EBADF (Bad file descriptor)",
      'connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0xdead /* XDP_SHARED_UMEM|XDP_ZEROCOPY|XDP_USE_NEED_WAKEUP|0xdea0 */, sxdp_ifindex=1 /* if_nametoindex("lo") */, sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7}, 16) = -1 EBADF (Bad file descriptor)',
    ], [
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=0xbad0 /* XDP_??? */, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0xbad0, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0xbad0 /* XDP_??? */, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
    ]];
    vecs.forEach((b, i) => assert.deepEqual(styles(b, 16), want[i], `vector ${i}`));
    // -y: the fd of XDP_SHARED_UMEM with its name
    const fds = new FdTable("x86_64", { sys: proc });
    assert.ok(fds.loadProc(42));
    const ywant = [[
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0, sxdp_ifindex=0, sxdp_queue_id=0}, 16) = -1 EBADF (Bad file descriptor)",
    ], [
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=XDP_SHARED_UMEM, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0</dev/null>}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0x1, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0</dev/null>}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0x1 /* XDP_SHARED_UMEM */, sxdp_ifindex=0, sxdp_queue_id=0, sxdp_shared_umem_fd=0</dev/null>}, 16) = -1 EBADF (Bad file descriptor)",
    ], [
      'connect(-1, {sa_family=AF_XDP, sxdp_flags=XDP_SHARED_UMEM|XDP_ZEROCOPY|XDP_USE_NEED_WAKEUP|0xdea0, sxdp_ifindex=if_nametoindex("lo"), sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7</dev/zero>}, 16) = -1 EBADF (Bad file descriptor)',
      "connect(-1, {sa_family=0x2c, sxdp_flags=0xdead, sxdp_ifindex=1, sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7</dev/zero>}, 16) = -1 EBADF (Bad file descriptor)",
      'connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0xdead /* XDP_SHARED_UMEM|XDP_ZEROCOPY|XDP_USE_NEED_WAKEUP|0xdea0 */, sxdp_ifindex=1 /* if_nametoindex("lo") */, sxdp_queue_id=4207853295, sxdp_shared_umem_fd=7</dev/zero>}, 16) = -1 EBADF (Bad file descriptor)',
    ], [
      "connect(-1, {sa_family=AF_XDP, sxdp_flags=0xbad0 /* XDP_??? */, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c, sxdp_flags=0xbad0, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
      "connect(-1, {sa_family=0x2c /* AF_XDP */, sxdp_flags=0xbad0 /* XDP_??? */, sxdp_ifindex=3405707998, sxdp_queue_id=763373, sxdp_shared_umem_fd=0xfeedbead}, 16) = -1 EBADF (Bad file descriptor)",
    ]];
    vecs.forEach((b, i) => assert.deepEqual(styles(b, 16, fds), ywant[i], `-y vector ${i}`));
  });
});

Deno.test("sockaddr: AF_MCTP (sockaddr_xlat)", () => {
  // struct sockaddr_mctp: __smctp_pad0 at 2, smctp_network at 4, smctp_addr at 8, smctp_type
  // at 9, smctp_tag at 10, __smctp_pad1 at 11
  const filled = struct(12, AF_MCTP, true);
  assert.deepEqual(styles(filled, 11), [
    'connect(-1, {sa_family=AF_MCTP, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2d, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x2d /* AF_MCTP */, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212"}, 11) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.deepEqual(styles(filled, 12), [
    "connect(-1, {sa_family=AF_MCTP, __smctp_pad0=0x8382, smctp_network=0x87868584, smctp_addr={s_addr=0x88}, smctp_type=0x89, smctp_tag=0x8a, __smctp_pad1=0x8b}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d, __smctp_pad0=0x8382, smctp_network=0x87868584, smctp_addr={s_addr=0x88}, smctp_type=0x89, smctp_tag=0x8a, __smctp_pad1=0x8b}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d /* AF_MCTP */, __smctp_pad0=0x8382, smctp_network=0x87868584, smctp_addr={s_addr=0x88}, smctp_type=0x89, smctp_tag=0x8a, __smctp_pad1=0x8b}, 12) = -1 EBADF (Bad file descriptor)",
  ]);
  const mctp = (pad0: number, net: number, addr: number, type = 0, tag = 0, pad1 = 0) => {
    const b = struct(12, AF_MCTP);
    le16(b, 2, pad0);
    le32(b, 4, net);
    put(b, 8, [addr, type, tag, pad1]);
    return b;
  };
  const want = [[
    "connect(-1, {sa_family=AF_MCTP, smctp_network=MCTP_NET_ANY, smctp_addr={s_addr=MCTP_ADDR_NULL}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d, smctp_network=0, smctp_addr={s_addr=0}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d /* AF_MCTP */, smctp_network=0 /* MCTP_NET_ANY */, smctp_addr={s_addr=0 /* MCTP_ADDR_NULL */}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_MCTP, __smctp_pad0=0xdead, smctp_network=MCTP_NET_ANY, smctp_addr={s_addr=MCTP_ADDR_NULL}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d, __smctp_pad0=0xdead, smctp_network=0, smctp_addr={s_addr=0}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d /* AF_MCTP */, __smctp_pad0=0xdead, smctp_network=0 /* MCTP_NET_ANY */, smctp_addr={s_addr=0 /* MCTP_ADDR_NULL */}, smctp_type=0, smctp_tag=0}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_MCTP, smctp_network=0xb669fd2e, smctp_addr={s_addr=MCTP_ADDR_ANY}, smctp_type=0x1, smctp_tag=0x8, __smctp_pad1=0xea}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d, smctp_network=0xb669fd2e, smctp_addr={s_addr=0xff}, smctp_type=0x1, smctp_tag=0x8, __smctp_pad1=0xea}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d /* AF_MCTP */, smctp_network=0xb669fd2e, smctp_addr={s_addr=0xff /* MCTP_ADDR_ANY */}, smctp_type=0x1, smctp_tag=0x8, __smctp_pad1=0xea}, 12) = -1 EBADF (Bad file descriptor)",
  ], [
    "connect(-1, {sa_family=AF_MCTP, __smctp_pad0=0xface, smctp_network=0x7f3aebd2, smctp_addr={s_addr=0x42}, smctp_type=0x23, smctp_tag=0x69, __smctp_pad1=0xda}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d, __smctp_pad0=0xface, smctp_network=0x7f3aebd2, smctp_addr={s_addr=0x42}, smctp_type=0x23, smctp_tag=0x69, __smctp_pad1=0xda}, 12) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x2d /* AF_MCTP */, __smctp_pad0=0xface, smctp_network=0x7f3aebd2, smctp_addr={s_addr=0x42}, smctp_type=0x23, smctp_tag=0x69, __smctp_pad1=0xda}, 12) = -1 EBADF (Bad file descriptor)",
  ]];
  [
    mctp(0, 0, 0),
    mctp(0xdead, 0, 0),
    mctp(0, -1234567890, 0xff, 1, 8, 0xea),
    mctp(0xface, 2134567890, 0x42, 0x23, 0x69, 0xda),
  ].forEach((b, i) => assert.deepEqual(styles(b, 12), want[i], `vector ${i}`));
});

/** The default style's line (net-sockaddr runs without -X). */
const abbrev = (addr: Uint8Array, len: number) => line(connect(addr, len), 0);

Deno.test("sockaddr: AF_UNIX's and AF_INET's lengths (net-sockaddr)", () => {
  withLo(() => {
    const un = struct(128, AF_UNIX);
    un.fill(0xff, 2);
    un.fill(0x30, 2, 110);
    assert.equal(
      abbrev(un, 110),
      'connect(-1, {sa_family=AF_UNIX, sun_path="000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 110) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(un, 129),
      'connect(-1, {sa_family=AF_UNIX, sun_path="000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 129) = -1 EBADF (Bad file descriptor)',
    );
    // two bytes past sun_path
    assert.equal(
      abbrev(un, 112),
      'connect(-1, {sa_family=AF_UNIX, sun_path="000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 112) = -1 EBADF (Bad file descriptor)',
    );
    un[3] = 0;
    assert.equal(
      abbrev(un, 110),
      'connect(-1, {sa_family=AF_UNIX, sun_path="0"}, 110) = -1 EBADF (Bad file descriptor)',
    );
    un[2] = 0;
    un[4] = 1;
    assert.equal(
      abbrev(un, 110),
      'connect(-1, {sa_family=AF_UNIX, sun_path=@"\\0\\001000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 110) = -1 EBADF (Bad file descriptor)',
    );
    un.fill(0x30, 3, 112);
    assert.equal(
      abbrev(un, 112),
      'connect(-1, {sa_family=AF_UNIX, sun_path=@"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 112) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(un, 129),
      'connect(-1, {sa_family=AF_UNIX, sun_path=@"00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 129) = -1 EBADF (Bad file descriptor)',
    );
    const short = struct(108, AF_UNIX);
    short.fill(0x30, 2);
    assert.equal(
      abbrev(short, 108),
      'connect(-1, {sa_family=AF_UNIX, sun_path="0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 108) = -1 EBADF (Bad file descriptor)',
    );
    short[2] = 0;
    assert.equal(
      abbrev(short, 108),
      'connect(-1, {sa_family=AF_UNIX, sun_path=@"000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 108) = -1 EBADF (Bad file descriptor)',
    );

    const in4 = struct(20, AF_INET);
    be16(in4, 2, 12345);
    put(in4, 4, [12, 34, 56, 78]);
    assert.equal(
      abbrev(in4, 16),
      'connect(-1, {sa_family=AF_INET, sin_port=htons(12345), sin_addr=inet_addr("12.34.56.78")}, 16) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(in4, 20),
      'connect(-1, {sa_family=AF_INET, sin_port=htons(12345), sin_addr=inet_addr("12.34.56.78")}, 20) = -1 EBADF (Bad file descriptor)',
    );
    const cut = struct(12, AF_INET);
    cut.fill(0xff, 8);
    assert.equal(
      abbrev(cut, 12),
      'connect(-1, {sa_family=AF_INET, sa_data="\\0\\0\\0\\0\\0\\0\\377\\377\\377\\377"}, 12) = -1 EBADF (Bad file descriptor)',
    );

    const a6 = struct(32, AF_INET6);
    be16(a6, 2, 12345);
    be32(a6, 4, 1234567890);
    put(a6, 8, in6("12:34:56:78:90:ab:cd:ef"));
    le32(a6, 24, 0xfacefeed);
    assert.equal(
      abbrev(a6, 28),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "12:34:56:78:90:ab:cd:ef", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(a6, 32),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "12:34:56:78:90:ab:cd:ef", &sin6_addr), sin6_scope_id=4207869677}, 32) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(a6, 24),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "12:34:56:78:90:ab:cd:ef", &sin6_addr)}, 24) = -1 EBADF (Bad file descriptor)',
    );
    // link-local addresses: the scope is an interface when one has its index
    put(a6, 8, [0xfe, 0x80, ...new Array(14).fill(0)]);
    assert.equal(
      abbrev(a6, 28),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "fe80::", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    );
    le32(a6, 24, 1);
    assert.equal(
      abbrev(a6, 28),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "fe80::", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}, 28) = -1 EBADF (Bad file descriptor)',
    );
    put(a6, 8, [0xff, 0x42]);
    assert.equal(
      abbrev(a6, 28),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "ff42::", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}, 28) = -1 EBADF (Bad file descriptor)',
    );
    le32(a6, 24, 0xfacefeed);
    assert.equal(
      abbrev(a6, 28),
      'connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), inet_pton(AF_INET6, "ff42::", &sin6_addr), sin6_scope_id=4207869677}, 28) = -1 EBADF (Bad file descriptor)',
    );
    const a6cut = struct(20, AF_INET6);
    a6cut.fill(0x30, 8);
    assert.equal(
      abbrev(a6cut, 20),
      'connect(-1, {sa_family=AF_INET6, sa_data="\\0\\0\\0\\0\\0\\000000000000000"}, 20) = -1 EBADF (Bad file descriptor)',
    );
  });
});

Deno.test("sockaddr: AF_IPX, AF_X25, AF_NETLINK, AF_PACKET, unknown families (net-sockaddr)", () => {
  withLo(() => {
    const ipx = struct(16, AF_IPX);
    be16(ipx, 2, 12345);
    be32(ipx, 4, 0xfacefeed);
    put(ipx, 8, "ABCDEF");
    ipx[14] = 0xff;
    assert.equal(
      abbrev(ipx, 16),
      "connect(-1, {sa_family=AF_IPX, sipx_port=htons(12345), sipx_network=htonl(0xfacefeed), sipx_node=[0x41, 0x42, 0x43, 0x44, 0x45, 0x46], sipx_type=0xff}, 16) = -1 EBADF (Bad file descriptor)",
    );
    ipx[15] = 0x42;
    assert.equal(
      abbrev(ipx, 16),
      "connect(-1, {sa_family=AF_IPX, sipx_port=htons(12345), sipx_network=htonl(0xfacefeed), sipx_node=[0x41, 0x42, 0x43, 0x44, 0x45, 0x46], sipx_type=0xff, sipx_zero=0x42}, 16) = -1 EBADF (Bad file descriptor)",
    );

    const x25 = struct(19, AF_X25);
    put(x25, 2, "0123456789abcdef");
    assert.equal(
      abbrev(x25, 17),
      'connect(-1, {sa_family=AF_X25, sa_data="0123456789abcde"}, 17) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(x25, 18),
      'connect(-1, {sa_family=AF_X25, sx25_addr={x25_addr="0123456789abcde"...}}, 18) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(x25, 19),
      'connect(-1, {sa_family=AF_X25, sx25_addr={x25_addr="0123456789abcde"...}}, 19) = -1 EBADF (Bad file descriptor)',
    );
    x25[12] = 0;
    assert.equal(
      abbrev(x25, 18),
      'connect(-1, {sa_family=AF_X25, sx25_addr={x25_addr="0123456789"}}, 18) = -1 EBADF (Bad file descriptor)',
    );

    // struct sockaddr_nl: nl_pad at 2, nl_pid at 4, nl_groups at 8
    const nl = struct(16, AF_NETLINK);
    le16(nl, 2, 0xffff);
    le32(nl, 4, 1234567890);
    le32(nl, 8, 0xfacefeed);
    assert.equal(
      abbrev(nl, 11),
      'connect(-1, {sa_family=AF_NETLINK, sa_data="\\377\\377\\322\\2\\226I\\355\\376\\316"}, 11) = -1 EBADF (Bad file descriptor)',
    );
    assert.equal(
      abbrev(nl, 12),
      "connect(-1, {sa_family=AF_NETLINK, nl_pad=0xffff, nl_pid=1234567890, nl_groups=0xfacefeed}, 12) = -1 EBADF (Bad file descriptor)",
    );
    le16(nl, 2, 0);
    assert.equal(
      abbrev(nl, 12),
      "connect(-1, {sa_family=AF_NETLINK, nl_pid=1234567890, nl_groups=0xfacefeed}, 12) = -1 EBADF (Bad file descriptor)",
    );
    le32(nl, 4, 2558);
    le32(nl, 12, 0xfacefeed);
    assert.equal(
      abbrev(nl, 16),
      "connect(-1, {sa_family=AF_NETLINK, nl_pid=2558, nl_groups=0xfacefeed}, 16) = -1 EBADF (Bad file descriptor)",
    );

    const ll = struct(20, AF_PACKET);
    be16(ll, 2, 3);
    le32(ll, 4, 0xfacefeed);
    le16(ll, 8, 1);
    ll[11] = 8;
    put(ll, 12, "abcdefgh");
    assert.equal(
      abbrev(ll, 20),
      "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=4207869677, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=8, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68]}, 20) = -1 EBADF (Bad file descriptor)",
    );
    ll[11] = 9;
    assert.equal(
      abbrev(ll, 20),
      "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=4207869677, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=9, sll_addr=[0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, ...]}, 20) = -1 EBADF (Bad file descriptor)",
    );
    ll[11] = 0;
    assert.equal(
      abbrev(ll, 20),
      "connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=4207869677, sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=0}, 20) = -1 EBADF (Bad file descriptor)",
    );
    le32(ll, 4, 1);
    assert.equal(
      abbrev(ll, 20),
      'connect(-1, {sa_family=AF_PACKET, sll_protocol=htons(ETH_P_ALL), sll_ifindex=if_nametoindex("lo"), sll_hatype=ARPHRD_ETHER, sll_pkttype=PACKET_HOST, sll_halen=0}, 20) = -1 EBADF (Bad file descriptor)',
    );

    const raw = struct(128, 0xff);
    raw.fill(0x30, 2);
    assert.equal(
      abbrev(raw, 136),
      'connect(-1, {sa_family=0xff /* AF_??? */, sa_data="000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}, 136) = -1 EBADF (Bad file descriptor)',
    );
    raw[0] = AF_UNSPEC;
    assert.equal(
      abbrev(raw, 3),
      'connect(-1, {sa_family=AF_UNSPEC, sa_data="0"}, 3) = -1 EBADF (Bad file descriptor)',
    );
    raw[0] = AF_BLUETOOTH;
    assert.equal(
      abbrev(raw, 3),
      'connect(-1, {sa_family=AF_BLUETOOTH, sa_data="0"}, 3) = -1 EBADF (Bad file descriptor)',
    );
  });
});

Deno.test("sockaddr: AF_AX25 and its digipeaters (net-sockaddr)", () => {
  // AX25_ADDR(): the callsign's six characters and the SSID, each shifted left by one
  const call = (c: string, ssid: number) =>
    [...c.padEnd(6, "\0")].map((ch) => ch.charCodeAt(0) << 1)
      .concat(ssid << 1);
  // struct full_sockaddr_ax25: sax25_call at 2, sax25_ndigis at 12, the digipeaters from 16
  const sax = struct(79, AF_AX25, true);
  assert.equal(
    abbrev(sax, 15),
    'connect(-1, {sa_family=AF_AX25, sa_data="\\202\\203\\204\\205\\206\\207\\210\\211\\212\\213\\214\\215\\216"}, 15) = -1 EBADF (Bad file descriptor)',
  );
  sax.fill(0, 2);
  put(sax, 2, call("VALID ", 13));
  le32(sax, 12, 8);
  [
    call("SPA CE", 0),
    call("SSID  ", 16),
    call("      ", 0),
    call("NULL\0", 3),
    call("A-B-C", 4),
    call(",}]\"\\'", 5),
    call("DASH-0", 6),
    call("\n\tABCD", 7),
  ].forEach((c, i) => put(sax, 16 + 7 * i, c));
  assert.equal(
    abbrev(sax, 16),
    "connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=8}, fsa_digipeater=[...]}, 16) = -1 EBADF (Bad file descriptor)",
  );
  le32(sax, 12, 0);
  assert.equal(
    abbrev(sax, 16),
    "connect(-1, {sa_family=AF_AX25, sax25_call=VALID-13, sax25_ndigis=0}, 16) = -1 EBADF (Bad file descriptor)",
  );
  le32(sax, 12, 8);
  assert.equal(
    abbrev(sax, 38),
    'connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=8}, fsa_digipeater=[{ax25_call="\\xa6\\xa0\\x82\\x40\\x86\\x8a\\x00"} /* SPA CE-0 */, {ax25_call="\\xa6\\xa6\\x92\\x88\\x40\\x40\\x20"} /* SSID-0 */, *, ...], ...}, 38) = -1 EBADF (Bad file descriptor)',
  );
  sax[16 + 14 + 6] = 0x4;
  assert.equal(
    abbrev(sax, 44),
    'connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=8}, fsa_digipeater=[{ax25_call="\\xa6\\xa0\\x82\\x40\\x86\\x8a\\x00"} /* SPA CE-0 */, {ax25_call="\\xa6\\xa6\\x92\\x88\\x40\\x40\\x20"} /* SSID-0 */, {ax25_call="\\x40\\x40\\x40\\x40\\x40\\x40\\x04"} /* -2 */, {ax25_call="\\x9c\\xaa\\x98\\x98\\x00\\x00\\x06"}, ...]}, 44) = -1 EBADF (Bad file descriptor)',
  );
  [call("VALID2", 7), call("OK    ", 15), call("FINE  ", 2), call("smalls", 9)].forEach((c, i) =>
    put(sax, 16 + 7 * i, c)
  );
  sax[16 + 14 + 6] = 0xa5;
  sax[16 + 28 + 5] = 0x40;
  assert.equal(
    abbrev(sax, 72),
    'connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=8}, fsa_digipeater=[VALID2-7, OK-15, {ax25_call="\\x8c\\x92\\x9c\\x8a\\x40\\x40\\xa5"} /* FINE-2 */, {ax25_call="\\xe6\\xda\\xc2\\xd8\\xd8\\xe6\\x12"} /* smalls-9 */, {ax25_call="\\x82\\x5a\\x84\\x5a\\x86\\x40\\x08"} /* A-B-C-4 */, {ax25_call="\\x58\\xfa\\xba\\x44\\xb8\\x4e\\x0a"} /* ,}]"\\\'-5 */, {ax25_call="\\x88\\x82\\xa6\\x90\\x5a\\x60\\x0c"} /* DASH-0-6 */, {ax25_call="\\x14\\x12\\x82\\x84\\x86\\x88\\x0e"}]}, 72) = -1 EBADF (Bad file descriptor)',
  );
  const digi = (i: number, at: number, v: number) => (sax[16 + 7 * i + at] = v);
  le32(sax, 12, 7);
  digi(2, 5, 0x41);
  digi(2, 6, 0x4);
  digi(4, 0, 0x40);
  digi(4, 1, 0x40);
  digi(5, 4, 0x2a << 1);
  digi(5, 5, 0x2f << 1);
  digi(6, 5, 0xfe);
  assert.equal(
    abbrev(sax, 72),
    'connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=7}, fsa_digipeater=[VALID2-7, OK-15, {ax25_call="\\x8c\\x92\\x9c\\x8a\\x40\\x41\\x04"} /* FINE-2 */, {ax25_call="\\xe6\\xda\\xc2\\xd8\\xd8\\xe6\\x12"} /* smalls-9 */, {ax25_call="\\x40\\x40\\x84\\x5a\\x86\\x40\\x08"} /*   B-C-4 */, {ax25_call="\\x58\\xfa\\xba\\x44\\x54\\x5e\\x0a"}, {ax25_call="\\x88\\x82\\xa6\\x90\\x5a\\xfe\\x0c"}]}, 72) = -1 EBADF (Bad file descriptor)',
  );
  le32(sax, 12, 9);
  put(sax, 72, [0x0c, 0x14, 0x12, 0x82, 0x84, 0x86, 0x88]);
  assert.equal(
    abbrev(sax, 79),
    'connect(-1, {sa_family=AF_AX25, fsa_ax25={sax25_call=VALID-13, sax25_ndigis=9}, fsa_digipeater=[VALID2-7, OK-15, {ax25_call="\\x8c\\x92\\x9c\\x8a\\x40\\x41\\x04"} /* FINE-2 */, {ax25_call="\\xe6\\xda\\xc2\\xd8\\xd8\\xe6\\x12"} /* smalls-9 */, {ax25_call="\\x40\\x40\\x84\\x5a\\x86\\x40\\x08"} /*   B-C-4 */, {ax25_call="\\x58\\xfa\\xba\\x44\\x54\\x5e\\x0a"}, {ax25_call="\\x88\\x82\\xa6\\x90\\x5a\\xfe\\x0c"}, {ax25_call="\\x14\\x12\\x82\\x84\\x86\\x88\\x0e"}], ...}, 79) = -1 EBADF (Bad file descriptor)',
  );
});

Deno.test("sockaddr: AF_BLUETOOTH's layouts by length (net-sockaddr.c's formats)", () => {
  // struct sockaddr_hci: hci_dev at 2, hci_channel at 4
  const hci = struct(6, AF_BLUETOOTH);
  le16(hci, 2, 12345);
  assert.deepEqual(styles(hci, 4), [
    "connect(-1, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345)}, 4) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x1f, hci_dev=htobs(12345)}, 4) = -1 EBADF (Bad file descriptor)",
    "connect(-1, {sa_family=0x1f /* AF_BLUETOOTH */, hci_dev=htobs(12345)}, 4) = -1 EBADF (Bad file descriptor)",
  ]);
  assert.equal(
    abbrev(hci, 6),
    "connect(-1, {sa_family=AF_BLUETOOTH, hci_dev=htobs(12345), hci_channel=HCI_CHANNEL_RAW}, 6) = -1 EBADF (Bad file descriptor)",
  );
  // struct sockaddr_sco, struct sockaddr_rc: the address at 2, rc_channel at 8
  const rc = struct(10, AF_BLUETOOTH);
  put(rc, 2, "abcdef");
  rc[8] = 42;
  assert.deepEqual(styles(rc, 8), [
    "connect(-1, {sa_family=AF_BLUETOOTH, sco_bdaddr=61:62:63:64:65:66}, 8) = -1 EBADF (Bad file descriptor)",
    'connect(-1, {sa_family=0x1f, sco_bdaddr="\\x61\\x62\\x63\\x64\\x65\\x66"}, 8) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x1f /* AF_BLUETOOTH */, sco_bdaddr="\\x61\\x62\\x63\\x64\\x65\\x66" /* 61:62:63:64:65:66 */}, 8) = -1 EBADF (Bad file descriptor)',
  ]);
  assert.equal(
    abbrev(rc, 10),
    "connect(-1, {sa_family=AF_BLUETOOTH, rc_bdaddr=61:62:63:64:65:66, rc_channel=42}, 10) = -1 EBADF (Bad file descriptor)",
  );
  // struct sockaddr_l2: l2_psm at 2, l2_bdaddr at 4, l2_cid at 10, l2_bdaddr_type at 12
  const l2 = (psm: number, cid: number, type: number) => {
    const b = struct(14, AF_BLUETOOTH);
    le16(b, 2, psm);
    put(b, 4, "abcdef");
    le16(b, 10, cid);
    b[12] = type;
    return b;
  };
  assert.equal(
    abbrev(l2(12345, 13579, 0xce), 14),
    "connect(-1, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_DYN_START+8248), l2_bdaddr=61:62:63:64:65:66, l2_cid=htobs(L2CAP_CID_DYN_START+13515), l2_bdaddr_type=0xce /* BDADDR_??? */}, 14) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    abbrev(l2(1, 1, 2), 14),
    "connect(-1, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_SDP), l2_bdaddr=61:62:63:64:65:66, l2_cid=htobs(L2CAP_CID_SIGNALING), l2_bdaddr_type=BDADDR_LE_RANDOM}, 14) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    abbrev(l2(0xbad, 8, 3), 14),
    "connect(-1, {sa_family=AF_BLUETOOTH, l2_psm=htobs(0xbad /* L2CAP_PSM_??? */), l2_bdaddr=61:62:63:64:65:66, l2_cid=htobs(0x8 /* L2CAP_CID_??? */), l2_bdaddr_type=0x3 /* BDADDR_??? */}, 14) = -1 EBADF (Bad file descriptor)",
  );
  assert.equal(
    abbrev(l2(0x10ff, 0xffff, 3), 12),
    "connect(-1, {sa_family=AF_BLUETOOTH, l2_psm=htobs(L2CAP_PSM_AUTO_END), l2_bdaddr=61:62:63:64:65:66, l2_cid=htobs(L2CAP_CID_DYN_END)}, 12) = -1 EBADF (Bad file descriptor)",
  );
  // strace's print_bluetooth_l2_psm() in -X raw and verbose: the number, and the name inside
  // a comment, the base's number with its own comment there
  assert.deepEqual(styles(l2(12345, 1, 2), 12).slice(1), [
    'connect(-1, {sa_family=0x1f, l2_psm=htobs(0x3039), l2_bdaddr="\\x61\\x62\\x63\\x64\\x65\\x66", l2_cid=htobs(0x1)}, 12) = -1 EBADF (Bad file descriptor)',
    'connect(-1, {sa_family=0x1f /* AF_BLUETOOTH */, l2_psm=htobs(0x3039 /* 0x1001 /* L2CAP_PSM_DYN_START */+8248 */), l2_bdaddr="\\x61\\x62\\x63\\x64\\x65\\x66" /* 61:62:63:64:65:66 */, l2_cid=htobs(0x1 /* L2CAP_CID_SIGNALING */)}, 12) = -1 EBADF (Bad file descriptor)',
  ]);
  // other lengths: the bytes
  assert.equal(
    abbrev(rc, 9),
    'connect(-1, {sa_family=AF_BLUETOOTH, sa_data="abcdef*"}, 9) = -1 EBADF (Bad file descriptor)',
  );
});
