/**
 * Generates, from the per-syscall spec (src/syscalls/spec.ts) and the syscall tables
 * (src/syscalls_x86_64.ts, src/syscalls_aarch64.ts):
 *
 * - kmod/syscall_table.h: the module's capture table entries, `SC(__NR_x, flags, caps...)` inside
 *   `#ifdef __NR_x`, one header for the x86_64 and the arm64 build;
 * - src/syscalls/args_x86_64.ts, src/syscalls/args_aarch64.ts: every syscall's arguments with their
 *   resolved kinds, by number, for the decoder;
 * - src/syscalls/traits.ts: no-return, hex-result and fork-family names, class members, and the
 *   sysdig event of each syscall that has one;
 * - kmod/scap_table.h, kmod/scap_plans.h: how the module writes completed calls as sysdig's events
 *   itself (kmod/scap.c): GENERIC_E/GENERIC_X with the PPM_SC code of every syscall without a
 *   dedicated event or an entry record of its own, and the dedicated events whose parameters it
 *   fills (src/scap/plans.ts).
 *
 * Usage: `deno run -A tools/gen_spec.ts [--check]`. --check writes nothing and exits 1 when a
 * generated file differs from what it would write. The output depends only on the inputs.
 *
 * @module
 */
import type { Arch } from "../src/record.ts";
import type { SyscallInfo } from "../src/syscalls.ts";
import { SYSCALLS_X86_64 } from "../src/syscalls_x86_64.ts";
import { SYSCALLS_AARCH64 } from "../src/syscalls_aarch64.ts";
import { SYSCALLS_I386 } from "../src/syscalls_i386.ts";
import { SYSCALLS_ARM } from "../src/syscalls_arm.ts";
import { SPEC, type SpecClass } from "../src/syscalls/spec.ts";
import {
  type ArgSpec,
  type Cap,
  defaultKind,
  KIND_CAP,
  parseArg,
  STRUCT_OPS,
} from "../src/syscalls/kinds.ts";
import { EVENTS, fixedWidth, ppmScOf } from "../src/scap/events.ts";
import { kernelPlan, moduleWritesEvents, RAW_PLANS } from "../src/scap/plans.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const CMD = "deno run -A tools/gen_spec.ts";
const ARCHES: readonly Arch[] = ["x86_64", "aarch64"];
const TABLES: Record<Arch, readonly (SyscallInfo | undefined)[]> = {
  x86_64: SYSCALLS_X86_64,
  aarch64: SYSCALLS_AARCH64,
};
/**
 * The 32-bit compat ABIs (src/syscalls_i386.ts, src/syscalls_arm.ts), their host and the
 * architecture whose per-arch argument lists they share: both take clone's arguments in
 * CLONE_BACKWARDS order, as arm64 does.
 */
const COMPAT: readonly { abi: "i386" | "arm"; host: Arch; like: Arch; config: string }[] = [
  { abi: "i386", host: "x86_64", like: "aarch64", config: "CONFIG_X86_64" },
  { abi: "arm", host: "aarch64", like: "aarch64", config: "CONFIG_ARM64" },
];
const COMPAT_TABLES: Record<"i386" | "arm", readonly (SyscallInfo | undefined)[]> = {
  i386: SYSCALLS_I386,
  arm: SYSCALLS_ARM,
};
const CAPS_MAX = 3; // MSD_SC_CAPS in kmod/capture.h
const CLASS_ORDER: readonly SpecClass[] = [
  "file",
  "network",
  "process",
  "memory",
  "signal",
  "ipc",
  "desc",
];

interface Resolved {
  args: ArgSpec[] | null;
  caps: Cap[];
  /** The spec's entry is another call's of the same name (its flags do not apply either). */
  other?: true;
}

