/**
 * Output files of a root tool: created 0600, planted symbolic links refused, another user's file
 * or a hard-linked one left alone unless --clobber, for text (-o) and captures (-w) alike.
 */
import assert from "node:assert/strict";
import { openCaptureWriter } from "../src/scap/writer.ts";
import { synthRecords } from "../src/scap/synth.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const dec = new TextDecoder();
const isRoot = Deno.uid() === 0;

function cli(...args: string[]) {
  const o = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "--quiet", `${ROOT}cli.ts`, ...args],
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

async function setup(): Promise<{ dir: string; cap: string }> {
  const dir = await Deno.makeTempDir();
  const cap = `${dir}/in.scap`;
  const sink = await openCaptureWriter(cap, { arch: "x86_64", backend: "test" }, {
    procfs: false,
  });
  for (const r of synthRecords({ arch: "x86_64", count: 200, seed: 3 })) sink.write(r);
  await sink.close({ seen: 0n, recorded: 0n, dropped: 0n, perCpu: [] });
  return { dir, cap };
}

const mode = (p: string) => Deno.lstatSync(p).mode! & 0o7777;

for (const kind of ["-o", "-w"] as const) {
  Deno.test(`output files (${kind}): 0600, existing ones made 0600`, async () => {
    const { dir, cap } = await setup();
    const out = `${dir}/out`;
    Deno.umask(0o022);
    let r = cli("-r", cap, kind, out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mode(out), 0o600);
    assert.ok(Deno.statSync(out).size > 0);
    Deno.writeTextFileSync(out, "x".repeat(100000));
    Deno.chmodSync(out, 0o644);
    r = cli("-r", cap, kind, out);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(mode(out), 0o600);
    assert.ok(!Deno.readTextFileSync(out).startsWith("xxxx"), "the old content is gone");
    // not a regular file: written to as it is
    r = cli("-r", cap, kind, "/dev/null");
    assert.equal(r.code, 0, r.stderr);
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test(`output files (${kind}): a planted symbolic link is refused`, async () => {
    const { dir, cap } = await setup();
    const target = `${dir}/victim`;
    Deno.writeTextFileSync(target, "precious\n");
    Deno.symlinkSync(target, `${dir}/link`);
    const r = cli("-r", cap, kind, `${dir}/link`);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /refusing to write .*link: it is a symbolic link/);
    assert.equal(Deno.readTextFileSync(target), "precious\n");
    // a dangling link is not followed to create its target either
    Deno.symlinkSync(`${dir}/nothing`, `${dir}/dangling`);
    assert.equal(cli("-r", cap, kind, `${dir}/dangling`).code, 1);
    assert.throws(() => Deno.statSync(`${dir}/nothing`));
    await Deno.remove(dir, { recursive: true });
  });

  Deno.test({
    name: `output files (${kind}): another user's file or a hard link only with --clobber`,
    ignore: !isRoot,
    async fn() {
      const { dir, cap } = await setup();
      const theirs = `${dir}/theirs`;
      Deno.writeTextFileSync(theirs, "theirs\n");
      Deno.chownSync(theirs, 65534, 65534);
      let r = cli("-r", cap, kind, theirs);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /refusing to overwrite .*theirs: it belongs to uid 65534.*--clobber/);
      assert.equal(Deno.readTextFileSync(theirs), "theirs\n");
      r = cli("-r", cap, kind, theirs, "--clobber");
      assert.equal(r.code, 0, r.stderr);
      assert.notEqual(Deno.readTextFileSync(theirs), "theirs\n");

      const orig = `${dir}/orig`;
      Deno.writeTextFileSync(orig, "orig\n");
      Deno.linkSync(orig, `${dir}/hard`);
      r = cli("-r", cap, kind, `${dir}/hard`);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /it has 2 hard links/);
      assert.equal(Deno.readTextFileSync(orig), "orig\n");
      await Deno.remove(dir, { recursive: true });
    },
  });
}
