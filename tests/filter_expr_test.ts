// sysdig's filter expressions (src/filter_expr.ts) against a brute-force filter: random
// expressions over atoms whose meaning is written here directly as predicates on the records,
// rendered with random spacing and parentheses, must select exactly the records the same
// expression tree selects when evaluated by hand. Plus the documented fields one by one, the
// errors' columns, and what is pushed down to the kernel.
import assert from "node:assert/strict";
import { exprFilter, parseFilter, pushdown } from "../src/filter_expr.ts";
import type { SyscallRecord, TraceRecord } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";

const ARCH = "x86_64";
const nr = (n: string) => syscallNumber(ARCH, n)!;
const enc = new TextEncoder();

/** A small PRNG (seeded: a failure replays). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMS = ["nginx", "cat", "sh"];
const PATHS = ["/etc/hosts", "/etc/passwd", "/tmp/x", "/var/log/nginx.log"];

function records(n: number, rand: () => number): SyscallRecord[] {
  const out: SyscallRecord[] = [];
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  for (let i = 0; i < n; i++) {
    const comm = pick(COMMS);
    const pid = 100 + COMMS.indexOf(comm) * 10 + Math.floor(rand() * 2);
    const tid = pid + Math.floor(rand() * 3);
    const enterTs = 1_000_000n + BigInt(i) * 10_000n;
    const lat = BigInt(Math.floor(rand() * 5000));
    const kind = rand();
    let r: SyscallRecord;
    if (kind < 0.4) {
      const path = pick(PATHS);
      const ret = rand() < 0.3 ? -2n : BigInt(3 + Math.floor(rand() * 5));
      r = {
        kind: "syscall",
        nr: nr("openat"),
        args: [-100n, 0x1000n, 0n, 0n, 0n, 0n],
        items: [{ arg: 1, type: "str", data: enc.encode(path) }],
        ret,
        ts: enterTs + lat,
        enterTs,
        cpu: 0,
        pid,
        tid,
        comm,
      };
    } else if (kind < 0.8) {
      const fd = BigInt(Math.floor(rand() * 8));
      const ret = rand() < 0.2 ? -9n : BigInt(Math.floor(rand() * 100));
      r = {
        kind: "syscall",
        nr: nr("read"),
        args: [fd, 0x2000n, 100n, 0n, 0n, 0n],
        ret,
        ts: enterTs + lat,
        enterTs,
        cpu: 1,
        pid,
        tid,
        comm,
      };
    } else {
      r = {
        kind: "syscall",
        nr: nr("getppid"),
        args: [0n, 0n, 0n, 0n, 0n, 0n],
        ret: 1n,
        ts: enterTs + lat,
        enterTs,
        cpu: 0,
        pid,
        tid,
        comm,
      };
    }
    out.push(r);
  }
  return out;
}

const name = (r: SyscallRecord) =>
  r.nr === nr("openat") ? "openat" : r.nr === nr("read") ? "read" : "getppid";
const path = (r: SyscallRecord) =>
  r.items?.[0] ? new TextDecoder().decode(r.items[0].data) : undefined;
const failed = (r: SyscallRecord) => r.ret! < 0n;

/** Atoms: the expression text and what it means, written directly. */
const ATOMS: Array<[string, (r: SyscallRecord) => boolean]> = [
  ["proc.name=nginx", (r) => r.comm === "nginx"],
  ["proc.name != cat", (r) => r.comm !== "cat"],
  ["proc.name startswith ng", (r) => r.comm.startsWith("ng")],
  ["proc.pid = 110", (r) => r.pid === 110],
  ["proc.pid in (100, 121)", (r) => r.pid === 100 || r.pid === 121],
  ["thread.tid > 111", (r) => r.tid > 111],
  ["thread.tid <= 102", (r) => r.tid <= 102],
  ["evt.type = openat", (r) => name(r) === "openat"],
  ["evt.type in (read, getppid)", (r) => name(r) !== "openat"],
  ["evt.failed = true", failed],
  ["evt.res = ENOENT", (r) => r.ret === -2n],
  ["evt.res=SUCCESS", (r) => !failed(r)],
  ["evt.rawres >= 50", (r) => r.ret! >= 50n],
  ["evt.latency < 2500", (r) => r.ts - r.enterTs < 2500n],
  ["fd.name contains /etc", (r) => path(r)?.includes("/etc") ?? false],
  ["fd.name endswith .log", (r) => path(r)?.endsWith(".log") ?? false],
  ['fd.name = "/tmp/x"', (r) => path(r) === "/tmp/x"],
  ["fd.type = file", (r) => path(r) !== undefined],
  [
    "fd.num = 3",
    (r) => (name(r) === "read" ? r.args[0] === 3n : name(r) === "openat" && r.ret === 3n),
  ],
  ["fd.num exists", (r) => name(r) === "read" || (name(r) === "openat" && r.ret! >= 0n)],
  ["evt.arg.count = 100", (r) => name(r) === "read"],
  ["evt.arg.dfd = AT_FDCWD", (r) => name(r) === "openat"],
  ["evt.arg[0] = 5", (r) => name(r) === "read" && r.args[0] === 5n],
  ["evt.dir = <", () => true],
];