/** One syscall's arguments and copiers on one architecture. */
function resolve(arch: Arch, info: SyscallInfo): Resolved {
  const spec = SPEC[info.name];
  const a = spec?.args;
  const spec0 = a === undefined
    ? undefined
    : Array.isArray(a)
    ? a
    : (a as Record<Arch, string[]>)[arch];
  // a spec for a prototype with another number of arguments is another call of the same name
  // (i386's select, sys_old_select, takes one pointer): that call keeps its prototype's kinds;
  // a number the kernel no longer implements (sys_ni_syscall: x86_64's _sysctl) has none, and
  // takes the spec's
  if (spec0 && info.args && info.args.length < spec0.length && info.entry !== "sys_ni_syscall") {
    return {
      args: info.args.map((a) => ({ name: a.name, kind: defaultKind(a.name, a.type) })),
      caps: [],
      other: true,
    };
  }
  const over = spec0;
  const n = over?.length ?? info.args?.length;
  if (n === undefined) return { args: null, caps: [] };
  const args: ArgSpec[] = [];
  const caps: Cap[] = [];
  for (let i = 0; i < n; i++) {
    const p = parseArg(over?.[i] ?? "");
    const proto = info.args?.[i];
    const name = p.name ?? proto?.name ?? `arg${i}`;
    const kind = p.kind ?? defaultKind(name, proto?.type ?? "");
    args.push({ name, kind });
    const cap = KIND_CAP[kind];
    if (!cap) continue;
    if (p.len !== undefined && (p.len >= n || p.len === i)) {
      throw new Error(`${info.name}: argument ${i} names length argument ${p.len}`);
    }
    const len32 = p.len !== undefined && LEN32_OPS.has(cap.op) &&
      INT32_TYPES.has(info.args?.[p.len]?.type ?? "");
    caps.push({
      op: cap.op,
      arg: i,
      arg2: p.len ?? cap.n ?? 0,
      ...(cap.st ? { st: cap.st } : {}),
      ...(len32 ? { len32 } : {}),
    });
  }
  const sel = spec?.select;
  if (sel) {
    if (sel.on >= n) throw new Error(`${info.name}: select on argument ${sel.on}`);
    const first = selectFirst(info.name);
    caps.push({ op: "SELECT", arg: sel.on, arg2: first, n: sel.cases.length });
  }
  if (caps.length > CAPS_MAX) {
    throw new Error(`${info.name}: ${caps.length} copiers, the module holds ${CAPS_MAX}`);
  }
  return { args, caps };
}

/** The syscalls with a SyscallSpec.select, in the select table's order (by name). */
const SELECT_NAMES = Object.keys(SPEC).filter((n) => SPEC[n].select).sort();

/** Where syscall `name`'s cases start in the select table (kmod/syscall_select.h). */
function selectFirst(name: string): number {
  let first = 0;
  for (const n of SELECT_NAMES) {
    if (n === name) return first;
    first += SPEC[n].select!.cases.length;
  }
  throw new Error(`${name} has no select`);
}

/**
 * The copier of one select case: its kind's op, reading argument `arg`; `kind:N` names the
 * length argument of a kind that takes one.
 */
function selectCap(name: string, arg: number, kindText: string): Cap {
  const p = parseArg(kindText);
  const cap = p.kind && KIND_CAP[p.kind];
  if (!cap) throw new Error(`${name}: select kind ${kindText} has no copier of its own`);
  if (p.len !== undefined && (p.len === arg || p.len > 5)) {
    throw new Error(`${name}: select case ${kindText} of argument ${arg}: bad length argument`);
  }
  return { op: cap.op, arg, arg2: p.len ?? cap.n ?? 0, ...(cap.st ? { st: cap.st } : {}) };
}

/**
 * kmod/syscall_select.h: the cases of every SELECT copier, `{ value, copier }`, syscall by
 * syscall in SELECT_NAMES' order (an entry's SELECT copier names its first case and how many).
 */
