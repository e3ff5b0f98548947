// Seeded, reproducible fuzzing of the capture reader: thousands of mutated and truncated
// captures. Every one must either decode or fail with a CaptureFormatError naming an offset;
// nothing may crash or hang. FUZZ_SEED and FUZZ_RUNS override the defaults.
import assert from "node:assert/strict";
import zlib from "node:zlib";
import type { TraceRecord, TraceStats } from "../src/record.ts";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { CaptureFormatError, decodeCapture, openCaptureFile } from "../src/scap/reader.ts";
import { prng, synthRecords } from "../src/scap/synth.ts";

const SEED = Number(Deno.env.get("FUZZ_SEED") ?? 20240501);
const RUNS = Number(Deno.env.get("FUZZ_RUNS") ?? 20000);
const STATS: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };

async function capture(dir: string, gzip: boolean): Promise<Uint8Array> {
  const path = `${dir}/base${gzip ? ".gz" : ""}`;
  const sink = await openCaptureWriter(path, { arch: "x86_64", backend: "test" }, {
    gzip,
    procfs: false,
  });
  const recs: TraceRecord[] = synthRecords({ arch: "x86_64", count: 400, seed: 9, dropRate: 0.02 });
  for (const r of recs) sink.write(r);
  await sink.close(STATS);
  return await Deno.readFile(path);
}

const BOUNDARY = [0, 1, 3, 4, 11, 12, 26, 27, 28, 38, 65535, 65536, 65544, 0x7fffffff, 0xffffffff];

/** One mutation of `b`, chosen by `rnd`. */
function mutate(b: Uint8Array, rnd: () => number): Uint8Array {
  const at = () => Math.floor(rnd() * b.length);
  const op = Math.floor(rnd() * 7);
  if (b.length < 4) return b.subarray(0, at());
  const m = b.slice();
  const dv = new DataView(m.buffer);
  switch (op) {
    case 0: // flip a few bits
      for (let i = 0, n = 1 + Math.floor(rnd() * 8); i < n; i++) {
        m[at()] ^= 1 << Math.floor(rnd() * 8);
      }
      return m;
    case 1: { // an interesting 32-bit value (block or event lengths, counts)
      const o = Math.min(at(), m.length - 4);
      dv.setUint32(Math.max(0, o), BOUNDARY[Math.floor(rnd() * BOUNDARY.length)], true);
      return m;
    }
    case 2: { // a 16-bit value (parameter lengths, event types)
      const o = Math.max(0, Math.min(at(), m.length - 2));
      dv.setUint16(o, Math.floor(rnd() * 65536), true);
      return m;
    }
    case 3: // truncate
      return m.subarray(0, at());
    case 4: { // delete a range
      const s = at();
      const e = Math.min(b.length, s + 1 + Math.floor(rnd() * 64));
      const o = new Uint8Array(b.length - (e - s));
      o.set(b.subarray(0, s));
      o.set(b.subarray(e), s);
      return o;
    }
    case 5: { // insert random bytes
      const s = at();
      const ins = Uint8Array.from({ length: 1 + Math.floor(rnd() * 32) }, () => rnd() * 256);
      const o = new Uint8Array(b.length + ins.length);
      o.set(b.subarray(0, s));
      o.set(ins, s);
      o.set(b.subarray(s), s + ins.length);
      return o;
    }
    default: // random garbage over a range
      for (let i = at(), n = i + Math.floor(rnd() * 100); i < n && i < m.length; i++) {
        m[i] = rnd() * 256;
      }
      return m;
  }
}

function check(input: Uint8Array, label: string): "ok" | "warned" | "error" {
  try {
    const r = decodeCapture(input, { path: label });
    return r.warnings.length > 0 ? "warned" : "ok";
  } catch (e) {
    if (e instanceof CaptureFormatError) {
      assert.match(e.message, /offset \d+/, `${label}: ${e.message}`);
      return "error";
    }
    throw new Error(`${label}: unexpected ${(e as Error).stack}`);
  }
}

Deno.test("scap reader fuzz: mutated and truncated captures fail cleanly", async () => {
  const dir = await Deno.makeTempDir();
  const plain = await capture(dir, false);
  const gz = await capture(dir, true);
  const rnd = prng(SEED);
  const tally = { ok: 0, warned: 0, error: 0 };
  const t0 = performance.now();
  for (let i = 0; i < RUNS; i++) {
    // Mostly plain captures; some compressed ones, mutated before or after compression.
    const kind = i % 10;
    let input: Uint8Array;
    if (kind < 8) input = mutate(plain, rnd);
    else if (kind === 8) input = mutate(gz, rnd);
    else input = zlib.gzipSync(mutate(plain, rnd));
    if (rnd() < 0.2) input = mutate(input, rnd);
    tally[check(input, `seed ${SEED} run ${i}`)]++;
  }
  // Every truncation point of the first few hundred bytes (headers and first events).
  for (let n = 0; n < 600; n++) tally[check(plain.subarray(0, n), `prefix ${n}`)]++;
  const ms = performance.now() - t0;
  console.log(`fuzz: ${RUNS + 600} inputs in ${ms.toFixed(0)} ms: ${JSON.stringify(tally)}`);
  assert.ok(tally.ok > 0 && tally.warned > 0 && tally.error > 0);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap reader fuzz: the streaming file reader agrees on mutated gzip files", async () => {
  const dir = await Deno.makeTempDir();
  const gz = await capture(dir, true);
  const rnd = prng(SEED ^ 0x5a5a);
  for (let i = 0; i < 150; i++) {
    const input = i % 2 ? mutate(gz, rnd) : zlib.gzipSync(mutate(zlib.gunzipSync(gz), rnd));
    await Deno.writeFile(`${dir}/m.gz`, input);
    let mem: TraceRecord[] | string;
    try {
      mem = decodeCapture(input).records;
    } catch (e) {
      assert.ok(e instanceof CaptureFormatError, String(e));
      mem = "error";
    }
    let file: TraceRecord[] | string = [];
    try {
      const be = await openCaptureFile(`${dir}/m.gz`);
      for await (const r of be.records()) (file as TraceRecord[]).push(r);
      await be.close();
    } catch (e) {
      assert.ok(e instanceof CaptureFormatError, `run ${i}: ${(e as Error).stack}`);
      file = "error";
    }
    if (mem !== "error" && file !== "error") assert.deepEqual(file, mem, `run ${i}`);
  }
  await Deno.remove(dir, { recursive: true });
});
