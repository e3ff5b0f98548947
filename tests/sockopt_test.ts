/**
 * setsockopt and getsockopt (level, option name, value) and the socklen_t that the address calls
 * write back, as strace 6.1 prints them (expected lines from strace runs of tests/progs/families
 * and strace's own tests, sockopt-*.c, so_linger.c, so_peercred.c, net-accept-connect.c).
 */
import assert from "node:assert/strict";
import { formatCall, TextFormatter } from "../src/format_text.ts";
import { jsonLine, JsonRawFormatter, jsonValue } from "../src/format_json.ts";
import { decodeRecord, REC_SYSCALL } from "../src/abi.ts";
import { type Item, layOut, type Rec, U64 } from "./module_records.ts";
import { decodeCall } from "../src/decode.ts";
import { syscallNumber } from "../src/syscalls.ts";
import type { Arch, Capture } from "../src/record.ts";

const base = { ts: 2_000_000n, cpu: 0, pid: 10, tid: 10, comm: "t" };
const P = 0x7ffd1000n, L = 0x7ffd2000n, A = 0x7ffd3000n;

function line(arch: Arch, name: string, args: bigint[], items: Capture[], ret = 0n): string {
  const s = formatCall(arch, {
    ...base,
    kind: "syscall",
    nr: syscallNumber(arch, name)!,
    args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6),
    ret,
    enterTs: base.ts,
    items,
  });
  return s.replace(/ <[0-9.]+>$/, "");
}

const ints = (...v: number[]) => {
  const b = new Uint8Array(4 * v.length);
  const dv = new DataView(b.buffer);
  v.forEach((x, i) => dv.setInt32(4 * i, x, true));
  return b;
};
const item = (arg: number, data: Uint8Array, extra: Partial<Capture> = {}): Capture => ({
  arg,
  type: "struct",
  data,
  ...extra,
});

