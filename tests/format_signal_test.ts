/**
 * SIGNAL and PROCEXIT records, from the module's bytes to strace's lines: the expected lines are
 * what strace 6.1 printed for tests/progs/sigexit on this kind of machine (`strace -f -qq -e
 * trace=none`), with the pids of that run.
 */
import assert from "node:assert/strict";
import {
  decodeFilter,
  decodeRecord,
  encodeFilter,
  LAYOUT,
  REC_PROCEXIT,
  REC_SIGNAL,
} from "../src/abi.ts";
import { TextFormatter } from "../src/format_text.ts";
import { jsonLine } from "../src/format_json.ts";
import { exitHow } from "../src/format_signal.ts";
import type { TraceRecord } from "../src/record.ts";

const L = LAYOUT;

/** A SIGNAL record's bytes: sig, si_code, and the union's fields as [offset, bytes, value]. */
function signalRec(sig: number, code: number, fields: Array<[number, 4 | 8, number | bigint]>) {
  const b = new Uint8Array(L["sizeof msd_rec_signal"]);
  const v = new DataView(b.buffer);
  v.setUint16(0, b.length, true);
  v.setUint16(2, REC_SIGNAL, true);
  v.setInt32(4, sig, true);
  v.setBigUint64(8, 5_000_000_000n, true);
  v.setUint32(16, 3336, true);
  v.setUint32(20, 3336, true);
  b.set(new TextEncoder().encode("sigexit"), 32);
  v.setInt32(L["msd_rec_signal.code"], code, true);
  v.setBigUint64(L["msd_rec_signal.handler"], 0x401a2bn, true);
  const f = L["msd_rec_signal.fields"];
  for (const [off, n, x] of fields) {
    if (n === 4) v.setInt32(f + off, Number(x), true);
    else v.setBigInt64(f + off, BigInt(x), true);
  }
  return b;
}

function exitRec(tid: number, status: number): Uint8Array {
  const b = new Uint8Array(L["sizeof msd_rec_procexit"]);
  const v = new DataView(b.buffer);
  v.setUint16(0, b.length, true);
  v.setUint16(2, REC_PROCEXIT, true);
  v.setBigUint64(8, 5_000_000_000n, true);
  v.setUint32(16, tid, true);
  v.setUint32(20, tid, true);
  b.set(new TextEncoder().encode("sigexit"), 32);
  v.setUint32(L["msd_rec_procexit.exit_code"], status, true);
  v.setUint32(L["msd_rec_procexit.group_dead"], 1, true);
  return b;
}

function line(b: Uint8Array): string {
  const f = new TextFormatter("x86_64");
  const s = f.formatModule(b, new DataView(b.buffer), 0, 0n);
  return s.replace(/^1 \S+ 0 sigexit \(\d+\) /, "");
}

Deno.test("signal records: strace's lines for each si_code family", () => {
  const cases: Array<[Uint8Array, string]> = [
    [
      signalRec(17, 1, [[0, 4, 3337], [4, 4, 0], [8, 4, 3], [16, 8, 0], [24, 8, 0]]),
      "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=3337, si_uid=0, si_status=3, " +
      "si_utime=0, si_stime=0} ---",
    ],
    [
      signalRec(17, 2, [[0, 4, 3338], [4, 4, 0], [8, 4, 9], [16, 8, 0], [24, 8, 0]]),
      "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_KILLED, si_pid=3338, si_uid=0, si_status=SIGKILL, " +
      "si_utime=0, si_stime=0} ---",
    ],
    [
      signalRec(11, 1, [[0, 8, 0]]),
      "--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---",
    ],
    [
      signalRec(10, -6, [[0, 4, 3336], [4, 4, 0]]),
      "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_TKILL, si_pid=3336, si_uid=0} ---",
    ],
    [
      signalRec(12, -1, [[0, 4, 3336], [4, 4, 0], [8, 8, 42]]),
      "--- SIGUSR2 {si_signo=SIGUSR2, si_code=SI_QUEUE, si_pid=3336, si_uid=0, si_int=42, " +
      "si_ptr=0x2a} ---",
    ],
    // alarm(): sent by the kernel with no sender
    [signalRec(14, 0x80, []), "--- SIGALRM {si_signo=SIGALRM, si_code=SI_KERNEL} ---"],
    [
      signalRec(7, 2, [[0, 8, 0x7f00dead0000n]]),
      "--- SIGBUS {si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=0x7f00dead0000} ---",
    ],
    [
      signalRec(31, 1, [[0, 8, 0x401000n], [8, 4, 39], [12, 4, 0xc000003e]]),
      "--- SIGSYS {si_signo=SIGSYS, si_code=SYS_SECCOMP, si_call_addr=0x401000, " +
      "si_syscall=__NR_getpid, si_arch=AUDIT_ARCH_X86_64} ---",
    ],
    [
      signalRec(34, 0, [[0, 4, 1], [4, 4, 1000]]),
      "--- SIGRT_2 {si_signo=SIGRT_2, si_code=SI_USER, si_pid=1, si_uid=1000} ---",
    ],
    // an si_code the table does not know: its number in hex (strace's print_xlat_ex())
    [
      signalRec(11, 77, [[0, 8, 0]]),
      "--- SIGSEGV {si_signo=SIGSEGV, si_code=0x4d, si_addr=NULL} ---",
    ],
    // SI_QUEUE's value only where si_ptr is set; a signal with no fields of its own shows it too
    [
      signalRec(10, -1, [[0, 4, 7], [4, 4, 0]]),
      "--- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_QUEUE, si_pid=7, si_uid=0} ---",
    ],
    [
      signalRec(10, 0x4d, [[0, 4, 7], [8, 8, 0x2an]]),
      "--- SIGUSR1 {si_signo=SIGUSR1, si_code=0x4d, si_pid=7, si_uid=0, si_int=42, si_ptr=0x2a} ---",
    ],
  ];
  for (const [b, want] of cases) assert.equal(line(b), want);
});

