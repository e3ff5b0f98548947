/**
 * gzip off the reading thread: a Worker that compresses whole buffers, one gzip member each, in
 * the order they were given. node:zlib's asynchronous calls and CompressionStream both deflate on
 * the calling thread in Deno (measured: the event loop stalls for the whole buffer), so a capture
 * written with `-z` would stall the reader for every flush.
 *
 * @module
 */

/** The worker's code, inline: a bundled program has no module file to start a worker from. */
const WORKER_SOURCE = `
import zlib from "node:zlib";
self.onmessage = (e) => {
  const { buf, len } = e.data;
  let z;
  try {
    z = zlib.gzipSync(new Uint8Array(buf, 0, len), { level: 6 });
  } catch (err) {
    self.postMessage({ error: String(err), buf }, [buf]);
    return;
  }
  self.postMessage({ z, buf }, [z.buffer, buf]);
};
`;

interface Reply {
  z?: Uint8Array;
  error?: string;
  buf: ArrayBuffer;
}

/** Compresses buffers in a Worker, results in order. */
export class GzipWorker {
  #worker: Worker;
  #waiting: Array<{ resolve: (z: Uint8Array) => void; reject: (e: Error) => void }> = [];
  /** Buffers back from the worker, for the next flushes. */
  #free: ArrayBuffer[] = [];
  /** Bytes handed over and not yet returned. */
  inflight = 0;

  constructor() {
    this.#worker = new Worker(
      `data:application/javascript,${encodeURIComponent(WORKER_SOURCE)}`,
      { type: "module" },
    );
    this.#worker.onmessage = (e: MessageEvent<Reply>) => {
      const w = this.#waiting.shift();
      if (this.#free.length < 4) this.#free.push(e.data.buf);
      if (!w) return;
      if (e.data.z) w.resolve(e.data.z);
      else w.reject(new Error(`gzip failed: ${e.data.error}`));
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      for (const w of this.#waiting.splice(0)) w.reject(new Error(`gzip worker: ${e.message}`));
    };
  }

  /**
   * One gzip member of `data`. The bytes are copied into a buffer that travels to the worker and
   * back (the same few buffers over and over: nothing is allocated per flush on this side).
   */
  compress(data: Uint8Array): Promise<Uint8Array> {
    const n = data.length;
    let buf = this.#free.pop();
    if (!buf || buf.byteLength < n) buf = new ArrayBuffer(Math.max(n, 2 << 20));
    new Uint8Array(buf, 0, n).set(data);
    this.inflight += n;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#worker.postMessage({ buf, len: n }, [buf]);
    }).finally(() => this.inflight -= n);
  }

  /** Stops the worker; pending results are rejected. */
  close(): void {
    this.#worker.terminate();
    for (const w of this.#waiting.splice(0)) w.reject(new Error("gzip worker stopped"));
  }
}