function selectHeader(): string {
  const out = [
    `/* Generated by \`${CMD}\` from src/syscalls/spec.ts; do not edit. */`,
    "/* SPDX-License-Identifier: GPL-2.0 */",
    "/*",
    " * The cases of the SELECT copiers (msd_sel_table, kmod/capture.c, which includes this file",
    " * inside its initializer and defines C() and S()): when the selecting argument holds the value,",
    " * the copier runs. Each syscall's cases are contiguous; its entry in syscall_table.h names",
    " * the first and how many (X(arg, first, count)).",
    " */",
  ];
  for (const name of SELECT_NAMES) {
    const sel = SPEC[name].select!;
    if (sel.cases.length > 255) throw new Error(`${name}: more than 255 select cases`);
    for (const [v, arg, kind] of sel.cases) {
      out.push(`	/* ${name} */ { 0x${v.toString(16)}, ${capText(selectCap(name, arg, kind))} },`);
    }
  }
  return out.join("\n") + "\n";
}

function flagsOf(name: string, caps: Cap[], other = false): string {
  const s = other ? undefined : SPEC[name];
  const f = [...(s?.enter ? ["MSD_SC_ENTER"] : []), ...(s?.noReturn ? ["MSD_SC_NORET"] : [])];
  if (s?.dump) f.push(s.dump === "write" ? "MSD_SC_DUMPW" : "MSD_SC_DUMPR");
  // a socket address or option written back: the probe keeps the caller's length at entry
  const alen = new Set(["SADDR_OUT", "RMSG", "OSOCKOPT", "SOCKLEN"]);
  if (caps.some((c) => alen.has(c.op))) f.push("MSD_SC_ALEN");
  // a structure the kernel rewrites: the probe keeps it at entry
  if (caps.some((c) => c.op === "TIMEOUT")) f.push("MSD_SC_SAVE");
  return f.length ? f.join(" | ") : "0";
}

/**
 * Copiers whose memory has another layout in the 32-bit ABIs: message headers (WMSG, RMSG),
 * directory entries (DENTS) and the structures (stat, timespec, ...), whose decoders know the 64-bit layouts alone. The compat
 * tables leave them out (those arguments are shown as addresses).
 */
const NATIVE_LAYOUT_OPS: ReadonlySet<string> = new Set([
  ...STRUCT_OPS,
  // the 32-bit struct linux_dirent has d_reclen at 8
  "DENTS",
  "WMSG",
  "RMSG",
  "WMMSG",
  "RMMSG",
  "SELECT",
]);

/**
 * kmod/syscall_table_compat.h: the compat tables' entries, by literal number (the kernel has
 * no __NR_ names for them in one header on both architectures). Message headers (WMSG, RMSG)
 * and structures have another layout in the 32-bit ABIs and are left out: no items for them.
 */
function compatHeader(): string {
  const out = [
    `/* Generated by \`${CMD}\` from src/syscalls/spec.ts and src/syscalls_{i386,arm}.ts; do not edit. */`,
    "/* SPDX-License-Identifier: GPL-2.0 */",
    "/*",
    " * Compat syscall number -> what to capture: the entries of msd_sc_compat_table",
    " * (kmod/capture.c), for calls of 32-bit tasks (MSD_RF_COMPAT): i386's numbers on x86_64,",
    " * arm EABI's on arm64. capture.c includes this file inside the initializer and defines",
    " * SCC() (which adds MSD_SC_COMPAT), C() and P(). Message headers are not copied.",
    " */",
  ];
  COMPAT.forEach((c, i) => {
    out.push(`${i ? "#elif" : "#if"} defined(${c.config})`);
    for (const info of COMPAT_TABLES[c.abi]) {
      if (!info) continue;
      const r = resolve(c.like, info);
      const caps = r.caps.filter((k) => !NATIVE_LAYOUT_OPS.has(k.op));
      const flags = flagsOf(info.name, caps, r.other);
      if (!caps.length && flags === "0") continue;
      out.push(`\tSCC(${[info.nr, flags, ...caps.map(capText)].join(", ")}), /* ${info.name} */`);
    }
  });
  out.push("#endif");
  return out.join("\n") + "\n";
}

function capText(c: Cap): string {
  if (c.op === "SELECT") return `X(${c.arg}, ${c.arg2}, ${c.n})`;
  const l = c.len32 ? "32" : "";
  if (c.st) return `S${l}(${c.op}, ${c.arg}, ${c.arg2}, ${c.st})`;
  return c.op === "PATH" ? `P(${c.arg})` : `C${l}(${c.op}, ${c.arg}, ${c.arg2})`;
}

