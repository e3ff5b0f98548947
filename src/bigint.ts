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
