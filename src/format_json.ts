/**
 * JSON Lines: one object per event; the schema is docs/json-schema.md.
 *
 *     {"ts":"1764201234123456789","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"syscall",
 *      "nr":257,"syscall":"openat","args":{"dfd":"AT_FDCWD","filename":"/etc/hosts",
 *      "flags":"O_RDONLY|O_CLOEXEC"},"raw":[4294967196,140737,524288,0,0,0],"ret":3,
 *      "enter_ts":"1764201234123444789","dur":12000}
 *     {"ts":"...","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"enter","nr":257,
 *      "syscall":"openat","args":{...},"raw":[...]}           (--events both)
 *     {"ts":"...","cpu":0,"pid":42,"tid":42,"comm":"cat","dir":"exit","nr":257,
 *      "syscall":"openat","ret":-2,"errno":"ENOENT"}           (--events both)
 *     {"ts":"...","cpu":1,"dir":"drop","lost":17}
 *
 * ts is ns since the Unix epoch, always a string (it exceeds 2^53). Other
 * 64-bit values are numbers when a JSON number holds them exactly,
 * otherwise decimal strings.
 *
 * @module
 */
import type { Arch, TraceRecord } from "./record.ts";
import type { Sink } from "./sink.ts";
import { type LineOutput, lineSink } from "./output.ts";
import { syscallName } from "./syscalls.ts";
import {
  decodeCall,
  decodeResult,
  exitOutputs,
  type Field,
  type SockAddr,
  type Value,
} from "./decode.ts";

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A 64-bit value as a JSON number when exact, else as a string. */
export function json64(v: bigint): string {
  const s = v.toString();
  // up to 15 digits is always exact: skip the two BigInt comparisons
  if (s.length <= 15 || (v <= SAFE && v >= -SAFE)) return s;
  return `"${s}"`;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Bytes as a JSON value: a string when they are complete, valid UTF-8;
 * otherwise `{"text":...}` or `{"base64":...}` with `"truncated":true`.
 */
function jsonBytes(b: Uint8Array, truncated?: boolean): string {
  let text: string | undefined;
  try {
    text = utf8.decode(b);
  } catch { /* not UTF-8 */ }
  if (text !== undefined && !truncated) return JSON.stringify(text);
  const body = text !== undefined
    ? `"text":${JSON.stringify(text)}`
    : `"base64":"${btoa(String.fromCharCode(...b))}"`;
  return `{${body}${truncated ? ',"truncated":true' : ""}}`;
}

function jsonSockaddr(sa: SockAddr): string {
  const f: string[] = [`"family":${JSON.stringify(sa.family)}`];
  if (sa.port !== undefined) f.push(`"port":${sa.port}`);
  if (sa.addr !== undefined) f.push(`"addr":${JSON.stringify(sa.addr)}`);
  if (sa.flowinfo !== undefined) f.push(`"flowinfo":${sa.flowinfo}`);
  if (sa.scopeId !== undefined) f.push(`"scope_id":${sa.scopeId}`);
  if (sa.path !== undefined) f.push(`"path":${jsonBytes(sa.path)}`);
  if (sa.abstract) f.push(`"abstract":true`);
  if (sa.data !== undefined) f.push(`"data":${jsonBytes(sa.data)}`);
  if (sa.truncated) f.push(`"truncated":true`);
  return `{${f.join(",")}}`;
}

/** One decoded value as JSON (docs/json-schema.md, "Argument values"). */
export function jsonValue(v: Value): string {
  switch (v.t) {
    case "int":
    case "hex":
    case "oct":
      return json64(v.v);
    case "null":
      return "null";
    case "sym": {
      const parts = [...v.names];
      if (v.rest !== undefined) parts.push(`0x${BigInt.asUintN(64, v.rest).toString(16)}`);
      return JSON.stringify(parts.length ? parts.join("|") : "0");
    }
    case "str":
      return jsonBytes(v.bytes, v.truncated);
    case "strs": {
      const a = `[${v.items.map((b) => jsonBytes(b)).join(",")}]`;
      return v.truncated || v.fault ? `{"items":${a},"truncated":true}` : a;
    }
    case "fault":
      return `{"fault":true,"ptr":${json64(v.ptr)}}`;
    case "sockaddr":
      return jsonSockaddr(v.sa);
    case "fds":
      return `[${v.fds.join(",")}]`;
    case "struct":
      return jsonFields(v.fields);
  }
}

/** `"name":` of an argument name (names are identifiers: no escaping, but cached). */
const keyCache = new Map<string, string>();
function jsonKey(name: string): string {
  let k = keyCache.get(name);
  if (k === undefined) keyCache.set(name, k = `${JSON.stringify(name)}:`);
  return k;
}

function jsonFields(fields: Field[]): string {
  let s = "{";
  for (let i = 0; i < fields.length; i++) {
    if (i) s += ",";
    s += jsonKey(fields[i].name) + jsonValue(fields[i].value);
  }
  return s + "}";
}

/** The last comm seen and its JSON (consecutive records mostly share one). */
let lastComm = "", lastCommJson = '""';
function jsonComm(comm: string): string {
  if (comm !== lastComm) {
    lastComm = comm;
    lastCommJson = JSON.stringify(comm);
  }
  return lastCommJson;
}

/** `"nr":N,"syscall":"name"` per architecture and number. */
const headCache: Record<Arch, Map<number, string>> = { x86_64: new Map(), aarch64: new Map() };
function jsonCallHead(arch: Arch, nr: number): string {
  const m = headCache[arch];
  let h = m.get(nr);
  if (h === undefined) m.set(nr, h = `"nr":${nr},"syscall":"${syscallName(arch, nr)}"`);
  return h;
}

function jsonResult(arch: Arch, nr: number, ret: bigint): string {
  const r = decodeResult(arch, nr, ret);
  return r.errno ? `"ret":${json64(ret)},"errno":"${r.errno}"` : `"ret":${json64(ret)}`;
}

/** The JSON line of one record. */
export function jsonLine(r: TraceRecord, arch: Arch): string {
  if (r.kind === "drop") {
    return `{"ts":"${r.ts}","cpu":${r.cpu},"dir":"drop","lost":${json64(r.lost)}}`;
  }
  const head = `{"ts":"${r.ts}","cpu":${r.cpu},"pid":${r.pid},"tid":${r.tid},"comm":` +
    `${jsonComm(r.comm)},"dir":"${r.kind}",${jsonCallHead(arch, r.nr)}`;
  if (r.kind === "exit") {
    const outs = exitOutputs(arch, r);
    return `${head},${jsonResult(arch, r.nr, r.ret)}${
      outs.length ? `,"args":${jsonFields(outs)}` : ""
    }}`;
  }
  const c = decodeCall(arch, r.nr, r.args, r.items);
  const fields = r.kind === "enter" ? c.args.filter((a) => !a.out) : c.args;
  let line = `${head},"args":${jsonFields(fields)},"raw":[`;
  for (let i = 0; i < r.args.length; i++) line += (i ? "," : "") + json64(r.args[i]);
  line += "]";
  if (r.kind === "syscall") {
    if (r.ret !== undefined) line += `,${jsonResult(arch, r.nr, r.ret)}`;
    line += `,"enter_ts":"${r.enterTs}"`;
    if (r.ret !== undefined) line += `,"dur":${json64(r.ts - r.enterTs)}`;
  }
  return line + "}";
}

/** A sink writing JSON Lines. */
export function jsonSink(out: LineOutput, arch: Arch): Sink {
  return lineSink(out, (r) => jsonLine(r, arch));
}
