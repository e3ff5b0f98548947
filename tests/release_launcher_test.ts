/**
 * The single-file release's launcher (tools/release/launcher.c, packed by tools/release/pack.c),
 * with a stand-in "deno" (a shell script that prints what it was given) so that each case costs
 * milliseconds: where the payload is unpacked, what it refuses, how it repairs a damaged copy,
 * and that arguments and the exit status pass through. tests/board_test.ts runs the real
 * artefacts (`make dist`) in bare guests.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const isRoot = Deno.uid() === 0;
const dec = new TextDecoder();

function sh(cmd: string, args: string[], env: Record<string, string> = {}) {
  const o = new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).outputSync();
  return { code: o.code, stdout: dec.decode(o.stdout), stderr: dec.decode(o.stderr) };
}

const FAKE_DENO = `#!/bin/sh
for a in "$@"; do printf 'arg=%s\\n' "$a"; done
echo "DENO_DIR=$DENO_DIR"
echo "SHIM=$MYSYSDIG_SHIM"
echo "JS=$(cat "$(dirname "$0")/mysysdig.js")"
for a in "$@"; do last=$a; done
case $last in exit=*) exit "\${last#exit=}" ;; esac
exit 0
`;

/** Builds the launcher and a payload of FAKE_DENO, a "bundle" and a "shim"; returns its path. */
function buildFake(t: string, js = "console.log('fake bundle')"): string {
  const b = sh("make", ["-s", "-C", `${ROOT}tools/release`, `OUT=${t}`]);
  assert.equal(
    b.code,
    0,
    `building tools/release (libzstd-dev installed? make setup-test): ${b.stderr}`,
  );
  Deno.writeTextFileSync(`${t}/deno`, FAKE_DENO);
  Deno.writeTextFileSync(`${t}/mysysdig.js`, js);
  Deno.writeTextFileSync(`${t}/libmysysdig.so`, "not really a shim\n".repeat(100));
  for (const f of ["deno", "mysysdig.js", "libmysysdig.so"]) {
    const z = sh("zstd", ["-q", "-f", "-3", "-o", `${t}/${f}.zst`, `${t}/${f}`]);
    assert.equal(z.code, 0, z.stderr);
  }
  const exe = `${t}/mysysdig-test`;
  const p = sh(`${t}/pack`, [
    exe,
    `${t}/launcher`,
    `deno:0700:${t}/deno:${t}/deno.zst`,
    `mysysdig.js:0600:${t}/mysysdig.js:${t}/mysysdig.js.zst`,
    `libmysysdig.so:0600:${t}/libmysysdig.so:${t}/libmysysdig.so.zst`,
  ]);
  assert.equal(p.code, 0, p.stderr);
  return exe;
}

function runExe(exe: string, args: string[], env: Record<string, string>) {
  return sh(exe, args, { PATH: "/usr/bin:/bin", ...env });
}

/** The one subdirectory of a cache: the unpacked release. */
function unpacked(cache: string): string {
  const names = [...Deno.readDirSync(cache)].map((e) => e.name);
  assert.equal(names.length, 1, `cache holds ${names.join(", ")}`);
  assert.match(names[0], /^[0-9a-f]{16}$/);
  return `${cache}/${names[0]}`;
}

const mode = (p: string) => Deno.lstatSync(p).mode! & 0o7777;

