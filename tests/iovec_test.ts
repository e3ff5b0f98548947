// iovec and msghdr arguments (readv, writev, preadv, pwritev2, sendmsg, recvmsg): the text both
// formatter paths print for the module's IOVEC and MSGHDR items, line for line the one strace 6.1
// prints for the same call, and the JSON that keeps the bytes gathered.
import assert from "node:assert/strict";
import * as abi from "../src/abi.ts";
import { decodeRecord } from "../src/abi.ts";
import { jsonLine, JsonRawFormatter } from "../src/format_json.ts";
import { TextFormatter } from "../src/format_text.ts";
import { setIfNameSource } from "../src/ifname.ts";
import { type Item, layOut, type Rec } from "./module_records.ts";

const enc = new TextEncoder();
const T0 = 1_000_000_000_000n;

/** An IOVEC item's data: [base, len] per element. */
function iovec(...elems: [bigint, bigint][]): Uint8Array {
  const b = new Uint8Array(16 * elems.length);
  const dv = new DataView(b.buffer);
  elems.forEach(([base, len], k) => {
    dv.setBigUint64(16 * k, base, true);
    dv.setBigUint64(16 * k + 8, len, true);
  });
  return b;
}

/** A MSGHDR item's data (struct msd_msghdr). */
function msghdr(h: {
  name: bigint;
  namelen: number;
  namelenIn: number;
  iov: bigint;
  iovlen: bigint;
  control?: bigint;
  controllen?: bigint;
  flags?: number;
}): Uint8Array {
  const b = new Uint8Array(56);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, h.name, true);
  dv.setBigUint64(8, h.iov, true);
  dv.setBigUint64(16, h.iovlen, true);
  dv.setBigUint64(24, h.control ?? 0n, true);
  dv.setBigUint64(32, h.controllen ?? 0n, true);
  dv.setInt32(40, h.namelen, true);
  dv.setUint32(44, h.flags ?? 0, true);
  dv.setInt32(48, h.namelenIn, true);
  return b;
}

/** 127.0.0.1:9 as struct sockaddr_in. */
const SIN = new Uint8Array([2, 0, 0, 9, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);

const call = (nr: number, args: bigint[], ret: bigint, items: Item[]): Rec => ({
  kind: abi.REC_SYSCALL,
  nr,
  ts: T0 + 5000n,
  tid: 7,
  cpu: 0,
  comm: "t",
  args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
  ret,
  enterTs: T0,
  items,
});

/** The call part of the text line, by both paths (which must agree). */
function text(r: Rec): string {
  const { buf, view, offs } = layOut([r]);
  const fast = new TextFormatter("x86_64").formatModule(buf, view, offs[0], 0n);
  const slow = new TextFormatter("x86_64").format(decodeRecord(buf, view, offs[0], 0n)!);
  assert.equal(fast, slow);
  return / \(7\) (.*) <[\d.]+>$/.exec(fast)![1];
}

/** The JSON line's args, by both paths (which must agree). */
function json(r: Rec): Record<string, unknown> {
  const { buf, view, offs } = layOut([r]);
  const fast = new JsonRawFormatter("x86_64").line(buf, view, offs[0], 0n);
  const slow = jsonLine(decodeRecord(buf, view, offs[0], 0n)!, "x86_64");
  assert.equal(fast, slow);
  return JSON.parse(fast).args;
}

const IT = { str: 1, iov: 3, sockaddr: 4, iovec: 8, msghdr: 9 };
const B = 0x7ffd0000n;

Deno.test("iovec: writev's elements, each with its own bytes", () => {
  const r = call(20, [1n, B, 2n], 5n, [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B + 0x100n, 2n], [B + 0x200n, 3n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("abcde") },
  ]);
  assert.equal(
    text(r),
    'writev(1, [{iov_base="ab", iov_len=2}, {iov_base="cde", iov_len=3}], 2) = 5',
  );
  // JSON keeps the bytes gathered (docs/json-schema.md)
  assert.equal(json(r).vec, "abcde");
});

