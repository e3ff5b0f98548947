/**
 * The release launcher (tools/launcher.sh, copied into every bundle by tools/dist.sh) picks a
 * code cache for Deno that no other user can write to or swap, as root must: a cache another
 * user controls would run their code as root.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url).pathname;
const isRoot = Deno.uid() === 0;

/** Runs the launcher with a stand-in Deno that prints the DENO_DIR it was given. */
function cacheDir(bundle: string, env: Record<string, string>): string {
  const o = new Deno.Command("sh", {
    args: [`${bundle}/mysysdig`, "--version"],
    env: { PATH: "/usr/bin:/bin", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).outputSync();
  assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
  return new TextDecoder().decode(o.stdout).trim();
}

const mode = (p: string) => Deno.statSync(p).mode! & 0o7777;

Deno.test({
  name: "launcher: Deno's code cache is private to the user, never another user's",
  ignore: !isRoot,
  fn() {
    const t = Deno.makeTempDirSync();
    const bundle = `${t}/bundle`;
    Deno.mkdirSync(bundle);
    Deno.copyFileSync(`${ROOT}tools/launcher.sh`, `${bundle}/mysysdig`);
    Deno.writeTextFileSync(`${bundle}/deno`, '#!/bin/sh\necho "$DENO_DIR"\n');
    Deno.chmodSync(`${bundle}/deno`, 0o755);
    const tmp = `${t}/tmp`;
    Deno.mkdirSync(tmp);
    Deno.chmodSync(tmp, 0o1777);

    // root's own home: the cache goes there, 0700
    Deno.mkdirSync(`${t}/root`, { mode: 0o755 });
    let d = cacheDir(bundle, { HOME: `${t}/root`, TMPDIR: tmp });
    assert.equal(d, `${t}/root/.cache/mysysdig`);
    assert.equal(mode(d), 0o700);

    // another user's home (sudo keeping HOME): not there, but in TMPDIR
    Deno.mkdirSync(`${t}/user`, { mode: 0o755 });
    Deno.chownSync(`${t}/user`, 65534, 65534);
    d = cacheDir(bundle, { HOME: `${t}/user`, TMPDIR: tmp });
    assert.equal(d, `${tmp}/mysysdig-deno-0`);
    assert.equal(mode(d), 0o700);
    assert.equal(Deno.statSync(d).uid, 0);
    assert.throws(() => Deno.statSync(`${t}/user/.cache/mysysdig`));

    // the fixed name planted by another user, or made world-writable: a fresh private one
    Deno.removeSync(d);
    Deno.mkdirSync(d, { mode: 0o700 });
    Deno.chownSync(d, 65534, 65534);
    const planted = cacheDir(bundle, { HOME: `${t}/user`, TMPDIR: tmp });
    assert.match(planted, new RegExp(`^${tmp}/mysysdig-deno\\.[A-Za-z0-9]{6}$`));
    assert.equal(Deno.statSync(planted).uid, 0);
    assert.equal(mode(planted), 0o700);
    Deno.chownSync(d, 0, 0);
    Deno.chmodSync(d, 0o777);
    assert.notEqual(cacheDir(bundle, { HOME: `${t}/user`, TMPDIR: tmp }), d);

    // a symbolic link in place of the cache is not followed
    Deno.removeSync(`${t}/root/.cache/mysysdig`);
    Deno.symlinkSync(`${t}/user`, `${t}/root/.cache/mysysdig`);
    assert.notEqual(
      cacheDir(bundle, { HOME: `${t}/root`, TMPDIR: tmp }),
      `${t}/root/.cache/mysysdig`,
    );

    // a relative HOME is not a place to look for a cache
    assert.ok(cacheDir(bundle, { HOME: "relative/home", TMPDIR: tmp }).startsWith(`${tmp}/`));

    // DENO_DIR given: used as it is
    assert.equal(cacheDir(bundle, { DENO_DIR: "/x/y" }), "/x/y");
    Deno.removeSync(t, { recursive: true });
  },
});

Deno.test("./mysysdig runs through a chain of symbolic links, from any directory", () => {
  const t = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${t}/bin`);
    Deno.symlinkSync(`${ROOT}mysysdig`, `${t}/link1`);
    Deno.symlinkSync(`${t}/link1`, `${t}/bin/mysysdig`);
    const version = JSON.parse(Deno.readTextFileSync(`${ROOT}deno.json`)).version;
    const o = new Deno.Command(`${t}/bin/mysysdig`, {
      args: ["--version"],
      cwd: "/",
      env: { PATH: `${t}/bin:/usr/bin:/bin` },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).outputSync();
    assert.equal(o.code, 0, new TextDecoder().decode(o.stderr));
    assert.equal(new TextDecoder().decode(o.stdout).trim(), `mysysdig ${version}`);
  } finally {
    Deno.removeSync(t, { recursive: true });
  }
});
