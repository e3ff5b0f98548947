/**
 * What the command reads: a capture from a file or from standard input (`-r -`, plain or gzip),
 * and the errors for a directory and for syscall numbers that cannot be selected.
 */
import assert from "node:assert/strict";
import zlib from "node:zlib";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { synthRecords } from "../src/scap/synth.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();

async function cli(args: string[], stdin?: Uint8Array) {
  const p = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "--quiet", `${ROOT}cli.ts`, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // collect the output while feeding the input: a full pipe either way would deadlock
  const out = p.output();
  if (stdin) {
    const w = p.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const o = await out;
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

async function capture(dir: string): Promise<string> {
  const cap = `${dir}/in.scap`;
  const sink = await openCaptureWriter(cap, { arch: "x86_64", backend: "test" }, {
    procfs: false,
  });
  for (const r of synthRecords({ arch: "x86_64", count: 3000, seed: 5 })) sink.write(r);
  await sink.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  return cap;
}

Deno.test("cli: -r - reads a capture from standard input, plain or gzip", async () => {
  const dir = await Deno.makeTempDir();
  const cap = await capture(dir);
  const fromFile = await cli(["-r", cap, "--format", "json"]);
  assert.equal(fromFile.code, 0, fromFile.stderr);
  assert.ok(fromFile.stdout.split("\n").length > 1000);
  const bytes = Deno.readFileSync(cap);
  for (const input of [bytes, zlib.gzipSync(bytes)]) {
    const r = await cli(["-r", "-", "--format", "json"], input);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, fromFile.stdout);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("cli: -r DIR and -e with an impossible number are clear errors", async () => {
  const dir = await Deno.makeTempDir();
  const cap = await capture(dir);
  let r = await cli(["-r", dir]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot read .*: it is a directory, not a capture file/);
  r = await cli(["-r", cap, "-e", "9999"]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /syscall number 9999 is out of range \(0\.\.1023\)/);
  // a number the table does not name is selected, with a warning
  r = await cli(["-r", cap, "-e", "1000,getpid"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /syscall number 1000 is not in the x86_64 table: selecting it anyway/);
  assert.match(r.stdout, /getpid\(/);
  await Deno.remove(dir, { recursive: true });
});
