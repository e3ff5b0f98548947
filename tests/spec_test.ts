/**
 * The per-syscall spec (src/syscalls/spec.ts) and what is generated from it: the generated files
 * are up to date, and the module's capture table (kmod/syscall_table.h, read as the C compiler
 * sees it) agrees with the decoder's argument kinds for every syscall on both architectures.
 */
import assert from "node:assert/strict";
import type { Arch } from "../src/record.ts";
import { argSpecs, decodeCall, NO_RETURN } from "../src/decode.ts";
import { syscallNumber, syscallTable } from "../src/syscalls.ts";
import { CAP_KINDS, type CapOp, KIND_CAP, parseArg } from "../src/syscalls/kinds.ts";
import { SPEC } from "../src/syscalls/spec.ts";
import { FORK_NAMES, SCAP_EVENT_OF } from "../src/syscalls/traits.ts";
import { SPECIFIC } from "../src/scap/events.ts";

const ROOT = new URL("..", import.meta.url).pathname;
const ARCHES: Arch[] = ["x86_64", "aarch64"];

Deno.test("spec: the generated files are what tools/gen_spec.ts writes", async () => {
  const r = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "tools/gen_spec.ts", "--check"],
    cwd: ROOT,
  }).output();
  assert.equal(r.code, 0, new TextDecoder().decode(r.stderr));
});

interface HeaderEntry {
  flags: string[];
  caps: { op: CapOp; arg: number; arg2: number; n?: number; len32?: boolean }[];
}

