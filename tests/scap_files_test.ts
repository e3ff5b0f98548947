// Capture files on disk: rotation rings, SIGKILL mid-capture, a full disk.
import assert from "node:assert/strict";
import type { TraceRecord, TraceStats } from "../src/record.ts";
import { CaptureWriteError, openCaptureWriter, rotatedName } from "../src/scap/writer.ts";
import { type CaptureWarning, openCaptureFile } from "../src/scap/reader.ts";
import { synthRecords } from "../src/scap/synth.ts";

const STATS: TraceStats = { seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] };
const DENO = Deno.execPath();

function hasSysdig(): boolean {
  try {
    return Deno.statSync("/usr/bin/sysdig").isFile;
  } catch {
    return false;
  }
}

async function readAll(path: string) {
  const be = await openCaptureFile(path);
  const records: TraceRecord[] = [];
  for await (const r of be.records()) records.push(r);
  await be.close();
  return { records, warnings: be.warnings as CaptureWarning[] };
}

/** sysdig's exit status and number of events printed, or undefined without sysdig. */
async function sysdigCount(
  path: string,
): Promise<{ code: number; events: number; err: string } | undefined> {
  if (!hasSysdig()) return undefined;
  const r = await new Deno.Command("/usr/bin/sysdig", {
    args: ["-r", path, "-p", "*%evt.num"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const out = new TextDecoder().decode(r.stdout).split("\n").filter((l) => l !== "");
  return { code: r.code, events: out.length, err: new TextDecoder().decode(r.stderr) };
}

const syscalls = (rs: TraceRecord[]) => rs.filter((r) => r.kind !== "drop").length;

for (const gzip of [false, true]) {
  Deno.test(`scap rotation: a ring of 3 files${gzip ? ", gzip" : ""}`, async () => {
    const dir = await Deno.makeTempDir();
    const base = `${dir}/ring.scap`;
    const recs = synthRecords({ arch: "x86_64", count: 30000, seed: 21 });
    const sink = await openCaptureWriter(base, { arch: "x86_64", backend: "test" }, {
      gzip,
      rotateMb: gzip ? 0.05 : 0.2,
      rotateFiles: 3,
      procfs: false,
    });
    for (const r of recs) sink.write(r);
    await sink.close(STATS);
    const names = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepEqual(names, ["ring.scap0", "ring.scap1", "ring.scap2"]);
    const files = [];
    for (const n of names) {
      const st = await Deno.stat(`${dir}/${n}`);
      assert.equal(st.mode! & 0o777, 0o600);
      if (!gzip) assert.ok(st.size < 0.2e6 + 70000, `${n}: ${st.size} bytes`);
      const got = await readAll(`${dir}/${n}`);
      assert.deepEqual(got.warnings, []);
      files.push(got.records);
      const sd = await sysdigCount(`${dir}/${n}`);
      if (sd) {
        assert.equal(sd.code, 0, sd.err);
        assert.equal(sd.events, syscalls(got.records));
      }
    }
    // Oldest first: the ring holds the most recent records, in order.
    files.sort((a, b) => (a[0].ts < b[0].ts ? -1 : 1));
    const kept = files.flat();
    assert.ok(kept.length < recs.length);
    assert.deepEqual(kept, recs.slice(recs.length - kept.length));
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("scap rotation: without a ring, files are numbered up; ring names are padded", async () => {
  const dir = await Deno.makeTempDir();
  const recs = synthRecords({ arch: "aarch64", count: 12000, seed: 4 });
  const sink = await openCaptureWriter(`${dir}/c.scap`, { arch: "aarch64", backend: "test" }, {
    rotateMb: 0.2,
    procfs: false,
  });
  for (const r of recs) sink.write(r);
  await sink.close(STATS);
  const names = [...Deno.readDirSync(dir)].map((e) => e.name);
  assert.ok(names.length >= 3, names.join(" "));
  const all: TraceRecord[] = [];
  for (let i = 0; i < names.length; i++) {
    assert.ok(names.includes(`c.scap${i}`), names.join(" "));
    all.push(...(await readAll(`${dir}/c.scap${i}`)).records);
  }
  assert.deepEqual(all, recs);
  assert.equal(rotatedName("x.scap", 3, 10), "x.scap03");
  assert.equal(rotatedName("x.scap", 3, 5), "x.scap3");
  assert.equal(rotatedName("x.scap", 12), "x.scap12");
  await assert.rejects(
    () => openCaptureWriter(`${dir}/w.scap`, { arch: "x86_64", backend: "t" }, { rotateFiles: 2 }),
    /needs a file size/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("scap: buffered records reach the file within about a second without flush()", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/t.scap`;
  const sink = await openCaptureWriter(path, { arch: "x86_64", backend: "test" }, {
    procfs: false,
  });
  const header = (await Deno.stat(path)).size;
  const recs = synthRecords({ arch: "x86_64", count: 100, seed: 2 });
  for (const r of recs) sink.write(r);
  assert.equal((await Deno.stat(path)).size, header);
  await new Promise((r) => setTimeout(r, 2100));
  assert.ok((await Deno.stat(path)).size > header);
  assert.deepEqual((await readAll(path)).records, recs);
  await sink.close(STATS);
  await Deno.remove(dir, { recursive: true });
});

const CHILD = `
import { openCaptureWriter } from ${
  JSON.stringify(new URL("../src/scap/writer.ts", import.meta.url).href)
};
import { synthRecords } from ${
  JSON.stringify(new URL("../src/scap/synth.ts", import.meta.url).href)
};
const [path, gzip] = Deno.args;
const recs = synthRecords({ arch: "x86_64", count: 400000, seed: 33 });
const sink = await openCaptureWriter(path, { arch: "x86_64", backend: "test" }, { gzip: gzip === "1", procfs: false });
let i = 0;
while (true) {
  for (let j = 0; j < 997; j++) sink.write(recs[i++ % recs.length]);
  await sink.flush();
  console.log(i);
}
`;

for (const gzip of [false, true]) {
  Deno.test(`scap: SIGKILL mid-capture leaves a readable file${gzip ? " (gzip)" : ""}`, async () => {
    const dir = await Deno.makeTempDir();
    const script = `${dir}/child.ts`;
    await Deno.writeTextFile(script, CHILD);
    const path = `${dir}/k.scap`;
    const child = new Deno.Command(DENO, {
      args: ["run", "-A", script, path, gzip ? "1" : "0"],
      stdout: "piped",
      stderr: "inherit",
    }).spawn();
    let flushed = 0;
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    while (flushed < 20000) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) flushed = Math.max(flushed, Number(l));
    }
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel();
    const got = await readAll(path);
    const expect = synthRecords({ arch: "x86_64", count: 400000, seed: 33 });
    assert.ok(got.records.length >= flushed, `${got.records.length} < ${flushed}`);
    assert.ok(got.warnings.every((w) => w.kind === "truncated"), JSON.stringify(got.warnings));
    assert.deepEqual(got.records, expect.slice(0, got.records.length));
    const sd = await sysdigCount(path);
    if (sd) {
      // A kill in the middle of a write(2) can leave a partial last block: sysdig then prints
      // every whole event and complains about the truncation, as for any cut-off capture.
      assert.ok(sd.code === 0 || /truncated/.test(sd.err), sd.err);
      assert.equal(sd.events, syscalls(got.records));
    }
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("scap: a full disk stops the capture with a clear error and a readable file", async (t) => {
  if (Deno.uid() !== 0) {
    console.log("skipped: mounting a small tmpfs needs root");
    return;
  }
  const dir = await Deno.makeTempDir();
  const mount = await new Deno.Command("mount", {
    args: ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir],
    stderr: "piped",
  }).output();
  if (!mount.success) {
    console.log(`skipped: cannot mount a tmpfs: ${new TextDecoder().decode(mount.stderr).trim()}`);
    await Deno.remove(dir);
    return;
  }
  try {
    for (const gzip of [false, true]) {
      await t.step(gzip ? "gzip" : "plain", async () => {
        const path = `${dir}/full.scap`;
        const recs = synthRecords({ arch: "x86_64", count: 200000, seed: 8 });
        const sink = await openCaptureWriter(path, { arch: "x86_64", backend: "test" }, {
          gzip,
          procfs: false,
        });
        let err: unknown;
        let i = 0;
        try {
          for (; i < recs.length; i++) {
            sink.write(recs[i]);
            if (i % 500 === 499) await sink.flush();
          }
          await sink.flush();
        } catch (e) {
          err = e;
        }
        assert.ok(err instanceof CaptureWriteError, String(err));
        assert.match(err.message, /disk full/);
        await sink.close(STATS); // the error was already reported: close just releases
        const got = await readAll(path);
        assert.deepEqual(got.warnings, []);
        assert.ok(got.records.length > 0);
        assert.deepEqual(got.records, recs.slice(0, got.records.length));
        const sd = await sysdigCount(path);
        if (sd) {
          assert.equal(sd.code, 0, sd.err);
          assert.equal(sd.events, syscalls(got.records));
        }
        await Deno.remove(path);
      });
    }
  } finally {
    await new Deno.Command("umount", { args: [dir] }).output();
    await Deno.remove(dir);
  }
});