Deno.test("iovec: readv's elements show the bytes the call returned into them", () => {
  const r = call(19, [3n, B, 3n], 3n, [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n], [B + 8n, 4n], [B + 16n, 4n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("abc") },
  ]);
  assert.equal(
    text(r),
    'readv(3, [{iov_base="ab", iov_len=2}, {iov_base="c", iov_len=4}, ' +
      '{iov_base="", iov_len=4}], 3) = 3',
  );
  // a failed readv: the array alone, each element's address
  const f = call(19, [0xffffffffn, B, 2n], -9n, [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([0x1000n, 3n], [0n, 8n]) },
  ]);
  assert.equal(
    text(f),
    "readv(-1, [{iov_base=0x1000, iov_len=3}, {iov_base=NULL, iov_len=8}], 2) = " +
      "-1 EBADF (Bad file descriptor)",
  );
});

Deno.test("iovec: bytes cut at snaplen, faults and more than MSD_IOV_MAX elements", () => {
  // snaplen 4: the second element is cut where the copy stopped
  const cut = call(20, [1n, B, 2n], 6n, [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 3n], [B + 8n, 3n]) },
    { arg: 1, type: IT.iov, flags: abi.IF_TRUNC, data: enc.encode("abcd") },
  ]);
  assert.equal(
    text(cut),
    'writev(1, [{iov_base="abc", iov_len=3}, {iov_base="d"..., iov_len=3}], 2) = 6',
  );
  // the second element's memory faulted: its address
  const fault = call(20, [1n, B, 2n], -14n, [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n], [0x10n, 3n]) },
    { arg: 1, type: IT.iov, flags: abi.IF_FAULT, data: enc.encode("ab") },
  ]);
  assert.match(
    text(fault),
    /^writev\(1, \[\{iov_base="ab", iov_len=2\}, \{iov_base=0x10, iov_len=3\}\], 2\)/,
  );
  // an array that could not be read: its address
  const bad = call(20, [1n, 0x20n, 2n], -14n, [
    { arg: 1, type: IT.iovec, flags: abi.IF_FAULT, data: new Uint8Array() },
  ]);
  assert.match(text(bad), /^writev\(1, 0x20, 2\) = -1 EFAULT/);
  // more elements than the module looked at
  const many = call(20, [1n, B, 100n], 0n, [
    { arg: 1, type: IT.iovec, flags: abi.IF_TRUNC, data: iovec([B, 0n]) },
    { arg: 1, type: IT.iov, flags: 0, data: new Uint8Array() },
  ]);
  assert.equal(text(many), 'writev(1, [{iov_base="", iov_len=0}, ...], 100) = 0');
  // no IOVEC item (an older module, a capture without it): the bytes gathered, as before
  const old = call(20, [1n, B, 2n], 5n, [
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("abcde") },
  ]);
  assert.equal(text(old), 'writev(1, "abcde", 2) = 5');
});

Deno.test("iovec: preadv's offset, pwritev2's offset and RWF_* flags", () => {
  const items = [
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("hi") },
  ];
  assert.equal(
    text(call(295, [3n, B, 1n, 4096n, 0n], 2n, items)),
    'preadv(3, [{iov_base="hi", iov_len=2}], 1, 4096) = 2',
  );
  assert.equal(
    text(call(328, [3n, B, 1n, 0n, 0n, 0x18n], 2n, items)),
    'pwritev2(3, [{iov_base="hi", iov_len=2}], 1, 0, RWF_NOWAIT|RWF_APPEND) = 2',
  );
  // JSON keeps pos_h (the kernel's names)
  assert.deepEqual(json(call(328, [3n, B, 1n, 0n, 0n, 0n], 2n, items)), {
    fd: 3,
    vec: "hi",
    vlen: 1,
    pos_l: 0,
    pos_h: 0,
    flags: "0",
  });
});