type Tree = { a: number } | { not: Tree } | { and: [Tree, Tree] } | { or: [Tree, Tree] };

function gen(rand: () => number, depth: number): Tree {
  const x = rand();
  if (depth <= 0 || x < 0.3) return { a: Math.floor(rand() * ATOMS.length) };
  if (x < 0.45) return { not: gen(rand, depth - 1) };
  if (x < 0.75) return { and: [gen(rand, depth - 1), gen(rand, depth - 1)] };
  return { or: [gen(rand, depth - 1), gen(rand, depth - 1)] };
}

/** Text of a tree: parentheses where precedence needs them, sometimes where it does not. */
function render(t: Tree, rand: () => number, ctx: "or" | "and" | "not" | "top"): string {
  const sp = () => (rand() < 0.5 ? " " : "  ");
  let s: string;
  let prec: number;
  if ("a" in t) {
    s = ATOMS[t.a][0];
    prec = 3;
  } else if ("not" in t) {
    s = `not${sp()}${render(t.not, rand, "not")}`;
    prec = 2;
  } else if ("and" in t) {
    s = `${render(t.and[0], rand, "and")}${sp()}and${sp()}${render(t.and[1], rand, "and")}`;
    prec = 1;
  } else {
    s = `${render(t.or[0], rand, "or")}${sp()}or${sp()}${render(t.or[1], rand, "or")}`;
    prec = 0;
  }
  const need = ctx === "not" ? 3 : ctx === "and" ? 1 : 0;
  // an `and` inside an `and` and an `or` inside an `or` group the same either way
  const mustWrap = prec < need || (ctx === "and" && prec === 1 && false);
  return mustWrap || rand() < 0.15 ? `(${sp()}${s}${sp()})` : s;
}

function byHand(t: Tree, r: SyscallRecord): boolean {
  if ("a" in t) return ATOMS[t.a][1](r);
  if ("not" in t) return !byHand(t.not, r);
  if ("and" in t) return byHand(t.and[0], r) && byHand(t.and[1], r);
  return byHand(t.or[0], r) || byHand(t.or[1], r);
}

Deno.test("filter expressions: random expressions select what a brute-force filter selects", () => {
  const seed = Number(Deno.env.get("FILTER_SEED") ?? Date.now() % 1e9);
  const rand = rng(seed);
  const recs = records(300, rand);
  let selectedSome = 0;
  for (let i = 0; i < 400; i++) {
    const tree = gen(rand, 4);
    const text = render(tree, rand, "top");
    const keep = exprFilter(parseFilter(text), ARCH);
    let n = 0;
    for (const r of recs) {
      const want = byHand(tree, r);
      assert.equal(
        keep(r),
        want,
        `seed ${seed} (FILTER_SEED replays): "${text}" on ${
          JSON.stringify(r, (_, v) =>
            typeof v === "bigint"
              ? v.toString()
              : v instanceof Uint8Array
              ? new TextDecoder().decode(v)
              : v)
        }`,
      );
      if (want) n++;
    }
    if (n > 0 && n < recs.length) selectedSome++;
  }
  // the expressions are not all trivially true or false
  assert.ok(
    selectedSome > 100,
    `${selectedSome} of 400 expressions select some records but not all`,
  );
  // every atom alone selects some records and leaves others, except evt.dir (always <)
  for (const [text, fn] of ATOMS) {
    const keep = exprFilter(parseFilter(text), ARCH);
    assert.equal(recs.filter(keep).length, recs.filter(fn).length, text);
  }
});

