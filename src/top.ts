/**
 * The sinks of `--view` and `--top`. `--view NAME` prints a view ({@linkcode createView}) when
 * the trace ends, as `-c` prints its table. `--top` shows it while tracing: on a terminal it is
 * redrawn in place every second (as many rows as the terminal has, sorted), and `q` quits as
 * Ctrl-C does; into a file or a pipe it is written once a second as plain blocks, a title line
 * and the table, separated by a blank line, and once more when the trace ends. Live, the
 * second is the wall clock's; reading a capture (`-r`), it is the trace's own, so that a block
 * stands for each second of the capture whatever the speed of reading.
 *
 * @module
 */
import type { Arch, TraceRecord, TraceStats } from "./record.ts";
import type { Sink } from "./sink.ts";
import type { LineOutput } from "./output.ts";
import { createView, type FdResolver, type View, type ViewName } from "./views.ts";

/** How a view is shown. */
export interface ViewSinkOptions {
  /** Which view. */
  view: ViewName;
  /** Redraw it every second (`--top`) rather than once at the end. */
  top?: boolean;
  /** The output is a terminal: redraw in place (ANSI), sized to the terminal. */
  terminal?: boolean;
  /** The second between blocks: the wall clock's (live) or the records' (a capture). */
  clock?: "wall" | "trace";
  /** With `top` on a terminal: read `q` from standard input when it is a terminal too. */
  keys?: boolean;
  /** What `q` does (default: raise SIGINT, the CLI's stop path). */
  quit?: () => void;
  /** Names file descriptors for the files and errors views. */
  fdName?: FdResolver;
  /** Rows kept before folding into "other". */
  maxKeys?: number;
  /** Milliseconds between redraws (default 1000). */
  intervalMs?: number;
  /** The terminal's size (default Deno.consoleSize(), 80x24 when unknown). */
  size?: () => { columns: number; rows: number };
}

function consoleSize(): { columns: number; rows: number } {
  try {
    const s = Deno.consoleSize();
    // a pseudo-terminal nobody sized says 0x0
    if (s.columns > 0 && s.rows > 0) return s;
  } catch {
    // not a terminal
  }
  return { columns: 80, rows: 24 };
}

function clockText(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The title line of a --top block or screen. */
function title(v: View, atMs: number, quits?: string): string {
  let t = `mysysdig --top: ${v.name} at ${clockText(atMs)}, ${v.calls} calls`;
  if (v.lost) t += `, ${v.lost} events lost`;
  if (v.folded) t += `, ${v.folded} folded into other`;
  return quits ? `${t} (${quits} quits)` : t;
}

/** Standard input in cbreak mode, read for `q`; `restore` puts the terminal back. */
class Keys {
  #on = false;
  constructor(readonly quit: () => void) {}

  start(): void {
    try {
      if (!Deno.stdin.isTerminal()) return;
      // cbreak: keys come one at a time without echo, and Ctrl-C still raises SIGINT
      Deno.stdin.setRaw(true, { cbreak: true });
    } catch {
      return;
    }
    this.#on = true;
    globalThis.addEventListener("unload", this.restore);
    void this.#read();
  }

  async #read(): Promise<void> {
    const buf = new Uint8Array(16);
    while (this.#on) {
      let n: number | null;
      try {
        n = await Deno.stdin.read(buf);
      } catch {
        return;
      }
      if (n === null || !this.#on) return;
      // q, Q, or Ctrl-C should the terminal not turn it into SIGINT
      if (buf.subarray(0, n).some((b) => b === 0x71 || b === 0x51 || b === 0x03)) {
        this.restore();
        this.quit();
        return;
      }
    }
  }

  restore = (): void => {
    if (!this.#on) return;
    this.#on = false;
    globalThis.removeEventListener("unload", this.restore);
    try {
      Deno.stdin.setRaw(false);
    } catch {
      // standard input went away
    }
  };
}

/**
 * The sink of `--view` and `--top`: fed completed syscalls (and drops), it shows the view as
 * {@linkcode ViewSinkOptions} says, and always once more when the trace ends.
 */
export function viewSink(out: LineOutput, arch: Arch, opts: ViewSinkOptions): Sink {
  const view = createView(opts.view, arch, { fdName: opts.fdName, maxKeys: opts.maxKeys });
  const top = opts.top === true;
  const terminal = top && opts.terminal === true;
  const interval = opts.intervalMs ?? 1000;
  const intervalNs = BigInt(interval) * 1_000_000n;
  const size = opts.size ?? consoleSize;
  const keys = terminal && opts.keys
    ? new Keys(opts.quit ?? (() => Deno.kill(Deno.pid, "SIGINT")))
    : undefined;
  let keysStarted = false;
  let lastDraw = -Infinity;
  let next: bigint | undefined;
  let lastTs = 0n;
  let blocks = 0;

  /** One --top block (a pipe) or screen (a terminal), at `atMs` (ms since the epoch). */
  const draw = (atMs: number) => {
    if (!terminal) {
      if (blocks++ > 0) out.line("");
      out.line(title(view, atMs));
      for (const l of view.format()) out.line(l);
      out.flushSync();
      return;
    }
    const { columns, rows } = size();
    const fixed = view.format(0).length;
    // the title, a blank line, the table; the last row stays free so that nothing scrolls
    const lines = [
      title(view, atMs, keys ? "q or Ctrl-C" : "Ctrl-C"),
      "",
      ...view.format(Math.max(1, rows - 3 - fixed)),
    ]
      .slice(0, Math.max(1, rows - 1))
      .map((l) => l.length > columns ? l.slice(0, columns) : l);
    let s = "\x1b[?25l";
    lines.forEach((l, i) => s += `\x1b[${i + 1};1H${l}\x1b[K`);
    s += `\x1b[${lines.length + 1};1H\x1b[J`;
    out.line(s);
    out.flushSync();
  };

  return {
    write(r: TraceRecord) {
      if (top && opts.clock === "trace") {
        if (next === undefined) next = r.ts + intervalNs;
        else if (r.ts >= next) {
          draw(Number(next / 1_000_000n));
          while (next <= r.ts) next += intervalNs;
        }
        lastTs = r.ts;
      }
      view.add(r);
    },
    flush() {
      if (!top) return Promise.resolve();
      if (keys && !keysStarted) {
        keysStarted = true;
        keys.start();
      }
      if (opts.clock === "trace") return Promise.resolve();
      const now = performance.now();
      // the timer that calls flush fires once a second (every 20 ms on a terminal)
      if (now - lastDraw >= interval - 50) {
        draw(Date.now());
        lastDraw = now;
      }
      return Promise.resolve();
    },
    close(_stats: TraceStats) {
      try {
        keys?.restore();
        if (!top) {
          for (const l of view.format()) out.line(l);
        } else {
          draw(opts.clock === "trace" && lastTs ? Number(lastTs / 1_000_000n) : Date.now());
          // the cursor back, below the last screen
          if (terminal) out.line("\x1b[?25h");
        }
      } finally {
        out.close();
      }
      return Promise.resolve();
    },
  };
}
