/**
 * Generates src/syscalls_x86_64.ts and src/syscalls_aarch64.ts from Debian's
 * Linux 6.1 kernel header packages.
 *
 * The tables are built the way the kernel builds its own: the C preprocessor
 * (`cpp`) evaluates the same headers, with the same kernel configuration and
 * the same `__ARCH_WANT_*` defines, that arch/x86/entry/syscall_64.c and
 * arch/arm64/kernel/sys.c include, with `__SYSCALL(nr, sym)` redefined to
 * print each table entry.
 *
 * - x86_64: `asm/syscalls_64.h` (generated from syscall_64.tbl) gives number →
 *   entry symbol; the uapi `asm/unistd_64.h` gives the `__NR_*` names.
 * - aarch64: `asm/unistd.h` (arm64's defines, then the generic
 *   `asm-generic/unistd.h`) gives both.
 * - Argument names and C types come from the `asmlinkage long sys_*(...)`
 *   prototypes of `include/linux/syscalls.h`, matched by entry symbol. Those
 *   prototypes sit inside `#ifndef CONFIG_ARCH_HAS_SYSCALL_WRAPPER` (both
 *   architectures set it: their entry points take a `pt_regs`), but the C
 *   signature they document is still the one the syscall's arguments follow,
 *   so that one option is undefined while the file is read; every other
 *   conditional (CONFIG_CLONE_BACKWARDS, BITS_PER_LONG, ...) is evaluated with
 *   the architecture's real configuration. An entry symbol without a prototype
 *   (x86's arch_prctl, iopl, modify_ldt, mmap, rt_sigreturn, ...) gets
 *   `args: null`: unknown, not guessed.
 *
 * Usage (from the repository root):
 *
 *     deno run --allow-read --allow-write --allow-run tools/gen_syscalls.ts \
 *       [--x86_64 DIR] [--aarch64 DIR] [--out DIR] [--check] [--fetch]
 *
 * DIR is an architecture's header directory (`linux-headers-<abi>-cloud-amd64`,
 * `linux-headers-<abi>-cloud-arm64`); the `linux-headers-<abi>-common`
 * directory next to it is used as well. Defaults: the newest
 * /usr/src/linux-headers-6.1.0-*-cloud-amd64 (package
 * linux-headers-6.1.0-NN-cloud-amd64), and the newest arm64 headers unpacked
 * under .cache/linux-headers-arm64/ (`--fetch` downloads and unpacks them with
 * apt-get and dpkg-deb, for the same NN as the x86_64 headers). `--check`
 * writes nothing and exits 1 when a committed file differs from what would be
 * generated. The output depends only on the header files: the same headers
 * give byte-identical files.
 *
 * Compat tables (`--compat`): src/syscalls_i386.ts and src/syscalls_arm.ts, the
 * 32-bit ABIs whose calls the module flags MSD_RF_COMPAT (i386's on x86_64 hosts,
 * arm EABI's on arm64 hosts), both from the x86_64 header packages:
 *
 * - i386: `asm/syscalls_32.h` (generated from syscall_32.tbl; a
 *   `__SYSCALL_WITH_COMPAT(nr, native, compat)` entry counts as its native
 *   symbol) and the uapi `asm/unistd_32.h`, as arch/x86/entry/syscall_32.c
 *   builds ia32_sys_call_table;
 * - arm: arm64's `asm/unistd32.h` (in the -common package), the table
 *   arch/arm64/kernel/sys32.c builds compat_sys_call_table from, names and
 *   numbers in one file;
 * - arguments: the same prototypes, evaluated for a 32-bit kernel with
 *   CONFIG_CLONE_BACKWARDS (both ABIs' clone order); a `compat_sys_X` entry
 *   takes `sys_X`'s prototype (the same arguments, 32 bits wide).
 *
 * `--compat` writes (or with `--check` compares) only those two files.
 *
 * @module
 */

import { parseArgs } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/** What differs between the two architectures. */
interface ArchSpec {
  /** Our name for it (src/record.ts `Arch`). */
  arch: "x86_64" | "aarch64";
  /** The kernel's arch/ directory name. */
  srcarch: string;
  /** Debian's flavour suffix of the header package. */
  flavour: string;
  /** Preprocessor symbol the compiler would predefine for this target. */
  cpuDefine: string;
  /** Header whose `__SYSCALL(nr, sym)` lines form the syscall table. */
  tableHeader: string;
  /** Header defining the `__NR_<name>` numbers of that table. */
  namesHeader: string;
  /** Exported constant name in the generated file. */
  constName: string;
}