Deno.test("release launcher: unpacks once into a private cache, passes arguments and the exit status", () => {
  const t = Deno.makeTempDirSync({ prefix: "mysysdig-rel-test." });
  try {
    const exe = buildFake(t);
    const cache = `${t}/cache/sub`;
    const r = runExe(exe, ["--format", "json", "", "a b", "--", "exit=42"], {
      MYSYSDIG_CACHE: cache,
    });
    assert.equal(r.code, 42, r.stderr);
    const dir = unpacked(cache);
    const args = r.stdout.split("\n").filter((l) => l.startsWith("arg=")).map((l) => l.slice(4));
    assert.deepEqual(args, [
      "run",
      "-A",
      "--no-config",
      "--no-lock",
      "--no-check",
      "--quiet",
      "--v8-flags=--max-semi-space-size=4,--smi-string-cache-size=512,--double-string-cache-size=512,--max-old-space-size=64",
      `${dir}/mysysdig.js`,
      "--format",
      "json",
      "",
      "a b",
      "--",
      "exit=42",
    ]);
    assert.match(r.stdout, new RegExp(`^DENO_DIR=${dir}/deno-dir$`, "m"));
    assert.match(r.stdout, new RegExp(`^SHIM=${dir}/libmysysdig.so$`, "m"));
    assert.match(r.stdout, /^JS=console.log\('fake bundle'\)$/m);
    assert.equal(r.stderr, "");
    assert.equal(mode(cache), 0o700);
    assert.equal(mode(dir), 0o700);
    assert.equal(mode(`${dir}/deno`), 0o700);
    assert.equal(mode(`${dir}/mysysdig.js`), 0o600);
    assert.equal(mode(`${dir}/libmysysdig.so`), 0o600);
    assert.equal(mode(`${dir}/deno-dir`), 0o700);
    assert.equal(Deno.statSync(`${dir}/deno`).uid, Deno.uid());

    // Later runs reuse the copy: same files, nothing written.
    const ino = Deno.statSync(`${dir}/deno`).ino;
    const r2 = runExe(exe, ["x"], { MYSYSDIG_CACHE: cache });
    assert.equal(r2.code, 0, r2.stderr);
    assert.equal(Deno.statSync(`${dir}/deno`).ino, ino);
    assert.equal(r2.stderr, "");

    // An explicit MYSYSDIG_SHIM is kept.
    const r3 = runExe(exe, [], { MYSYSDIG_CACHE: cache, MYSYSDIG_SHIM: "/my/shim.so" });
    assert.match(r3.stdout, /^SHIM=\/my\/shim.so$/m);

    // A new release (other content) replaces the old one's copy, and leaves alone a directory
    // with a name like a release's that does not hold one.
    Deno.mkdirSync(`${cache}/0123456789abcdef/keep`, { recursive: true });
    const t2 = `${t}/v2`;
    Deno.mkdirSync(t2);
    const exe2 = buildFake(t2, "console.log('release 2')");
    const r4 = runExe(exe2, [], { MYSYSDIG_CACHE: cache });
    assert.equal(r4.code, 0, r4.stderr);
    assert.match(r4.stdout, /^JS=console.log\('release 2'\)$/m);
    Deno.statSync(`${cache}/0123456789abcdef/keep`);
    Deno.removeSync(`${cache}/0123456789abcdef`, { recursive: true });
    assert.notEqual(unpacked(cache), dir);
  } finally {
    Deno.removeSync(t, { recursive: true });
  }
});

Deno.test("release launcher: a damaged copy is unpacked again; leftovers of a dead run are removed", () => {
  const t = Deno.makeTempDirSync({ prefix: "mysysdig-rel-test." });
  try {
    const exe = buildFake(t);
    const cache = `${t}/cache`;
    assert.equal(runExe(exe, [], { MYSYSDIG_CACHE: cache }).code, 0);
    const dir = unpacked(cache);
    const damage: [string, () => void][] = [
      ["one byte changed", () => {
        const b = Deno.readFileSync(`${dir}/mysysdig.js`);
        b[3] ^= 1;
        Deno.writeFileSync(`${dir}/mysysdig.js`, b);
      }],
      ["truncated", () => Deno.truncateSync(`${dir}/deno`, 10)],
      ["removed", () => Deno.removeSync(`${dir}/libmysysdig.so`)],
      ["made writable by others", () => Deno.chmodSync(`${dir}/deno`, 0o777)],
      ["a symbolic link planted", () => {
        Deno.removeSync(`${dir}/mysysdig.js`);
        Deno.writeTextFileSync(`${t}/planted.js`, "planted");
        Deno.symlinkSync(`${t}/planted.js`, `${dir}/mysysdig.js`);
      }],
    ];
    for (const [what, f] of damage) {
      f();
      const r = runExe(exe, [], { MYSYSDIG_CACHE: cache });
      assert.equal(r.code, 0, `${what}: ${r.stderr}`);
      assert.match(r.stderr, /is damaged or incomplete: unpacking again/, what);
      assert.match(r.stdout, /^JS=console.log\('fake bundle'\)$/m, what);
      assert.equal(unpacked(cache), dir, what);
      assert.equal(mode(`${dir}/deno`), 0o700, what);
    }
    // The planted link's target was left alone, not written through.
    assert.equal(Deno.readTextFileSync(`${t}/planted.js`), "planted");

    // A dead run's temporary directory goes at the next unpacking.
    Deno.mkdirSync(`${cache}/.tmp-0123456789abcdef-999999999`);
    Deno.removeSync(`${dir}/deno`);
    assert.equal(runExe(exe, [], { MYSYSDIG_CACHE: cache }).code, 0);
    assert.deepEqual([...Deno.readDirSync(cache)].map((e) => e.name), [dir.split("/").pop()]);
  } finally {
    Deno.removeSync(t, { recursive: true });
  }
});

