/**
 * The kernel module backend: /dev/my_sysdig through the FFI shim.
 *
 * @module
 */
import {
  ABI_VERSION,
  ALL_CPUS,
  decodeInfo,
  encodeDump,
  encodeFilter,
  LAYOUT,
  type ModuleInfo,
  READ_MIN,
  REC_DROP,
} from "./abi.ts";
import { BackendError } from "./errors.ts";
import { errnoName } from "./errno.ts";
import { cstr, loadShim, type Shim } from "./ffi.ts";
import {
  type Arch,
  type Backend,
  type CpuStats,
  type Filter,
  recordsOf,
  type TraceRecord,
  type TraceStats,
} from "./record.ts";
import { hostArch } from "./syscalls.ts";
import { decodedBatches, type RawBatch, RawRecordMerge } from "./rawmerge.ts";

const DROP_SIZE = LAYOUT["sizeof msd_rec_drop"];
const DROP_LOST = LAYOUT["msd_rec_drop.lost"];

/** Path of the module's device. */
export const DEVICE = "/dev/my_sysdig";

/** Options of {@linkcode openKmod}. */
export interface KmodOptions {
  /** Device path (tests use it to provoke errors). */
  device?: string;
  /** Bytes per read() (default 256 KiB: batches small enough to die young in the GC). */
  readSize?: number;
  /** How long a wait for records lasts before the buffers are read anyway (ms). */
  pollMs?: number;
}

function errText(ret: number): string {
  return errnoName(-ret) ?? `errno ${-ret}`;
}

/** Explains an open() failure in terms of what the user should do. */
function openError(device: string, ret: number): BackendError {
  switch (-ret) {
    case 2: // ENOENT
    case 6: // ENXIO
    case 19: // ENODEV
      return new BackendError(
        `my_sysdig module not loaded (${device}: ${errText(ret)}): run ` +
          "`insmod kmod/my_sysdig.ko` or use --backend tracefs",
      );
    case 1: // EPERM
    case 13: // EACCES
      return new BackendError(
        `permission denied opening ${device}: mysysdig must run as root`,
      );
    case 16: // EBUSY
      return new BackendError(
        `${device} is busy: another mysysdig is already tracing (one reader at a time)`,
      );
    default:
      return new BackendError(`cannot open ${device}: ${errText(ret)}`);
  }
}

/** True when the filter selects no process by itself. */
export function selectsNothing(f: Filter): boolean {
  return f.pids.length === 0 && f.procName === undefined && !f.children;
}

/**
 * Longest stretch (ms) spent draining a busy device before the event loop
 * gets a turn (signals, the sink's flush timer).
 */
const BUSY_SLICE_MS = 50;

/**
 * The per-CPU ring size (KiB) with dumps, when --buffer-size does not give one: a dump stops at
 * half a ring, so a call's 1 MiB buffer still dumps whole.
 */
export const DUMP_BUF_KB = 4096;

class KmodBackend implements Backend {
  readonly name = "kmod";
  readonly arch: Arch = hostArch();
  readonly info: ModuleInfo;
  /** The filter the module applies (after taking the module's defaults). */
  readonly filter: Filter;
  /**
   * The module dumps the filter's `dump` sets' buffers whole (DATA records); false without
   * sets, or with a module that predates MSD_IOC_SET_DUMP.
   */
  dumps = false;
  #shim: Shim;
  #fd: number;
  #pollMs: number;
  #stopping = false;
  #closed = false;
  #pending: Promise<number> | undefined;
  #merge: RawRecordMerge;

  constructor(shim: Shim, fd: number, info: ModuleInfo, filter: Filter, opts: KmodOptions) {
    this.#shim = shim;
    this.#fd = fd;
    this.info = info;
    this.filter = filter;
    this.#merge = new RawRecordMerge(Math.max(opts.readSize ?? 256 << 10, READ_MIN));
    this.#pollMs = opts.pollMs ?? 100;
  }

  start(): Promise<void> {
    // the module's events and the ones written here from records share one clock offset
    const f = this.filter.scap
      ? { ...this.filter, rtOffset: this.info.realtimeOffset }
      : this.filter;
    const ret = this.#shim.msd_set_filter(this.#fd, encodeFilter(f));
    if (ret < 0) {
      throw new BackendError(`the module refused the filter: ${errText(ret)}`);
    }
    const s = this.#shim.msd_start(this.#fd);
    if (s === -7) throw this.#tooBig(); // E2BIG
    if (s < 0) throw new BackendError(`cannot start tracing: ${errText(s)}`);
    return Promise.resolve();
  }

  stop(): void {
    this.#stopping = true;
  }