for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test(`setsockopt ${arch}: level and option names, int values, structures, bytes`, () => {
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 2n, P, 4n], [item(3, ints(1))]),
      "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
    );
    assert.equal(
      line(arch, "setsockopt", [3n, 6n, 1n, P, 4n], [item(3, ints(1))]),
      "setsockopt(3, SOL_TCP, TCP_NODELAY, [1], 4) = 0",
    );
    // SO_LINGER's structure; too short a length: the address
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 13n, P, 8n], [item(3, ints(1, 5))]),
      "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 8) = 0",
    );
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 13n, P, 7n], [item(3, ints(1, 5).subarray(0, 7))]),
      "setsockopt(3, SOL_SOCKET, SO_LINGER, 0x7ffd1000, 7) = 0",
    );
    // an int-like option with less than an int: the address
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 7n, P, 2n], [item(3, new Uint8Array([1, 0]))]),
      "setsockopt(3, SOL_SOCKET, SO_SNDBUF, 0x7ffd1000, 2) = 0",
    );
    // IP_ADD_MEMBERSHIP's ip_mreq
    assert.equal(
      line(arch, "setsockopt", [3n, 0n, 35n, P, 8n], [
        item(3, new Uint8Array([224, 0, 0, 1, 127, 0, 0, 1])),
      ]),
      'setsockopt(3, SOL_IP, IP_ADD_MEMBERSHIP, {imr_multiaddr=inet_addr("224.0.0.1"), ' +
        'imr_interface=inet_addr("127.0.0.1")}, 8) = 0',
    );
    // another length: the bytes, as a string
    assert.equal(
      line(arch, "setsockopt", [3n, 6n, 13n, P, 5n], [item(3, new TextEncoder().encode("cubic"))]),
      'setsockopt(3, SOL_TCP, TCP_CONGESTION, "cubic", 5) = 0',
    );
    // unknown level and name; NULL; unreadable
    assert.equal(
      line(arch, "setsockopt", [3n, 999n, 7n, 0n, 4n], [], -14n),
      "setsockopt(3, 0x3e7 /* SOL_?? */, 7, NULL, 4) = -1 EFAULT (Bad address)",
    );
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 0x77n, P, 4n], [item(3, ints(0))]),
      "setsockopt(3, SOL_SOCKET, 0x77 /* SO_??? */, [0], 4) = 0",
    );
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 2n, P, 4n], [item(3, new Uint8Array(0), { fault: true })]),
      "setsockopt(3, SOL_SOCKET, SO_REUSEADDR, 0x7ffd1000, 4) = 0",
    );
    // optlen 5 past the end of readable memory: the int before the fault, as strace reads it
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 1n, P, 5n], [item(3, ints(7), { fault: true })]),
      "setsockopt(3, SOL_SOCKET, SO_DEBUG, [7], 5) = 0",
    );
    // a structure too: strace reads sizeof(struct linger) of the 9 bytes (strace's so_linger)
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 13n, P, 9n], [item(3, ints(1, 5), { fault: true })]),
      "setsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=5}, 9) = 0",
    );
    assert.equal(
      line(arch, "setsockopt", [3n, 1n, 13n, P, 9n], [item(3, ints(1), { fault: true })]),
      "setsockopt(3, SOL_SOCKET, SO_LINGER, 0x7ffd1000, 9) = 0",
    );
    // setsockopt's SO_ATTACH_FILTER, getsockopt's SO_GET_FILTER: the same number
    assert.match(line(arch, "setsockopt", [3n, 1n, 26n, P, 4n], []), /SO_ATTACH_FILTER/);
  });

  Deno.test(`getsockopt ${arch}: the value the kernel wrote back and both lengths`, () => {
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 3n, P, L], [item(3, ints(1)), item(4, ints(4, 4))]),
      "getsockopt(3, SOL_SOCKET, SO_TYPE, [1], [4]) = 0",
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 4n, P, L], [item(3, ints(111)), item(4, ints(4, 4))]),
      "getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0",
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 4n, P, L], [item(3, ints(0)), item(4, ints(4, 4))]),
      "getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0",
    );
    // SO_PEERCRED: a ucred, the caller's 16 bytes cut to 12
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 17n, P, L], [
        item(3, ints(42, 0, 0)),
        item(4, ints(16, 12)),
      ]),
      "getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=42, uid=0, gid=0}, [16 => 12]) = 0",
    );
    // strace's so_linger and so_peercred: a field cut short is its bytes
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 13n, P, L], [
        item(3, new Uint8Array([1, 0, 0])),
        item(4, ints(3, 3)),
      ]),
      'getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff="\\x01\\x00\\x00"}, [3]) = 0',
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 17n, P, L], [
        item(3, ints(2866, 0, 0)),
        item(4, ints(13, 12)),
      ]),
      "getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=2866, uid=0, gid=0}, [13 => 12]) = 0",
    );
    // no credentials (a TCP socket): uid and gid -1, as strace shows ids
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 17n, P, L], [
        item(3, ints(0, -1, -1)),
        item(4, ints(16, 12)),
      ]),
      "getsockopt(3, SOL_SOCKET, SO_PEERCRED, {pid=0, uid=-1, gid=-1}, [16 => 12]) = 0",
    );
    // a partial linger: only the fields that fit
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 13n, P, L], [item(3, ints(1)), item(4, ints(4, 4))]),
      "getsockopt(3, SOL_SOCKET, SO_LINGER, {l_onoff=1}, [4]) = 0",
    );
    // an int-like option with less than an int: its bytes in hex
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 7n, P, L], [
        item(3, new Uint8Array([0, 16])),
        item(4, ints(2, 2)),
      ]),
      'getsockopt(3, SOL_SOCKET, SO_SNDBUF, "\\x00\\x10", [2]) = 0',
    );
    // failed: the address and the caller's length; the entry not seen: the kernel's alone
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 3n, P, L], [item(4, ints(4, 4))], -9n),
      "getsockopt(3, SOL_SOCKET, SO_TYPE, 0x7ffd1000, [4]) = -1 EBADF (Bad file descriptor)",
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 3n, P, L], [item(3, ints(1)), item(4, ints(-1, 4))]),
      "getsockopt(3, SOL_SOCKET, SO_TYPE, [1], [4]) = 0",
    );
    // nothing copied (no OSOCKOPT item: length 0 written back): the address
    assert.equal(
      line(arch, "getsockopt", [3n, 6n, 11n, P, L], [item(4, ints(0, 0))]),
      "getsockopt(3, SOL_TCP, TCP_INFO, 0x7ffd1000, [0]) = 0",
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 270n, 9n, P, L], [item(3, ints(1, 3)), item(4, ints(8, 8))]),
      "getsockopt(3, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, [1, 3], [8]) = 0",
    );
    assert.match(line(arch, "getsockopt", [3n, 1n, 26n, P, L], []), /SO_GET_FILTER/);
    // NULL optval; an optlen that cannot be read
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 1n, 0n, L], [item(4, ints(0, 0))]),
      "getsockopt(3, SOL_SOCKET, SO_DEBUG, NULL, [0]) = 0",
    );
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 1n, P, L], [item(4, ints(-1, -1), { fault: true })], -14n),
      "getsockopt(3, SOL_SOCKET, SO_DEBUG, 0x7ffd1000, 0x7ffd2000) = -1 EFAULT (Bad address)",
    );
    // strace's sockopt-sol_socket: 3 bytes of an int-like option
    assert.equal(
      line(arch, "getsockopt", [3n, 1n, 1n, P, L], [
        item(3, new Uint8Array(3)),
        item(4, ints(3, 3)),
      ]),
      'getsockopt(3, SOL_SOCKET, SO_DEBUG, "\\x00\\x00\\x00", [3]) = 0',
    );
  });

  Deno.test(`socket address lengths ${arch}: [before => after] as strace`, () => {
    const sin = new Uint8Array([2, 0, 0x1f, 0x90, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(
      line(arch, "accept4", [3n, A, L, 0x80000n], [
        { arg: 1, type: "sockaddr", data: sin },
        item(2, ints(128, 16)),
      ], 4n),
      'accept4(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, ' +
        "[128 => 16], SOCK_CLOEXEC) = 4",
    );
    assert.equal(
      line(arch, "getsockname", [3n, A, L], [
        { arg: 1, type: "sockaddr", data: sin },
        item(2, ints(16, 16)),
      ]),
      'getsockname(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("127.0.0.1")}, ' +
        "[16]) = 0",
    );
    // failed: the address and the caller's length
    assert.equal(
      line(arch, "accept", [3n, A, L], [item(2, ints(16, 16))], -11n),
      "accept(3, 0x7ffd3000, [16]) = -1 EAGAIN (Resource temporarily unavailable)",
    );
    // no buffer: both pointers
    assert.equal(line(arch, "accept", [3n, 0n, 0n], [], 5n), "accept(3, NULL, NULL) = 5");
    assert.equal(
      line(arch, "recvfrom", [3n, P, 16n, 0x40n, A, L], [
        { arg: 1, type: "buf", data: new TextEncoder().encode("hi") },
        { arg: 4, type: "sockaddr", data: sin },
        item(5, ints(16, 16)),
      ], 2n),
      'recvfrom(3, "hi", 16, MSG_DONTWAIT, {sa_family=AF_INET, sin_port=htons(8080), ' +
        'sin_addr=inet_addr("127.0.0.1")}, [16]) = 2',
    );
  });
}

Deno.test("sockopt JSON: names and values, lengths as strace's text", () => {
  const nr = syscallNumber("x86_64", "getsockopt")!;
  const c = decodeCall("x86_64", nr, [3n, 1n, 17n, P, L, 0n], [
    item(3, ints(42, 0, 0)),
    item(4, ints(16, 12)),
  ]);
  assert.equal(jsonValue(c.args[1].value), '"SOL_SOCKET"');
  assert.equal(jsonValue(c.args[2].value), '"SO_PEERCRED"');
  assert.deepEqual(JSON.parse(jsonValue(c.args[3].value)), { pid: 42, uid: 0, gid: 0 });
  assert.equal(jsonValue(c.args[4].value), '"[16 => 12]"');
});

/** sendfile's offset and accept4's length on the byte paths (formatModule) and the object path. */
for (const arch of ["x86_64", "aarch64"] as const) {
  Deno.test(`sendfile ${arch}: [0] => [N] on both paths, text and JSON`, () => {
    const u64 = (v: bigint) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setBigUint64(0, v, true);
      return b;
    };
    const sendfile = syscallNumber(arch, "sendfile")!;
    const accept4 = syscallNumber(arch, "accept4")!;
    const rec = (nr: number, args: bigint[], ret: bigint, items: Item[]): Rec => ({
      kind: REC_SYSCALL,
      nr,
      ts: 10_000_000_000n,
      tid: 42,
      cpu: 0,
      flags: 0,
      comm: "t",
      args,
      ret: U64(ret),
      enterTs: 10_000_000_000n,
      items,
    });
    const st = (arg: number, data: Uint8Array, flags = 0): Item => ({ arg, type: 7, flags, data });
    const cases: Array<[Rec, string]> = [
      [
        rec(sendfile, [4n, 5n, P, 4096n, 0n, 0n], 4096n, [st(2, u64(0n)), st(2, u64(4096n))]),
        "[0] => [4096]",
      ],
      [rec(sendfile, [4n, 5n, P, 4096n, 0n, 0n], 0n, [st(2, u64(7n)), st(2, u64(7n))]), "[7]"],
      [rec(sendfile, [4n, 5n, P, 4096n, 0n, 0n], -9n, [st(2, u64(2n ** 60n))]), `[${2n ** 60n}]`],
      [rec(sendfile, [4n, 5n, 0n, 4096n, 0n, 0n], 100n, []), "NULL"],
      [
        rec(sendfile, [4n, 5n, P, 4096n, 0n, 0n], -14n, [st(2, new Uint8Array(0), 1)]),
        "0x7ffd1000",
      ],
      [rec(accept4, [3n, 0n, 0n, 0x80000n, 0n, 0n], 4n, []), "NULL"],
      [rec(accept4, [3n, A, L, 0x80000n, 0n, 0n], -11n, [st(2, ints(16, 16))]), "[16]"],
      [rec(accept4, [3n, A, L, 0x80000n, 0n, 0n], 4n, [st(2, ints(128, 16))]), "[128 => 16]"],
    ];
    const { buf, view, offs } = layOut(cases.map(([r]) => r));
    const text = new TextFormatter(arch), slow = new TextFormatter(arch);
    const json = new JsonRawFormatter(arch);
    cases.forEach(([, want], i) => {
      const decoded = decodeRecord(buf, view, offs[i], 0n)!;
      const fast = text.formatModule(buf, view, offs[i], 0n)!;
      assert.equal(fast, slow.format(decoded), `record ${i}`);
      assert.ok(fast.includes(`, ${want}, `), `${fast} has ${want}`);
      const fj = json.line(buf, view, offs[i], 0n);
      assert.equal(fj, jsonLine(decoded, arch), `JSON record ${i}`);
      const arg = JSON.parse(fj).args[i < 5 ? "offset" : "addrlen"];
      assert.equal(
        String(arg),
        want.startsWith("0x") ? String(Number(want)) : want === "NULL" ? "null" : want,
      );
    });
  });
}