/** Copiers whose length argument the module reads through msd_len() (MSD_CAPF_LEN32). */
const LEN32_OPS: ReadonlySet<string> = new Set([
  "WBUF",
  "RBUF",
  "WIOV",
  "RIOV",
  "IARRAY",
  "OARRAY_N",
  "OBYTES",
]);
/** The prototypes' 32-bit integer types. */
const INT32_TYPES: ReadonlySet<string> = new Set(["int", "unsigned", "unsigned int", "u32"]);

function header(): string {
  const byName = new Map<string, Partial<Record<Arch, string>>>();
  for (const arch of ARCHES) {
    for (const info of TABLES[arch]) {
      if (!info) continue;
      const { caps, other } = resolve(arch, info);
      const flags = flagsOf(info.name, caps, other);
      if (!caps.length && flags === "0") continue;
      const sc = [`__NR_${info.name}`, flags, ...caps.map(capText)].join(", ");
      const e = byName.get(info.name) ?? {};
      e[arch] = `\tSC(${sc}),`;
      byName.set(info.name, e);
    }
  }
  const out = [
    `/* Generated by \`${CMD}\` from src/syscalls/spec.ts and src/syscalls_*.ts; do not edit. */`,
    "/* SPDX-License-Identifier: GPL-2.0 */",
    "/*",
    " * Syscall number -> what to capture: the entries of msd_sc_table (kmod/capture.c), which",
    " * includes this file inside its initializer and defines SC(), C(), S() and P(). Names an",
    " * architecture lacks (arm64 has no open, stat, fork...) are left out by their #ifdef.",
    " */",
  ];
  for (const name of [...byName.keys()].sort()) {
    const e = byName.get(name)!;
    const x = e.x86_64, a = e.aarch64;
    if (x !== undefined && a !== undefined && x !== a) {
      out.push(`#if defined(__NR_${name}) && defined(CONFIG_X86_64)`, x);
      out.push(`#elif defined(__NR_${name}) && defined(CONFIG_ARM64)`, a, "#endif");
    } else {
      out.push(`#ifdef __NR_${name}`, (x ?? a)!, "#endif");
    }
  }
  return out.join("\n") + "\n";
}

/** The dedicated events the module writes itself: the plans of KERNEL_SOURCES alone, sorted. */
function kernelPlans(): string[] {
  return Object.keys(RAW_PLANS).filter((n) => SPEC[n]?.scap && kernelPlan(n)).sort();
}

function plansHeader(): string {
  const out = [
    `/* Generated by \`${CMD}\` from src/scap/plans.ts and src/scap/events.ts; do not edit. */`,
    "/* SPDX-License-Identifier: GPL-2.0 */",
    "/*",
    " * The dedicated sysdig events the module writes itself (kmod/scap.c), indexed by the plan",
    " * numbers in kmod/scap_table.h: event types, and per parameter before msd and items its",
    " * source (src/scap/plans.ts: source << 4 | argument) and fixed width (0: variable).",
    " */",
  ];
  for (const name of kernelPlans()) {
    const ev = EVENTS[SPEC[name].scap!];
    const [ce, cx] = RAW_PLANS[name];
    const w = (ps: readonly { type: Parameters<typeof fixedWidth>[0] }[]) =>
      ps.map((p) => fixedWidth(p.type) ?? 0);
    const arr = (xs: number[]) => `{ ${xs.map((x) => `0x${x.toString(16)}`).join(", ")} }`;
    out.push(
      `\t/* ${name} */ { .ev = { ${ev.enter.id}, ${ev.exit.id} }, .np = { ${ce.length}, ${cx.length} },`,
      `\t  .code = { ${arr(ce)}, ${arr(cx)} }, .width = { ${arr(w(ev.enter.params))}, ${
        arr(w(ev.exit.params))
      } } },`,
    );
  }
  return out.join("\n") + "\n";
}