const ARCHES: readonly ArchSpec[] = [
  {
    arch: "x86_64",
    srcarch: "x86",
    flavour: "cloud-amd64",
    cpuDefine: "__x86_64__",
    tableHeader: "asm/syscalls_64.h",
    namesHeader: "asm/unistd_64.h",
    constName: "SYSCALLS_X86_64",
  },
  {
    arch: "aarch64",
    srcarch: "arm64",
    flavour: "cloud-arm64",
    cpuDefine: "__aarch64__",
    tableHeader: "asm/unistd.h",
    // The uapi header: the kernel's own asm/unistd.h adds the 32-bit compat numbers.
    namesHeader: "uapi/asm/unistd.h",
    constName: "SYSCALLS_AARCH64",
  },
];

const GENERATE_COMMAND = "deno run --allow-read --allow-write --allow-run tools/gen_syscalls.ts";
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ARM64_CACHE = path.join(REPO, ".cache", "linux-headers-arm64");

/** A header package pair as found on disk. */
interface HeaderDirs {
  /** linux-headers-<abi>-<flavour>: configuration and generated headers. */
  archDir: string;
  /** linux-headers-<abi>-common: the kernel's own headers. */
  commonDir: string;
  /** Kernel release, e.g. "6.1.0-56-cloud-amd64". */
  release: string;
  /** Debian package version, e.g. "6.1.192-2". */
  version: string;
}

interface Arg {
  name: string;
  type: string;
}

interface Entry {
  nr: number;
  name: string;
  entry: string;
  args: Arg[] | null;
}

function readDefineString(file: string, macro: string): string {
  const m = fs.readFileSync(file, "utf8").match(new RegExp(`#define\\s+${macro}\\s+"([^"]*)"`));
  if (!m) throw new Error(`${file}: no #define ${macro}`);
  return m[1].trim();
}

function headerDirs(archDir: string, spec: ArchSpec): HeaderDirs {
  archDir = path.resolve(archDir);
  const gen = path.join(archDir, "include", "generated");
  if (!fs.existsSync(path.join(gen, "autoconf.h"))) {
    throw new Error(`${archDir}: not a kernel header directory (no include/generated/autoconf.h)`);
  }
  const release = readDefineString(path.join(gen, "utsrelease.h"), "UTS_RELEASE");
  if (!release.endsWith(`-${spec.flavour}`)) {
    throw new Error(`${archDir}: kernel ${release} is not a ${spec.flavour} kernel`);
  }
  // Debian's LINUX_PACKAGE_ID reads " Debian 6.1.192-2".
  const version = readDefineString(path.join(gen, "package.h"), "LINUX_PACKAGE_ID")
    .replace(/^Debian\s+/, "");
  const abi = release.slice(0, -(spec.flavour.length + 1));
  const commonDir = path.join(path.dirname(archDir), `linux-headers-${abi}-common`);
  if (!fs.existsSync(path.join(commonDir, "include", "linux", "syscalls.h"))) {
    throw new Error(`${commonDir}: missing (needed next to ${archDir})`);
  }
  return { archDir, commonDir, release, version };
}

/** The newest linux-headers-6.1.0-NN-<flavour> directory under `root`. */
function newestHeaders(root: string, flavour: string): string | undefined {
  if (!fs.existsSync(root)) return undefined;
  const re = new RegExp(`^linux-headers-6\\.1\\.0-(\\d+)-${flavour}$`);
  const found = fs.readdirSync(root)
    .map((n) => ({ n, m: n.match(re) }))
    .filter((x) => x.m)
    .sort((a, b) => Number(b.m![1]) - Number(a.m![1]));
  return found.length ? path.join(root, found[0].n) : undefined;
}