Deno.test("read's empty buffer (end of file) is strace's \"\", on both text paths", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const read = syscallNumber(arch, "read")!;
    const r: Rec = {
      kind: REC_SYSCALL,
      nr: read,
      ts: 10_000_000_000n,
      tid: 42,
      cpu: 0,
      flags: 0,
      comm: "t",
      args: [3n, P, 64n, 0n, 0n, 0n],
      ret: 0n,
      enterTs: 10_000_000_000n,
      items: [{ arg: 1, type: 2, flags: 0, data: new Uint8Array(0) }],
    };
    const { buf, view, offs } = layOut([r]);
    const fast = new TextFormatter(arch).formatModule(buf, view, offs[0], 0n)!;
    assert.match(fast, /read\(3, "", 64\) = 0/);
    assert.equal(fast, new TextFormatter(arch).format(decodeRecord(buf, view, offs[0], 0n)!));
  }
});

Deno.test("setsockopt and getsockopt take the text byte path, as the decoded path prints them", () => {
  for (const arch of ["x86_64", "aarch64"] as const) {
    const recs: Rec[] = [];
    const st = (arg: number, data: Uint8Array): Item => ({ arg, type: 7, flags: 0, data });
    for (
      const [level, name] of [[1n, 2n], [6n, 1n], [6n, 13n], [999n, 7n], [1n, 0x77n], [0n, 64n], [
        270n,
        9n,
      ]]
    ) {
      for (const nr of [syscallNumber(arch, "setsockopt")!, syscallNumber(arch, "getsockopt")!]) {
        recs.push({
          kind: REC_SYSCALL,
          nr,
          ts: 10_000_000_000n,
          tid: 42,
          cpu: 0,
          flags: 0,
          comm: "t",
          args: [3n, level, name, P, nr === syscallNumber(arch, "setsockopt") ? 4n : L, 0n],
          ret: 0n,
          enterTs: 10_000_000_000n,
          items: [
            st(3, ints(1)),
            ...(nr === syscallNumber(arch, "getsockopt") ? [st(4, ints(4, 4))] : []),
          ],
        });
      }
    }
    const { buf, view, offs } = layOut(recs);
    class Counting extends TextFormatter {
      slow = 0;
      override format(r: Parameters<TextFormatter["format"]>[0]): string {
        this.slow++;
        return super.format(r);
      }
    }
    const fast = new Counting(arch), slow = new TextFormatter(arch);
    for (const off of offs) {
      assert.equal(
        fast.formatModule(buf, view, off, 0n),
        slow.format(decodeRecord(buf, view, off, 0n)!),
      );
    }
    assert.equal(fast.slow, 0);
  }
});
