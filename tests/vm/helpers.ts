/**
 * Helpers for the tests that run inside a test guest (tests/run.ts boots it
 * with vm/run.sh): the module is loaded, we are root, and the static test
 * programs are in tests/progs/.
 */
import assert from "node:assert/strict";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const CLI = `${ROOT}cli.ts`;
export const KO = `${ROOT}kmod/my_sysdig.ko`;
export const prog = (name: string) => `${ROOT}tests/progs/${name}`;

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const dec = new TextDecoder();

/** Runs a command to completion. */
export async function sh(cmd: string, args: string[] = []): Promise<Result> {
  const out = await new Deno.Command(cmd, { args, stdout: "piped", stderr: "piped" }).output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs `mysysdig ARGS...` to completion. */
export function mysysdig(...args: string[]): Promise<Result> {
  return sh(Deno.execPath(), ["run", "-A", "--no-check", "--quiet", CLI, ...args]);
}

/** Starts `mysysdig ARGS...`; the caller signals and awaits it. */
export function spawnMysysdig(...args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-check", "--quiet", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Collects a spawned process's output. */
export async function finish(p: Deno.ChildProcess): Promise<Result> {
  const out = await p.output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** JSON Lines of a trace. */
// deno-lint-ignore no-explicit-any
export type Ev = Record<string, any>;
export function jsonl(text: string): Ev[] {
  return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the tracer says (on stderr) that it is tracing. */
export async function waitForFile(path: string, ms = 20000): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    try {
      if (Deno.statSync(path).size > 0) return;
    } catch { /* not yet */ }
    await sleep(50);
  }
  throw new Error(`${path} did not appear`);
}

export function moduleLoaded(): boolean {
  return Deno.readTextFileSync("/proc/modules").split("\n").some((l) => l.startsWith("my_sysdig "));
}

export async function rmmod(): Promise<Result> {
  return await sh("rmmod", ["my_sysdig"]);
}

export async function insmod(...params: string[]): Promise<Result> {
  return await sh("insmod", [KO, ...params]);
}

/** Reloads the module with these parameters. */
export async function reload(...params: string[]): Promise<void> {
  if (moduleLoaded()) assert.equal((await rmmod()).code, 0, "rmmod");
  const r = await insmod(...params);
  assert.equal(r.code, 0, `insmod ${params.join(" ")}: ${r.stderr}`);
}

/** The summary line the CLI prints on stderr at the end. */
export function summary(stderr: string): { recorded: number; dropped: number; leftOut: number } {
  const m = /(\d+) events recorded, (\d+) dropped/.exec(stderr);
  assert.ok(m, `no summary line in stderr: ${stderr}`);
  // records of -- COMMAND's launcher before its execve, which are not shown
  const left = /, (\d+) left out \(/.exec(stderr);
  return { recorded: Number(m[1]), dropped: Number(m[2]), leftOut: left ? Number(left[1]) : 0 };
}

/** Guest tests only run where the module can be loaded (inside the test VM). */
export const inGuest = Deno.env.get("MYSYSDIG_GUEST") === "1";

/**
 * Waits until process `pid` is tracing: it holds /dev/my_sysdig and the
 * module's fdinfo for that file says `msd_tracing: 1` (the start ioctl has
 * returned), so tests do not depend on how slowly Deno starts. The last
 * 300 ms leave the tracer time for what it does after starting (reading the
 * -p targets' fds from /proc for -y).
 */
export async function waitTracing(pid: number, ms = 60000): Promise<void> {
  for (let t = 0; t < ms; t += 50) {
    try {
      for (const e of Deno.readDirSync(`/proc/${pid}/fd`)) {
        try {
          if (
            Deno.readLinkSync(`/proc/${pid}/fd/${e.name}`) === "/dev/my_sysdig" &&
            /^msd_tracing:\s*1$/m.test(Deno.readTextFileSync(`/proc/${pid}/fdinfo/${e.name}`))
          ) {
            await sleep(300);
            return;
          }
        } catch { /* fd closed meanwhile */ }
      }
    } catch {
      throw new Error(`tracer ${pid} exited before it started tracing`);
    }
    await sleep(50);
  }
  throw new Error(`tracer ${pid} did not start tracing within ${ms} ms`);
}