  /** START's E2BIG: the rings of every possible CPU would take more than half the free memory. */
  #tooBig(): BackendError {
    const kb = this.filter.bufferKb ?? this.info.bufKb;
    const ring = 2 ** Math.ceil(Math.log2(kb * 1024));
    const mib = (n: number) =>
      n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${Math.round(n / 1024)} KiB`;
    let avail = "";
    try {
      const m = /^MemAvailable:\s+(\d+) kB/m.exec(Deno.readTextFileSync("/proc/meminfo"));
      if (m) avail = ` (${mib(Number(m[1]) * 1024)})`;
    } catch { /* no /proc: the message goes without it */ }
    const what = this.filter.bufferKb !== undefined
      ? `--buffer-size ${kb}`
      : `the module's default buffer size (bufsize_kb=${kb})`;
    return new BackendError(
      `${what}: a ${mib(ring)} ring for each of the ${this.info.ncpus} possible CPUs ` +
        `(${mib(ring * this.info.ncpus)}) is more than half the memory available${avail}: ` +
        "choose a smaller --buffer-size",
    );
  }

  /** One read() into the merge's buffer; returns the bytes read, 0 when nothing was there. */
  #read(): number {
    const target = this.#merge.readTarget();
    const n = Number(this.#shim.msd_read(this.#fd, target, BigInt(target.length)));
    if (n < 0) throw new BackendError(`reading ${DEVICE} failed: ${errText(n)}`);
    return n;
  }

  /**
   * The module's records in timestamp order as they lie in the read buffer: offsets, no
   * objects (the capture writer's byte path). Each batch is valid until the next is asked
   * for. Times are the module's monotonic ns: add `info.realtimeOffset` for the epoch.
   */
  async *rawBatches(): AsyncIterableIterator<RawBatch> {
    const merge = this.#merge;
    const readSize = merge.readTarget().length;
    while (!this.#stopping) {
      this.#pending = this.#shim.msd_wait(this.#fd, this.#pollMs);
      const w = await this.#pending;
      this.#pending = undefined;
      if (w < 0) throw new BackendError(`waiting on ${DEVICE} failed: ${errText(w)}`);
      if (this.#stopping) break;
      // drain what is there; a full buffer means more is waiting
      const t0 = performance.now();
      for (;;) {
        const n = this.#read();
        if (n === 0) break;
        const out = merge.push(n);
        if (out.n) yield out;
        if (this.#stopping || n < readSize / 2) break;
        if (performance.now() - t0 > BUSY_SLICE_MS) break;
      }
    }
    // stopped: the module stops recording; read until its buffers are empty
    this.#shim.msd_stop(this.#fd);
    for (;;) {
      const n = this.#read();
      if (n === 0) break;
      // every read ends with a mark: what is older goes out now, so that draining
      // large buffers never holds them all in memory
      const out = merge.push(n);
      if (out.n) yield out;
    }
    const rest = merge.flush();
    if (rest.n) yield rest;
    const tail = this.#tailDrops();
    if (tail.n) yield tail;
  }

  /**
   * DROP records for the events each CPU lost after its last DROP record: the module writes a
   * CPU's DROP record before the next record that fits, so losses in the last moments of a
   * trace (the rings full when it stops) have none. Dated at the newest record released.
   */
  #tailDrops(): RawBatch {
    const merge = this.#merge, offs: number[] = [];
    const buf = new Uint8Array(DROP_SIZE * this.info.ncpus), view = new DataView(buf.buffer);
    const t = new Uint32Array(2);
    if (merge.lastKey > -Infinity) merge.timeOf(merge.lastKey, t);
    for (let cpu = 0; cpu < this.info.ncpus; cpu++) {
      const left = Number(this.#cpuStats(cpu).dropped) - (merge.lost[cpu] ?? 0);
      if (left <= 0) continue;
      const off = offs.length * DROP_SIZE;
      view.setUint16(off, DROP_SIZE, true);
      view.setUint16(off + 2, REC_DROP, true);
      view.setUint32(off + 8, t[0], true);
      view.setUint32(off + 12, t[1], true);
      view.setUint32(off + 24, cpu, true);
      view.setBigUint64(off + DROP_LOST, BigInt(left), true);
      offs.push(off);
    }
    return { buf, view, offs: Int32Array.from(offs), n: offs.length };
  }

  batches(): AsyncIterableIterator<TraceRecord[]> {
    return decodedBatches(this.rawBatches(), this.info.realtimeOffset);
  }

  records(): AsyncIterableIterator<TraceRecord> {
    return recordsOf(this.batches());
  }

  #cpuStats(cpu: number): CpuStats & { online: boolean } {
    const b = new Uint8Array(LAYOUT["sizeof msd_stats"]);
    const dv = new DataView(b.buffer);
    dv.setUint32(LAYOUT["msd_stats.cpu"], cpu, true);
    const ret = this.#shim.msd_stats(this.#fd, b);
    if (ret < 0) throw new BackendError(`reading statistics failed: ${errText(ret)}`);
    return {
      online: dv.getUint32(LAYOUT["msd_stats.online"], true) !== 0,
      seen: dv.getBigUint64(LAYOUT["msd_stats.seen"], true),
      recorded: dv.getBigUint64(LAYOUT["msd_stats.recorded"], true),
      dropped: dv.getBigUint64(LAYOUT["msd_stats.dropped"], true),
      unpaired: dv.getBigUint64(LAYOUT["msd_stats.unpaired"], true),
    };
  }

  stats(): TraceStats {
    const total = this.#cpuStats(ALL_CPUS);
    const perCpu: Array<CpuStats | undefined> = [];
    for (let cpu = 0; cpu < this.info.ncpus; cpu++) {
      const s = this.#cpuStats(cpu);
      perCpu.push(
        s.online ? { seen: s.seen, recorded: s.recorded, dropped: s.dropped } : undefined,
      );
    }
    return {
      seen: total.seen,
      recorded: total.recorded,
      dropped: total.dropped,
      unpaired: total.unpaired,
      perCpu,
      outOfOrder: BigInt(this.#merge.outOfOrder),
      blocked: this.filter.blockMs ? this.#blockStats() : undefined,
    };
  }

  /** The device's fdinfo counts the waits of backpressure since the start. */
  #blockStats(): { waits: bigint; timeouts: bigint; noSlot: bigint } | undefined {
    let text: string;
    try {
      text = Deno.readTextFileSync(`/proc/self/fdinfo/${this.#fd}`);
    } catch {
      return undefined;
    }
    const field = (name: string) =>
      BigInt(new RegExp(`^${name}:\\s+(\\d+)$`, "m").exec(text)?.[1] ?? 0);
    return {
      waits: field("msd_blocks"),
      timeouts: field("msd_block_timeouts"),
      noSlot: field("msd_block_noslot"),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#stopping = true;
    if (this.#pending) await this.#pending;
    this.#shim.msd_close(this.#fd);
  }
}

/** Is the module's device present? */
export function kmodAvailable(device = DEVICE): boolean {
  try {
    Deno.statSync(device);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens /dev/my_sysdig. With a filter that selects no process, the module's
 * default filter (its pid= and proc_name= parameters) applies, and every
 * process but the tracer when those are unset.
 *
 * @example
 * ```ts
 * const b = await openKmod({ pids: [1234], follow: false });
 * await b.start();
 * for await (const r of b.records()) console.log(r);
 * ```
 */
export function openKmod(
  filter: Filter,
  opts: KmodOptions = {},
): Promise<
  Backend & {
    info: ModuleInfo;
    filter: Filter;
    dumps: boolean;
    rawBatches(): AsyncIterableIterator<RawBatch>;
  }
> {
  const device = opts.device ?? DEVICE;
  const shim = loadShim();
  const fd = shim.msd_open(cstr(device));
  if (fd < 0) throw openError(device, fd);
  try {
    const v = new Uint32Array(1);
    const r = shim.msd_version(fd, v);
    if (r < 0) throw new BackendError(`${device} is not a my_sysdig device: ${errText(r)}`);
    if (v[0] !== ABI_VERSION) {
      throw new BackendError(
        `my_sysdig module speaks ABI ${v[0]}, this mysysdig speaks ${ABI_VERSION}: ` +
          "load the module built with this release",
      );
    }
    const ib = new Uint8Array(LAYOUT["sizeof msd_info"]);
    const ri = shim.msd_info(fd, ib);
    if (ri < 0) throw new BackendError(`reading module info failed: ${errText(ri)}`);
    const info = decodeInfo(ib);
    let eff = filter;
    if (selectsNothing(filter)) {
      eff = {
        ...filter,
        pids: info.defaults.pids,
        procName: info.defaults.procName,
      };
    }
    const dumping = filter.dump?.read !== undefined || filter.dump?.write !== undefined;
    // a dump holds up to half a ring: at least 4 MiB rings unless --buffer-size says otherwise
    if (dumping && eff.bufferKb === undefined) {
      eff = { ...eff, bufferKb: Math.max(info.bufKb, DUMP_BUF_KB) };
    }
    const b = new KmodBackend(shim, fd, info, eff, opts);
    if (dumping) {
      const r = shim.msd_set_dump(fd, encodeDump(filter.dump!.read, filter.dump!.write));
      // ENOTTY: a module without dumps (the lines then dump what the records hold)
      if (r < 0 && r !== -25) {
        throw new BackendError(`the module refused the dump sets: ${errText(r)}`);
      }
      b.dumps = r === 0;
    }
    if (eff.blockMs) {
      const r = shim.msd_set_block(fd, eff.blockMs);
      if (r === -25) {
        throw new BackendError(
          "this my_sysdig module cannot make traced threads wait (--blocking-timeout): " +
            "load the module built with this release",
        );
      }
      if (r < 0) throw new BackendError(`the module refused the blocking timeout: ${errText(r)}`);
    }
    return Promise.resolve(b);
  } catch (e) {
    shim.msd_close(fd);
    throw e;
  }
}
