/**
 * The default, readable format. A completed syscall is one line, strace's
 * call syntax after sysdig's header:
 *
 *     NUM TIME CPU COMM (TID) openat(AT_FDCWD, "/etc/hosts", O_RDONLY|O_CLOEXEC) = 3 <0.000012>
 *     NUM TIME CPU COMM (TID) openat(AT_FDCWD, "/nonexistent", O_RDONLY) = -2(ENOENT) <0.000009>
 *     NUM TIME CPU COMM (TID) exit_group(0) = ?
 *     NUM TIME CPU !! 1234 events lost (buffer full)
 *
 * With `--events both`, entry and exit are lines of their own, sysdig style:
 *
 *     NUM TIME CPU COMM (TID) > read fd=3 buf=0x7ffc1c0 count=80
 *     NUM TIME CPU COMM (TID) < read res=5 buf="hello"
 *
 * TIME is the local wall-clock time with nanoseconds, of the exit for a
 * completed syscall; `<...>` is its duration in seconds. Byte strings are
 * quoted with strace's escapes and `...` after a truncated one.
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import { errnoName } from "./errno.ts";
import {
  decodeCall,
  type DecodedResult,
  decodeResult,
  exitOutputs,
  type SockAddr,
  type Value,
} from "./decode.ts";

/** Return values in -4095..-1 are errors, as the kernel defines them. */
const MAX_ERRNO = 4095n;

/** `3` or `-2(ENOENT)`. */
export function formatResult(ret: bigint): string {
  if (ret < 0n && ret >= -MAX_ERRNO) {
    const name = errnoName(Number(-ret));
    return name ? `${ret}(${name})` : `${ret}`;
  }
  return ret.toString();
}

/** A decoded result: `3`, `0x7f12000`, `-2(ENOENT)`. */
export function formatDecodedResult(r: DecodedResult): string {
  if (r.errno !== undefined) return r.errno ? `${r.v}(${r.errno})` : `${r.v}`;
  return r.hex ? `0x${BigInt.asUintN(64, r.v).toString(16)}` : r.v.toString();
}

const ESC: Record<number, string> = {
  9: "\\t",
  10: "\\n",
  11: "\\v",
  12: "\\f",
  13: "\\r",
  34: '\\"',
  92: "\\\\",
};

/** Bytes as a C string literal body, with strace's escapes (octal for the unprintable). */
export function escapeBytes(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    const e = ESC[c];
    if (e) s += e;
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else {
      const next = b[i + 1];
      const digitNext = i + 1 < b.length && next >= 0x30 && next <= 0x37;
      s += "\\" + (digitNext ? c.toString(8).padStart(3, "0") : c.toString(8));
    }
  }
  return s;
}

const hex = (v: bigint) => `0x${BigInt.asUintN(64, v).toString(16)}`;

function formatSockaddr(sa: SockAddr): string {
  const parts = [`sa_family=${sa.family}`];
  if (sa.family === "AF_INET" && sa.addr !== undefined) {
    parts.push(`sin_port=htons(${sa.port})`, `sin_addr=inet_addr("${sa.addr}")`);
  } else if (sa.family === "AF_INET6" && sa.addr !== undefined) {
    parts.push(
      `sin6_port=htons(${sa.port})`,
      `sin6_flowinfo=htonl(${sa.flowinfo})`,
      `inet_pton(AF_INET6, "${sa.addr}", &sin6_addr)`,
      `sin6_scope_id=${sa.scopeId}`,
    );
  } else if (sa.path !== undefined && (sa.path.length || sa.abstract)) {
    parts.push(`sun_path=${sa.abstract ? "@" : ""}"${escapeBytes(sa.path)}"`);
  } else if (sa.data !== undefined) {
    parts.push(`sa_data="${escapeBytes(sa.data)}"`);
  }
  return `{${parts.join(", ")}}${sa.truncated ? "..." : ""}`;
}

/** One decoded value in strace's notation. */
export function formatValue(v: Value): string {
  switch (v.t) {
    case "int":
      return v.v.toString();
    case "hex":
      return v.v === 0n ? "0" : hex(v.v);
    case "oct":
      return v.v === 0n ? "0" : `0${v.v.toString(8)}`;
    case "null":
      return "NULL";
    case "sym": {
      const parts = [...v.names];
      if (v.rest !== undefined) parts.push(hex(v.rest));
      return parts.length ? parts.join("|") : "0";
    }
    case "str":
      return `"${escapeBytes(v.bytes)}"${v.truncated ? "..." : ""}`;
    case "strs": {
      const parts = v.items.map((b) => `"${escapeBytes(b)}"`);
      if (v.truncated || v.fault) parts.push("...");
      return `[${parts.join(", ")}]`;
    }
    case "fault":
      return hex(v.ptr);
    case "sockaddr":
      return formatSockaddr(v.sa);
    case "fds":
      return `[${v.fds.join(", ")}]`;
    case "struct":
      return `{${v.fields.map((f) => `${f.name}=${formatValue(f.value)}`).join(", ")}}`;
  }
}