/** Runs `cmd`, feeding it `input`, and returns its standard output; throws on failure. */
async function run(
  cmd: string,
  args: string[],
  opts: { cwd?: string; input?: string } = {},
): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    cwd: opts.cwd,
    env: { LC_ALL: "C" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(opts.input ?? ""));
  await writer.close();
  const { success, stdout, stderr } = await child.output();
  if (!success) {
    throw new Error(`${cmd} ${args.join(" ")} failed:\n${new TextDecoder().decode(stderr)}`);
  }
  return new TextDecoder().decode(stdout);
}

/** Downloads and unpacks Debian's arm64 headers for kernel ABI `abi` (e.g. "6.1.0-56"). */
async function fetchArm64(abi: string): Promise<void> {
  const debs = path.join(ARM64_CACHE, "debs");
  const root = path.join(ARM64_CACHE, "root");
  fs.mkdirSync(debs, { recursive: true });
  const pkgs = [`linux-headers-${abi}-cloud-arm64:arm64`, `linux-headers-${abi}-common`];
  console.error(`fetching ${pkgs.join(" ")} into ${debs}`);
  try {
    await run("apt-get", ["download", ...pkgs], { cwd: debs });
  } catch (e) {
    throw new Error(
      `apt-get download failed; the arm64 package lists may be missing: run ` +
        `\`dpkg --add-architecture arm64 && apt-get update\` as root first\n${e}`,
    );
  }
  for (const f of fs.readdirSync(debs).filter((f) => f.endsWith(".deb")).sort()) {
    if (f.startsWith(`linux-headers-${abi}-`)) {
      await run("dpkg-deb", ["-x", path.join(debs, f), root]);
    }
  }
}

/** Runs the preprocessor the way Kbuild would for `spec` on the given source text. */
function cpp(
  dirs: HeaderDirs,
  spec: ArchSpec,
  source: string,
  mode: "-dM" | "-P",
): Promise<string> {
  const { archDir: a, commonDir: c } = dirs;
  const s = spec.srcarch;
  return run("cpp", [
    "-undef",
    "-nostdinc",
    "-D__KERNEL__",
    "-D__linux__",
    `-D${spec.cpuDefine}`,
    mode,
    `-I${c}/arch/${s}/include`,
    `-I${a}/arch/${s}/include/generated`,
    `-I${c}/include`,
    `-I${a}/include`,
    `-I${c}/arch/${s}/include/uapi`,
    `-I${a}/arch/${s}/include/generated/uapi`,
    `-I${c}/include/uapi`,
    `-I${a}/include/generated/uapi`,
    "-include",
    `${c}/include/linux/kconfig.h`,
    "-",
  ], { input: source });
}

/** `#define NAME VALUE` lines of a `cpp -dM` dump, as a map. */
function defines(dump: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of dump.split("\n")) {
    const m = line.match(/^#define\s+(\w+)(\([^)]*\))?\s*(.*)$/);
    if (m && !m[2]) map.set(m[1], m[3].trim());
  }
  return map;
}

/**
 * The entry symbols of `table` (cpp output with `@@SYSCALL nr sym` lines) by number, and the
 * `__NR_` names of spec.namesHeader by number, for the numbers the table has.
 */
async function tableNames(
  dirs: HeaderDirs,
  spec: ArchSpec,
  table: string,
  label: string,
): Promise<{ symbols: Map<number, string>; byNumber: Map<number, string> }> {
  const names = [
    ...defines(await cpp(dirs, spec, `#include <${spec.namesHeader}>\n`, "-dM")).keys(),
  ]
    .filter((n) => n.startsWith("__NR_"))
    .sort();
  // A second run: asm-generic/unistd.h may not be included twice.
  const numbers = await cpp(
    dirs,
    spec,
    [`#include <${spec.namesHeader}>`, ...names.map((n) => `@@NR ${n.slice(5)} ${n}`), ""]
      .join("\n"),
    "-P",
  );

  const symbols = new Map<number, string>();
  for (const m of table.matchAll(/@@SYSCALL\s+(\d+)\s+(\w+)/g)) {
    const nr = Number(m[1]);
    if (symbols.has(nr)) throw new Error(`${label}: two table entries for ${nr}`);
    symbols.set(nr, m[2]);
  }
  const byNumber = new Map<number, string>();
  for (const m of numbers.matchAll(/@@NR\s+(\w+)\s+([^\n]*)/g)) {
    const value = m[2].trim();
    if (!/^\d+$/.test(value)) continue; // not a plain number: a macro, not a syscall
    const nr = Number(value);
    // Numbers outside the table (__NR_syscalls, __NR_arch_specific_syscall) are bounds.
    if (!symbols.has(nr)) continue;
    const prev = byNumber.get(nr);
    if (prev !== undefined) {
      throw new Error(`${label}: both __NR_${prev} and __NR_${m[1]} are ${nr}`);
    }
    byNumber.set(nr, m[1]);
  }
  return { symbols, byNumber };
}

