/**
 * Strings for the tracefs backend: kprobe events on the syscalls' entry functions that fetch the
 * user strings their path arguments point at (ftrace's `ustring` fetch type), so that records of
 * the tracefs backend carry the same STR items the module copies (docs/tracefs.md, "Paths").
 *
 * Which arguments: those the module copies as strings (the kinds whose copier is PATH in
 * src/syscalls/kinds.ts: `path` and `str`), from the generated argument tables, so the spec
 * (src/syscalls/spec.ts) stays the one place that says it.
 *
 * How: one event per syscall, `p:mysysdig_<pid>_<n>/<name> <arch prefix><entry> a<N>=<fetch>:ustring
 * ...`, where the entry function (`__x64_sys_openat`, `__arm64_sys_openat`, kernels 4.17+ on
 * x86_64 and 4.19+ on arm64) takes the caller's `struct pt_regs *` in its first register and the
 * fetch reads the argument's register out of it. The events are global to the kernel: they are
 * created in the root's kprobe_events (or dynamic_events), enabled only in the backend's own
 * instance, removed at close, and those of a tracer that died are removed at the next start.
 *
 * @module
 */
import type { Arch } from "./record.ts";
import { argSpecs } from "./decode.ts";
import { KIND_CAP } from "./syscalls/kinds.ts";
import { syscallInfo } from "./syscalls.ts";

/** Prefix of the kprobe groups this backend creates: `mysysdig_<pid>_<n>`. */
export const PROBE_GROUP_PREFIX = "mysysdig_";

/** A syscall whose string arguments a probe fetches. */
export interface ProbeTarget {
  nr: number;
  /** The syscall's name, also the event's. */
  name: string;
  /** The kernel function the probe is put on. */
  symbol: string;
  /** The syscall's SYSCALL_DEFINE name (`newstat` for stat): its syscalls/sys_enter_ event's. */
  entry: string;
  /** The arguments (0..5) fetched as strings, in order. */
  args: number[];
}

/**
 * Where the syscall arguments are in the `struct pt_regs` the entry function is handed, as
 * fetch-arg text: x86_64 (arch/x86/include/asm/ptrace.h: di 112, si 104, dx 96, r10 56, r8 72,
 * r9 64; the wrapper's pt_regs pointer in %di) and arm64 (regs[N] at 8*N, the pointer in %x0).
 */
const ARCH_PROBE: Record<Arch, { prefix: string; regs: readonly number[]; base: string }> = {
  x86_64: { prefix: "__x64_", regs: [112, 104, 96, 56, 72, 64], base: "%di" },
  aarch64: { prefix: "__arm64_", regs: [0, 8, 16, 24, 32, 40], base: "%x0" },
};

/** At most this many string arguments per syscall (the module's MSD_SC_CAPS). */
const MAX_STRINGS = 3;

/**
 * The syscalls of `arch` with arguments the module copies as strings, each with the kernel
 * function to probe; `only`: just those numbers.
 */
export function probeTargets(arch: Arch, only?: readonly number[]): ProbeTarget[] {
  const out: ProbeTarget[] = [];
  const want = only ? new Set(only) : undefined;
  for (let nr = 0; nr < 1024; nr++) {
    if (want && !want.has(nr)) continue;
    const info = syscallInfo(arch, nr);
    const specs = argSpecs(arch, nr);
    if (!info || !specs || !info.entry.startsWith("sys_")) continue;
    const args: number[] = [];
    specs.forEach((a, i) => {
      const op = a.kind ? KIND_CAP[a.kind]?.op : undefined;
      if ((op === "PATH" || op === "PATH2") && args.length < MAX_STRINGS) args.push(i);
    });
    if (args.length) {
      out.push({
        nr,
        name: info.name,
        symbol: ARCH_PROBE[arch].prefix + info.entry,
        entry: info.entry.slice(4),
        args,
      });
    }
  }
  return out;
}

