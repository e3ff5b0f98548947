import assert from "node:assert/strict";
import { parseArgs } from "../src/cli_args.ts";
import { UsageError } from "../src/errors.ts";

Deno.test("cli args: defaults", () => {
  assert.deepEqual(parseArgs([]), {
    pids: [],
    follow: false,
    events: "syscall",
    summary: false,
    failed: false,
    format: "text",
    backend: "auto",
    gzip: false,
    clobber: false,
    textOutput: false,
    help: false,
    version: false,
  });
});

Deno.test("cli args: -s, --events, -c, -Z and their conflicts", () => {
  const o = parseArgs(["-s", "0", "--events", "both", "-c"]);
  assert.equal(o.snaplen, 0);
  assert.equal(o.events, "both");
  assert.equal(o.summary, true);
  assert.equal(parseArgs(["-Z", "--snaplen=200"]).failed, true);
  assert.throws(() => parseArgs(["-s", "20000"]), UsageError);
  assert.throws(() => parseArgs(["--events", "enter"]), UsageError);
  assert.throws(() => parseArgs(["-Z", "--events", "both"]), UsageError);
  assert.throws(() => parseArgs(["--format", "seed", "-c"]), UsageError);
});

Deno.test("cli args: every flag, long and short, attached and separate values", () => {
  const o = parseArgs([
    "-p",
    "1,2",
    "--pid=3",
    "-p4",
    "--proc-name",
    "nginx",
    "-f",
    "-e",
    "openat,read",
    "--syscalls=257",
    "-o",
    "out.jsonl",
    "--format",
    "json",
    "--backend=kmod",
    "--buffer-size",
    "256",
    "--blocking-timeout=250",
    "--clobber",
    "--",
    "./prog",
    "-p",
    "x",
  ]);
  assert.deepEqual(o, {
    pids: [1, 2, 3, 4],
    procName: "nginx",
    follow: true,
    events: "syscall",
    summary: false,
    failed: false,
    syscalls: ["openat", "read", "257"],
    output: "out.jsonl",
    format: "json",
    backend: "kmod",
    bufferKb: 256,
    blockMs: 250,
    command: ["./prog", "-p", "x"],
    gzip: false,
    clobber: true,
    textOutput: true,
    help: false,
    version: false,
  });
  assert.equal(parseArgs(["-h"]).help, true);
  assert.equal(parseArgs(["--version"]).version, true);
});