/** Number → entry symbol, and number → name, exactly as the kernel's table sees them. */
async function readTable(dirs: HeaderDirs, spec: ArchSpec): Promise<Entry[]> {
  const table = await cpp(
    dirs,
    spec,
    `#define __SYSCALL(nr, sym) @@SYSCALL nr sym\n#include <${spec.tableHeader}>\n`,
    "-P",
  );
  const { symbols, byNumber } = await tableNames(dirs, spec, table, spec.arch);
  for (const nr of symbols.keys()) {
    if (!byNumber.has(nr) && symbols.get(nr) !== "sys_ni_syscall") {
      throw new Error(`${spec.arch}: entry ${nr} (${symbols.get(nr)}) has no __NR_ name`);
    }
  }
  // A table slot without a name (x86_64's 335..386) stays a hole.
  return [...byNumber].sort((a, b) => a[0] - b[0]).map(([nr, name]) => ({
    nr,
    name,
    entry: symbols.get(nr)!,
    args: null,
  }));
}

const C_TYPE_WORDS = new Set([
  "void",
  "char",
  "short",
  "int",
  "long",
  "signed",
  "unsigned",
  "const",
  "volatile",
  "__user",
]);

/** One prototype parameter: "const char __user *filename" → type and name. */
function parseParam(text: string, index: number): Arg {
  const tokens = text.replace(/\*/g, " * ").trim().split(/\s+/);
  const last = tokens[tokens.length - 1];
  const before = tokens[tokens.length - 2];
  const named = tokens.length >= 2 && /^[A-Za-z_]\w*$/.test(last) && !C_TYPE_WORDS.has(last) &&
    !["struct", "union", "enum"].includes(before);
  const typeTokens = named ? tokens.slice(0, -1) : tokens;
  const type = typeTokens.join(" ").replace(/ \*/g, " *").replace(/\* \*/g, "**");
  return { name: named ? last : `arg${index}`, type };
}

/** Prototypes of include/linux/syscalls.h under `spec`'s configuration: symbol → args. */
async function readPrototypes(
  dirs: HeaderDirs,
  spec: ArchSpec,
  extra: readonly string[] = [],
): Promise<Map<string, Arg[]>> {
  const wants = defines(await cpp(dirs, spec, `#include <asm/unistd.h>\n`, "-dM"));
  const prelude = [...wants]
    .filter(([k]) => /^(CONFIG_\w+|__ARCH_WANT_\w+|BITS_PER_LONG|__BITS_PER_LONG)$/.test(k))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `#define ${k} ${v}`);
  prelude.push("#undef CONFIG_ARCH_HAS_SYSCALL_WRAPPER", ...extra);
  const header = fs.readFileSync(path.join(dirs.commonDir, "include/linux/syscalls.h"), "utf8")
    .replace(/^\s*#\s*include\b.*$/gm, "");
  // Evaluate the conditionals only: no -include, no kernel macros besides the prelude.
  const text = await run("cpp", ["-undef", "-nostdinc", "-P", "-"], {
    input: prelude.join("\n") + "\n" + header,
  });
  const protos = new Map<string, Arg[]>();
  for (const m of text.matchAll(/asmlinkage\s+long\s+(sys_\w+)\s*\(([^;]*?)\)\s*;/g)) {
    const params = m[2].replace(/\s+/g, " ").trim();
    const args = params === "void" || params === ""
      ? []
      : params.split(",").map((p, i) => parseParam(p, i));
    const prev = protos.get(m[1]);
    if (prev && JSON.stringify(prev) !== JSON.stringify(args)) {
      throw new Error(`${spec.arch}: two different prototypes for ${m[1]}`);
    }
    protos.set(m[1], args);
  }
  return protos;
}

