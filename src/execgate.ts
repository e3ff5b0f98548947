/**
 * `-- COMMAND` is traced from COMMAND's execve on, as strace shows it: the launcher's child
 * (forked by Deno, which resets signal handlers, moves fds and searches PATH before it execs)
 * is not COMMAND, so nothing it does before its first successful execve is shown or counted.
 *
 * The gate sits between a backend and the sinks, for the module's records as bytes
 * ({@linkcode gateRawBatches}, both live backends) and as objects ({@linkcode ExecGate.push}).
 * Until the child's execve succeeds it drops the child thread's records, keeps the entry of its
 * latest execve (execve's arguments come in an entry record of their own: its memory is gone at
 * exit) and lets that entry through with the exit that returns 0. From then on it passes
 * everything: one boolean per batch. Records lost before COMMAND's execve (a drop) open the
 * gate too: the execve may have been among them. When -e leaves execve out, the backend is asked for it
 * all the same (the gate needs it) and the gate drops every execve record after COMMAND's.
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import type { RawBatch } from "./rawmerge.ts";
import {
  nrAt,
  REC_DATA,
  REC_DROP,
  REC_ENTER,
  REC_EXIT,
  REC_SCAP,
  REC_SIGNAL,
  REC_SYSCALL,
  RF_UNFINISHED,
} from "./abi.ts";
import { syscallNumber } from "./syscalls.ts";

/** What the gate does with one record of the launcher's child. */
const DROP = 0, HOLD = 1, OPEN = 2;

/** The state of one gate: which thread, which syscalls are execve, whether it has opened. */
export class ExecGate {
  /** True once COMMAND's execve has been seen. */
  open = false;
  /** Records left out: the child's before its execve, and hidden execve records. */
  skipped = 0;
  /** execve records are not to be shown (-e left them out): they are dropped after the gate. */
  #hide: boolean;
  #tid: number | undefined;
  #execve: number;
  #execveat: number;
  /** The held entry of the child's latest execve, as an object. */
  #held: TraceRecord | undefined;
  /** The held entry of the child's latest execve, as the module's record bytes. */
  #heldBytes: Uint8Array | undefined;

  /**
   * A gate for the records of thread `tid` (the child's pid). Undefined: the first record seen
   * is taken as the child's (inside a pid namespace, where the child's pid is not the kernel's,
   * and nothing else is traced before the child's first call).
   */
  constructor(arch: Arch, tid: number | undefined, hideExecve = false) {
    this.#tid = tid;
    this.#hide = hideExecve;
    this.#execve = syscallNumber(arch, "execve") ?? -2;
    this.#execveat = syscallNumber(arch, "execveat") ?? -2;
  }

