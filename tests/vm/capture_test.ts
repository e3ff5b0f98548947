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