function render(spec: ArchSpec, dirs: HeaderDirs, entries: Entry[]): string {
  const pkg = `linux-headers-${dirs.release}`;
  const common = path.basename(dirs.commonDir);
  const lines = [
    `// Generated by \`${GENERATE_COMMAND}\` from Debian's ${pkg} and ${common} ${dirs.version}; do not edit.`,
    "// deno-fmt-ignore-file",
    "/**",
    ` * The ${spec.arch} syscall table of Linux ${dirs.release} (Debian ${dirs.version}).`,
    " *",
    " * Numbers, names and entry symbols are the kernel's own table; argument names",
    " * and C types come from include/linux/syscalls.h (`args: null` where that",
    " * file has no prototype for the entry symbol). See docs/syscall-tables.md.",
    " *",
    " * @module",
    " */",
    "",
    'import type { SyscallInfo } from "./syscalls.ts";',
    "",
    `/** ${spec.arch} syscalls indexed by number; \`undefined\` where no syscall has that number. */`,
    `export const ${spec.constName}: readonly (SyscallInfo | undefined)[] = [`,
  ];
  const q = JSON.stringify;
  let next = 0;
  for (const e of entries) {
    for (; next < e.nr; next++) lines.push(`  undefined, // ${next}`);
    const args = e.args === null
      ? "null"
      : `[${e.args.map((a) => `{ name: ${q(a.name)}, type: ${q(a.type)} }`).join(", ")}]`;
    lines.push(`  { nr: ${e.nr}, name: ${q(e.name)}, entry: ${q(e.entry)}, args: ${args} },`);
    next = e.nr + 1;
  }
  lines.push("];", "");
  return lines.join("\n");
}

/** Builds the generated file's text for one architecture. */
export async function generate(spec: ArchSpec, dirs: HeaderDirs): Promise<string> {
  const entries = await readTable(dirs, spec);
  const protos = await readPrototypes(dirs, spec);
  for (const e of entries) e.args = protos.get(e.entry) ?? null;
  return render(spec, dirs, entries);
}

/** A 32-bit compat ABI: its table is read with the x86_64 packages' headers. */
interface CompatSpec {
  abi: "i386" | "arm";
  /** What the table is, for the file's comment. */
  what: string;
  /** Source text for cpp: defines __SYSCALL (and friends) to print `@@SYSCALL nr sym`. */
  table: string;
  /** Header defining the `__NR_<name>` numbers. */
  namesHeader: string;
  constName: string;
}

const COMPAT: readonly CompatSpec[] = [
  {
    abi: "i386",
    what: "i386 (ia32 compat on x86_64: asm/syscalls_32.h, asm/unistd_32.h)",
    table: "#define __SYSCALL(nr, sym) @@SYSCALL nr sym\n" +
      "#define __SYSCALL_WITH_COMPAT(nr, native, compat) @@SYSCALL nr native\n" +
      "#include <asm/syscalls_32.h>\n",
    namesHeader: "asm/unistd_32.h",
    constName: "SYSCALLS_I386",
  },
  {
    abi: "arm",
    what: "arm EABI (AArch32 compat on arm64: arch/arm64/include/asm/unistd32.h)",
    table: "#define __SYSCALL(nr, sym) @@SYSCALL nr sym\n" +
      "#include </ARM64_COMMON/arch/arm64/include/asm/unistd32.h>\n",
    namesHeader: "/ARM64_COMMON/arch/arm64/include/asm/unistd32.h",
    constName: "SYSCALLS_ARM",
  },
];

/** The prototypes' conditionals for a 32-bit kernel. */
const COMPAT_PRELUDE = [
  "#undef BITS_PER_LONG",
  "#define BITS_PER_LONG 32",
  "#undef __BITS_PER_LONG",
  "#define __BITS_PER_LONG 32",
  "#define CONFIG_CLONE_BACKWARDS 1",
  "#define __ARCH_WANT_STAT64 1",
  "#define __ARCH_WANT_SYS_LLSEEK 1",
  "#define CONFIG_COMPAT_32BIT_TIME 1",
];

