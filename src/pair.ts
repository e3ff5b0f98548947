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
import { syscallName, syscallNumber } from "./syscalls.ts";
import { NO_RETURN } from "./decode.ts";

/** Turns a stream of records in time order into completed syscalls. */
export class Pairer {
  #arch: Arch;
  #pending = new Map<number, EnterRecord>();
  /**
   * Threads whose rt_sigreturn exit (number -1) has just been shown: the entry of that
   * rt_sigreturn, if it comes next (the tracefs backend writes it as an unfinished call at the
   * thread's next entry), is left out.
   */
  #sigreturned = new Set<number>();
  #sigreturn: number;

  /** A pairer for records of `arch`. */
  constructor(arch: Arch) {
    this.#arch = arch;
    this.#sigreturn = syscallNumber(arch, "rt_sigreturn") ?? -2;
  }

  /**
   * True when no entry waits for its exit: a completed syscall record then passes through
   * unchanged, and may be rendered without going through {@linkcode push}.
   */
  idle(): boolean {
    return this.#pending.size === 0 && this.#sigreturned.size === 0;
  }

  /**
   * True when a completed syscall record of thread `tid`, number `nr`, would pass
   * {@linkcode push} unchanged with nothing pending before it: {@linkcode idle}, or no entry of
   * that thread waits and the call is not an execve (which may end another thread's entry). A
   * thread blocked in select (whose entry is a record of its own) keeps the others' records on
   * the byte path.
   */
  passes(tid: number, nr: number): boolean {
    if (this.#pending.size === 0 && this.#sigreturned.size === 0) return true;
    if (this.#pending.has(tid) || this.#sigreturned.has(tid)) return false;
    let x = this.#execve.get(nr);
    if (x === undefined) this.#execve.set(nr, x = syscallName(this.#arch, nr).startsWith("execve"));
    return !x;
  }
  #execve = new Map<number, boolean>();

  /** Records to emit now for `r`, in order. */
  push(r: TraceRecord): TraceRecord[] {
    if (r.kind === "signal" || r.kind === "procexit") return [r];
    if (r.kind !== "drop" && this.#sigreturned.size && this.#sigreturned.delete(r.tid)) {
      // its entry, which the tracefs backend writes as an unfinished call at the thread's next
      // entry, and a capture file read back holds as an entry after the exit
      if (
        r.nr === this.#sigreturn &&
        ((r.kind === "syscall" && r.ret === undefined) || r.kind === "enter")
      ) return [];
    }
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
        if (r.nr === -1) {
          // The return from a signal handler: rt_sigreturn sets the call's number to -1
          // (x86_64 and arm64), so its exit comes without the entry it ends. It returns the
          // interrupted call's registers: shown as rt_sigreturn's exit.
          const p = this.#pending.get(r.tid);
          if (p && p.nr === this.#sigreturn) {
            this.#pending.delete(r.tid);
            return [this.#completed(p, { ...r, nr: this.#sigreturn })];
          }
          this.#sigreturned.add(r.tid);
          return [{ ...r, nr: this.#sigreturn }];
        }
        const e = this.#take(r.tid, r.nr, r.pid);
        if (!e) return [r];
        return [this.#completed(e, r)];
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

  /** The completed syscall of entry `e` and exit `r`. */
  #completed(e: EnterRecord, r: Extract<TraceRecord, { kind: "exit" }>): SyscallRecord {
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
    return s;
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
