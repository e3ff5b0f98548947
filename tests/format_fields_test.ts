// --print FORMAT (src/format_fields.ts): sysdig's output format strings over the filter fields.
import assert from "node:assert/strict";
import { parsePrintFormat, PrintFormatter } from "../src/format_fields.ts";
import type { TraceRecord } from "../src/record.ts";
import { syscallNumber } from "../src/syscalls.ts";

const ARCH = "x86_64";
const nr = (n: string) => syscallNumber(ARCH, n)!;
const enc = new TextEncoder();
// 2026-12-06 12:00:01.000000250 UTC, shown in local time as the text format does
const TS = 1_796_558_401_000_000_250n;
const local = (ns: bigint) => {
  const d = new Date(Number(ns / 1_000_000_000n) * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${
    String(ns % 1_000_000_000n).padStart(9, "0")
  }`;
};

const open: TraceRecord = {
  kind: "syscall",
  ts: TS,
  enterTs: TS - 1500n,
  cpu: 1,
  pid: 42,
  tid: 43,
  comm: "cat",
  nr: nr("openat"),
  args: [-100n, 0x1000n, 0n, 0n, 0n, 0n],
  items: [{ arg: 1, type: "str", data: enc.encode("/etc/hosts") }],
  ret: -2n,
};
const enter: TraceRecord = {
  kind: "enter",
  ts: TS + 10n,
  cpu: 0,
  pid: 42,
  tid: 42,
  comm: "cat",
  nr: nr("close"),
  args: [3n, 0n, 0n, 0n, 0n, 0n],
};

Deno.test("--print: sysdig's fields, in the order and text the format gives", () => {
  const f = new PrintFormatter(
    "%evt.num %evt.time %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.args",
    ARCH,
  );
  assert.equal(
    f.format(open),
    `1 ${local(TS)} 1 cat (43) < openat dfd=AT_FDCWD filename=/etc/hosts flags=O_RDONLY res=ENOENT`,
  );
  assert.equal(f.format(enter), `2 ${local(TS + 10n)} 0 cat (42) > close fd=3`);
  const g = new PrintFormatter(
    "%%%{fd.name}%% lat=%evt.latency res=%evt.rawres pid=%proc.pid",
    ARCH,
  );
  assert.equal(g.format(open), "%/etc/hosts% lat=1500 res=-2 pid=42");
  // an event without a field of the format is left out; with *, the field shows <NA>
  assert.equal(g.format(enter), undefined);
  const h = new PrintFormatter("*%proc.name %evt.latency %fd.num", ARCH);
  assert.equal(h.format(enter), "cat <NA> 3");
  // drops are always shown
  assert.match(
    g.format({ kind: "drop", ts: TS, cpu: 1, pid: 0, tid: 0, comm: "", lost: 5n })!,
    /cpu 1: 5 events lost/,
  );
});

Deno.test("--print: an unknown field is one error naming its column", () => {
  assert.throws(
    () => parsePrintFormat("%proc.name %evt.nope"),
    /--print: column 12: unknown field "%evt.nope"/,
  );
  assert.throws(() => parsePrintFormat("*x %{proc.name"), /--print: column 4: unterminated %\{/);
  assert.deepEqual(parsePrintFormat("a%%b").parts, ["a%b"]);
});
