/**
 * tools/strace_suite.ts DIR [--show NAME] [--worst N]: scores a run of tools/strace_suite.sh.
 *
 * DIR/out holds what the guest brought back: exp/NAME (a test program's standard output: the
 * lines strace must print for it), rc/NAME (its exit status; 77 = skipped) and log/gN.log
 * (mysysdig's text output for flag set N, every test of the set under one `sh`).
 *
 * A test's lines are those of the thread that exec'd ./NAME, from that execve on, and of every
 * thread it cloned. They are kept when their syscall name (or `---`, `+++`) is among the expected
 * lines' (strace's tests trace one set each), stripped of mysysdig's prefix (`NUM TIME CPU COMM
 * (TID) `) and duration, and an expected line counts as reproduced when an identical line is among
 * them (each used once). strace's `[pid N] ` prefix is stripped from the expected lines too.
 *
 * Prints the share reproduced, overall and per syscall, and writes DIR/diffs.txt: every expected
 * line not reproduced, beside mysysdig's line for the same call (the first unused line of that
 * syscall), grouped by syscall.
 */
const dir = Deno.args[0];
if (!dir) throw new Error("usage: tools/strace_suite.ts DIR [--show NAME] [--worst N]");
const show = Deno.args.indexOf("--show") > 0 ? Deno.args[Deno.args.indexOf("--show") + 1] : "";
const worst = Deno.args.indexOf("--worst") > 0
  ? Number(Deno.args[Deno.args.indexOf("--worst") + 1])
  : 25;
const out = `${dir}/out`;

