/**
 * Merges the module's per-CPU record runs into timestamp order with no object per record.
 *
 * Each read() of /dev/my_sysdig returns whole records, each CPU's in timestamp order, and ends
 * with a BATCH record whose time is a mark: every record older than it has been returned
 * (kmod/dev.c, msd_read()). The merge buckets record offsets by CPU, takes the oldest head
 * among the CPUs while it is older than the mark (a k-way merge over offsets, keys as doubles
 * relative to the first record's time: exact for 104 days), and copies the records it holds back
 * (newer than the mark) as bytes to the front of a second buffer, which the next read() fills
 * after them. Two buffers alternate, so the released records stay valid until the next step. Nothing here allocates per record; memory is the two buffers and the offset tables.
 *
 * A record older than one already released cannot be put back in its place: it is released with
 * its batch and counted in `outOfOrder`.
 *
 * @module
 */
import { decodeRecord, REC_BATCH, REC_DATA, REC_DROP, REC_ENTER } from "./abi.ts";
import type { TraceRecord } from "./record.ts";

const TWO32 = 4294967296;
/** Record header size: the smallest record. */
const HDR = 48;
/** CPU numbers at or above this are taken as corruption rather than grown into. */
const CPU_LIMIT = 8192;

/** Records released by one {@linkcode RawRecordMerge} step, oldest first. */
export interface RawBatch {
  /** The bytes the records are in; valid until the next push(). */
  buf: Uint8Array;
  /** A view of `buf`. */
  view: DataView;
  /** Offsets in `buf` of the released records, in timestamp order; the first `n` count. */
  offs: Int32Array;
  /** How many records were released. */
  n: number;
}

/** The k-way merge of the module's reads; see the module comment. */
export class RawRecordMerge {
  #readSize: number;
  #bufs: Uint8Array[];
  #views: DataView[];
  #cur = 0;
  /** Bytes of held records at the front of #bufs[#cur]. */
  #carry = 0;
  #baseHi = 0;
  #baseLo = 0;
  #based = false;
  #released = -Infinity;
  /** Per CPU: offsets and keys of this step's records, in arrival (= time) order. */
  #runOff: Int32Array[] = [];
  #runKey: Float64Array[] = [];
  #runLen: number[] = [];
  #head: number[] = [];
  #out = new Int32Array(4096);
  /** Records that arrived older than a record already released. */
  outOfOrder = 0;
  /** Per CPU: the events its DROP records reported lost, counted as they are read. */
  readonly lost: number[] = [];

  /** The key of the newest record released so far (-Infinity before the first). */
  get lastKey(): number {
    return this.#released;
  }

  /** Bytes of records held for a later mark. */
  get held(): number {
    return this.#carry;
  }

  /** `readSize`: the most bytes one read() returns. */
  constructor(readSize: number) {
    this.#readSize = readSize;
    this.#bufs = [new Uint8Array(2 * readSize), new Uint8Array(2 * readSize)];
    this.#views = this.#bufs.map((b) => new DataView(b.buffer));
  }

  /** Where the next read() must put its bytes (at most `readSize`). */
  readTarget(): Uint8Array {
    return this.#bufs[this.#cur].subarray(this.#carry, this.#carry + this.#readSize);
  }

  /** The key of a monotonic time given as two u32 halves. */
  #key(lo: number, hi: number): number {
    if (!this.#based) {
      this.#based = true;
      this.#baseLo = lo;
      this.#baseHi = hi;
    }
    return (hi - this.#baseHi) * TWO32 + (lo - this.#baseLo);
  }

  /** The monotonic ns that key `k` stands for, as two u32 halves [lo, hi]. */
  timeOf(k: number, out: Uint32Array): void {
    const t = this.#baseHi * TWO32 + this.#baseLo + k;
    // exact while the sum stays below 2^53 (monotonic time: 104 days of uptime)
    out[0] = t % TWO32;
    out[1] = Math.floor(t / TWO32);
  }

