/**
 * Decoded syscalls against the real module: tests/progs/decodeprog performs
 * known syscalls with valid, invalid and odd arguments and prints the exact
 * line each must show; the tracer's default output must match, line for
 * line. Then the same program through --events both, -Z, -c, -e %class,
 * -s and JSON.
 */
import assert from "node:assert/strict";
import { inGuest, jsonl, mysysdig, prog } from "./helpers.ts";

const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

/** The call part of a text line of decodeprog's main thread, duration cut off. */
function calls(out: string, tid?: number): string[] {
  const res: string[] = [];
  for (const l of out.split("\n")) {
    const m = /^\d+ \S+ \d+ decodeprog \((\d+)\) (.*)$/.exec(l);
    if (!m || (tid !== undefined && Number(m[1]) !== tid)) continue;
    res.push(m[2].replace(/ <\d+\.\d{6}>$/, ""));
  }
  return res;
}

function tidOf(out: string): number {
  return Number(/ decodeprog \((\d+)\) sched_yield\(\)/.exec(out)![1]);
}

t("decode: every line the test program expects, in order, exactly", async () => {
  const r = await mysysdig("-o", "/tmp/decode.out", "--", prog("decodeprog"));
  assert.equal(r.code, 0, r.stderr);
  const expected = r.stdout.trimEnd().split("\n");
  assert.ok(expected.length > 60, r.stdout.slice(0, 500));
  const out = Deno.readTextFileSync("/tmp/decode.out");
  const got = calls(out, tidOf(out));
  const at = got.indexOf(expected[0]);
  assert.ok(at >= 0, `first line missing: ${expected[0]}\n${got.slice(0, 20).join("\n")}`);
  const slice = got.slice(at, at + expected.length);
  for (let i = 0; i < expected.length; i++) {
    assert.equal(slice[i], expected[i], `line ${i + 1} of decodeprog's expectations`);
  }
  // the exec that ends it: its exit belongs to the new program, comm "true"
  assert.match(
    out,
    / true \(\d+\) execve\("\/bin\/true", \["true", "after"\], 0x[0-9a-f]+ \/\* \d+ vars \*\/\) = 0 </,
  );
  assert.match(out, / true \(\d+\) exit_group\(0\) = \?$/m);
  assert.match(r.stderr, /events recorded, 0 dropped/);
});

t("decode: symlink and utimensat paths, which the spec has the module copy", async () => {
  const x86 = Deno.build.arch === "x86_64";
  const r = await mysysdig(
    "-e",
    `${x86 ? "symlink" : "symlinkat"},utimensat`,
    "--",
    prog("decodeprog"),
  );
  assert.equal(r.code, 0, r.stderr);
  const got = calls(r.stderr.split("\n").filter((l) => !/^[a-z]/.test(l)).join("\n"));
  const want = [
    // arm64 has no symlink: symlinkat, whose paths were always copied, stands in
    x86
      ? 'symlink("target", "/tmp/decodeprog/link2") = 0'
      : 'symlinkat("target", AT_FDCWD, "/tmp/decodeprog/link") = 0',
    'utimensat(AT_FDCWD, "/tmp/decodeprog/file", NULL, AT_SYMLINK_NOFOLLOW) = 0',
    "utimensat(AT_FDCWD, NULL, NULL, 0) = -1 EFAULT (Bad address)",
  ];
  for (const w of want) assert.ok(got.includes(w), `missing: ${w}\n${got.join("\n")}`);
});

