/**
 * Capture files made by the real module: a capture read back with -r prints
 * exactly what the live trace printed, in every readable format, copied
 * memory (paths, data, argv, socket addresses) included.
 */
import assert from "node:assert/strict";
import { inGuest, mysysdig, prog } from "./helpers.ts";

const t = (name: string, fn: () => Promise<void>) =>
  Deno.test({ name, ignore: !inGuest, sanitizeResources: false, sanitizeOps: false, fn });

for (
  const [format, extra] of [
    ["text", []],
    ["json", []],
    ["text", ["--events", "both"]],
  ] as const
) {
  t(`capture: -r prints what the live trace printed (${format} ${extra.join(" ")})`, async () => {
    const live = await mysysdig(
      "-w",
      "/tmp/rt.scap",
      "--format",
      format,
      ...extra,
      "-o",
      "/tmp/rt.live",
      "--",
      prog("decodeprog"),
    );
    assert.equal(live.code, 0, live.stderr);
    assert.match(live.stderr, /events recorded, 0 dropped/);
    const back = await mysysdig(
      "-r",
      "/tmp/rt.scap",
      "--format",
      format,
      ...extra,
      "-o",
      "/tmp/rt.back",
    );
    assert.equal(back.code, 0, back.stderr);
    const a = Deno.readTextFileSync("/tmp/rt.live").split("\n");
    const b = Deno.readTextFileSync("/tmp/rt.back").split("\n");
    assert.ok(a.length > 100, `live trace too short: ${a.length} lines`);
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      assert.equal(b[i], a[i], `line ${i + 1}`);
    }
    // the copied memory is there, not addresses
    const all = a.join("\n");
    assert.match(all, /\/tmp\/decodeprog\/file/);
    assert.match(all, /hello/);
  });
}

t(
  "perfetto: the module's trace as a timeline, live and from the capture byte for byte",
  async () => {
    const live = await mysysdig(
      "-w",
      "/tmp/pf.scap",
      "--format",
      "perfetto",
      "-o",
      "/tmp/pf.live",
      "--",
      prog("decodeprog"),
    );
    assert.equal(live.code, 0, live.stderr);
    assert.match(live.stderr, /events recorded, 0 dropped/);
    const back = await mysysdig("-r", "/tmp/pf.scap", "-w", "/tmp/pf.back.perfetto-trace");
    assert.equal(back.code, 0, back.stderr);
    const a = Deno.readFileSync("/tmp/pf.live"),
      b = Deno.readFileSync("/tmp/pf.back.perfetto-trace");
    assert.ok(a.length > 5000, `trace too short: ${a.length} bytes`);
    assert.deepEqual(b, a);
    // (the host's tests/perfetto_test.ts reads traces back with a protobuf library; here, the
    // copied memory and the interned names are in the file as strings)
    const text = new TextDecoder("latin1").decode(a);
    for (const s of ['"/tmp/decodeprog/file"', "openat", "decodeprog (", "ENOENT"]) {
      assert.ok(text.includes(s), s);
    }
  },
);