const pad2 = (n: number) => (n < 10 ? "0" : "") + n;
const ZEROS = "000000000";
/** n (0..999999999) in nine digits. */
const nine = (n: number) => {
  const s = String(n);
  return s.length >= 9 ? s : ZEROS.slice(s.length) + s;
};

/** Formats ns since the epoch as local HH:MM:SS.nnnnnnnnn. */
export class ClockFormatter {
  #sec = -1n;
  #prefix = "";

  #base = -1n;

  format(ts: bigint): string {
    // within the current second the nanoseconds are a small number: no BigInt division
    const inSec = this.#base >= 0n ? Number(ts - this.#base) : -1;
    if (inSec >= 0 && inSec < 1e9) return this.#prefix + nine(inSec);
    const sec = ts / 1_000_000_000n;
    if (sec !== this.#sec) {
      const d = new Date(Number(sec) * 1000);
      this.#sec = sec;
      this.#prefix = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.`;
    }
    this.#base = sec * 1_000_000_000n;
    return this.#prefix + nine(Number(ts - this.#base));
  }
}

/** Seconds with microseconds, strace's `<0.000012>`. */
export function formatDuration(ns: bigint): string {
  if (ns < 0n) ns = 0n;
  if (ns < 4_000_000_000_000_000n) {
    // exact in a double (< 2^53): number arithmetic, no BigInt division
    const us = Math.floor((Number(ns) + 500) / 1000);
    const s = Math.floor(us / 1_000_000);
    const frac = String(us - s * 1_000_000);
    return `${s}.${ZEROS.slice(frac.length + 3)}${frac}`;
  }
  const us = (ns + 500n) / 1000n;
  return `${us / 1_000_000n}.${(us % 1_000_000n).toString().padStart(6, "0")}`;
}

/**
 * The call part of a completed syscall's line:
 * `openat(AT_FDCWD, "/etc/hosts", O_RDONLY) = 3 <0.000012>`.
 */
export function formatCall(arch: Arch, r: Extract<TraceRecord, { kind: "syscall" }>): string {
  const c = decodeCall(arch, r.nr, r.args, r.items);
  let args = "";
  for (let i = 0; i < c.args.length; i++) args += (i ? ", " : "") + formatValue(c.args[i].value);
  if (r.ret === undefined) return `${c.name}(${args}) = ?`;
  return `${c.name}(${args}) = ${formatDecodedResult(decodeResult(arch, r.nr, r.ret))} <${
    formatDuration(r.ts - r.enterTs)
  }>`;
}

/** Renders records as text lines; keeps the event counter. */
export class TextFormatter {
  #arch: Arch;
  #num = 0;
  #clock = new ClockFormatter();

  /** A formatter for records of `arch`, numbering events from 1. */
  constructor(arch: Arch) {
    this.#arch = arch;
  }

  /** The text line of one record. */
  format(r: TraceRecord): string {
    const head = `${++this.#num} ${this.#clock.format(r.ts)} ${r.cpu}`;
    if (r.kind === "drop") return `${head} !! ${r.lost} events lost (buffer full)`;
    const who = `${head} ${r.comm} (${r.tid})`;
    if (r.kind === "syscall") return `${who} ${formatCall(this.#arch, r)}`;
    if (r.kind === "exit") {
      const name = decodeCall(this.#arch, r.nr, []).name;
      let line = `${who} < ${name} res=${
        formatDecodedResult(decodeResult(this.#arch, r.nr, r.ret))
      }`;
      for (const a of exitOutputs(this.#arch, r)) line += ` ${a.name}=${formatValue(a.value)}`;
      return line;
    }
    const c = decodeCall(this.#arch, r.nr, r.args, r.items);
    let line = `${who} > ${c.name}`;
    for (const a of c.args) if (!a.out) line += ` ${a.name}=${formatValue(a.value)}`;
    return line;
  }
}

/** A sink writing text lines. */
export function textSink(out: LineOutput, arch: Arch): Sink {
  const f = new TextFormatter(arch);
  return lineSink(out, (r) => f.format(r));
}
