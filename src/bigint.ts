/**
 * Shared small bigints: syscall arguments and counters are mostly small, and
 * a decoder that hands out the same 0n..4095n objects allocates nothing for
 * them.
 *
 * @module
 */

const SMALL: bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));

/** n (a non-negative safe integer) as a bigint, shared when small. */
export function bigOf(n: number): bigint {
  return n < SMALL.length ? SMALL[n] : BigInt(n);
}

/** The little-endian u64 at `off` as a bigint, without allocating for small values. */
export function u64At(dv: DataView, off: number): bigint {
  const lo = dv.getUint32(off, true), hi = dv.getUint32(off + 4, true);
  if (hi === 0) return bigOf(lo);
  return hi < 0x200000 ? BigInt(hi * 0x100000000 + lo) : dv.getBigUint64(off, true);
}
