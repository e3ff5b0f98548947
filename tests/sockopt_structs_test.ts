/**
 * setsockopt's and getsockopt's structures (linger, ip_mreq, ipv6_mreq, group_req, packet_mreq,
 * tpacket_req, icmp_filter, sock_fprog and the BPF program SO_GET_FILTER returns, SO_TXREHASH,
 * NETLINK_LIST_MEMBERSHIPS) and recvmsg's timestamp control messages, in the three -X styles and
 * with -v. The expected lines are strace 6.1's, from its own tests (so_linger, ip_mreq,
 * group_req, net-packet_mreq, net-tpacket_req, net-icmp_filter, sock_filter-v,
 * sockopt-sol_socket, sockopt-sol_netlink, sockopt-timestamp, net-sockaddr and their -X
 * variants), with the addresses those runs printed. Each line is formatted from the module's
 * record bytes (formatModule) and from the decoded record, which must agree.
 */
import assert from "node:assert/strict";
import { decodeRecord, IF_FAULT, REC_SYSCALL } from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { syscallNumber } from "../src/syscalls.ts";
import { setIfNameSource } from "../src/ifname.ts";
import type { XlatStyle } from "../src/xlat/xlat.ts";
import { type Item, layOut, type Rec } from "./module_records.ts";

// the interfaces of the machine the expected lines come from
setIfNameSource(() => new Map([[1, "lo"]]));

const STRUCT = 7;

interface Opts {
  xlat?: XlatStyle;
  verbose?: boolean;
}

/** A call's record: its arguments, result and items ({arg, bytes, fault}). */
function rec(name: string, args: bigint[], ret: bigint, items: Item[]): Rec {
  return {
    kind: REC_SYSCALL,
    nr: syscallNumber("x86_64", name)!,
    ts: 10_000_005_000n,
    tid: 7,
    cpu: 0,
    flags: 0,
    comm: "t",
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret,
    enterTs: 10_000_000_000n,
    items,
  };
}

/** A STRUCT item: the bytes copied, cut where the memory could not be read when `fault`. */
const st = (arg: number, data: Uint8Array, fault = false): Item => ({
  arg,
  type: STRUCT,
  flags: fault ? IF_FAULT : 0,
  data,
});

/** The call part of the text line, by both text paths (which must agree), and JSON's agreeing. */
function text(r: Rec, opts: Opts = {}): string {
  const { buf, view, offs } = layOut([r]);
  const fast = new TextFormatter("x86_64", opts).formatModule(buf, view, offs[0], 0n)!;
  const decoded = decodeRecord(buf, view, offs[0], 0n)!;
  assert.equal(fast, new TextFormatter("x86_64", opts).format(decoded));
  assert.equal(
    new JsonRawFormatter("x86_64").line(buf, view, offs[0], 0n),
    jsonLine(decoded, "x86_64"),
  );
  return / \(7\) (.*) <[\d.]+>$/.exec(fast)![1];
}

const le32 = (...v: number[]) => {
  const b = new Uint8Array(4 * v.length);
  const dv = new DataView(b.buffer);
  v.forEach((x, i) => dv.setUint32(4 * i, x >>> 0, true));
  return b;
};
const cat = (...parts: (Uint8Array | number[])[]) => {
  const out: number[] = [];
  for (const p of parts) out.push(...p);
  return new Uint8Array(out);
};
const ff = (n: number) => new Array(n).fill(0xff);

const EBADF = -9n, EINVAL = -22n, EFAULT = -14n, ENOPROTOOPT = -92n;

Deno.test("SO_LINGER: strace's so_linger", () => {
  const P = 0x7f951acf3ff8n, L = 0x7f951acee000n;
  const linger = le32(-15, -42);
  // optlen 9 past the end of the page: strace reads the structure's 8 bytes
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 13n, P, 9n], 0n, [st(3, linger, true)])),
    "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=-15, l_linger=-42}, 9) = 0",
  );
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 13n, P, 4n], EINVAL, [st(3, linger.subarray(0, 4))])),
    "setsockopt(3, SOL_SOCKET, SO_LINGER, 0x7f951acf3ff8, 4) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 13n, P + 4n, 8n], EFAULT, [st(3, linger.subarray(4), true)])),
    "setsockopt(3, SOL_SOCKET, SO_LINGER, 0x7f951acf3ffc, 8) = -1 EFAULT (Bad address)",
  );
  assert.equal(
    text(
      rec("getsockopt", [3n, 1n, 13n, P, L], 0n, [st(3, le32(1, -1752346657)), st(4, le32(9, 8))]),
    ),
    "getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=-1752346657}, [9 => 8]) = 0",
  );
  assert.equal(
    text(rec("getsockopt", [3n, 1n, 13n, P, L], 0n, [
      st(3, cat(le32(1), [0xdf, 0x4f, 0x8d])),
      st(4, le32(7, 7)),
    ])),
    'getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger="\\xdf\\x4f\\x8d"}, [7]) = 0',
  );
  assert.equal(
    text(rec("getsockopt", [3n, 1n, 13n, P, L], 0n, [st(4, le32(0, 0))])),
    "getsockopt(3, SOL_SOCKET, SO_LINGER, 0x7f951acf3ff8, [0]) = 0",
  );
});