Deno.test("msghdr: sendmsg's and recvmsg's header as strace prints it", () => {
  const send = call(46, [4n, B, 0n], 5n, [
    {
      arg: 1,
      type: IT.msghdr,
      flags: 0,
      data: msghdr({ name: B + 64n, namelen: 16, namelenIn: 16, iov: B + 128n, iovlen: 2n }),
    },
    { arg: 1, type: IT.sockaddr, flags: 0, data: SIN },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n], [B + 8n, 3n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("abcde") },
  ]);
  assert.equal(
    text(send),
    "sendmsg(4, {msg_name={sa_family=AF_INET, sin_port=htons(9), " +
      'sin_addr=inet_addr("127.0.0.1")}, msg_namelen=16, msg_iov=[{iov_base="ab", iov_len=2}, ' +
      '{iov_base="cde", iov_len=3}], msg_iovlen=2, msg_controllen=0, msg_flags=0}, 0) = 5',
  );
  assert.deepEqual(json(send).msg, {
    msg_name: { family: "AF_INET", port: 9, addr: "127.0.0.1" },
    msg_namelen: 16,
    msg_iov: "abcde",
    msg_iovlen: 2,
    msg_controllen: 0,
    msg_flags: "0",
  });
  // recvmsg: the caller's 128-byte buffer got a 16-byte address; a short read
  const recv = call(47, [3n, B, 0n], 5n, [
    {
      arg: 1,
      type: IT.msghdr,
      flags: 0,
      data: msghdr({
        name: B + 64n,
        namelen: 16,
        namelenIn: 128,
        iov: B + 128n,
        iovlen: 2n,
        control: B + 256n,
        controllen: 24n,
        flags: 0x8,
      }),
    },
    { arg: 1, type: IT.sockaddr, flags: 0, data: SIN },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 3n], [B + 8n, 8n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("hello") },
  ]);
  assert.equal(
    text(recv),
    "recvmsg(3, {msg_name={sa_family=AF_INET, sin_port=htons(9), " +
      'sin_addr=inet_addr("127.0.0.1")}, msg_namelen=128 => 16, msg_iov=[{iov_base="hel", ' +
      'iov_len=3}, {iov_base="lo", iov_len=8}], msg_iovlen=2, msg_control=0x7ffd0100, ' +
      "msg_controllen=24, msg_flags=MSG_CTRUNC}, 0) = 5",
  );
  // a failed recvmsg: the caller's namelen alone
  const failed = call(47, [3n, B, 0x40n], -11n, [
    {
      arg: 1,
      type: IT.msghdr,
      flags: 0,
      data: msghdr({ name: B + 64n, namelen: 16, namelenIn: 16, iov: B + 128n, iovlen: 1n }),
    },
  ]);
  assert.equal(
    text(failed),
    "recvmsg(3, {msg_namelen=16}, MSG_DONTWAIT) = -1 EAGAIN (Resource temporarily unavailable)",
  );
  // a header that could not be read: its address
  const bad = call(46, [4n, 0x30n, 0n], -14n, [
    { arg: 1, type: IT.msghdr, flags: abi.IF_FAULT, data: new Uint8Array() },
  ]);
  assert.match(text(bad), /^sendmsg\(4, 0x30, 0\) = -1 EFAULT/);
});

