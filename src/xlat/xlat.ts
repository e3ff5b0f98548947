/**
 * Declarative constant tables (strace's src/xlat/*.in in spirit): one
 * constant per entry, with where its value comes from in the table's module
 * comment. Unknown bits are printed as hex, never dropped.
 *
 * @module
 */

/** One named value. */
export type XlatEntry = readonly [name: string, value: bigint];

/** A table of named values. */
export type Xlat = readonly XlatEntry[];

/** Symbolic form of a value: the names found and what no name covered. */
export interface Sym {
  /** Names, in table order. */
  names: string[];
  /** Bits (or the value) no name covers; undefined when none are left. */
  rest?: bigint;
}

/** The entry whose value equals v, as a one-name Sym; otherwise v as rest. */
export function xlatValue(table: Xlat, v: bigint): Sym {
  for (const [n, x] of table) if (x === v) return { names: [n] };
  return { names: [], rest: v };
}

/**
 * Flags: every entry whose bits are all set in v, in table order; entries
 * with value 0 only when v is 0. Leftover bits go to rest.
 */
export function xlatFlags(table: Xlat, v: bigint): Sym {
  const names: string[] = [];
  let left = v;
  for (const [n, x] of table) {
    if (x === 0n) continue;
    if ((left & x) === x) {
      names.push(n);
      left &= ~x;
    }
  }
  if (names.length === 0 && left === 0n) {
    const zero = table.find(([, x]) => x === 0n);
    if (zero) return { names: [zero[0]] };
  }
  return left === 0n ? { names } : { names, rest: left };
}

/** Tables whose unknown values get no `/* PREFIX_??? *\/` comment (see {@linkcode unknownComment}). */
const NO_COMMENT = new WeakSet<Xlat>();

/** Leaves `table`'s unknown values without a comment (strace shows those otherwise). */
export function noUnknownComment(table: Xlat): Xlat {
  NO_COMMENT.add(table);
  return table;
}

const PREFIXES = new WeakMap<Xlat, string>();

/**
 * Gives `table`'s unknown values strace's comment with `prefix` where the prefix of its first
 * name is not the one strace writes (`0x3 /* MEMBARRIER_CMD_??? *\/`).
 */
export function unknownPrefix(table: Xlat, prefix: string): Xlat {
  return unknownNamed(table, `${prefix}???`);
}

/** Gives `table`'s unknown values strace's comment `name` whole (access's `?_OK`). */
export function unknownNamed(table: Xlat, name: string): Xlat {
  PREFIXES.set(table, ` /* ${name} */`);
  return table;
}

/**
 * What strace writes after a value no name of `table` has: ` /* SEEK_??? *\/` (the prefix of
 * the table's names), or "" for a table without one.
 */
export function unknownComment(table: Xlat): string {
  let c = PREFIXES.get(table);
  if (c === undefined) {
    const m = NO_COMMENT.has(table) ? null : /^[A-Z][A-Z0-9]*_/.exec(table[0]?.[0] ?? "");
    PREFIXES.set(table, c = m ? ` /* ${m[0]}??? */` : "");
  }
  return c;
}

/** A per-architecture table, built once per architecture on first use. */
export function perArch<A extends string>(build: (arch: A) => Xlat): (arch: A) => Xlat {
  const built = new Map<A, Xlat>();
  return (arch) => {
    let t = built.get(arch);
    if (t === undefined) built.set(arch, t = build(arch));
    return t;
  };
}

/** Builds a table from `NAME: value` pairs given as numbers. */
export function xlat(entries: Record<string, number | bigint>): Xlat {
  return Object.entries(entries).map(([n, v]) => [n, BigInt(v)] as const);
}

/**
 * strace's -X (`--const-print-style`): how the text format shows a named constant. 0 abbrev: the
 * name (the default); 1 raw: the number; 2 verbose: the number with the name in a comment
 * (`0x1 /* O_WRONLY *\/`). Set by the text formatter for the line it renders.
 */
export type XlatStyle = 0 | 1 | 2;
let style: XlatStyle = 0;

/** Sets the style {@linkcode styledValue} and {@linkcode styledFlags} apply. */
export function setXlatStyle(s: XlatStyle): void {
  style = s;
}

/** The style the current line is rendered in. */
export function xlatStyle(): XlatStyle {
  return style;
}

/**
 * A constant as strace's printxval() shows it: `name`, or `num` with the table's `unknown`
 * comment (` /* X_??? *\/`, or "") when there is no name; -X raw: `num`; -X verbose:
 * `num /* name *\/`.
 */
export function styledValue(num: string, name: string | undefined, unknown: string): string {
  if (style === 1) return num;
  if (name === undefined) return num + unknown;
  return style === 2 ? `${num} /* ${name} */` : name;
}

/**
 * Flags as strace's printflags() shows them: `named` the names found and the leftover bits
 * (`A|B|0x10`), undefined when no name matched; `num` the whole value; `unknown` the comment
 * for a value no name covers. -X raw: `num`; -X verbose: `num /* A|B|0x10 *\/`.
 */
export function styledFlags(num: string, named: string | undefined, unknown: string): string {
  if (style === 1) return num;
  if (named === undefined) return num === "0" ? num : num + unknown;
  return style === 2 ? `${num} /* ${named} */` : named;
}

/**
 * `v` as flags of `table` in the current style: the names and the leftover bits in hex
 * (`A|B|0x10`), `unknown` after the number when no name matches; -X raw and verbose as
 * {@linkcode styledFlags}.
 */
export function flagsText(table: Xlat, v: bigint, unknown: string): string {
  const s = xlatFlags(table, v);
  const hex = (x: bigint) => (x === 0n ? "0" : "0x" + BigInt.asUintN(64, x).toString(16));
  const names = s.names.length
    ? (s.rest === undefined ? s.names.join("|") : `${s.names.join("|")}|${hex(s.rest)}`)
    : undefined;
  return styledFlags(hex(v), names, unknown);
}

/** A table of consecutive values from 0, one name each (an enum). */
export function sequence(names: readonly string[]): Xlat {
  return names.map((n, i) => [n, BigInt(i)] as const);
}

/** A file mode as strace prints one (C's `%#03o`): `0644`, `000`, `007`. */
export function octText(v: number): string {
  const s = v === 0 ? "0" : "0" + v.toString(8);
  return s.length >= 3 ? s : s.length === 2 ? "0" + s : "00" + s;
}