Deno.test("exit records: exited, killed, core dumped, as strace says", () => {
  assert.equal(line(exitRec(3337, 3 << 8)), "+++ exited with 3 +++");
  assert.equal(line(exitRec(3338, 9)), "+++ killed by SIGKILL +++");
  assert.equal(line(exitRec(3339, 11 | 0x80)), "+++ killed by SIGSEGV (core dumped) +++");
  assert.equal(exitHow(0), "exited with 0");
  assert.equal(exitHow(-1), "exited");
});

Deno.test("signal and exit records decode to objects and JSON lines", () => {
  const b = signalRec(12, -1, [[0, 4, 3336], [4, 4, 0], [8, 8, 42]]);
  const r = decodeRecord(b, new DataView(b.buffer), 0, 1n) as Extract<
    TraceRecord,
    { kind: "signal" }
  >;
  assert.equal(r.kind, "signal");
  assert.equal(r.sig, 12);
  assert.equal(r.code, -1);
  assert.equal(r.ts, 5_000_000_001n);
  assert.equal(r.handler, 0x401a2bn);
  assert.deepEqual(JSON.parse(jsonLine(r, "x86_64")), {
    ts: "5000000001",
    cpu: 0,
    pid: 3336,
    tid: 3336,
    comm: "sigexit",
    dir: "signal",
    sig: 12,
    signal: "SIGUSR2",
    si_code: "SI_QUEUE",
    siginfo: { si_pid: 3336, si_uid: 0, si_int: 42, si_ptr: "0x2a" },
    handler: "0x401a2b",
  });
  const e = exitRec(3339, 11);
  const x = decodeRecord(e, new DataView(e.buffer), 0, 0n)!;
  assert.deepEqual(JSON.parse(jsonLine(x, "x86_64")), {
    ts: "5000000000",
    cpu: 0,
    pid: 3339,
    tid: 3339,
    comm: "sigexit",
    dir: "procexit",
    wstatus: 11,
    killed_by: "SIGSEGV",
    core_dumped: false,
    group_dead: true,
  });
  // a record shorter than its kind's size is no event
  const short = e.slice(0, 48);
  new DataView(short.buffer).setUint16(0, 48, true);
  assert.equal(decodeRecord(short, new DataView(short.buffer), 0, 0n), undefined);
});

Deno.test("the filter asks for signals and exits only when told", () => {
  const base = { pids: [1], follow: false };
  assert.deepEqual(
    [decodeFilter(encodeFilter(base)).signals, decodeFilter(encodeFilter(base)).exits],
    [undefined, undefined],
  );
  const f = decodeFilter(encodeFilter({ ...base, signals: true, exits: true }));
  assert.deepEqual([f.signals, f.exits], [true, true]);
});

Deno.test("-e signal=SET: strace's spellings", async () => {
  const { parseSignalSet } = await import("../cli.ts");
  assert.equal(parseSignalSet("all"), undefined);
  assert.deepEqual(parseSignalSet("none"), new Set());
  assert.deepEqual(parseSignalSet("usr1,SIGSEGV,2,rtmin+1,SIGRT_3"), new Set([10, 11, 2, 33, 35]));
  const not = parseSignalSet("!SIGCHLD")!;
  assert.equal(not.size, 63);
  assert.ok(!not.has(17) && not.has(10));
  assert.deepEqual(parseSignalSet("!all"), new Set());
  assert.throws(() => parseSignalSet("SIGNOPE"), /unknown signal "SIGNOPE"/);
});

Deno.test("signal and exit records round-trip through a capture file, object and byte paths", async () => {
  const { openCaptureWriter } = await import("../src/scap/writer.ts");
  const { decodeCapture } = await import("../src/scap/reader.ts");
  const dir = Deno.makeTempDirSync();
  try {
    const s = signalRec(17, 1, [[0, 4, 3337], [8, 4, 3], [16, 8, 5], [24, 8, 7]]);
    const e = exitRec(3336, 7 << 8);
    const recs = [s, e].map((b) => decodeRecord(b, new DataView(b.buffer), 0, 1000n)!);
    for (const bytes of [false, true]) {
      const path = `${dir}/${bytes}.scap`;
      const w = await openCaptureWriter(path, { arch: "x86_64", backend: "kmod" }, {
        procfs: false,
      });
      for (const b of [s, e]) {
        if (bytes) w.writeModuleRecord(b, new DataView(b.buffer), 0, 1000n);
        else w.write(decodeRecord(b, new DataView(b.buffer), 0, 1000n)!);
      }
      await w.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
      const got = decodeCapture(Deno.readFileSync(path)).records;
      assert.deepEqual(got, recs, bytes ? "byte path" : "object path");
      // the same lines as the live records
      const f = new TextFormatter("x86_64"), g = new TextFormatter("x86_64");
      assert.deepEqual(got.map((r) => f.format(r)), recs.map((r) => g.format(r)));
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