Deno.test("cli args: usage errors name the problem", () => {
  const cases: [string[], RegExp][] = [
    [["--bogus"], /unknown option --bogus/],
    [["-K"], /unknown option -K/],
    [["-p"], /-p needs a value/],
    [["-p", "abc"], /"abc" is not a number/],
    [["-p", "0"], /out of range/],
    [["-p", "1,,2"], /empty pid/],
    [["--format", "xml"], /unknown format "xml" \(choose text, seed, json, perfetto\)/],
    [["--backend", "ebpf"], /unknown backend "ebpf"/],
    [["--buffer-size", "4"], /at least 128 KiB/],
    [["--buffer-size", "127"], /at least 128 KiB \(twice the largest record/],
    [["--blocking-timeout", "0"], /out of range 1\.\.60000/],
    [["--blocking-timeout", "60001"], /out of range/],
    [["--blocking-timeout", "1s"], /"1s" is not a number/],
    [["-r", "f", "--blocking-timeout", "10"], /--blocking-timeout does not apply/],
    [["-e", "read,"], /empty name/],
    [["--follow=yes"], /takes no value/],
    [["ls"], /put -- before it/],
    [["--"], /must be followed by a COMMAND/],
    [["--proc-name="], /name is empty/],
    [["-z"], /add -w FILE/],
    [["-C", "10"], /add -w FILE/],
    [["-w", "f", "-W", "3"], /-W N needs -C MB/],
    [["-r", "f", "--", "ls"], /cannot run a COMMAND/],
    [["-r", "f", "--backend", "kmod"], /--backend does not apply/],
    [["-r", "f", "-w", "f"], /same file/],
    [["-w", "f", "-C", "0"], /out of range/],
  ];
  for (const [argv, re] of cases) {
    assert.throws(() => parseArgs(argv), (e: unknown) => {
      assert.ok(e instanceof UsageError, `${argv}: ${e}`);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("cli args: strace's flags, with strace's meaning", () => {
  // -e trace=SET, -e '!SET', trace=!SET, a regex, ?NAME, all
  assert.deepEqual(parseArgs(["-e", "trace=openat,read"]).syscalls, ["openat", "read"]);
  assert.deepEqual(parseArgs(["-e", "openat"]).syscalls, ["openat"]);
  const neg = parseArgs(["-e", "!write", "-e", "trace=!%memory"]);
  assert.deepEqual(neg.syscallsExcluded, ["write", "%memory"]);
  assert.equal(neg.syscalls, undefined);
  assert.deepEqual(parseArgs(["-e", "trace=/^rt_,?open"]).syscalls, ["/^rt_", "?open"]);
  assert.equal(parseArgs(["-e", "trace=all"]).syscalls, undefined);
  // -e signal= is accepted (and warned about by the CLI)
  assert.equal(parseArgs(["-e", "signal=!SIGCHLD"]).signalSet, "!SIGCHLD");
  // timestamps, strings, quiet; -T and -v are accepted
  assert.equal(parseArgs(["-t"]).timestamps, "t");
  assert.equal(parseArgs(["-tt"]).timestamps, "tt");
  assert.equal(parseArgs(["-ttt"]).timestamps, "ttt");
  assert.equal(parseArgs(["--relative-timestamps"]).timestamps, "relative");
  assert.equal(parseArgs(["-x"]).hexStrings, 1);
  assert.equal(parseArgs(["-xx"]).hexStrings, 2);
  assert.equal(parseArgs(["-q"]).quiet, true);
  assert.equal(parseArgs(["-y"]).fdNames, 1);
  assert.equal(parseArgs(["-yy"]).fdNames, 2);
  assert.equal(parseArgs(["-yy", "--format", "json"]).fdNames, 2);
  // strace's --decode-fds: alone, -y; a set of what to name
  assert.equal(parseArgs(["--decode-fds"]).fdNames, 1);
  assert.deepEqual(parseArgs(["--decode-fds=dev"]).decodeFds, {
    path: false,
    socket: false,
    dev: true,
    pidfd: false,
  });
  assert.deepEqual(parseArgs(["-e", "decode-fds=path,socket"]).decodeFds, {
    path: true,
    socket: true,
    dev: false,
    pidfd: false,
  });
  assert.equal(parseArgs(["-e", "decode-fd=pidfd"]).fdNames, 2);
  assert.equal(parseArgs(["--decode-fds=all"]).decodeFds?.pidfd, true);
  assert.equal(parseArgs(["--decode-fds=none"]).fdNames, undefined);
  assert.equal(parseArgs(["-n"]).syscallNumbers, true);
  assert.equal(parseArgs(["--syscall-number"]).syscallNumbers, true);
  const accepted = parseArgs(["-T", "-v", "-f", "--", "ls"]);
  assert.equal(accepted.follow, true);
  assert.deepEqual(accepted.command, ["ls"]);
  assert.equal(accepted.verbose, true);
  assert.equal(parseArgs(["-T"]).verbose, undefined);
  assert.equal(parseArgs(["--no-abbrev"]).verbose, true);
  assert.equal(parseArgs(["--strings-in-hex"]).hexStrings, 2);
  assert.equal(parseArgs(["--strings-in-hex=all"]).hexStrings, 2);
  assert.equal(parseArgs(["--strings-in-hex=non-ascii"]).hexStrings, 1);
  assert.equal(parseArgs(["--strings-in-hex=non-ascii-chars"]).hexStrings, 3);
  assert.equal(parseArgs(["--strings-in-hex=none"]).hexStrings, undefined);
  assert.throws(() => parseArgs(["--strings-in-hex=some"]), /one of none, non-ascii-chars/);
  // sysdig's -r FILE keeps its meaning; existing flags are unchanged
  assert.equal(parseArgs(["-r", "x.scap"]).read, "x.scap");
  assert.equal(parseArgs(["-r", "-"]).read, "-");
  assert.equal(parseArgs(["-c", "-Z", "-s", "10"]).summary, true);
});

Deno.test("cli args: strace and sysdig flags without a counterpart name the one that does", () => {
  const cases: [string[], RegExp][] = [
    [["-y", "--events", "both"], /-y and -yy name the fds of completed syscalls/],
    [["-yy", "-w", "x.scap"], /not with .*a capture file alone/],
    [["-e", "decode-fds=bogus"], /"bogus" is not one of path, socket, dev, pidfd, all, none/],
    [["-ff"], /use -f, and -o FILE/],
    [["-r", "--", "ls"], /for strace's relative timestamps use --relative-timestamps/],
    [["-r"], /use --relative-timestamps/],
    [["-r", "-t"], /use --relative-timestamps/],
    [["-r", "f", "--", "ls"], /--relative-timestamps/],
    [["-j"], /use --format json/],
    [["-S", "calls"], /-c sorts by time/],
    [["--follow-forks"], /use -f/],
    [["--summary-only"], /use -c/],
    [["-e", "status=failed"], /use -Z/],
    [["-e", "inject=open:error=ENOENT"], /cannot inject/],
    [
      ["-e", "bogus=1"],
      /unknown qualifier "bogus" \(mysysdig takes trace=, signal=, read= and write=\)/,
    ],
    [["-e", "trace=none"], /would trace nothing/],
    [["-e", "!all"], /would trace nothing/],
    [["-t", "-tt"], /give one of them/],
    [["-tttt"], /at most -ttt/],
    [["-tt", "--format", "json"], /shape the text format/],
    [["-p", "%proc.name"], /for sysdig's -p FORMAT use --print "%proc.name"/],
    [["-C", "--", "ls"], /for strace's -C .* use -c/],
    [["-x", "--format", "seed"], /shape the text format/],
  ];
  for (const [argv, re] of cases) {
    assert.throws(() => parseArgs(argv), (e: unknown) => {
      assert.ok(e instanceof UsageError, `${argv}: ${e}`);
      assert.equal(e.exitCode, 2);
      assert.match(e.message, re);
      return true;
    });
  }
});

Deno.test("cli args: capture files", () => {
  const o = parseArgs(["-w", "a.scap", "-z", "-C", "10", "-W", "5"]);
  assert.equal(o.write, "a.scap");
  assert.equal(o.gzip, true);
  assert.equal(o.rotateMb, 10);
  assert.equal(o.rotateFiles, 5);
  assert.equal(o.textOutput, false);
  assert.equal(parseArgs(["-w", "a.scap", "--format", "json"]).textOutput, true);
  const r = parseArgs(["-r", "a.scap", "-p", "5", "--format", "seed"]);
  assert.equal(r.read, "a.scap");
  assert.deepEqual(r.pids, [5]);
});
