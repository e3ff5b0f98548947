/**
 * Merges per-CPU record streams into timestamp order.
 *
 * A backend pushes records as it reads them (each CPU's records in order,
 * CPUs one after another) together with a mark: a time before which every
 * record has been delivered. Records older than the mark (minus a slack,
 * none by default) are released in order; the rest wait for a later mark or for flush(). A record
 * that arrives older than one already released cannot be put back in its
 * place: it is released with the next batch and counted in `outOfOrder`.
 *
 * @module
 */
import type { TraceRecord } from "./record.ts";

/**
 * How far behind a mark records are held (ns). None by default: the
 * module's marks are exact (kmod/dev.c, msd_read()), and a record that still
 * arrives late is counted, not hidden.
 */
export const MERGE_SLACK_NS = 0n;

const byTs = (a: TraceRecord, b: TraceRecord) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0);

/** Reorders records across CPUs; see the module comment. */
export class OrderedMerge {
  #held: TraceRecord[] = [];
  #released = -1n;
  #slack: bigint;
  /** Records that arrived older than a record already released. */
  outOfOrder = 0;

  /** `slackNs`: how far behind each mark records are held (default MERGE_SLACK_NS). */
  constructor(slackNs: bigint = MERGE_SLACK_NS) {
    this.#slack = slackNs;
  }

  /** Adds records; returns those that are now safe to emit, in order. */
  push(records: TraceRecord[], mark: bigint | undefined): TraceRecord[] {
    for (const r of records) {
      if (r.ts < this.#released) this.outOfOrder++;
      this.#held.push(r);
    }
    if (mark === undefined || this.#held.length === 0) return [];
    const limit = mark - this.#slack;
    // Array.prototype.sort is stable: equal timestamps keep arrival order
    this.#held.sort(byTs);
    let n = 0;
    while (n < this.#held.length && this.#held[n].ts < limit) n++;
    if (n === 0) return [];
    const out = this.#held.slice(0, n);
    this.#held = this.#held.slice(n);
    this.#note(out);
    return out;
  }

  /** Everything still held, in order. */
  flush(): TraceRecord[] {
    const out = this.#held.sort(byTs);
    this.#held = [];
    this.#note(out);
    return out;
  }

  #note(out: TraceRecord[]): void {
    const last = out[out.length - 1];
    if (last && last.ts > this.#released) this.#released = last.ts;
  }
}