/** kmod/syscall_table.h as each architecture's build sees it: name -> entry. */
function headerEntries(): Record<Arch, Map<string, HeaderEntry>> {
  const text = Deno.readTextFileSync(`${ROOT}kmod/syscall_table.h`);
  const out: Record<Arch, Map<string, HeaderEntry>> = { x86_64: new Map(), aarch64: new Map() };
  let archs: Arch[] = [];
  for (const line of text.split("\n")) {
    let m: RegExpExecArray | null;
    if ((m = /^#ifdef __NR_\w+$/.exec(line))) archs = ARCHES;
    else if ((m = /^#(?:el)?if defined\(__NR_\w+\) && defined\(CONFIG_(\w+)\)$/.exec(line))) {
      archs = m[1] === "X86_64" ? ["x86_64"] : m[1] === "ARM64" ? ["aarch64"] : [];
    } else if (line === "#endif") archs = [];
    else if ((m = /^\tSC\(__NR_(\w+), ([^,()]+)((?:, [CPSX](?:32)?\([^)]*\))*)\),$/.exec(line))) {
      assert.ok(archs.length, `entry outside a guard: ${line}`);
      const caps = [...m[3].matchAll(/([CPSX])(32)?\(([^)]*)\)/g)].map(([, c, l, a]) => {
        const p = a.split(", ");
        return c === "P"
          ? { op: "PATH" as CapOp, arg: Number(p[0]), arg2: 0 }
          : c === "X"
          ? { op: "SELECT" as CapOp, arg: Number(p[0]), arg2: Number(p[1]), n: Number(p[2]) }
          : {
            op: p[0] as CapOp,
            arg: Number(p[1]),
            arg2: Number(p[2]),
            ...(l ? { len32: true } : {}),
          };
      });
      const e = { flags: m[2] === "0" ? [] : m[2].split(" | "), caps };
      for (const a of archs) out[a].set(m[1], e);
    } else {
      assert.ok(!line.startsWith("\tSC("), `unparsed entry: ${line}`);
    }
  }
  return out;
}

/** kmod/syscall_select.h's cases, in order: syscall, value, op, argument, second argument. */
const SELECT_LINES = Deno.readTextFileSync(`${ROOT}kmod/syscall_select.h`).split("\n").flatMap(
  (line) => {
    const m = /^\t\/\* (\w+) \*\/ \{ (0x[0-9a-f]+), [CS]\((\w+), (\d+), (\d+)/.exec(line);
    if (m) {
      return [{
        name: m[1],
        val: Number(m[2]),
        op: m[3] as CapOp,
        arg: Number(m[4]),
        arg2: Number(m[5]),
      }];
    }
    // a path copier: P(arg)
    const p = /^\t\/\* (\w+) \*\/ \{ (0x[0-9a-f]+), P\((\d+)\)/.exec(line);
    return p
      ? [{ name: p[1], val: Number(p[2]), op: "PATH" as CapOp, arg: Number(p[3]), arg2: 0 }]
      : [];
  },
);

Deno.test("spec: the module's copiers and the decoder's kinds agree, every syscall, both arches", () => {
  const header = headerEntries();
  let checked = 0;
  for (const arch of ARCHES) {
    const table = syscallTable(arch);
    for (const name of header[arch].keys()) {
      // an entry for a name this architecture lacks is left out by its #ifdef __NR_name
      if (syscallNumber(arch, name) === undefined) {
        assert.ok(ARCHES.some((a) => syscallNumber(a, name) !== undefined), name);
      }
    }
    for (const info of table) {
      if (!info) continue;
      const e = header[arch].get(info.name) ?? { flags: [], caps: [] };
      const specs = argSpecs(arch, info.nr) ?? [];
      const where = `${arch} ${info.name}`;
      // every copy is decoded as the kind its op fills in, its length argument exists
      for (const c of e.caps) {
        const s = specs[c.arg];
        assert.ok(s, `${where}: copies argument ${c.arg}, which the decoder does not have`);
        assert.ok(
          CAP_KINDS[c.op].includes(s.kind),
          `${where}: ${c.op} copy of argument ${c.arg} decoded as ${s.kind}`,
        );
        if (c.op === "SELECT") {
          // its cases: kmod/syscall_select.h's lines arg2 .. arg2 + n - 1, the spec's in order
          const sel = SPEC[info.name]?.select;
          assert.ok(sel && sel.on === c.arg && sel.cases.length === c.n, where);
          sel.cases.forEach(([v, arg, kind], k) => {
            const line = SELECT_LINES[c.arg2 + k];
            assert.ok(line, `${where}: select case ${k} missing`);
            assert.equal(line.name, info.name, where);
            assert.equal(line.val, v, where);
            const p = parseArg(kind);
            assert.equal(line.op, KIND_CAP[p.kind!]!.op, `${where}: ${kind}`);
            assert.equal(line.arg, arg, where);
            assert.ok(specs[arg], `${where}: select copies argument ${arg}`);
            // `kind:N`: the copier's length argument, one the call has
            if (p.len !== undefined) {
              assert.equal(line.arg2, p.len, `${where}: ${kind}`);
              assert.ok(specs[p.len] && p.len !== arg, `${where}: ${kind}`);
            } else if (KIND_CAP[p.kind!]!.n !== undefined) {
              assert.equal(line.arg2, KIND_CAP[p.kind!]!.n, `${where}: ${kind}'s bound`);
            }
          });
        } else if (KIND_CAP[s.kind]?.n !== undefined) {
          // a bound of the kind's own (ISTRN's bytes), not a length argument
          assert.equal(c.arg2, KIND_CAP[s.kind]!.n, `${where}: ${c.op} bound`);
        } else {
          assert.ok(c.arg2 < Math.max(specs.length, 1), `${where}: ${c.op} length argument`);
        }
        // a length argument of a 32-bit C type is read as the kernel reads it (MSD_CAPF_LEN32)
        if (c.len32) {
          assert.match(info.args?.[c.arg2]?.type ?? "", /^(int|unsigned|unsigned int|u32)$/, where);
        }
        checked++;
      }
      // every memory kind the decoder shows has its copy
      specs.forEach((s, i) => {
        const cap = KIND_CAP[s.kind];
        if (!cap) return;
        assert.ok(
          e.caps.some((c) => c.arg === i && c.op === cap.op),
          `${where}: argument ${i} (${s.name}) decoded as ${s.kind}, but the module copies no ${cap.op}`,
        );
      });
      assert.equal(e.flags.includes("MSD_SC_NORET"), NO_RETURN.has(info.name), where);
      assert.equal(e.flags.includes("MSD_SC_ENTER"), SPEC[info.name]?.enter === true, where);
      assert.ok(e.caps.length <= 3, where);
    }
  }
  assert.ok(checked > 150, `only ${checked} copies checked`);
  // semop's `unsigned nsops`, poll's `unsigned int nfds`; write's size_t count is whole
  for (const arch of ARCHES) {
    assert.ok(header[arch].get("semop")?.caps[0].len32, `${arch} semop`);
    assert.ok(header[arch].get("ppoll")?.caps[0].len32, `${arch} ppoll`);
    assert.ok(!header[arch].get("write")?.caps[0].len32, `${arch} write`);
  }
});

Deno.test("spec: symlink's and utimensat's paths are copied and decoded as strings", () => {
  const header = headerEntries();
  const enc = (s: string) => new TextEncoder().encode(s);
  const x = header.x86_64.get("symlink")!;
  assert.deepEqual(x.caps.map((c) => [c.op, c.arg]), [["PATH", 0], ["PATH", 1]]);
  const sym = decodeCall("x86_64", syscallNumber("x86_64", "symlink")!, [0x1000n, 0x2000n], [
    { arg: 0, type: "str", data: enc("target") },
    { arg: 1, type: "str", data: enc("/tmp/link") },
  ]);
  assert.deepEqual(sym.args.map((a) => a.value), [
    { t: "str", bytes: enc("target"), truncated: undefined },
    { t: "str", bytes: enc("/tmp/link"), truncated: undefined },
  ]);
  for (const arch of ARCHES) {
    assert.deepEqual(header[arch].get("utimensat")!.caps, [
      { op: "PATH", arg: 1, arg2: 0 },
      { op: "ISTRUCT", arg: 2, arg2: 0 },
    ]);
    const nr = syscallNumber(arch, "utimensat")!;
    const c = decodeCall(arch, nr, [0xffffff9cn, 0x1000n, 0n, 0x100n], [
      { arg: 1, type: "str", data: enc("/tmp/f") },
    ]);
    assert.deepEqual(c.args.map((a) => a.value.t), ["sym", "str", "null", "sym"]);
    // filename may be NULL (futimens): the module copies nothing and NULL is shown
    const f = decodeCall(arch, nr, [3n, 0n, 0n, 0n]);
    assert.deepEqual(f.args[1].value, { t: "null" });
  }
});

Deno.test("spec: events, fork family and argument syntax", () => {
  assert.equal(SPECIFIC.length, Object.keys(SCAP_EVENT_OF).length);
  for (const s of SPECIFIC) assert.equal(SPEC[s.syscall]?.scap !== undefined, true, s.syscall);
  assert.deepEqual(
    SPECIFIC.map((s) => s.enter.id),
    SPECIFIC.map((s) => s.enter.id).sort((a, b) => a - b),
  );
  assert.deepEqual([...FORK_NAMES], ["clone", "clone3", "fork", "vfork"]);
  assert.deepEqual(parseArg("wbuf:2=buf"), { kind: "wbuf", len: 2, name: "buf" });
  assert.deepEqual(parseArg(""), { kind: undefined, len: undefined, name: undefined });
  assert.throws(() => parseArg("wbuf"), /needs its length/);
  assert.throws(() => parseArg("path:1"), /takes no length/);
  assert.throws(() => parseArg("pth"), /unknown kind/);
  // clone's argument order differs by architecture (CONFIG_CLONE_BACKWARDS on arm64)
  const names = (arch: Arch) => argSpecs(arch, syscallNumber(arch, "clone")!)!.map((a) => a.name);
  assert.deepEqual(names("x86_64"), ["flags", "stack", "parent_tid", "child_tid", "tls"]);
  assert.deepEqual(names("aarch64"), ["flags", "stack", "parent_tid", "tls", "child_tid"]);
});