const PREFIX = /^\d+ \S+ \d+ (.*?) \((\d+)\) (.*)$/;
const DURATION = / <\d+\.\d+>$/;
const key = (l: string): string =>
  l.startsWith("--- ")
    ? "---"
    : l.startsWith("+++ ")
    ? "+++"
    : (/^([a-z_0-9]+)\(/.exec(l)?.[1] ?? "?");

const exp = new Map<string, string[]>();
for (const e of Deno.readDirSync(`${out}/exp`)) {
  const rc = Deno.readTextFileSync(`${out}/rc/${e.name}`).trim();
  if (rc === "77") continue;
  const lines = Deno.readTextFileSync(`${out}/exp/${e.name}`).split("\n")
    .filter((l) => l !== "").map((l) => l.replace(/^(\[pid +\d+\]|\d+) +/, ""));
  if (lines.length) exp.set(e.name, lines);
}

/** test name -> its traced lines, body only */
const got = new Map<string, string[]>();
for (const e of Deno.readDirSync(`${out}/log`)) {
  if (!e.name.endsWith(".log")) continue;
  const rows: { tid: number; body: string }[] = [];
  for (const l of Deno.readTextFileSync(`${out}/log/${e.name}`).split("\n")) {
    const m = PREFIX.exec(l);
    if (m) rows.push({ tid: Number(m[2]), body: m[3].replace(DURATION, "") });
    else if (/^ [|*=] /.test(l) && rows.length) {
      // -e read=/write= dump lines: the previous line's call's
      rows.push({ tid: rows[rows.length - 1].tid, body: l });
    }
  }
  // which thread runs which test: its execve of the test, or a clone by a thread that does
  const execAt = new Map<number, { name: string; at: number }>();
  const parent = new Map<number, number>();
  rows.forEach((r, i) => {
    // the path as text: under -x/-xx it is all \xNN escapes; under -n after the call's number
    const x = /^execve\("[^"]*?([^"/]+)"/.exec(
      r.body.replace(/^\[ *\d+\] /, "").replace(
        /\\x([0-9a-f]{2})/g,
        (_, h) => String.fromCharCode(parseInt(h, 16)),
      ),
    );
    if (x && exp.has(x[1]) && !execAt.has(r.tid) && / = 0$/.test(r.body)) {
      execAt.set(r.tid, { name: x[1], at: i });
    }
    const c = /^(?:\[ *\d+\] )?(clone3?|fork|vfork)\(.* = (\d+)$/.exec(r.body);
    if (c && Number(c[2]) > 0) parent.set(Number(c[2]), r.tid);
  });
  const testOf = (tid: number, depth = 0): string | undefined => {
    const x = execAt.get(tid);
    if (x) return x.name;
    const p = parent.get(tid);
    return p !== undefined && depth < 50 ? testOf(p, depth + 1) : undefined;
  };
  rows.forEach((r, i) => {
    const x = execAt.get(r.tid);
    if (x && i < x.at) return; // the shell's child before its exec
    const t = testOf(r.tid);
    if (!t) return;
    if (!got.has(t)) got.set(t, []);
    got.get(t)!.push(r.body);
  });
}

let total = 0, same = 0;
const bySc = new Map<string, { n: number; ok: number }>();
const perTest: { name: string; n: number; ok: number }[] = [];
const diffs = new Map<string, string[]>();
for (const [name, lines] of exp) {
  const keys = new Set(lines.map(key));
  const mine = (got.get(name) ?? []).filter((l) => keys.has(key(l)));
  const pool = new Map<string, number>();
  for (const l of mine) pool.set(l, (pool.get(l) ?? 0) + 1);
  let ok = 0;
  const missed: string[] = [];
  for (const l of lines) {
    const k = key(l);
    const s = bySc.get(k) ?? { n: 0, ok: 0 };
    bySc.set(k, s);
    s.n++;
    const c = pool.get(l) ?? 0;
    if (c > 0) {
      pool.set(l, c - 1);
      ok++;
      s.ok++;
    } else if (missed.length < 40) missed.push(l);
  }
  // mysysdig's line for a missed one: the next of the same call that matched nothing
  const spare = new Map<string, string[]>();
  for (const l of mine) {
    const c = pool.get(l) ?? 0;
    if (c <= 0) continue;
    pool.set(l, c - 1);
    const k = key(l);
    if (!spare.has(k)) spare.set(k, []);
    spare.get(k)!.push(l);
  }
  for (const l of missed) {
    const k = key(l);
    const mineLine = spare.get(k)?.shift() ?? "(none)";
    if (!diffs.has(k)) diffs.set(k, []);
    diffs.get(k)!.push(`[${name}]\n  strace:   ${l}\n  mysysdig: ${mineLine}`);
  }
  total += lines.length;
  same += ok;
  perTest.push({ name, n: lines.length, ok });
  if (name === show) {
    console.log(`== ${name}: expected\n${lines.join("\n")}\n== mysysdig\n${mine.join("\n")}`);
  }
}

const pct = (a: number, b: number) => b ? (100 * a / b).toFixed(1) : "-";
console.log(
  `strace 6.1's suite: ${exp.size} tests with expected lines, ${total} lines, ${same} reproduced exactly: ${
    pct(same, total)
  } %`,
);
const noPlus = [...bySc].filter(([k]) => k !== "+++").reduce(
  (a, [, s]) => ({ n: a.n + s.n, ok: a.ok + s.ok }),
  { n: 0, ok: 0 },
);
console.log(
  `without the "+++ exited" lines: ${noPlus.ok} of ${noPlus.n}: ${pct(noPlus.ok, noPlus.n)} %`,
);
const testsAll = perTest.filter((t) => t.ok === t.n).length;
// a few tests print hundreds of thousands of lines (hex dumps, long loops): figures without them
const small = perTest.filter((t) => t.n <= 2000);
const sn = small.reduce((a, t) => a + t.n, 0), sok = small.reduce((a, t) => a + t.ok, 0);
console.log(`tests of at most 2000 lines (${small.length}): ${sok} of ${sn}: ${pct(sok, sn)} %`);
const mean = perTest.reduce((a, t) => a + t.ok / t.n, 0) / (perTest.length || 1);
console.log(`mean of the tests' shares: ${(100 * mean).toFixed(1)} %`);
console.log(`tests reproduced whole: ${testsAll} of ${perTest.length}`);
console.log(`\nmost lines missed, by syscall (missed of expected):`);
for (
  const [k, s] of [...bySc].sort((a, b) => (b[1].n - b[1].ok) - (a[1].n - a[1].ok)).slice(0, worst)
) console.log(`  ${k.padEnd(24)} ${String(s.n - s.ok).padStart(6)} of ${s.n}`);
const d: string[] = [];
for (const [k, v] of [...diffs].sort((a, b) => b[1].length - a[1].length)) {
  d.push(`#### ${k}: ${v.length}`, ...v);
}
Deno.writeTextFileSync(`${dir}/diffs.txt`, d.join("\n") + "\n");
Deno.writeTextFileSync(
  `${dir}/tests.txt`,
  perTest.sort((a, b) => a.name < b.name ? -1 : 1).map((t) => `${t.name} ${t.ok}/${t.n}`).join(
    "\n",
  ) + "\n",
);
console.log(`\ndetails: ${dir}/diffs.txt, ${dir}/tests.txt`);