  #bucket(cpu: number, off: number, key: number): void {
    let len = this.#runLen[cpu];
    if (len === undefined) {
      if (cpu >= CPU_LIMIT) throw new Error(`malformed record at byte ${off}: cpu ${cpu}`);
      for (let c = this.#runLen.length; c <= cpu; c++) {
        this.#runOff[c] = new Int32Array(1024);
        this.#runKey[c] = new Float64Array(1024);
        this.#runLen[c] = 0;
        this.#head[c] = 0;
      }
      len = 0;
    }
    if (len === this.#runOff[cpu].length) {
      const o = new Int32Array(len * 2), k = new Float64Array(len * 2);
      o.set(this.#runOff[cpu]);
      k.set(this.#runKey[cpu]);
      this.#runOff[cpu] = o;
      this.#runKey[cpu] = k;
    }
    this.#runOff[cpu][len] = off;
    this.#runKey[cpu][len] = key;
    this.#runLen[cpu] = len + 1;
  }

  /**
   * Takes the `n` bytes the last read() put at {@linkcode readTarget} and returns the records
   * now safe to emit. With `all`, every record held is released (the trace has ended).
   * Throws on a malformed record rather than guessing.
   */
  push(n: number, all = false): RawBatch {
    const buf = this.#bufs[this.#cur], view = this.#views[this.#cur];
    const end = this.#carry + n;
    const ncpu = this.#runLen.length;
    for (let c = 0; c < ncpu; c++) this.#runLen[c] = this.#head[c] = 0;
    let mark = all ? Infinity : -Infinity;
    const carry = this.#carry;
    let pos = 0;
    while (pos + HDR <= end) {
      const size = view.getUint16(pos, true);
      const kind = view.getUint16(pos + 2, true);
      if (size < HDR || (size & 7) !== 0 || pos + size > end) {
        throw new Error(`malformed record at byte ${pos - this.#carry}: size ${size}`);
      }
      const key = this.#key(view.getUint32(pos + 8, true), view.getUint32(pos + 12, true));
      if (kind === REC_BATCH) {
        if (!all && key > mark) mark = key;
      } else if (kind >= REC_ENTER && kind <= REC_DATA) {
        // ENTER, EXIT, DROP, SYSCALL, SCAP, SIGNAL, PROCEXIT and DATA (BATCH was taken above)
        const cpu = view.getUint32(pos + 24, true);
        this.#bucket(cpu, pos, key);
        // held records come round again at the front: count each DROP once, when read
        if (kind === REC_DROP && pos >= carry) {
          this.lost[cpu] = (this.lost[cpu] ?? 0) + view.getUint32(pos + 48, true) +
            view.getUint32(pos + 52, true) * TWO32;
        }
      }
      // unknown kinds from a newer module are skipped by size
      pos += size;
    }
    // k-way merge of the runs (k is the number of CPUs: a scan beats a heap)
    const ncpus = this.#runLen.length;
    let out = this.#out, nout = 0;
    for (;;) {
      let best = -1, bestKey = Infinity;
      for (let c = 0; c < ncpus; c++) {
        const h = this.#head[c];
        if (h < this.#runLen[c]) {
          const k = this.#runKey[c][h];
          if (best < 0 || k < bestKey) {
            best = c;
            bestKey = k;
          }
        }
      }
      if (best < 0 || !(bestKey < mark)) break;
      if (nout === out.length) {
        const o = new Int32Array(out.length * 2);
        o.set(out);
        this.#out = out = o;
      }
      out[nout++] = this.#runOff[best][this.#head[best]++];
      if (bestKey < this.#released) this.outOfOrder++;
      else this.#released = bestKey;
    }
    // what is held moves, as bytes, to the front of the other buffer
    const next = this.#cur ^ 1;
    let held = 0;
    for (let c = 0; c < ncpus; c++) {
      for (let h = this.#head[c]; h < this.#runLen[c]; h++) {
        const off = this.#runOff[c][h];
        held += view.getUint16(off, true);
      }
    }
    if (held + this.#readSize > this.#bufs[next].length) {
      // grown only when marks lag reads (never with the module's exact marks)
      const b = new Uint8Array(2 * (held + this.#readSize));
      this.#bufs[next] = b;
      this.#views[next] = new DataView(b.buffer);
    }
    const dst = this.#bufs[next];
    let at = 0;
    for (let c = 0; c < ncpus; c++) {
      // a CPU's held records mostly lie back to back: one copy per stretch
      let h = this.#head[c];
      const len = this.#runLen[c], offs = this.#runOff[c];
      while (h < len) {
        const start = offs[h];
        let end = start + view.getUint16(start, true);
        for (h++; h < len && offs[h] === end; h++) end += view.getUint16(end, true);
        dst.set(buf.subarray(start, end), at);
        at += end - start;
      }
    }
    this.#carry = at;
    this.#cur = next;
    return { buf, view, offs: out, n: nout };
  }

  /** Every record still held, in order. */
  flush(): RawBatch {
    return this.push(0, true);
  }
}

/**
 * The records of raw batches as objects (decodeRecord(), `offset` added to their times), a batch
 * at a time: how both backends' batches() derive from their rawBatches().
 */
export async function* decodedBatches(
  raw: AsyncIterable<RawBatch>,
  offset: bigint,
): AsyncIterableIterator<TraceRecord[]> {
  for await (const b of raw) {
    const out: TraceRecord[] = [];
    for (let i = 0; i < b.n; i++) {
      const r = decodeRecord(b.buf, b.view, b.offs[i], offset);
      if (r) out.push(r);
    }
    if (out.length) yield out;
  }
}