Deno.test("filter expressions: fields of entries, exits, drops, the event number and ppid", () => {
  const enter: TraceRecord = {
    kind: "enter",
    ts: 5n,
    cpu: 0,
    pid: 7,
    tid: 8,
    comm: "a",
    nr: nr("close"),
    args: [4n, 0n, 0n, 0n, 0n, 0n],
  };
  const exit: TraceRecord = {
    kind: "exit",
    ts: 9n,
    cpu: 0,
    pid: 7,
    tid: 8,
    comm: "a",
    nr: nr("close"),
    ret: -9n,
  };
  const drop: TraceRecord = { kind: "drop", ts: 9n, cpu: 0, pid: 0, tid: 0, comm: "", lost: 3n };
  const f = (s: string) => {
    const k = exprFilter(parseFilter(s), ARCH, (pid) => (pid === 7 ? 1 : undefined));
    return [enter, exit, drop].map((r) => k(r));
  };
  assert.deepEqual(f("evt.dir = >"), [true, false, true]); // drops always pass
  assert.deepEqual(f("evt.dir = <"), [false, true, true]);
  assert.deepEqual(f("evt.res = EBADF"), [false, true, true]);
  assert.deepEqual(f("evt.res exists"), [false, true, true]);
  assert.deepEqual(f("not evt.res exists"), [true, false, true]);
  assert.deepEqual(f("fd.num = 4"), [true, false, true]);
  assert.deepEqual(f("evt.num = 2"), [false, true, true]);
  assert.deepEqual(f("proc.ppid = 1"), [true, true, true]);
  assert.deepEqual(f("evt.latency exists"), [false, false, true]);
  assert.deepEqual(f("proc.name icontains A and evt.type = close"), [true, true, true]);
});

Deno.test("filter expressions: a malformed expression is one error naming the column", () => {
  const cases: Array<[string, RegExp]> = [
    ["proc.name=", /filter: column 11: expected a value$/],
    ["proc.nam = x", /filter: column 1: unknown field "proc.nam"/],
    ["proc.name nginx", /filter: column 11: expected an operator after proc.name/],
    ["(evt.type = read", /filter: column 17: expected `\)`$/],
    ["evt.type = read or", /filter: column 19: expected a field, `not` or `\(`$/],
    ["evt.type in read", /filter: column 13: expected `\(` after in$/],
    ["evt.type in (read getppid)", /filter: column 19: expected `,` or `\)` in the list$/],
    ["proc.name = 'x", /filter: column 13: unterminated string$/],
    ["evt.type = read )", /filter: column 17: unexpected "\)"$/],
  ];
  for (const [s, re] of cases) assert.throws(() => parseFilter(s), re, s);
});

Deno.test("filter expressions: what the kernel can apply is taken from the top-level and", () => {
  assert.deepEqual(
    pushdown(
      parseFilter("proc.name=nginx and (evt.type in (openat, read)) and evt.failed=true"),
      ARCH,
    ),
    { procName: "nginx", syscalls: ["openat", "read"] },
  );
  assert.deepEqual(
    pushdown(
      parseFilter("proc.name=nginx and evt.type in (openat, read) and proc.pid in (1, 2)"),
      ARCH,
    ),
    { procName: "nginx", syscalls: ["openat", "read"], pids: [1, 2] },
  );
  // anything under or/not stays in user space
  assert.deepEqual(pushdown(parseFilter("proc.name=nginx or evt.type=read"), ARCH), {});
  assert.deepEqual(pushdown(parseFilter("not proc.name=nginx"), ARCH), {});
  assert.deepEqual(pushdown(parseFilter("evt.type = nosuchcall"), ARCH), {});
});