Deno.test("ip_mreq and ipv6_mreq: strace's ip_mreq", () => {
  const P4 = 0x7f5301ebaff8n, P6 = 0x7f5301eb4fecn;
  const m4 = new Uint8Array([224, 0, 0, 3, 127, 0, 0, 1]);
  const decoded4 = '{imr_multiaddr=inet_addr("224.0.0.3"), imr_interface=inet_addr("127.0.0.1")}';
  for (const [n, name] of [[35n, "IP_ADD_MEMBERSHIP"], [36n, "IP_DROP_MEMBERSHIP"]] as const) {
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 7n], EINVAL, [st(3, m4.subarray(0, 7))])),
      `setsockopt(0, SOL_IP, ${name}, 0x7f5301ebaff8, 7) = -1 EINVAL (Invalid argument)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4 + 1n, 8n], EFAULT, [st(3, m4.subarray(1), true)])),
      `setsockopt(0, SOL_IP, ${name}, 0x7f5301ebaff9, 8) = -1 EFAULT (Bad address)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 8n], 0n, [st(3, m4)])),
      `setsockopt(0, SOL_IP, ${name}, ${decoded4}, 8) = 0`,
    );
    // optlen INT_MAX: the copy stops at the unreadable page, after the structure
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 2147483647n], EFAULT, [st(3, m4, true)])),
      `setsockopt(0, SOL_IP, ${name}, ${decoded4}, 2147483647) = -1 EFAULT (Bad address)`,
    );
  }
  const m6 = cat([0xff, 1], new Array(13).fill(0), [0xc], le32(1));
  const decoded6 =
    '{inet_pton(AF_INET6, "ff01::c", &ipv6mr_multiaddr), ipv6mr_interface=if_nametoindex("lo")}';
  for (
    const [n, name] of [
      [20n, "IPV6_ADD_MEMBERSHIP"],
      [21n, "IPV6_DROP_MEMBERSHIP"],
      [27n, "IPV6_JOIN_ANYCAST"],
      [28n, "IPV6_LEAVE_ANYCAST"],
    ] as const
  ) {
    const err = " = -1 ENOPROTOOPT (Protocol not available)";
    assert.equal(
      text(rec("setsockopt", [0n, 41n, n, P6, 19n], ENOPROTOOPT, [st(3, m6.subarray(0, 19))])),
      `setsockopt(0, SOL_IPV6, ${name}, 0x7f5301eb4fec, 19)${err}`,
    );
    assert.equal(
      text(
        rec("setsockopt", [0n, 41n, n, P6 + 1n, 20n], ENOPROTOOPT, [st(3, m6.subarray(1), true)]),
      ),
      `setsockopt(0, SOL_IPV6, ${name}, 0x7f5301eb4fed, 20)${err}`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 41n, n, P6, 20n], ENOPROTOOPT, [st(3, m6)])),
      `setsockopt(0, SOL_IPV6, ${name}, ${decoded6}, 20)${err}`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 41n, n, P6, 2147483647n], ENOPROTOOPT, [st(3, m6, true)])),
      `setsockopt(0, SOL_IPV6, ${name}, ${decoded6}, 2147483647)${err}`,
    );
  }
  // an interface this machine does not have: its number
  const m6x = cat(m6.subarray(0, 16), le32(77));
  assert.match(
    text(rec("setsockopt", [0n, 41n, 20n, P6, 20n], 0n, [st(3, m6x)])),
    /, ipv6mr_interface=77\}, 20\) = 0$/,
  );
});