  #isExecve(nr: number): boolean {
    return nr === this.#execve || nr === this.#execveat;
  }

  /** Records were lost: the execve may have been among them, so the gate opens. */
  #lost(): void {
    if (this.open) return;
    this.open = true;
    this.#held = undefined;
    this.#heldBytes = undefined;
  }

  /** True when every further record passes unchanged. */
  get done(): boolean {
    return this.open && !this.#hide;
  }

  /** DROP, HOLD or OPEN for a record of kind REC_* by thread `tid`; -1: not the child's. */
  #verdict(kind: number, tid: number, nr: number, ok: boolean): number {
    if (this.#tid === undefined) this.#tid = tid;
    if (tid !== this.#tid) return -1;
    if (!this.#isExecve(nr)) return DROP;
    if (kind === REC_ENTER) return HOLD;
    return ok ? OPEN : DROP;
  }

  /** Feeds one record; `emit` receives what passes, in order. */
  push(r: TraceRecord, emit: (r: TraceRecord) => void): void {
    if (r.kind === "drop") {
      // what was lost may have been the execve: from here on nothing is left out
      this.#lost();
      return emit(r);
    }
    if (r.kind === "signal" || r.kind === "procexit") {
      // the child's signals before its execve are the launcher's; its exit shows (a failed exec)
      if (this.open || r.kind === "procexit" || (this.#tid !== undefined && r.tid !== this.#tid)) {
        emit(r);
      } else this.skipped++;
      return;
    }
    if (this.open) {
      if (!this.#hide || !this.#isExecve(r.nr)) emit(r);
      else this.skipped++;
      return;
    }
    const kind = r.kind === "enter" ? REC_ENTER : r.kind === "exit" ? REC_EXIT : REC_SYSCALL;
    const v = this.#verdict(kind, r.tid, r.nr, r.kind !== "enter" && r.ret === 0n);
    if (v < 0) return emit(r);
    if (v === HOLD) {
      if (this.#held) this.skipped++;
      this.#held = r;
      return;
    }
    if (v === OPEN) {
      this.open = true;
      const held = this.#held;
      this.#held = undefined;
      if (this.#hide) {
        this.skipped += held ? 2 : 1;
        return;
      }
      if (held) emit(held);
      return emit(r);
    }
    this.skipped++;
    // a failed execve (a PATH search): its entry goes too
    if (this.#isExecve(r.nr) && this.#held) {
      this.#held = undefined;
      this.skipped++;
    }
  }

  /**
   * The batch without the child's records before its execve; the same batch object when
   * nothing was left out. The execve's held entry is copied, so it outlives its batch.
   */
  raw(b: RawBatch): RawBatch {
    const { buf, view, offs } = b;
    let k = 0;
    let insert = -1;
    for (let i = 0; i < b.n; i++) {
      const off = offs[i];
      const kind = view.getUint16(off + 2, true);
      if (this.open) {
        if (
          !this.#hide || !this.#isExecve(nrAt(view, off)) ||
          (kind !== REC_ENTER && kind !== REC_EXIT && kind !== REC_SYSCALL)
        ) offs[k++] = off;
        else this.skipped++;
        continue;
      }
      if (kind === REC_DROP) {
        this.#lost();
        offs[k++] = off;
        continue;
      }
      if (kind !== REC_ENTER && kind !== REC_EXIT && kind !== REC_SYSCALL) {
        // the module's sysdig events (a capture file): never an execve (its entry is a record
        // of its own), so the child's are left out
        if (
          (kind !== REC_SCAP && kind !== REC_SIGNAL && kind !== REC_DATA) ||
          this.#verdict(kind, view.getUint32(off + 20, true), -2, false) < 0
        ) {
          offs[k++] = off;
        } else if (kind !== REC_DATA) this.skipped++; // a dump goes with its call
        continue;
      }
      const retAt = kind === REC_EXIT ? 48 : 96;
      const ok = kind !== REC_ENTER &&
        !(kind === REC_SYSCALL && (view.getUint32(off + 28, true) & RF_UNFINISHED)) &&
        view.getUint32(off + retAt, true) === 0 && view.getUint32(off + retAt + 4, true) === 0;
      const v = this.#verdict(
        kind,
        view.getUint32(off + 20, true),
        nrAt(view, off),
        ok,
      );
      if (v < 0) {
        offs[k++] = off;
      } else if (v === HOLD) {
        if (this.#heldBytes) this.skipped++;
        this.#heldBytes = buf.slice(off, off + view.getUint16(off, true));
      } else if (v === OPEN) {
        this.open = true;
        if (this.#hide) {
          this.skipped += this.#heldBytes ? 2 : 1;
          this.#heldBytes = undefined;
          continue;
        }
        if (this.#heldBytes) insert = k;
        offs[k++] = off;
      } else {
        this.skipped++;
        if (this.#isExecve(nrAt(view, off)) && this.#heldBytes) {
          this.#heldBytes = undefined;
          this.skipped++;
        }
      }
    }
    if (insert < 0) {
      b.n = k;
      return b;
    }
    // the held entry goes before the execve's exit: one new buffer with the records kept
    const held = this.#heldBytes!;
    this.#heldBytes = undefined;
    let size = held.length;
    for (let i = 0; i < k; i++) size += view.getUint16(offs[i], true);
    const out = new Uint8Array(size);
    const outOffs = new Int32Array(k + 1);
    let at = 0, n = 0;
    for (let i = 0; i < k; i++) {
      if (i === insert) {
        out.set(held, at);
        outOffs[n++] = at;
        at += held.length;
      }
      const len = view.getUint16(offs[i], true);
      out.set(buf.subarray(offs[i], offs[i] + len), at);
      outOffs[n++] = at;
      at += len;
    }
    return { buf: out, view: new DataView(out.buffer), offs: outOffs, n };
  }
}

/** `src`'s batches through `gate` (empty batches left out). */
export async function* gateRawBatches(
  src: AsyncIterable<RawBatch>,
  gate: ExecGate,
): AsyncIterableIterator<RawBatch> {
  for await (const b of src) {
    if (gate.done) {
      yield b;
      continue;
    }
    const g = gate.raw(b);
    if (g.n) yield g;
  }
}
