/**
 * Classic BPF programs (struct sock_filter arrays) as strace 6.1 prints them
 * (src/bpf_filter.c: print_bpf_filter_code, print_bpf_filter_stmt, print_bpf_filter_jump; and
 * src/bpf_sock_filter.c's print_sock_filter_k for socket filters):
 * `BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_AD_OFF+SKF_AD_PROTOCOL)`,
 * `BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x11, 0, 0x5)`, in the current -X style.
 *
 * @module
 */
import type { Value } from "./decode.ts";
import { styledValue, type Xlat, xlatValue } from "./xlat/xlat.ts";
import {
  BPF_ALU_OPS,
  BPF_CLASSES,
  BPF_JMP_OPS,
  BPF_MISCOPS,
  BPF_MODES,
  BPF_RVALS,
  BPF_SIZES,
  BPF_SRCS,
  SKF_AD,
  SKF_AD_OFF,
  SKF_LL_OFF,
  SKF_NET_OFF,
} from "./xlat/bpf.ts";

/** strace's %#x: `0`, `0x2a`. */
const hx = (v: number) => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));

const UNKNOWN = " /* BPF_??? */";

/** printxval(): the name in the current -X style; `0x.. /* BPF_??? *\/` for a value without. */
function xval(table: Xlat, v: number, unknown = UNKNOWN): string {
  return styledValue(hx(v), xlatValue(table, BigInt(v)).names[0], unknown);
}

/** Bits no field of the class covers: `|0x100 /* BPF_??? *\/` in every style, as strace. */
const extra = (i: number) => (i ? `|${hx(i)}${UNKNOWN}` : "");

/** An instruction's code as strace's print_bpf_filter_code(code, false). */
export function bpfCodeText(code: number): string {
  const cls = code & 0x07;
  let i = code & ~0x07 & 0xffff;
  let s = xval(BPF_CLASSES, cls);
  switch (cls) {
    case 0x2: // BPF_ST
    case 0x3: // BPF_STX
      s += extra(i);
      break;
    case 0x0: // BPF_LD
    case 0x1: // BPF_LDX
      s += `|${xval(BPF_SIZES, code & 0x18)}|${xval(BPF_MODES, code & 0xe0)}`;
      break;
    case 0x7: { // BPF_MISC
      const op = code & 0xf8;
      s += `|${xval(BPF_MISCOPS, op)}`;
      i &= ~op;
      s += extra(i);
      break;
    }
    case 0x4: // BPF_ALU
      s += `|${xval(BPF_SRCS, code & 0x08)}|${xval(BPF_ALU_OPS, code & 0xf0)}`;
      break;
    case 0x5: // BPF_JMP
      s += `|${xval(BPF_SRCS, code & 0x08)}|${xval(BPF_JMP_OPS, code & 0xf0)}`;
      break;
    case 0x6: { // BPF_RET
      const rval = code & 0x18;
      s += `|${xval(BPF_RVALS, rval)}`;
      i &= ~rval;
      s += extra(i);
      break;
    }
  }
  return s;
}

/**
 * A socket filter's k as strace's print_sock_filter_k(): the offsets of BPF_LD|BPF_ABS loads
 * past SKF_LL_OFF, SKF_NET_OFF and SKF_AD_OFF by name (`SKF_NET_OFF+8`,
 * `SKF_AD_OFF+SKF_AD_PROTOCOL`); undefined for the others (strace's %#x).
 */
export function sockFilterK(code: number, k: number): string | undefined {
  if ((code & 0x07) !== 0 || (code & 0xe0) !== 0x20) return undefined;
  if (k >= SKF_AD_OFF) {
    return `${styledValue(hx(SKF_AD_OFF), "SKF_AD_OFF", "")}+${
      xval(SKF_AD, k - SKF_AD_OFF, " /* SKF_AD_??? */")
    }`;
  }
  if (k >= SKF_NET_OFF) {
    return `${styledValue(hx(SKF_NET_OFF), "SKF_NET_OFF", "")}+${k - SKF_NET_OFF}`;
  }
  if (k >= SKF_LL_OFF) return `${styledValue(hx(SKF_LL_OFF), "SKF_LL_OFF", "")}+${k - SKF_LL_OFF}`;
  return undefined;
}

/**
 * The first `n` instructions at `b` (8 bytes each: u16 code, u8 jt, u8 jf, u32 k, little-endian),
 * each as `BPF_JUMP(code, k, jt, jf)` when it jumps and `BPF_STMT(code, k)` otherwise; `k` gives
 * a k its own notation (socket filters: {@linkcode sockFilterK}).
 */
export function bpfInsns(
  b: Uint8Array,
  n: number,
  k: (code: number, k: number) => string | undefined = () => undefined,
): Value[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Value[] = [];
  for (let i = 0; i < n && 8 * (i + 1) <= b.length; i++) {
    const code = dv.getUint16(8 * i, true), jt = b[8 * i + 2], jf = b[8 * i + 3];
    const kv = dv.getUint32(8 * i + 4, true);
    const s = jt || jf
      ? `BPF_JUMP(${bpfCodeText(code)}, ${hx(kv)}, ${hx(jt)}, ${hx(jf)})`
      : `BPF_STMT(${bpfCodeText(code)}, ${k(code, kv) ?? hx(kv)})`;
    out.push({ t: "text", s });
  }
  return out;
}