Deno.test("group_req: strace's group_req", () => {
  const P4 = 0x7f1f9f325f78n, P6 = 0x7f1f9f31ff78n;
  const g4 = cat(le32(1), ff(4), [2, 0, 0xff, 0xff, 224, 0, 0, 3], ff(120));
  const g6 = cat(le32(1), ff(4), [10, 0], ff(6), [0xff, 1], new Array(13).fill(0), [0xc], ff(104));
  assert.equal(g4.length, 136);
  assert.equal(g6.length, 136);
  const gr4 = '{gr_interface=if_nametoindex("lo"), gr_group={sa_family=AF_INET, ' +
    'sin_port=htons(65535), sin_addr=inet_addr("224.0.0.3")}}';
  const gr6 = '{gr_interface=if_nametoindex("lo"), gr_group={sa_family=AF_INET6, ' +
    "sin6_port=htons(65535), sin6_flowinfo=htonl(4294967295), " +
    'inet_pton(AF_INET6, "ff01::c", &sin6_addr), sin6_scope_id=4294967295}}';
  for (const [n, name] of [[42n, "MCAST_JOIN_GROUP"], [45n, "MCAST_LEAVE_GROUP"]] as const) {
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 135n], EINVAL, [st(3, g4.subarray(0, 135))])),
      `setsockopt(0, SOL_IP, ${name}, 0x7f1f9f325f78, 135) = -1 EINVAL (Invalid argument)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4 + 1n, 136n], EFAULT, [st(3, g4.subarray(1), true)])),
      `setsockopt(0, SOL_IP, ${name}, 0x7f1f9f325f79, 136) = -1 EFAULT (Bad address)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 136n], 0n, [st(3, g4)])),
      `setsockopt(0, SOL_IP, ${name}, ${gr4}, 136) = 0`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 0n, n, P4, 2147483647n], -98n, [st(3, g4, true)])),
      `setsockopt(0, SOL_IP, ${name}, ${gr4}, 2147483647) = -1 EADDRINUSE (Address already in use)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 41n, n, P6, 136n], ENOPROTOOPT, [st(3, g6)])),
      `setsockopt(0, SOL_IPV6, ${name}, ${gr6}, 136) = -1 ENOPROTOOPT (Protocol not available)`,
    );
    assert.equal(
      text(rec("setsockopt", [0n, 41n, n, P6, 135n], ENOPROTOOPT, [st(3, g6.subarray(0, 135))])),
      `setsockopt(0, SOL_IPV6, ${name}, 0x7f1f9f31ff78, 135) = -1 ENOPROTOOPT (Protocol not available)`,
    );
  }
});

Deno.test("packet_mreq in the three -X styles: strace's net-packet_mreq", () => {
  const P = 0x7f0000001000n;
  const mreq = (type: number, alen: number) =>
    cat(le32(0), [type & 0xff, type >> 8, alen, 0], ff(8));
  const call = (name: bigint, type: number, alen: number) =>
    rec("setsockopt", [-1n, 263n, name, P, 16n], EBADF, [st(3, mreq(type, alen))]);
  const err = " = -1 EBADF (Bad file descriptor)";
  const mac8 = "ff:ff:ff:ff:ff:ff:ff:ff", hex8 = '"' + "\\xff".repeat(8) + '"';
  assert.equal(
    text(call(1n, 0xffff, 8)),
    "setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, {mr_ifindex=0, " +
      `mr_type=0xffff /* PACKET_MR_??? */, mr_alen=8, mr_address=${mac8}}, 16)${err}`,
  );
  // mr_alen past the 8 bytes of mr_address: 8 of them
  assert.equal(
    text(call(2n, 0xffff, 9)),
    "setsockopt(-1, SOL_PACKET, PACKET_DROP_MEMBERSHIP, {mr_ifindex=0, " +
      `mr_type=0xffff /* PACKET_MR_??? */, mr_alen=9, mr_address=${mac8}}, 16)${err}`,
  );
  assert.equal(
    text(call(1n, 0xffff, 7)),
    "setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, {mr_ifindex=0, " +
      "mr_type=0xffff /* PACKET_MR_??? */, mr_alen=7, mr_address=ff:ff:ff:ff:ff:ff:ff}, 16)" +
      err,
  );
  for (
    const [t, n] of [[0, "MULTICAST"], [1, "PROMISC"], [2, "ALLMULTI"], [3, "UNICAST"]] as const
  ) {
    assert.equal(
      text(call(1n, t, 8)),
      "setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, {mr_ifindex=0, " +
        `mr_type=PACKET_MR_${n}, mr_alen=8, mr_address=${mac8}}, 16)${err}`,
    );
  }
  // -Xraw and -Xverbose
  assert.equal(
    text(call(1n, 0xffff, 8), { xlat: 1 }),
    `setsockopt(-1, 0x107, 0x1, {mr_ifindex=0, mr_type=0xffff, mr_alen=8, mr_address=${hex8}}, 16)` +
      err,
  );
  assert.equal(
    text(call(1n, 0xffff, 9), { xlat: 2 }),
    "setsockopt(-1, 0x107 /* SOL_PACKET */, 0x1 /* PACKET_ADD_MEMBERSHIP */, {mr_ifindex=0, " +
      `mr_type=0xffff /* PACKET_MR_??? */, mr_alen=9, mr_address=${hex8} /* ${mac8} */}, 16)` +
      err,
  );
  assert.equal(
    text(call(2n, 0, 8), { xlat: 2 }),
    "setsockopt(-1, 0x107 /* SOL_PACKET */, 0x2 /* PACKET_DROP_MEMBERSHIP */, {mr_ifindex=0, " +
      `mr_type=0 /* PACKET_MR_MULTICAST */, mr_alen=8, mr_address=${hex8} /* ${mac8} */}, 16)` +
      err,
  );
  assert.equal(
    text(call(2n, 3, 8), { xlat: 2 }),
    "setsockopt(-1, 0x107 /* SOL_PACKET */, 0x2 /* PACKET_DROP_MEMBERSHIP */, {mr_ifindex=0, " +
      `mr_type=0x3 /* PACKET_MR_UNICAST */, mr_alen=8, mr_address=${hex8} /* ${mac8} */}, 16)` +
      err,
  );
  // another length than the structure's: the address
  assert.equal(
    text(rec("setsockopt", [-1n, 263n, 1n, P, 15n], EBADF, [st(3, mreq(0, 8).subarray(0, 15))])),
    `setsockopt(-1, SOL_PACKET, PACKET_ADD_MEMBERSHIP, 0x7f0000001000, 15)${err}`,
  );
});

Deno.test("tpacket_req: strace's net-tpacket_req", () => {
  const err = " = -1 EBADF (Bad file descriptor)";
  const req = "{tp_block_size=4294967295, tp_block_nr=4294967295, tp_frame_size=4294967295, " +
    "tp_frame_nr=4294967295}";
  for (const [n, name] of [[5n, "PACKET_RX_RING"], [13n, "PACKET_TX_RING"]] as const) {
    const P = 0x7f2cb1c25ff0n;
    assert.equal(
      text(rec("setsockopt", [-1n, 263n, n, P, 16n], EBADF, [st(3, new Uint8Array(ff(16)))])),
      `setsockopt(-1, SOL_PACKET, ${name}, ${req}, 16)${err}`,
    );
    assert.equal(
      text(rec("setsockopt", [-1n, 263n, n, P, 17n], EBADF, [st(3, new Uint8Array(ff(16)), true)])),
      `setsockopt(-1, SOL_PACKET, ${name}, 0x7f2cb1c25ff0, 17)${err}`,
    );
  }
});

Deno.test("icmp_filter: strace's net-icmp_filter", () => {
  const F = 0x7f7afe59affcn;
  const err = " = -1 EBADF (Bad file descriptor)";
  const set = (data: Uint8Array, len: bigint, fault = false) =>
    text(rec("setsockopt", [-1n, 255n, 1n, F, len], EBADF, [st(3, data, fault)]));
  const types = "[ICMP_ECHOREPLY ICMP_DEST_UNREACH ICMP_SOURCE_QUENCH ICMP_REDIRECT " +
    "ICMP_TIME_EXCEEDED ICMP_PARAMETERPROB]";
  const bits = (1 << 0) | (1 << 3) | (1 << 4) | (1 << 5) | (1 << 11) | (1 << 12);
  assert.equal(set(le32(-1), 4n), `setsockopt(-1, SOL_RAW, ICMP_FILTER, ~[], 4)${err}`);
  assert.equal(set(le32(0), 4n), `setsockopt(-1, SOL_RAW, ICMP_FILTER, [], 4)${err}`);
  assert.equal(set(le32(bits), 4n), `setsockopt(-1, SOL_RAW, ICMP_FILTER, ${types}, 4)${err}`);
  // 8 bytes of a 4-byte structure at the end of the page: 4 read
  assert.equal(
    set(le32(~bits), 8n, true),
    `setsockopt(-1, SOL_RAW, ICMP_FILTER, ~${types}, 8)${err}`,
  );
  assert.equal(
    text(rec("setsockopt", [-1n, 255n, 1n, F, -2n], EINVAL, [])),
    "setsockopt(-1, SOL_RAW, ICMP_FILTER, 0x7f7afe59affc, -2) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setsockopt", [-1n, 255n, 1n, F + 4n, 4n], EBADF, [st(3, new Uint8Array(), true)])),
    `setsockopt(-1, SOL_RAW, ICMP_FILTER, 0x7f7afe59b000, 4)${err}`,
  );
  // strace's print_icmp_filter() for what the test does not reach: a type with no name in
  // its style; fewer than 4 bytes (the others' bits set); getsockopt's returned length
  assert.equal(
    set(le32(0b110), 4n),
    `setsockopt(-1, SOL_RAW, ICMP_FILTER, [0x1 /* ICMP_??? */ 0x2 /* ICMP_??? */], 4)${err}`,
  );
  assert.equal(
    text(rec("setsockopt", [-1n, 255n, 1n, F, 4n], EBADF, [st(3, le32(0b1001))]), { xlat: 2 }),
    "setsockopt(-1, 0xff /* SOL_RAW */, 0x1 /* ICMP_FILTER */, [0 /* ICMP_ECHOREPLY */ " +
      `0x3 /* ICMP_DEST_UNREACH */], 4)${err}`,
  );
  assert.equal(
    set(new Uint8Array([0xfe, 0xff, 0xff]), 3n),
    `setsockopt(-1, SOL_RAW, ICMP_FILTER, ~[ICMP_ECHOREPLY], 3)${err}`,
  );
  assert.equal(
    text(rec("getsockopt", [3n, 255n, 1n, F, F + 8n], 0n, [st(3, le32(~1)), st(4, le32(4, 4))])),
    "getsockopt(3, SOL_RAW, ICMP_FILTER, ~[ICMP_ECHOREPLY], [4]) = 0",
  );
});

/** strace's sock_filter-v program. */
const PROGRAM = (() => {
  const insns: [number, number, number, number][] = [
    [0x30, 0, 0, 0xffe00004],
    [0x30, 0, 0, 0xfff00008],
    [0x30, 0, 0, 0xfffff000],
    [0x15, 0, 5, 17],
    [0x80, 0, 0, 0],
    [0x35, 0, 3, 100],
    [0x30, 0, 0, 42],
    [0x15, 0, 1, 0x61],
    [0x06, 0, 0, 0xffffffff],
    [0x06, 0, 0, 0],
  ];
  const b = new Uint8Array(8 * insns.length);
  const dv = new DataView(b.buffer);
  insns.forEach(([code, jt, jf, k], i) => {
    dv.setUint16(8 * i, code, true);
    b[8 * i + 2] = jt;
    b[8 * i + 3] = jf;
    dv.setUint32(8 * i + 4, k, true);
  });
  return b;
})();

Deno.test("BPF programs and sock_fprog: strace's sock_filter-v, its -X variants", () => {
  const F = 0x7f2212a72fb0n, L = 0x7f2212a79ffcn;
  const prog = "[BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_LL_OFF+4), " +
    "BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_NET_OFF+8), " +
    "BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_AD_OFF+SKF_AD_PROTOCOL), " +
    "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x11, 0, 0x5), BPF_STMT(BPF_LD|BPF_W|BPF_LEN, 0), " +
    "BPF_JUMP(BPF_JMP|BPF_K|BPF_JGE, 0x64, 0, 0x3), BPF_STMT(BPF_LD|BPF_B|BPF_ABS, 0x2a), " +
    "BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x61, 0, 0x1), BPF_STMT(BPF_RET|BPF_K, 0xffffffff), " +
    "BPF_STMT(BPF_RET|BPF_K, 0)]";
  const raw = "[BPF_STMT(0|0x10|0x20, 0xffe00000+4), BPF_STMT(0|0x10|0x20, 0xfff00000+8), " +
    "BPF_STMT(0|0x10|0x20, 0xfffff000+0), BPF_JUMP(0x5|0|0x10, 0x11, 0, 0x5), " +
    "BPF_STMT(0|0|0x80, 0), BPF_JUMP(0x5|0|0x30, 0x64, 0, 0x3), BPF_STMT(0|0x10|0x20, 0x2a), " +
    "BPF_JUMP(0x5|0|0x10, 0x61, 0, 0x1), BPF_STMT(0x6|0, 0xffffffff), BPF_STMT(0x6|0, 0)]";
  const verbose = "[BPF_STMT(0 /* BPF_LD */|0x10 /* BPF_B */|0x20 /* BPF_ABS */, " +
    "0xffe00000 /* SKF_LL_OFF */+4), BPF_STMT(0 /* BPF_LD */|0x10 /* BPF_B */|0x20 /* BPF_ABS */, " +
    "0xfff00000 /* SKF_NET_OFF */+8), BPF_STMT(0 /* BPF_LD */|0x10 /* BPF_B */|0x20 /* BPF_ABS */, " +
    "0xfffff000 /* SKF_AD_OFF */+0 /* SKF_AD_PROTOCOL */), " +
    "BPF_JUMP(0x5 /* BPF_JMP */|0 /* BPF_K */|0x10 /* BPF_JEQ */, 0x11, 0, 0x5), " +
    "BPF_STMT(0 /* BPF_LD */|0 /* BPF_W */|0x80 /* BPF_LEN */, 0), " +
    "BPF_JUMP(0x5 /* BPF_JMP */|0 /* BPF_K */|0x30 /* BPF_JGE */, 0x64, 0, 0x3), " +
    "BPF_STMT(0 /* BPF_LD */|0x10 /* BPF_B */|0x20 /* BPF_ABS */, 0x2a), " +
    "BPF_JUMP(0x5 /* BPF_JMP */|0 /* BPF_K */|0x10 /* BPF_JEQ */, 0x61, 0, 0x1), " +
    "BPF_STMT(0x6 /* BPF_RET */|0 /* BPF_K */, 0xffffffff), " +
    "BPF_STMT(0x6 /* BPF_RET */|0 /* BPF_K */, 0)]";
  // getsockopt: the program whole in the copy (the length written back counts instructions)
  const get = rec("getsockopt", [3n, 1n, 26n, F, L], 0n, [st(3, PROGRAM), st(4, le32(11, 10))]);
  assert.equal(
    text(get, { verbose: true }),
    `getsockopt(3, SOL_SOCKET, SO_GET_FILTER, ${prog}, [11 => 10]) = 0`,
  );
  assert.equal(
    text(get, { verbose: true, xlat: 1 }),
    `getsockopt(3, 0x1, 0x1a, ${raw}, [11 => 10]) = 0`,
  );
  assert.equal(
    text(get, { verbose: true, xlat: 2 }),
    `getsockopt(3, 0x1 /* SOL_SOCKET */, 0x1a /* SO_GET_FILTER */, ${verbose}, [11 => 10]) = 0`,
  );
  // without -v strace prints the program's address (print_bpf_fprog's abbrev())
  assert.equal(
    text(get),
    "getsockopt(3, SOL_SOCKET, SO_GET_FILTER, 0x7f2212a72fb0, [11 => 10]) = 0",
  );
  // a copy of fewer bytes than the program (the length taken for bytes): the address
  const part = rec("getsockopt", [3n, 1n, 26n, F, L], 0n, [
    st(3, PROGRAM.subarray(0, 10)),
    st(4, le32(11, 10)),
  ]);
  assert.equal(
    text(part, { verbose: true }),
    "getsockopt(3, SOL_SOCKET, SO_GET_FILTER, 0x7f2212a72fb0, [11 => 10]) = 0",
  );
  assert.equal(
    text(rec("getsockopt", [3n, 1n, 26n, 0x7f2212a79000n, L], 0n, [st(4, le32(0, 10))]), {
      verbose: true,
    }),
    "getsockopt(3, SOL_SOCKET, SO_GET_FILTER, 0x7f2212a79000, [0 => 10]) = 0",
  );
  // setsockopt: struct sock_fprog, 16 bytes; the program itself is not copied: its address
  const fprog = cat([10, 0], new Array(6).fill(0xff), [0xb0, 0x2f, 0xa7, 0x12, 0x22, 0x7f, 0, 0]);
  const S = 0x7f2212a72ff0n;
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 26n, S, 12n], EINVAL, [st(3, fprog.subarray(0, 12))])),
    "setsockopt(3, SOL_SOCKET, SO_ATTACH_FILTER, 0x7f2212a72ff0, 12) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 26n, S, 12n], EINVAL, [st(3, fprog.subarray(0, 12))]), {
      xlat: 1,
    }),
    "setsockopt(3, 0x1, 0x1a, 0x7f2212a72ff0, 12) = -1 EINVAL (Invalid argument)",
  );
  assert.equal(
    text(rec("setsockopt", [3n, 1n, 51n, S, 16n], EINVAL, [st(3, fprog)])),
    "setsockopt(3, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, {len=10, filter=0x7f2212a72fb0}, 16) " +
      "= -1 EINVAL (Invalid argument)",
  );
});

Deno.test("BPF codes strace names in part: bits no field covers, MISC, ALU", async () => {
  const { bpfCodeText } = await import("../src/decode_bpf.ts");
  assert.equal(bpfCodeText(0x02), "BPF_ST");
  assert.equal(bpfCodeText(0x62), "BPF_ST|0x60 /* BPF_??? */");
  assert.equal(bpfCodeText(0x87), "BPF_MISC|BPF_TXA");
  assert.equal(bpfCodeText(0x0c), "BPF_ALU|BPF_X|BPF_ADD");
  assert.equal(bpfCodeText(0x16), "BPF_RET|BPF_A");
  assert.equal(bpfCodeText(0x46), "BPF_RET|BPF_K|0x40 /* BPF_??? */");
});

Deno.test("SO_TXREHASH by name in the three styles: strace's sockopt-sol_socket", () => {
  const P = 0x7f550ad4dffcn, L = 0x7f550ad4e000n;
  const set = (v: number, len: bigint, ret: bigint, xlat: XlatStyle) =>
    text(rec("setsockopt", [3n, 1n, 74n, P, len], ret, [st(3, le32(v), len > 4n)]), { xlat });
  const inval = " = -1 EINVAL (Invalid argument)";
  assert.equal(
    set(0, 5n, 0n, 0),
    "setsockopt(3, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_DISABLED], 5) = 0",
  );
  assert.equal(
    set(2, 4n, EINVAL, 0),
    `setsockopt(3, SOL_SOCKET, SO_TXREHASH, [2 /* SOCK_TXREHASH_??? */], 4)${inval}`,
  );
  assert.equal(
    set(255, 5n, EINVAL, 0),
    `setsockopt(3, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_DEFAULT], 5)${inval}`,
  );
  assert.equal(
    set(-1, 5n, 0n, 0),
    "setsockopt(3, SOL_SOCKET, SO_TXREHASH, [-1 /* SOCK_TXREHASH_??? */], 5) = 0",
  );
  assert.equal(set(-1, 4n, 0n, 1), "setsockopt(3, 0x1, 0x4a, [-1], 4) = 0");
  assert.equal(
    set(1, 5n, 0n, 2),
    "setsockopt(3, 0x1 /* SOL_SOCKET */, 0x4a /* SO_TXREHASH */, [1 /* SOCK_TXREHASH_ENABLED */], 5) = 0",
  );
  assert.equal(
    set(256, 4n, EINVAL, 2),
    "setsockopt(3, 0x1 /* SOL_SOCKET */, 0x4a /* SO_TXREHASH */, [256 /* SOCK_TXREHASH_??? */], 4)" +
      inval,
  );
  const get = (lens: Uint8Array, xlat: XlatStyle) =>
    text(rec("getsockopt", [3n, 1n, 74n, P, L], 0n, [st(3, le32(0)), st(4, lens)]), { xlat });
  assert.equal(get(le32(5, 4), 1), "getsockopt(3, 0x1, 0x4a, [0], [5 => 4]) = 0");
  assert.equal(
    get(le32(4, 4), 2),
    "getsockopt(3, 0x1 /* SOL_SOCKET */, 0x4a /* SO_TXREHASH */, [0 /* SOCK_TXREHASH_DISABLED */], [4]) = 0",
  );
  assert.equal(
    get(le32(5, 4), 0),
    "getsockopt(3, SOL_SOCKET, SO_TXREHASH, [SOCK_TXREHASH_DISABLED], [5 => 4]) = 0",
  );
});

Deno.test("NETLINK_LIST_MEMBERSHIPS: the groups that fit: strace's sockopt-sol_netlink", () => {
  const P = 0x7f3bf47f1ffcn, E = 0x7f3bf47f2000n, L = 0x7f3bf47f0ffcn;
  // 5 bytes asked for, 4 readable before the page ends: one group
  assert.equal(
    text(rec("getsockopt", [3n, 270n, 9n, P, L], 0n, [st(3, le32(0), true), st(4, le32(5, 8))])),
    "getsockopt(3, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, [0], [5 => 8]) = 0",
  );
  // 3 bytes: no group fits
  assert.equal(
    text(
      rec("getsockopt", [3n, 270n, 9n, E, L], 0n, [
        st(3, new Uint8Array(), true),
        st(4, le32(3, 8)),
      ]),
    ),
    "getsockopt(3, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, [], [3 => 8]) = 0",
  );
});

Deno.test("timestamps in control messages: strace's sockopt-timestamp", () => {
  const B = 0x7ffd0000n;
  const msghdr = (control: bigint, controllen: bigint) => {
    const b = new Uint8Array(56);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(8, B + 128n, true);
    dv.setBigUint64(16, 1n, true);
    dv.setBigUint64(24, control, true);
    dv.setBigUint64(32, controllen, true);
    return b;
  };
  const iovec = new Uint8Array(16);
  new DataView(iovec.buffer).setBigUint64(0, B + 512n, true);
  new DataView(iovec.buffer).setBigUint64(8, 10n, true);
  const cmsg = (type: number, sec: bigint, frac: bigint) => {
    const b = new Uint8Array(32);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, 32n, true);
    dv.setInt32(8, 1, true);
    dv.setInt32(12, type, true);
    dv.setBigInt64(16, sec, true);
    dv.setBigInt64(24, frac, true);
    return b;
  };
  const recv = (ctl: Uint8Array) =>
    text(rec("recvmsg", [3n, B, 0n], 10n, [
      { arg: 1, type: 9, flags: 0, data: msghdr(B + 256n, 32n) },
      { arg: 1, type: 8, flags: 0, data: iovec },
      { arg: 1, type: 3, flags: 0, data: new TextEncoder().encode("socketpair") },
      { arg: 1, type: 2, flags: 0, data: ctl },
    ]));
  const head = 'recvmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="socketpair", ' +
    "iov_len=10}], msg_iovlen=1, msg_control=[{cmsg_len=32, cmsg_level=SOL_SOCKET, ";
  const tail = "}], msg_controllen=32, msg_flags=0}, 0) = 10";
  assert.equal(
    recv(cmsg(29, 1796627998n, 912299n)),
    `${head}cmsg_type=SO_TIMESTAMP_OLD, cmsg_data={tv_sec=1796627998, tv_usec=912299}${tail}`,
  );
  assert.equal(
    recv(cmsg(35, 1796627998n, 991172380n)),
    `${head}cmsg_type=SO_TIMESTAMPNS_OLD, cmsg_data={tv_sec=1796627998, tv_nsec=991172380}${tail}`,
  );
  assert.equal(
    recv(cmsg(63, 1796627999n, 646n)),
    `${head}cmsg_type=SO_TIMESTAMP_NEW, cmsg_data={tv_sec=1796627999, tv_usec=646}${tail}`,
  );
  assert.equal(
    recv(cmsg(64, 1796627999n, 1175680n)),
    `${head}cmsg_type=SO_TIMESTAMPNS_NEW, cmsg_data={tv_sec=1796627999, tv_nsec=1175680}${tail}`,
  );
});

Deno.test("a link-local IPv6 address's scope is an interface: strace's net-sockaddr", () => {
  const sin6 = (first: number[]) =>
    cat(
      [10, 0, 0x30, 0x39],
      [0x49, 0x96, 0x02, 0xd2],
      first,
      new Array(16 - first.length).fill(0),
      le32(1),
    );
  const connect = (first: number[]) =>
    text(rec("connect", [-1n, 0x7f0000001000n, 28n], EBADF, [{
      arg: 1,
      type: 4,
      flags: 0,
      data: sin6(first),
    }]));
  const err = ", 28) = -1 EBADF (Bad file descriptor)";
  assert.equal(
    connect([0xfe, 0x80]),
    "connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), " +
      'inet_pton(AF_INET6, "fe80::", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}' + err,
  );
  assert.equal(
    connect([0xff, 0x42]),
    "connect(-1, {sa_family=AF_INET6, sin6_port=htons(12345), sin6_flowinfo=htonl(1234567890), " +
      'inet_pton(AF_INET6, "ff42::", &sin6_addr), sin6_scope_id=if_nametoindex("lo")}' + err,
  );
  // not link-local: the number
  assert.match(connect([0x20, 0x01]), /"2001::", &sin6_addr\), sin6_scope_id=1\}/);
});
