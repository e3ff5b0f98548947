import assert from "node:assert/strict";
import type { Arch, TraceRecord, TraceStats } from "../src/record.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { decodeCapture, openCaptureFile } from "../src/scap/reader.ts";
import { synthRecords } from "../src/scap/synth.ts";
import { MsdError } from "../src/errors.ts";

const STATS: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };

async function writeCapture(
  path: string,
  recs: TraceRecord[],
  arch: Arch,
  opts: { gzip?: boolean } = {},
): Promise<void> {
  const sink = await openCaptureWriter(path, { arch, backend: "test" }, { ...opts, procfs: false });
  for (const r of recs) sink.write(r);
  await sink.close(STATS);
}

async function readAll(path: string) {
  const be = await openCaptureFile(path);
  const out: TraceRecord[] = [];
  for await (const r of be.records()) out.push(r);
  await be.close();
  return { arch: be.arch, records: out, warnings: be.warnings, stats: be.stats() };
}

for (const arch of ["x86_64", "aarch64"] as const) {
  for (const gzip of [false, true]) {
    Deno.test(`scap round trip: ${arch}${gzip ? ", gzip" : ""}`, async () => {
      const dir = await Deno.makeTempDir();
      const path = `${dir}/t.scap`;
      const recs = synthRecords({ arch, count: 20000, seed: 7 });
      await writeCapture(path, recs, arch, { gzip });
      const got = await readAll(path);
      assert.deepEqual(got.arch, arch);
      assert.deepEqual(got.warnings, []);
      assert.deepEqual(got.records.length, recs.length);
      for (let i = 0; i < recs.length; i++) {
        assert.deepEqual(got.records[i], recs[i], `record ${i}`);
      }
      const lost = recs.reduce((s, r) => s + (r.kind === "drop" ? r.lost : 0n), 0n);
      assert.deepEqual(got.stats.dropped, lost);
      assert.deepEqual(got.stats.recorded, BigInt(recs.filter((r) => r.kind !== "drop").length));
      const st = await Deno.stat(path);
      assert.deepEqual(st.mode! & 0o777, 0o600);
      // The in-memory decoder agrees with the file backend.
      assert.deepEqual(decodeCapture(await Deno.readFile(path)).records, got.records);
      await Deno.remove(dir, { recursive: true });
    });
  }
}

Deno.test("scap round trip: odd values", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/odd.scap`;
  const base = { cpu: 65535, pid: 2 ** 31 - 1, tid: 2 ** 31 - 1, comm: "ünïcødé-15chars" };
  const recs: TraceRecord[] = [
    { ...base, kind: "enter", ts: 0n, nr: 0, args: [0n, 0n, 0n, 0n, 0n, 0n] },
    { ...base, kind: "exit", ts: 1n, nr: 0, ret: -(2n ** 63n) },
    { ...base, kind: "enter", ts: 2n, nr: 1023, args: Array(6).fill(2n ** 64n - 1n) },
    { ...base, kind: "exit", ts: 2n ** 64n - 1n, nr: 1023, ret: 2n ** 63n - 1n },
    { ...base, comm: "", kind: "enter", ts: 3n, nr: 3, args: [2n ** 64n - 1n, 0n, 0n, 0n, 0n, 5n] },
    { ...base, comm: "", kind: "exit", ts: 4n, nr: 3, ret: -9n },
    { kind: "drop", ts: 5n, cpu: 3, pid: 0, tid: 0, comm: "", lost: 2n ** 64n - 1n },
  ];
  await writeCapture(path, recs, "x86_64");
  assert.deepEqual((await readAll(path)).records, recs);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: an empty capture is a valid file", async () => {
  const dir = await Deno.makeTempDir();
  await writeCapture(`${dir}/e.scap`, [], "aarch64");
  const got = await readAll(`${dir}/e.scap`);
  assert.deepEqual(got.arch, "aarch64");
  assert.deepEqual(got.records, []);
  assert.deepEqual(got.warnings, []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: truncated file reads up to its last whole event and warns", async () => {
  const dir = await Deno.makeTempDir();
  const recs = synthRecords({ arch: "x86_64", count: 500, seed: 3 });
  await writeCapture(`${dir}/t.scap`, recs, "x86_64");
  const full = await Deno.readFile(`${dir}/t.scap`);
  await Deno.writeFile(`${dir}/cut.scap`, full.subarray(0, full.length - 7));
  const warned: string[] = [];
  const be = await openCaptureFile(`${dir}/cut.scap`, { onWarning: (w) => warned.push(w.message) });
  const got: TraceRecord[] = [];
  for await (const r of be.records()) got.push(r);
  assert.deepEqual(got, recs.slice(0, recs.length - 1));
  assert.deepEqual(be.warnings.map((w) => w.kind), ["truncated"]);
  assert.ok(warned[0].includes("truncated"), warned[0]);
  await be.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: corrupt file names the offset", async () => {
  const dir = await Deno.makeTempDir();
  await writeCapture(`${dir}/t.scap`, synthRecords({ arch: "x86_64", count: 50 }), "x86_64");
  const b = await Deno.readFile(`${dir}/t.scap`);
  b[28 + 4] = 0xff; // length of the block after the section header
  b[28 + 5] = 0xff;
  b[28 + 6] = 0xff;
  await Deno.writeFile(`${dir}/bad.scap`, b);
  await assert.rejects(() => readAll(`${dir}/bad.scap`), (e: Error) => {
    assert.ok(e instanceof MsdError && e.message.includes("offset 28"), e.message);
    return true;
  });
  await Deno.writeFile(`${dir}/text.scap`, new TextEncoder().encode("hello, not a capture\n"));
  await assert.rejects(() => readAll(`${dir}/text.scap`), (e: Error) => {
    assert.ok(e instanceof MsdError && e.message.includes("offset 0"), e.message);
    return true;
  });
  await assert.rejects(() => readAll(`${dir}/missing.scap`), MsdError);
  await Deno.remove(dir, { recursive: true });
});