Deno.test("msghdr: control messages (SCM_RIGHTS, SCM_CREDENTIALS) and a name cut at the caller's buffer", () => {
  const cmsg = (level: number, type: number, data: number[]): Uint8Array => {
    const len = 16 + 4 * data.length;
    const b = new Uint8Array((len + 7) & ~7);
    const dv = new DataView(b.buffer);
    dv.setBigUint64(0, BigInt(len), true);
    dv.setInt32(8, level, true);
    dv.setInt32(12, type, true);
    data.forEach((x, k) => dv.setInt32(16 + 4 * k, x, true));
    return b;
  };
  const rights = cmsg(1, 1, [5]);
  const creds = cmsg(1, 2, [42, 0, 0]);
  const both = new Uint8Array(rights.length + creds.length);
  both.set(rights);
  both.set(creds, rights.length);
  const send = (ctl: Uint8Array, flags = 0) =>
    call(46, [5n, B, 0n], 2n, [
      {
        arg: 1,
        type: IT.msghdr,
        flags: 0,
        data: msghdr({
          name: 0n,
          namelen: 0,
          namelenIn: 0,
          iov: B + 128n,
          iovlen: 1n,
          control: B + 256n,
          controllen: BigInt(ctl.length),
        }),
      },
      { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n]) },
      { arg: 1, type: IT.iov, flags: 0, data: enc.encode("fd") },
      { arg: 1, type: 2, flags, data: ctl },
    ]);
  assert.equal(
    text(send(rights)),
    'sendmsg(5, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="fd", iov_len=2}], ' +
      "msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, " +
      "cmsg_data=[5]}], msg_controllen=24, msg_flags=0}, 0) = 2",
  );
  assert.match(
    text(send(both)),
    /msg_control=\[\{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=\[5\]\}, \{cmsg_len=28, cmsg_level=SOL_SOCKET, cmsg_type=SCM_CREDENTIALS, cmsg_data=\{pid=42, uid=0, gid=0\}\}\], msg_controllen=56,/,
  );
  // data only where strace has a printer and enough bytes for it: none for a header alone,
  // another level's or an unknown type's; SOL_IP's TTL as ints, TOS as bytes
  const ctl = (c: Uint8Array) => /msg_control=(\[.*\]), msg_controllen/.exec(text(send(c)))![1];
  const short = cmsg(1, 1, []);
  assert.equal(ctl(short), "[{cmsg_len=16, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}]");
  assert.equal(
    ctl(cmsg(6, 9, [1])),
    "[{cmsg_len=20, cmsg_level=SOL_TCP, cmsg_type=0x9}]",
  );
  assert.equal(
    ctl(cmsg(0, 2, [64])),
    "[{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TTL, cmsg_data=[64]}]",
  );
  assert.equal(
    ctl(cmsg(0, 1, [0x0110])),
    "[{cmsg_len=20, cmsg_level=SOL_IP, cmsg_type=IP_TOS, cmsg_data=[0x10, 0x1, 0, 0]}]",
  );
  // IP_PKTINFO's struct in_pktinfo, IP_ORIGDSTADDR's address (strace's inet-cmsg test)
  setIfNameSource(() => new Map([[1, "lo"]]));
  try {
    assert.equal(
      ctl(cmsg(0, 8, [1, 0x0100007f, 0x0100007f])),
      "[{cmsg_len=28, cmsg_level=SOL_IP, cmsg_type=IP_PKTINFO, cmsg_data={ipi_ifindex=" +
        'if_nametoindex("lo"), ipi_spec_dst=inet_addr("127.0.0.1"), ipi_addr=inet_addr("127.0.0.1")}}]',
    );
  } finally {
    setIfNameSource();
  }
  assert.equal(
    ctl(cmsg(0, 20, [0x30b20002, 0x0100007f, 0, 0])),
    "[{cmsg_len=32, cmsg_level=SOL_IP, cmsg_type=IP_ORIGDSTADDR, cmsg_data={sa_family=AF_INET, " +
      'sin_port=htons(45616), sin_addr=inet_addr("127.0.0.1")}}]',
  );
  // 17 bytes, a header with cmsg_len 0 first: strace names where the byte left begins
  // (its test msg_control); and an SCM_RIGHTS array of more than -s fds is cut there
  const zero = new Uint8Array(17);
  new DataView(zero.buffer).setInt32(8, 1, true);
  new DataView(zero.buffer).setInt32(12, 1, true);
  assert.equal(
    ctl(zero),
    `[{cmsg_len=0, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS}, ... /* 0x${
      (B + 256n + 16n).toString(16)
    } */]`,
  );
  const many = cmsg(1, 1, Array(100).fill(-1));
  assert.equal(
    ctl(many),
    `[{cmsg_len=416, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[${
      Array(80).fill("-1").join(", ")
    }, ...]}]`,
  );
  // recvmsg into an 8-byte name buffer of a 40-byte AF_UNIX address: strace decodes the 8 bytes
  const sun = new Uint8Array(8);
  sun.set([1, 0, ...enc.encode("/tmp/m")]);
  const recv = call(47, [9n, B, 0n], 1n, [
    {
      arg: 1,
      type: IT.msghdr,
      flags: 0,
      data: msghdr({ name: B + 64n, namelen: 40, namelenIn: 8, iov: B + 128n, iovlen: 1n }),
    },
    { arg: 1, type: IT.sockaddr, flags: abi.IF_TRUNC, data: sun },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 4n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("x") },
  ]);
  assert.equal(
    text(recv),
    'recvmsg(9, {msg_name={sa_family=AF_UNIX, sun_path="/tmp/m"}, msg_namelen=8 => 40, ' +
      'msg_iov=[{iov_base="x", iov_len=4}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, 0) = 1',
  );
});