Deno.test({
  name: "release launcher: refuses a cache it does not own, a symbolic link, others' write access",
  ignore: !isRoot,
  fn() {
    const t = Deno.makeTempDirSync({ prefix: "mysysdig-rel-test." });
    try {
      const exe = buildFake(t);
      const refused = (cache: string, re: RegExp) => {
        const r = runExe(exe, [], { MYSYSDIG_CACHE: cache });
        assert.equal(r.code, 1, `${cache}: ${r.stdout}`);
        assert.equal(r.stdout, "");
        const lines = r.stderr.trim().split("\n");
        assert.equal(lines.length, 1, r.stderr);
        assert.match(lines[0], /^mysysdig: cannot unpack Deno and the program \(/);
        assert.match(lines[0], /set MYSYSDIG_CACHE to/);
        assert.match(lines[0], re);
      };
      // Another user's directory.
      Deno.mkdirSync(`${t}/theirs`, { mode: 0o700 });
      Deno.chownSync(`${t}/theirs`, 65534, 65534);
      refused(`${t}/theirs`, /owned by uid 65534, not by this user \(uid 0\): refused/);
      // A symbolic link in its place, even to a directory of ours.
      Deno.mkdirSync(`${t}/ours`, { mode: 0o700 });
      Deno.symlinkSync(`${t}/ours`, `${t}/link`);
      refused(`${t}/link`, /a symbolic link or not a directory, refused/);
      assert.deepEqual([...Deno.readDirSync(`${t}/ours`)], []);
      // Ours, but writable by others.
      Deno.mkdirSync(`${t}/open`);
      Deno.chmodSync(`${t}/open`, 0o777);
      refused(`${t}/open`, /writable by others \(mode 0777\): refused/);
      // Ours, readable by others: refused, and its mode left alone.
      Deno.mkdirSync(`${t}/readable`);
      Deno.chmodSync(`${t}/readable`, 0o755);
      refused(`${t}/readable`, /readable: mode 0755, not 0700: refused/);
      assert.equal(mode(`${t}/readable`), 0o755);
      // Inside a directory another user can write to (not sticky).
      Deno.mkdirSync(`${t}/shared`);
      Deno.chmodSync(`${t}/shared`, 0o777);
      refused(`${t}/shared/cache`, new RegExp(`${t}/shared is writable by another user`));
      // The release's directory planted as a link to ours.
      const r = runExe(exe, [], { MYSYSDIG_CACHE: `${t}/good` });
      assert.equal(r.code, 0, r.stderr);
      const dir = unpacked(`${t}/good`);
      Deno.removeSync(dir, { recursive: true });
      Deno.symlinkSync(`${t}/ours`, dir);
      refused(`${t}/good`, /is not a directory: refused/);
      // A relative path.
      refused("relative/cache", /relative\/cache: not an absolute path/);
      // A read-only file system or a full one, and noexec, where mounting is allowed here.
      const m = `${t}/mnt`;
      Deno.mkdirSync(m);
      if (sh("mount", ["-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", m]).code !== 0) {
        console.log("skipped the full-disk, read-only and noexec cases: mount is not permitted");
        return;
      }
      try {
        Deno.writeFileSync(`${t}/big`, crypto.getRandomValues(new Uint8Array(60000)));
        for (let i = 0; i < 8; i++) {
          Deno.writeFileSync(`${t}/big`, crypto.getRandomValues(new Uint8Array(60000)), {
            append: true,
          });
        }
        // A payload larger than the file system: the fake deno padded with random bytes.
        const big = `${t}/bigrel`;
        Deno.mkdirSync(big);
        buildFake(big);
        const pad = Deno.readFileSync(`${t}/big`);
        const deno = Deno.readFileSync(`${big}/deno`);
        const both = new Uint8Array(deno.length + 1 + pad.length);
        both.set(deno);
        both.set(new TextEncoder().encode("\n"), deno.length);
        both.set(pad, deno.length + 1);
        Deno.writeFileSync(`${big}/deno`, both);
        sh("zstd", ["-q", "-f", "-o", `${big}/deno.zst`, `${big}/deno`]);
        sh(`${big}/pack`, [
          `${big}/mysysdig-test`,
          `${big}/launcher`,
          `deno:0700:${big}/deno:${big}/deno.zst`,
          `mysysdig.js:0600:${big}/mysysdig.js:${big}/mysysdig.js.zst`,
          `libmysysdig.so:0600:${big}/libmysysdig.so:${big}/libmysysdig.so.zst`,
        ]);
        const full = runExe(`${big}/mysysdig-test`, [], { MYSYSDIG_CACHE: `${m}/c` });
        assert.equal(full.code, 1, full.stdout);
        assert.match(
          full.stderr,
          /^mysysdig: cannot unpack .*: no space left .*set MYSYSDIG_CACHE/,
        );
        assert.equal(full.stderr.trim().split("\n").length, 1);
        assert.deepEqual([...Deno.readDirSync(`${m}/c`)], [], "the partial copy is removed");

        sh("mount", ["-o", "remount,ro", m]);
        refused(`${m}/c`, /c: read-only file system/);
        sh("mount", ["-o", "remount,rw,noexec", m]);
        refused(`${m}/c`, /c: mounted noexec/);
      } finally {
        sh("umount", [m]);
      }
    } finally {
      Deno.removeSync(t, { recursive: true });
    }
  },
});

Deno.test("release launcher: an executable without its payload says so", () => {
  const t = Deno.makeTempDirSync({ prefix: "mysysdig-rel-test." });
  try {
    const exe = buildFake(t);
    for (
      const [what, bytes] of [
        ["the launcher alone", Deno.readFileSync(`${t}/launcher`)],
        ["cut short", Deno.readFileSync(exe).subarray(0, Deno.statSync(exe).size - 100)],
      ] as const
    ) {
      Deno.writeFileSync(`${t}/broken`, bytes, { mode: 0o755 });
      const r = runExe(`${t}/broken`, [], { MYSYSDIG_CACHE: `${t}/cache` });
      assert.equal(r.code, 1, what);
      assert.match(r.stderr, /^mysysdig: this executable has no payload .*copy it again\n$/, what);
    }
    // A damaged frame: same index, one compressed byte changed.
    const b = Deno.readFileSync(exe);
    const launcherSize = Deno.statSync(`${t}/launcher`).size;
    b[launcherSize + 20] ^= 0xff;
    Deno.writeFileSync(`${t}/broken`, b, { mode: 0o755 });
    const r = runExe(`${t}/broken`, [], { MYSYSDIG_CACHE: `${t}/cache2` });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /payload is damaged: copy it again/);
    assert.deepEqual([...Deno.readDirSync(`${t}/cache2`)], []);
  } finally {
    Deno.removeSync(t, { recursive: true });
  }
});