t("decode: --events both, -Z, -e %class, -s 0, JSON", async () => {
  const both = await mysysdig("--events", "both", "-o", "/tmp/both.out", "--", prog("decodeprog"));
  assert.equal(both.code, 0, both.stderr);
  const b = calls(Deno.readTextFileSync("/tmp/both.out"));
  const has = (lines: string[], re: RegExp) =>
    assert.ok(lines.some((l) => re.test(l)), `${re}\n${lines.slice(0, 40).join("\n")}`);
  has(b, /^> openat dfd=AT_FDCWD filename="\/tmp\/decodeprog\/file" flags=O_RDONLY$/);
  has(b, /^< read res=5 buf="hello"$/);
  has(b, /^< accept4 res=\d+ addr=\{sa_family=AF_UNIX\} addrlen=\[110 => 2\]$/);
  has(
    b,
    /^> connect fd=\d+ addr=\{sa_family=AF_UNIX, sun_path="\/tmp\/decodeprog\/sock"\} addrlen=\d+$/,
  );
  has(
    b,
    /^> execve filename="\/nonexistent\/prog" argv=\["prog", "a b", ""\] envp=0x[0-9a-f]+ \/\* \d+ vars \*\/$/,
  );
  has(b, /^< pipe2 res=0 fildes=\[\d+, \d+\]$/);

  const z = await mysysdig("-Z", "--", prog("decodeprog"));
  assert.equal(z.code, 0, z.stderr);
  const zl = calls(z.stderr.split("\n").filter((l) => !/^[a-z]/.test(l)).join("\n"));
  assert.ok(zl.length >= 8, zl.join("\n"));
  assert.ok(zl.every((l) => / = -1 \w+ \([^)]*\)$/.test(l)), zl.join("\n"));
  has(
    zl,
    /^openat\(AT_FDCWD, "\/nonexistent\/decodeprog", O_RDONLY\) = -1 ENOENT \(No such file or directory\)$/,
  );

  const net = await mysysdig("-e", "%network", "-s", "0", "--", prog("decodeprog"));
  assert.equal(net.code, 0, net.stderr);
  const nl = calls(net.stderr.split("\n").filter((l) => !/^[a-z]/.test(l)).join("\n"));
  // signals are shown whatever -e selects (strace's -e signal=all); the SIGCONT decodeprog sends
  // itself, which its action ignores, among them; so are exits (its tracee's `+++ exited with 0`)
  const names = new Set(
    nl.filter((l) => !/^(---|\+\+\+) /.test(l)).map((l) => l.replace(/\(.*$/, "")),
  );
  assert.deepEqual(
    [...names].sort(),
    [
      "accept4",
      "bind",
      "connect",
      "getpeername",
      "getsockname",
      "listen",
      "recvfrom",
      "recvmsg",
      "sendmsg",
      "sendto",
      "socket",
      "socketpair",
    ],
  );
  // -s 0: no data, addresses still
  has(nl, /^sendto\(\d+, 0x[0-9a-f]+, 4, MSG_DONTWAIT, NULL, 0\) = 4$/);
  has(nl, /^connect\(\d+, \{sa_family=AF_UNIX, sun_path="\/tmp\/decodeprog\/sock"\}, \d+\) = 0$/);

  const j = await mysysdig(
    "--format",
    "json",
    "-e",
    "openat,read,socketpair",
    "--",
    prog("decodeprog"),
  );
  assert.equal(j.code, 0, j.stderr);
  const evs = jsonl(j.stderr.split("\n").filter((l) => l.startsWith("{")).join("\n"));
  const open = evs.find((e) =>
    e.syscall === "openat" && e.args.filename === "/nonexistent/decodeprog"
  )!;
  assert.deepEqual(open.args, {
    dfd: "AT_FDCWD",
    filename: "/nonexistent/decodeprog",
    flags: "O_RDONLY",
  });
  assert.equal(open.ret, -2);
  assert.equal(open.errno, "ENOENT");
  assert.ok(open.dur >= 0 && BigInt(open.enter_ts) <= BigInt(open.ts));
  const long = evs.find((e) => e.syscall === "openat" && e.ret === -36)!;
  assert.equal(long.args.filename.truncated, true);
  assert.equal(long.args.filename.text.length, 4096);
  assert.ok(evs.some((e) => e.syscall === "read" && e.args.buf === "hello" && e.ret === 5));
  assert.ok(evs.some((e) => e.syscall === "read" && e.ret === -14 && e.args.buf === 1));
  assert.ok(evs.some((e) => e.syscall === "socketpair" && Array.isArray(e.args.sv)));
});

t("decode: -c prints a per-syscall table sorted by time", async () => {
  const r = await mysysdig("-c", "--", prog("decodeprog"));
  assert.equal(r.code, 0, r.stderr);
  // the table goes where the trace would: standard error, with a COMMAND
  assert.doesNotMatch(r.stdout, /% time/);
  const table = r.stderr.split("\n").filter((l) => /^\s*(% time|[\d.]+\s+[\d.]+)/.test(l));
  assert.match(table[0], /% time\s+seconds\s+usecs\/call\s+max usecs\s+calls\s+errors\s+syscall/);
  const rows = table.slice(1).map((l) => l.trim().split(/\s+/));
  const openat = rows.find((c) => c[c.length - 1] === "openat")!;
  assert.ok(Number(openat[4]) >= 9, openat.join(" "));
  assert.ok(Number(openat[5]) >= 4, "openat errors");
  const secs = rows.filter((c) => c[c.length - 1] !== "total").map((c) => Number(c[1]));
  for (let i = 1; i < secs.length; i++) assert.ok(secs[i] <= secs[i - 1], "sorted by time");
  assert.ok(rows.some((c) => c[c.length - 1] === "total"));
});

