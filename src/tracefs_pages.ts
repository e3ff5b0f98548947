/**
 * Parsers for tracefs's self-description (`events/header_page`,
 * `events/header_event`, each event's `format`) and a decoder for the
 * ring-buffer pages that `per_cpu/cpuN/trace_pipe_raw` returns.
 *
 * Nothing about the layout is assumed: offsets and sizes come from the files
 * the running kernel publishes. Only the two "missed events" flag bits of the
 * commit word are kernel constants that no file describes (libtraceevent's
 * kbuffer hard-codes them the same way). Pages are little-endian on every
 * architecture mysysdig supports.
 *
 * @module
 */

/** One field of an event, as its `format` file describes it. */
export interface FieldFormat {
  name: string;
  /** C type as written in the format file, without the array suffix. */
  type: string;
  offset: number;
  size: number;
  signed: boolean;
  /** Element count for `name[N]` fields. */
  arrayLen?: number;
}

/** An event's `format` file: its id and fields by name. */
export interface EventFormat {
  name: string;
  id: number;
  fields: Map<string, FieldFormat>;
}

/** Where things are in a ring-buffer page (`events/header_page`). */
export interface PageHeader {
  timestampOffset: number;
  timestampSize: number;
  commitOffset: number;
  commitSize: number;
  /** Offset of the first event. */
  dataOffset: number;
  /** Bytes available for events in a page. */
  dataSize: number;
}

/** The compressed event header (`events/header_event`). */
export interface EventHeader {
  typeLenBits: number;
  timeDeltaBits: number;
  padding: number;
  timeExtend: number;
  timeStamp: number;
  dataMaxTypeLen: number;
}

/** Set in the commit word when events were lost before this page. */
export const RB_MISSED_EVENTS = 0x80000000;
/** Set when the number of lost events is stored after the page's data. */
export const RB_MISSED_STORED = 0x40000000;

const FIELD_RE =
  /field:\s*(.+?)\s*;\s*offset:\s*(\d+)\s*;\s*size:\s*(\d+)\s*;(?:\s*signed:\s*(\d+)\s*;)?/;

function parseFields(text: string): Map<string, FieldFormat> {
  const fields = new Map<string, FieldFormat>();
  for (const line of text.split("\n")) {
    const m = FIELD_RE.exec(line);
    if (!m) continue;
    // "unsigned long args[6]" -> type "unsigned long", name "args", arrayLen 6
    const decl = m[1].trim();
    const am = /^(.*?)([A-Za-z_][A-Za-z0-9_]*)\s*(?:\[(\d*)\])?$/.exec(decl);
    if (!am) continue;
    const f: FieldFormat = {
      name: am[2],
      type: am[1].trim(),
      offset: Number(m[2]),
      size: Number(m[3]),
      signed: m[4] === "1",
    };
    if (am[3] !== undefined && am[3] !== "") f.arrayLen = Number(am[3]);
    fields.set(f.name, f);
  }
  return fields;
}

/** Parses an event's `format` file. */
export function parseEventFormat(text: string): EventFormat {
  const name = /^name:\s*(\S+)/m.exec(text);
  const id = /^ID:\s*(\d+)/m.exec(text);
  if (!name || !id) throw new Error("not an event format file (no name: or ID: line)");
  return { name: name[1], id: Number(id[1]), fields: parseFields(text) };
}

/** Parses `events/header_page`. */
export function parseHeaderPage(text: string): PageHeader {
  const fields = parseFields(text);
  const ts = fields.get("timestamp");
  const commit = fields.get("commit");
  const data = fields.get("data");
  if (!ts || !commit || !data) {
    throw new Error("header_page lacks one of the timestamp, commit and data fields");
  }
  return {
    timestampOffset: ts.offset,
    timestampSize: ts.size,
    commitOffset: commit.offset,
    commitSize: commit.size,
    dataOffset: data.offset,
    dataSize: data.size,
  };
}