Deno.test("mmsghdr: sendmmsg's and recvmmsg's messages, each with its msg_len", () => {
  const hdr = (namelen: number, iov: bigint, msgLen: number) => {
    const b = msghdr({ name: namelen ? B + 64n : 0n, namelen, namelenIn: -1, iov, iovlen: 1n });
    new DataView(b.buffer).setUint32(52, msgLen, true);
    return b;
  };
  const send = call(307, [6n, B, 2n, 0n], 2n, [
    { arg: 1, type: IT.msghdr, flags: 0, data: hdr(16, B + 128n, 2) },
    { arg: 1, type: IT.sockaddr, flags: 0, data: SIN },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 2n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("m1") },
    { arg: 1, type: IT.msghdr, flags: 0, data: hdr(16, B + 144n, 3) },
    { arg: 1, type: IT.sockaddr, flags: 0, data: SIN },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B + 8n, 3n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("m22") },
  ]);
  const name = '{sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}';
  assert.equal(
    text(send),
    `sendmmsg(6, [{msg_hdr={msg_name=${name}, msg_namelen=16, ` +
      'msg_iov=[{iov_base="m1", iov_len=2}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, ' +
      `msg_len=2}, {msg_hdr={msg_name=${name}, msg_namelen=16, ` +
      'msg_iov=[{iov_base="m22", iov_len=3}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, ' +
      "msg_len=3}], 2, 0) = 2",
  );
  assert.equal((json(send).msg as { msg_len: number }[])[1].msg_len, 3);
  // recvmmsg: one message filled of the two, more messages than the module copies
  const recv = call(299, [5n, B, 9n, 0x40n, 0n], 1n, [
    { arg: 1, type: IT.msghdr, flags: abi.IF_TRUNC, data: hdr(0, B + 128n, 2) },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B, 8n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("m1") },
  ]);
  assert.equal(
    text(recv),
    "recvmmsg(5, [{msg_hdr={msg_name=NULL, msg_namelen=0, " +
      'msg_iov=[{iov_base="m1", iov_len=8}], msg_iovlen=1, msg_controllen=0, msg_flags=0}, ' +
      "msg_len=2}, ...], 9, MSG_DONTWAIT, NULL) = 1",
  );
  // nothing copied (a failed call): the address
  assert.match(text(call(299, [5n, B, 2n, 0x40n, 0n], -11n, [])), /^recvmmsg\(5, 0x7ffd0000, 2,/);
});

Deno.test("strings of PATH_MAX bytes: 4095 and ..., as strace's printpath(); JSON keeps all", () => {
  // openat(AT_FDCWD, 4096 a's, O_RDONLY): the module keeps 4096 bytes
  const long = new Uint8Array(4096).fill(0x61);
  const r = call(257, [0xffffff9cn, B, 0n], -36n, [
    { arg: 1, type: IT.str, flags: abi.IF_TRUNC, data: long },
  ]);
  assert.equal(
    text(r),
    `openat(AT_FDCWD, "${"a".repeat(4095)}"..., O_RDONLY) = -1 ENAMETOOLONG (File name too long)`,
  );
  assert.equal((json(r).filename as { text: string }).text.length, 4096);
  // 4095 bytes: whole
  const r2 = call(257, [0xffffff9cn, B, 0n], -2n, [
    { arg: 1, type: IT.str, flags: 0, data: long.subarray(0, 4095) },
  ]);
  assert.match(text(r2), new RegExp(`^openat\\(AT_FDCWD, "a{4095}", O_RDONLY\\)`));
});

Deno.test("iovec: an element that could not be read is `... /* its address */`, as strace shows it", () => {
  // pwritev(1, [{"89abcde", 7}, <unreadable at B + 16>], 2, 0): strace 6.1's preadv-pwritev test
  const r = call(296, [1n, B, 2n, 0n], -14n, [
    { arg: 1, type: IT.iovec, flags: abi.IF_FAULT, data: iovec([B + 0x100n, 7n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("89abcde") },
  ]);
  assert.equal(
    text(r),
    'pwritev(1, [{iov_base="89abcde", iov_len=7}, ... /* 0x7ffd0010 */], 2, 0) = -1 EFAULT (Bad address)',
  );
});

Deno.test("sendmmsg: a failed call's messages as passed, no msg_len; one that could not be read", () => {
  const hdr = msghdr({ name: 0n, namelen: 0, namelenIn: 0, iov: B + 0x100n, iovlen: 1n });
  const r = call(307, [0xffffffffn, B, 2n, 0x40n], -9n, [
    { arg: 1, type: IT.msghdr, flags: 0, data: hdr },
    { arg: 1, type: IT.iovec, flags: 0, data: iovec([B + 0x200n, 1n]) },
    { arg: 1, type: IT.iov, flags: 0, data: enc.encode("4") },
    { arg: 1, type: IT.msghdr, flags: abi.IF_FAULT, data: new Uint8Array() },
  ]);
  assert.equal(
    text(r),
    'sendmmsg(-1, [{msg_hdr={msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base="4", iov_len=1}], ' +
      "msg_iovlen=1, msg_controllen=0, msg_flags=0}}, ... /* 0x7ffd0040 */], 2, MSG_DONTWAIT) = " +
      "-1 EBADF (Bad file descriptor)",
  );
});