function scapHeader(): string {
  const names = new Set<string>();
  for (const arch of ARCHES) for (const info of TABLES[arch]) if (info) names.add(info.name);
  const plans = kernelPlans();
  const out = [
    `/* Generated by \`${CMD}\` from src/syscalls/spec.ts, src/syscalls_*.ts and src/scap/ppm_sc.ts; do not edit. */`,
    "/* SPDX-License-Identifier: GPL-2.0 */",
    "/*",
    " * Syscall number -> how the module writes its completed calls as sysdig events itself",
    " * (kmod/scap.c, MSD_F_SCAP): SCAP(nr, sysdig's PPM_SC code) as GENERIC_E and GENERIC_X, every",
    " * syscall without a dedicated sysdig event or an entry record of its own; PLAN(nr, n) as its",
    " * dedicated events, by plan n of kmod/scap_plans.h. msd_scap_sc (kmod/scap.c) includes this file",
    " * inside its initializer and defines both. Names an architecture lacks are left out by #ifdef.",
    " */",
  ];
  for (const name of [...names].sort()) {
    if (!moduleWritesEvents(name)) continue;
    const plan = plans.indexOf(name);
    const entry = plan < 0 ? `SCAP(__NR_${name}, ${ppmScOf(name)})` : `PLAN(__NR_${name}, ${plan})`;
    out.push(`#ifdef __NR_${name}`, `\t${entry},`, "#endif");
  }
  return out.join("\n") + "\n";
}

function argsTable(arch: Arch | "i386" | "arm"): string {
  const id = arch.toUpperCase();
  const compat = COMPAT.find((c) => c.abi === arch);
  const out = [
    `// Generated by \`${CMD}\` from src/syscalls/spec.ts and src/syscalls_${arch}.ts; do not edit.`,
    "// deno-fmt-ignore-file",
    "/**",
    ` * The ${arch} syscalls' arguments, by number, each with the kind the decoder shows it as (the`,
    " * spec's, or the default for its C type). The module's capture table comes from the same",
    " * resolution (kmod/syscall_table.h).",
    " *",
    " * @module",
    " */",
    "",
    'import type { ArgSpec } from "./kinds.ts";',
    "",
    `/** ${arch} arguments by syscall number; \`null\` for a hole or arguments the headers leave unknown. */`,
    `export const ARGS_${id}: readonly (readonly ArgSpec[] | null)[] = [`,
  ];
  const table = compat ? COMPAT_TABLES[compat.abi] : TABLES[arch as Arch];
  for (let nr = 0; nr < table.length; nr++) {
    const info = table[nr];
    let args = info ? resolve(compat ? compat.like : arch as Arch, info).args : null;
    // a 32-bit structure is not copied (compatHeader()): its address
    if (compat && args) {
      args = args.map((a) => {
        const op = KIND_CAP[a.kind]?.op;
        if (!op || !NATIVE_LAYOUT_OPS.has(op) || /^[WR]M?MSG$/.test(op)) return a;
        return { name: a.name, kind: a.kind === "ioctlarg" ? "hex" : "ptr" };
      });
    }
    const body = args === null
      ? "null"
      : `[${args.map((a) => `{ name: "${a.name}", kind: "${a.kind}" }`).join(", ")}]`;
    out.push(`  /* ${nr}${info ? ` ${info.name}` : ""} */ ${body},`);
  }
  out.push("];");
  return out.join("\n") + "\n";
}

function names(pred: (s: (typeof SPEC)[string]) => unknown): string[] {
  return Object.keys(SPEC).filter((n) => pred(SPEC[n])).sort();
}

function list(xs: readonly string[]): string {
  return `[${xs.map((x) => JSON.stringify(x)).join(", ")}]`;
}

