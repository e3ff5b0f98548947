/**
 * Merges per-CPU record streams into timestamp order.
 *
 * A backend pushes records as it reads them (each CPU's records in order,
 * CPUs one after another) together with a mark: a time before which every
 * record has been delivered. Records older than the mark minus a slack are
 * released in order; the rest wait for a later mark or for flush().
 *
 * @module
 */
import type { TraceRecord } from "./record.ts";

/** How far behind a mark records are held, for commits still in flight (ns). */
export const MERGE_SLACK_NS = 10_000_000n;

const byTs = (a: TraceRecord, b: TraceRecord) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** Reorders records across CPUs; see the module comment. */
export class OrderedMerge {
  #held: TraceRecord[] = [];

  /** Adds records; returns those that are now safe to emit, in order. */
  push(records: TraceRecord[], mark: bigint | undefined): TraceRecord[] {
    for (const r of records) this.#held.push(r);
    if (mark === undefined || this.#held.length === 0) return [];
    const limit = mark - MERGE_SLACK_NS;
    // Array.prototype.sort is stable: equal timestamps keep arrival order
    this.#held.sort(byTs);
    let n = 0;
    while (n < this.#held.length && this.#held[n].ts < limit) n++;
    if (n === 0) return [];
    const out = this.#held.slice(0, n);
    this.#held = this.#held.slice(n);
    return out;
  }

  /** Everything still held, in order. */
  flush(): TraceRecord[] {
    const out = this.#held.sort(byTs);
    this.#held = [];
    return out;
  }
}
