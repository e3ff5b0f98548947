/**
 * Pairs enter and exit records into completed syscalls, for the records the
 * kernel could not pair itself: the tracefs backend's (always two records),
 * capture files, execve (whose memory is copied at entry, in an ENTER record
 * of its own), exit_group (which never returns), and the module's fallback
 * when its table of threads is full.
 *
 * @module
 */
import type { Arch, EnterRecord, SyscallRecord, TraceRecord } from "./record.ts";
import { syscallName } from "./syscalls.ts";
import { NO_RETURN } from "./decode.ts";

/** Turns a stream of records in time order into completed syscalls. */
export class Pairer {
  #arch: Arch;
  #pending = new Map<number, EnterRecord>();

  /** A pairer for records of `arch`. */
  constructor(arch: Arch) {
    this.#arch = arch;
  }

  /**
   * True when no entry waits for its exit: a completed syscall record then passes through
   * unchanged, and may be rendered without going through {@linkcode push}.
   */
  idle(): boolean {
    return this.#pending.size === 0;
  }

  /** Records to emit now for `r`, in order. */
  push(r: TraceRecord): TraceRecord[] {
    switch (r.kind) {
      case "drop":
        return [r];
      case "enter": {
        const out: TraceRecord[] = [];
        const old = this.#pending.get(r.tid);
        if (old) out.push(unfinished(old));
        if (NO_RETURN.has(syscallName(this.#arch, r.nr))) {
          this.#pending.delete(r.tid);
          out.push(unfinished(r));
        } else {
          this.#pending.set(r.tid, r);
        }
        return out;
      }
      case "exit": {
        const e = this.#take(r.tid, r.nr, r.pid);
        if (!e) return [r];
        const s: SyscallRecord = {
          kind: "syscall",
          ts: r.ts,
          cpu: r.cpu,
          pid: r.pid,
          tid: r.tid,
          comm: r.comm,
          nr: r.nr,
          args: e.args,
          ret: r.ret,
          enterTs: e.ts,
        };
        const items = merge(e.items, r.items);
        if (items) s.items = items;
        return [s];
      }
      case "syscall": {
        const e = this.#take(r.tid, r.nr, r.pid);
        if (!e) return [r];
        // the entry's arguments: after execve the registers are the new program's
        const s: SyscallRecord = { ...r, args: e.args, enterTs: e.ts };
        const items = merge(e.items, r.items);
        if (items) s.items = items;
        return [s];
      }
    }
  }

  /** The entry this exit ends; execve by another thread takes over the leader's tid. */
  #take(tid: number, nr: number, pid: number): EnterRecord | undefined {
    let e = this.#pending.get(tid);
    if (e && e.nr === nr) {
      this.#pending.delete(tid);
      return e;
    }
    if (!e && tid === pid && syscallName(this.#arch, nr).startsWith("execve")) {
      for (const [t, p] of this.#pending) {
        if (p.pid === pid && p.nr === nr) {
          this.#pending.delete(t);
          e = p;
          return e;
        }
      }
    }
    return undefined;
  }

  /** Syscalls still in progress at the end, as unfinished records. */
  flush(): TraceRecord[] {
    const out = [...this.#pending.values()].sort((a, b) => (a.ts < b.ts ? -1 : 1)).map(unfinished);
    this.#pending.clear();
    return out;
  }
}

function unfinished(e: EnterRecord): SyscallRecord {
  const s: SyscallRecord = {
    kind: "syscall",
    ts: e.ts,
    cpu: e.cpu,
    pid: e.pid,
    tid: e.tid,
    comm: e.comm,
    nr: e.nr,
    args: e.args,
    enterTs: e.ts,
  };
  if (e.items) s.items = e.items;
  return s;
}

function merge<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [...a, ...b];
}