function traits(): string {
  const out = [
    `// Generated by \`${CMD}\` from src/syscalls/spec.ts; do not edit.`,
    "// deno-fmt-ignore-file",
    "/**",
    " * Per-syscall facts user space needs, by kernel syscall name, from the spec.",
    " *",
    " * @module",
    " */",
    "",
    'import type { FdEffect, SpecClass } from "./spec.ts";',
    "",
    "/** Syscalls that do not return to the caller (MSD_SC_NORET). */",
    `export const NO_RETURN_NAMES: readonly string[] = ${list(names((s) => s.noReturn))};`,
    "",
    "/** Syscalls whose result is an address, shown in hex. */",
    `export const HEX_RESULT_NAMES: readonly string[] = ${list(names((s) => s.hexResult))};`,
    "",
    "/** Syscalls that return a new task's id (the clone family). */",
    `export const FORK_NAMES: readonly string[] = ${list(names((s) => s.fork))};`,
    "",
    "/** Members of each strace class, as the spec lists them (`desc` completed in src/xlat/classes.ts). */",
    "export const CLASS_NAMES: Readonly<Record<SpecClass, readonly string[]>> = {",
    ...CLASS_ORDER.map((c) => `  ${c}: ${list(names((s) => s.classes?.includes(c)))},`),
    "};",
    "",
    "/** What each syscall that changes a process's fd table does to it (src/fdtable.ts, -y). */",
    "export const FD_EFFECT_OF: Readonly<Record<string, FdEffect>> = {",
    ...names((s) => s.fd).map((n) => `  ${n}: "${SPEC[n].fd}",`),
    "};",
    "",
    "/** strace's dumpio() buffer calls: `write` dumps the count argument's bytes, `read` the result's. */",
    'export const DUMP_OF: Readonly<Record<string, "read" | "write">> = {',
    ...names((s) => s.dump).map((n) => `  ${n}: "${SPEC[n].dump}",`),
    "};",
    "",
    "/** The sysdig event (`PPME_<event>_E`/`_X`, src/scap/events.ts) of each syscall that has one. */",
    "export const SCAP_EVENT_OF: Readonly<Record<string, string>> = {",
    ...names((s) => s.scap).map((n) => `  ${n}: "${SPEC[n].scap}",`),
    "};",
  ];
  return out.join("\n") + "\n";
}

function validate(): void {
  // the 32-bit ABIs' own calls (_newselect, pselect6_time64) count too
  const known = new Set([
    ...ARCHES.flatMap((a) => TABLES[a].filter((i) => i).map((i) => i!.name)),
    ...COMPAT.flatMap((c) => COMPAT_TABLES[c.abi].filter((i) => i).map((i) => i!.name)),
  ]);
  for (const [name, s] of Object.entries(SPEC)) {
    if (!known.has(name)) throw new Error(`spec: ${name} is in neither syscall table`);
    for (const c of s.classes ?? []) {
      if (!CLASS_ORDER.includes(c)) throw new Error(`spec: ${name}: unknown class ${c}`);
    }
  }
}

/** Every generated file, path relative to the repository root -> content. */
export function generate(): Map<string, string> {
  validate();
  return new Map([
    ["kmod/syscall_table.h", header()],
    ["src/syscalls/args_x86_64.ts", argsTable("x86_64")],
    ["src/syscalls/args_aarch64.ts", argsTable("aarch64")],
    ["src/syscalls/args_i386.ts", argsTable("i386")],
    ["src/syscalls/args_arm.ts", argsTable("arm")],
    ["kmod/syscall_table_compat.h", compatHeader()],
    ["kmod/syscall_select.h", selectHeader()],
    ["src/syscalls/traits.ts", traits()],
    ["kmod/scap_table.h", scapHeader()],
    ["kmod/scap_plans.h", plansHeader()],
  ]);
}

if (import.meta.main) {
  const check = Deno.args.includes("--check");
  let stale = 0;
  for (const [path, text] of generate()) {
    let old: string | undefined;
    try {
      old = Deno.readTextFileSync(ROOT + path);
    } catch {
      old = undefined;
    }
    if (old === text) continue;
    if (check) {
      console.error(`${path} is stale: run \`${CMD}\``);
      stale++;
    } else {
      Deno.writeTextFileSync(ROOT + path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale) Deno.exit(1);
}
