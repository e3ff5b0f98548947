/**
 * 32-bit programs (issue 13): a static i386 program in the x86_64 guest, an armhf one in the
 * aarch64 guest (tests/progs/prog32.c). Their calls go through the kernel's compat entry: the
 * module flags them MSD_RF_COMPAT, user space names and decodes them from the i386 or arm table,
 * `-e` selects them by name through the second bitmap, and execve (with its path and argv) and
 * exit_group are recorded like native ones.
 */
import assert from "node:assert/strict";
import { type Ev, inGuest, jsonl, mysysdig, prog } from "./helpers.ts";
import { compatAbi, compatSyscallNumber, hostArch } from "../../src/syscalls.ts";

const P32 = prog("prog32");
let built = false;
try {
  built = Deno.statSync(P32).isFile;
} catch { /* not built: no 32-bit compiler */ }

/** The guest kernel's page size in KiB (the 16K cell's kernel). */
function pageKb(): number {
  try {
    const m = /^KernelPageSize:\s+(\d+) kB/m.exec(Deno.readTextFileSync("/proc/self/smaps"));
    return m ? Number(m[1]) : 4;
  } catch {
    return 4;
  }
}

// arm64's Kconfig allows 32-bit EL0 with pages other than 4 KiB only under EXPERT (Debian's
// 6.12 arm64-16k has it): on such a kernel, and only there, a 32-bit program that cannot run at
// all is no failure of mysysdig's. On 4 KiB pages it must run.
let runs = true;
if (inGuest && built && pageKb() !== 4) {
  try {
    runs = new Deno.Command(P32, { stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    runs = false;
  }
  if (!runs) console.log(`32-bit programs do not run on ${pageKb()} KiB pages: tests ignored`);
}

const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({
    name,
    // tests/progs/Makefile builds prog32 only where the 32-bit cross compiler is installed
    ignore: !inGuest || !built || !runs,
    sanitizeResources: false,
    sanitizeOps: false,
    fn,
  });

const arch = hostArch();
const ABI = compatAbi(arch);

function events(stderr: string): Ev[] {
  return jsonl(stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
}

t(
  "32-bit program: its calls are named from the compat table, with paths, argv and exit_group",
  async () => {
    const r = await mysysdig("--format", "json", "--", P32);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /prog32 one\nprog32 two\n/);
    const evs = events(r.stderr).filter((e) => e.comm === "prog32");
    const compat = evs.filter((e) => e.abi !== undefined);
    assert.ok(compat.length > 5, JSON.stringify(evs.slice(0, 5)));
    assert.ok(compat.every((e) => e.abi === ABI), ABI);
    // every compat record carries the ABI's own number of the call it names
    for (const e of compat) {
      assert.equal(compatSyscallNumber(arch, e.syscall as string), e.nr, JSON.stringify(e));
    }
    const find = (name: string, pred: (e: Ev) => boolean = () => true) =>
      compat.filter((e) => e.syscall === name && pred(e));
    const args = (e: Ev) => e.args as Record<string, unknown>;
    assert.equal(
      find("openat", (e) => args(e).filename === "/prog32/first" && e.ret === -2).length,
      1,
    );
    assert.equal(
      find("openat", (e) => args(e).filename === "/prog32/second" && e.ret === -2).length,
      1,
    );
    assert.equal(find("write", (e) => args(e).buf === "prog32 one\n" && e.ret === 11).length, 1);
    assert.equal(find("write", (e) => args(e).buf === "prog32 two\n" && e.ret === 11).length, 1);
    // the program's own execve of itself: a compat call, its path and argv copied through 32-bit
    // pointers
    const ex = find("execve", (e) => args(e).filename === P32);
    assert.equal(ex.length, 1, JSON.stringify(compat.filter((e) => e.syscall === "execve")));
    assert.equal(ex[0].ret, 0);
    assert.deepEqual(args(ex[0]).argv, [P32, "again", "/prog32/second"]);
    // exit_group never returns: recorded at its entry, as a native one is
    const eg = find("exit_group");
    assert.equal(eg.length, 1, JSON.stringify(eg));
    assert.equal(args(eg[0]).error_code, 0);
    // the tracer's execve of the program is a native call (no abi), also on arm64 where the
    // task is 32-bit by the time that call returns
    const native = events(r.stderr).filter((e) =>
      e.syscall === "execve" && e.abi === undefined &&
      (e.args as Record<string, unknown>).filename === P32
    );
    assert.equal(native.length, 1, JSON.stringify(native));
    assert.equal(native[0].ret, 0);
  },
);

t("32-bit program: text names the compat calls", async () => {
  const r = await mysysdig("--", P32);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /openat\(AT_FDCWD, "\/prog32\/first", O_RDONLY\) = -1 ENOENT/);
  assert.match(r.stderr, /write\(1, "prog32 two\\n", 11\) = 11/);
  // the compat select's set as passed and as returned (4-byte words)
  assert.match(r.stderr, /_newselect\(2, NULL, \[1\], NULL, NULL\) = 1 \(out \[1\]\)/);
  assert.match(r.stderr, /exit_group\(0\) += \?/);
});

t("32-bit program: -e openat selects the compat openat, and nothing else of it", async () => {
  const r = await mysysdig("--format", "json", "-e", "openat", "--", P32);
  assert.equal(r.code, 0, r.stderr);
  // the calls -e selects (the process's exit is an event of its own, shown whatever -e says)
  const evs = events(r.stderr).filter((e) => e.comm === "prog32" && e.dir !== "procexit");
  const names = new Set(evs.map((e) => e.syscall));
  assert.deepEqual([...names], ["openat"], JSON.stringify([...names]));
  const files = evs.filter((e) => e.abi === ABI).map((e) =>
    (e.args as Record<string, unknown>).filename
  );
  assert.ok(files.includes("/prog32/first") && files.includes("/prog32/second"), `${files}`);
  // and a name the 32-bit program does not call selects none of its calls
  const w = await mysysdig("--format", "json", "-e", "getppid", "--", P32);
  assert.equal(w.code, 0, w.stderr);
  assert.equal(events(w.stderr).filter((e) => e.comm === "prog32" && e.abi).length, 0);
});

t("32-bit program: a capture holds its calls as the native calls of the same names", async () => {
  const live = await mysysdig("-w", "/tmp/c32.scap", "--", P32);
  assert.equal(live.code, 0, live.stderr);
  const back = await mysysdig("-r", "/tmp/c32.scap");
  assert.equal(back.code, 0, back.stderr);
  assert.match(back.stdout, /openat\(AT_FDCWD, "\/prog32\/second", O_RDONLY\) = -1 ENOENT/);
  assert.match(back.stdout, /write\(1, "prog32 one\\n", 11\) = 11/);
});