t("decode: socket addresses the kernel writes back stop at the caller's buffer", async () => {
  // sockaddrs hands each call an 8-byte buffer with "CANARY" behind it; the kernel copies 8
  // bytes and writes back the full length. The module once copied that full length, so the
  // canary showed as part of the path.
  const calls = ["accept", "accept4", "getsockname", "getpeername", "recvfrom", "recvmsg"];
  const check = (evs: ReturnType<typeof jsonl>, how: string) => {
    const mine = evs.filter((e) => e.comm === "sockaddrs" && calls.includes(e.syscall));
    const addrs = (v: unknown): Record<string, unknown>[] =>
      v && typeof v === "object"
        ? "family" in v ? [v as Record<string, unknown>] : Object.values(v).flatMap(addrs)
        : [];
    for (const name of calls) {
      const es = mine.filter((e) =>
        e.syscall === name && (e.dir === "syscall" || e.dir === "exit")
      );
      const got = es.flatMap((e) => addrs(e.args));
      assert.ok(got.length >= 1, `${how}: ${name} has an address: ${JSON.stringify(es)}`);
      // 8 bytes: the family and the first 6 bytes of the path, cut
      const cut = got.filter((a) => a.truncated === true);
      assert.ok(cut.length >= 1, `${how}: ${name} marked truncated: ${JSON.stringify(got)}`);
      for (const a of cut) {
        assert.deepEqual(a, { family: "AF_UNIX", path: "/tmp/m", truncated: true });
      }
    }
    // a buffer that holds the whole address: the whole path, not marked
    assert.ok(
      mine.some((e) =>
        addrs(e.args).some((a) =>
          a.path === "/tmp/msd-sockaddrs-dgram-b-0123456789" && a.truncated === undefined
        )
      ),
      `${how}: the full getsockname`,
    );
  };
  const out = "/tmp/sockaddrs.jsonl";
  const r = await mysysdig("--format", "json", "-o", out, "--", prog("sockaddrs"));
  assert.equal(r.code, 0, r.stderr);
  // the kernel wrote back more than the 8 bytes it copied, or the test proves nothing
  const lens = [...r.stdout.matchAll(/^(\w+) 8 -> (\d+)$/gm)];
  assert.equal(lens.length, 6, r.stdout);
  for (const m of lens) assert.ok(Number(m[2]) > 8, m[0]);
  let text = Deno.readTextFileSync(out);
  assert.doesNotMatch(text, /CANARY|NARYCA|ARYCAN/);
  check(jsonl(text), "json");
  // --events both: the address is copied at exit, with the length kept from the entry
  const b = await mysysdig(
    "--format",
    "json",
    "--events",
    "both",
    "-o",
    out,
    "--",
    prog("sockaddrs"),
  );
  assert.equal(b.code, 0, b.stderr);
  text = Deno.readTextFileSync(out);
  assert.doesNotMatch(text, /CANARY|NARYCA|ARYCAN/);
  check(jsonl(text), "both");
  Deno.removeSync(out);
  // -w: the module writes accept's and accept4's sysdig events itself; read back with -r
  const w = await mysysdig("-w", "/tmp/sockaddrs.scap", "--", prog("sockaddrs"));
  assert.equal(w.code, 0, w.stderr);
  const rb = await mysysdig("-r", "/tmp/sockaddrs.scap", "--format", "json");
  assert.equal(rb.code, 0, rb.stderr);
  assert.doesNotMatch(rb.stdout, /CANARY|NARYCA|ARYCAN/);
  check(jsonl(rb.stdout), "-w and -r");
  // text: the address as far as the caller's buffer reached, no "...", and both lengths (strace's)
  const x = await mysysdig("-e", "getsockname", "--", prog("sockaddrs"));
  assert.equal(x.code, 0, x.stderr);
  assert.match(
    x.stderr,
    /getsockname\(\d+, \{sa_family=AF_UNIX, sun_path="\/tmp\/m"\}, \[8 => \d+\]\) = 0/,
  );
  Deno.removeSync("/tmp/sockaddrs.scap");
});