/** Parses `events/header_event`. */
export function parseHeaderEvent(text: string): EventHeader {
  const bits = (name: string) => {
    const m = new RegExp(`^\\s*${name}\\s*:\\s*(\\d+)\\s*bits`, "m").exec(text);
    if (!m) throw new Error(`header_event lacks ${name}`);
    return Number(m[1]);
  };
  const type = (name: string) => {
    const m = new RegExp(`^\\s*${name}\\s*:\\s*type\\s*==\\s*(\\d+)`, "m").exec(text);
    if (!m) throw new Error(`header_event lacks ${name}`);
    return Number(m[1]);
  };
  const max = /data max type_len\s*==\s*(\d+)/.exec(text);
  if (!max) throw new Error("header_event lacks data max type_len");
  return {
    typeLenBits: bits("type_len"),
    timeDeltaBits: bits("time_delta"),
    padding: type("padding"),
    timeExtend: type("time_extend"),
    timeStamp: type("time_stamp"),
    dataMaxTypeLen: Number(max[1]),
  };
}

/** What a page's header says. */
export interface PageInfo {
  /** Timestamp of the page (the base the first event's delta adds to). */
  ts: bigint;
  /** Bytes of event data in the page. */
  length: number;
  /** Events were lost between the previous page and this one. */
  missed: boolean;
  /** How many, when the kernel had room to store the count. */
  lost?: bigint;
}

/**
 * Called once per data event: `delta` is the event's time in ns after the
 * page timestamp, `offset` and `length` locate its payload in the page.
 */
export type EventVisitor = (delta: number, offset: number, length: number) => void;

function readUint(view: DataView, offset: number, size: number): bigint {
  return size === 8
    ? view.getBigUint64(offset, true)
    : BigInt(size === 4 ? view.getUint32(offset, true) : view.getUint16(offset, true));
}

/** The timestamp in a page's header. */
export function pageTimestamp(view: DataView, ph: PageHeader): bigint {
  return readUint(view, ph.timestampOffset, ph.timestampSize);
}

/**
 * Decodes one ring-buffer page, calling `visit` for every data event in
 * order, and returns the page header. Padding and discarded events are
 * skipped; time extends and absolute time stamps are applied.
 */
export function decodePage(
  view: DataView,
  ph: PageHeader,
  eh: EventHeader,
  visit: EventVisitor,
): PageInfo {
  const ts = readUint(view, ph.timestampOffset, ph.timestampSize);
  // flags live in bits 30 and 31 of the commit word (its low 32 bits)
  const commit = view.getUint32(ph.commitOffset, true);
  const length = commit & (RB_MISSED_STORED - 1);
  const missed = (commit & RB_MISSED_EVENTS) !== 0;
  const info: PageInfo = { ts, length, missed };
  const start = ph.dataOffset;
  const end = Math.min(start + length, view.byteLength);
  if (missed && (commit & RB_MISSED_STORED) !== 0 && end + ph.commitSize <= view.byteLength) {
    info.lost = readUint(view, end, ph.commitSize);
  }
  const typeMask = (1 << eh.typeLenBits) - 1;
  const deltaShift = eh.typeLenBits;
  const extendMul = 2 ** eh.timeDeltaBits;
  let t = 0; // ns after ts
  let off = start;
  while (off + 4 <= end) {
    const word = view.getUint32(off, true);
    const typeLen = word & typeMask;
    const delta = word >>> deltaShift;
    if (typeLen === 0) {
      // length word precedes the payload and counts itself
      if (off + 8 > end) break;
      const plen = view.getUint32(off + 4, true) - 4;
      if (plen < 0 || off + 8 + plen > end) break;
      t += delta;
      visit(t, off + 8, plen);
      off += 8 + ((plen + 3) & ~3);
    } else if (typeLen <= eh.dataMaxTypeLen) {
      if (off + 4 + typeLen * 4 > end) break;
      t += delta;
      visit(t, off + 4, typeLen * 4);
      off += 4 + typeLen * 4;
    } else if (typeLen === eh.padding) {
      // time_delta 0: the rest of the page is unused
      if (delta === 0) break;
      t += delta;
      off += 4 + view.getUint32(off + 4, true);
    } else if (typeLen === eh.timeExtend) {
      t += view.getUint32(off + 4, true) * extendMul + delta;
      off += 8;
    } else if (typeLen === eh.timeStamp) {
      // absolute stamp of the low bits; the page timestamp gives the rest
      const low = BigInt(view.getUint32(off + 4, true)) * BigInt(extendMul) + BigInt(delta);
      const bits = BigInt(eh.timeDeltaBits + 32);
      const mask = (1n << bits) - 1n;
      let abs = (ts & ~mask) | (low & mask);
      if (abs < ts) abs += 1n << bits;
      t = Number(abs - ts);
      off += 8;
    } else {
      break; // unknown type: the page is not what we think it is
    }
  }
  return info;
}