/** The fetch arg of argument `i` as a user string. */
export function fetchString(arch: Arch, i: number): string {
  const p = ARCH_PROBE[arch];
  return `+0(+${p.regs[i]}(${p.base})):ustring`;
}

/**
 * The kprobe_events line of the `putname` probe in `group`: the kernel's own copy of a path it
 * looked up (`struct filename`: `name` at 0, the user pointer `uptr` at 8, include/linux/fs.h
 * since 3.x), read from kernel memory when the call lets it go. It stands in for an entry fetch
 * that failed because the string's page was not resident yet (a fetch in a probe cannot fault
 * it in; the call's own copy, made later, does).
 */
export function putnameDefinition(arch: Arch, group: string): string {
  const base = ARCH_PROBE[arch].base;
  return `p:${group}/${PUTNAME} putname path=+0(+0(${base})):string uptr=+8(${base}):x64`;
}

/** The event name of the putname probe (no syscall has that name). */
export const PUTNAME = "putname";

/** The kprobe_events line defining `t`'s event in `group`. */
export function probeDefinition(arch: Arch, group: string, t: ProbeTarget): string {
  return `p:${group}/${t.name} ${t.symbol} ` +
    t.args.map((i) => `a${i}=${fetchString(arch, i)}`).join(" ");
}

/** The file dynamic kprobe events are defined in, or why there is none. */
export function probeFile(root: string): { file: string } | { reason: string } {
  for (const f of ["kprobe_events", "dynamic_events"]) {
    try {
      Deno.statSync(`${root}/${f}`);
      if (f === "kprobe_events") return { file: `${root}/${f}` };
      // dynamic_events alone (kprobe events configured out, uprobes in): take it only when its
      // README lists kprobe places
      const readme = Deno.readTextFileSync(`${root}/README`);
      if (/place:\s*\[<module>:\]<symbol>|place \(kprobe\)/.test(readme)) {
        return { file: `${root}/${f}` };
      }
    } catch {
      // absent
    }
  }
  return { reason: "this kernel has no kprobe events (CONFIG_KPROBE_EVENTS)" };
}

/** Appends one line to a dynamic-events file; the error's text when the kernel refuses it. */
export function writeDefinition(file: string, line: string): string | undefined {
  try {
    Deno.writeTextFileSync(file, line + "\n", { append: true });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The last line of the root's error_log, if any. */
export function lastError(root: string): string {
  try {
    const lines = Deno.readTextFileSync(`${root}/error_log`).trim().split("\n");
    // "[ts] trace_kprobe: error: Failed to ...", then the command and a caret line
    const i = lines.findLastIndex((l) => /error:/.test(l));
    return i >= 0 ? lines[i].replace(/^\[[^\]]*\]\s*/, "").trim() : "";
  } catch {
    return "";
  }
}

/** Removes every event of `group` (disabled everywhere first by the caller). */
export function removeGroup(root: string, file: string, group: string): void {
  let names: string[];
  try {
    names = [...Deno.readDirSync(`${root}/events/${group}`)].filter((e) => e.isDirectory)
      .map((e) => e.name);
  } catch {
    return;
  }
  for (const n of names) writeDefinition(file, `-:${group}/${n}`);
}

/**
 * Removes the kprobe groups of tracers that are no longer running (`mysysdig_<pid>_<n>`); their
 * instances are gone already, so nothing has them enabled. Returns the groups removed.
 */
export function cleanupStaleProbes(root: string, alive: (pid: number) => boolean): string[] {
  const pf = probeFile(root);
  if (!("file" in pf)) return [];
  const removed: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(`${root}/events`)];
  } catch {
    return [];
  }
  for (const e of entries) {
    const m = new RegExp(`^${PROBE_GROUP_PREFIX}(\\d+)(?:_\\d+)?$`).exec(e.name);
    if (!m || alive(Number(m[1]))) continue;
    removeGroup(root, pf.file, e.name);
    removed.push(e.name);
  }
  return removed;
}