/** Builds the compat table file of `c` from the x86_64 header packages `dirs`. */
export async function generateCompat(c: CompatSpec, dirs: HeaderDirs): Promise<string> {
  const fix = (t: string) => t.replaceAll("/ARM64_COMMON", dirs.commonDir);
  const spec: ArchSpec = {
    ...ARCHES[0],
    tableHeader: "",
    namesHeader: fix(c.namesHeader),
    constName: c.constName,
  };
  const table = await cpp(dirs, spec, fix(c.table), "-P");
  const { symbols, byNumber } = await tableNames(dirs, spec, table, c.abi);
  const protos = await readPrototypes(dirs, ARCHES[0], COMPAT_PRELUDE);
  const entries: Entry[] = [...byNumber].sort((a, b) => a[0] - b[0]).map(([nr, name]) => {
    const entry = symbols.get(nr)!;
    const native = entry.replace(/^compat_sys_(ia32_)?/, "sys_");
    return { nr, name, entry, args: protos.get(entry) ?? protos.get(native) ?? null };
  });
  const text = render({ ...spec, arch: c.abi as ArchSpec["arch"] }, dirs, entries);
  return text.replace(
    ` * The ${c.abi} syscall table of Linux ${dirs.release} (Debian ${dirs.version}).`,
    ` * The ${c.what} syscall table of Linux ${dirs.release} (Debian ${dirs.version}),\n` +
      " * as the module flags its calls MSD_RF_COMPAT; a `compat_sys_X` entry has `sys_X`'s arguments.",
  ).replace(
    `tools/gen_syscalls.ts\``,
    `tools/gen_syscalls.ts --compat\``,
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      x86_64: { type: "string" },
      aarch64: { type: "string" },
      out: { type: "string", default: path.join(REPO, "src") },
      check: { type: "boolean", default: false },
      fetch: { type: "boolean", default: false },
      compat: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      `usage: ${GENERATE_COMMAND} [--x86_64 DIR] [--aarch64 DIR] [--out DIR] [--check] [--fetch]`,
    );
    return 0;
  }
  const x86Dir = values.x86_64 ?? newestHeaders("/usr/src", "cloud-amd64");
  if (!x86Dir) {
    throw new Error(
      "no x86_64 headers: install linux-headers-6.1.0-NN-cloud-amd64 or pass --x86_64 DIR",
    );
  }
  const x86 = headerDirs(x86Dir, ARCHES[0]);
  if (values.compat) {
    let stale = 0;
    for (const c of COMPAT) {
      const file = path.join(values.out!, `syscalls_${c.abi}.ts`);
      const text = await generateCompat(c, x86);
      if (values.check) {
        const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        if (old !== text) {
          console.error(`${file} is out of date`);
          stale++;
        }
      } else {
        fs.writeFileSync(file, text);
        console.error(`wrote ${file} from ${path.basename(x86.archDir)} ${x86.version}`);
      }
    }
    return stale ? 1 : 0;
  }
  const armRoot = path.join(ARM64_CACHE, "root", "usr", "src");
  let armDir = values.aarch64 ?? newestHeaders(armRoot, "cloud-arm64");
  if (!armDir && values.fetch) {
    await fetchArm64(x86.release.replace(/-cloud-amd64$/, ""));
    armDir = newestHeaders(armRoot, "cloud-arm64");
  }
  if (!armDir) {
    throw new Error(
      "no arm64 headers: pass --aarch64 DIR, or --fetch to download Debian's " +
        "linux-headers-<abi>-cloud-arm64 into .cache/linux-headers-arm64",
    );
  }
  const arm = headerDirs(armDir, ARCHES[1]);
  if (arm.version !== x86.version) {
    console.error(`warning: x86_64 headers are ${x86.version}, arm64 headers ${arm.version}`);
  }

  let stale = 0;
  for (const [spec, dirs] of [[ARCHES[0], x86], [ARCHES[1], arm]] as const) {
    const file = path.join(values.out!, `syscalls_${spec.arch}.ts`);
    const text = await generate(spec, dirs);
    if (values.check) {
      const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
      if (old !== text) {
        console.error(`${file} is out of date`);
        stale++;
      }
    } else {
      fs.mkdirSync(values.out!, { recursive: true });
      fs.writeFileSync(file, text);
      console.error(`wrote ${file} from ${path.basename(dirs.archDir)} ${dirs.version}`);
    }
  }
  return stale ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await main());
  } catch (e) {
    console.error(`gen_syscalls: ${e instanceof Error ? e.message : e}`);
    Deno.exit(2);
  }
}
