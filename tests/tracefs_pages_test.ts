// Unit tests of the tracefs page decoder on synthetic pages: run anywhere, no root.
import assert from "node:assert/strict";
import {
  decodePage,
  type EventHeader,
  type PageHeader,
  pageTimestamp,
  parseEventFormat,
  parseHeaderEvent,
  parseHeaderPage,
  RB_MISSED_EVENTS,
  RB_MISSED_STORED,
} from "../src/tracefs_pages.ts";

// Copied from Linux 6.18 (x86_64) tracefs.
const HEADER_PAGE = "\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n" +
  "\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n" +
  "\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n" +
  "\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";

const HEADER_EVENT = "# compressed entry header\n" +
  "\ttype_len    :    5 bits\n\ttime_delta  :   27 bits\n\tarray       :   32 bits\n\n" +
  "\tpadding     : type == 29\n\ttime_extend : type == 30\n\ttime_stamp : type == 31\n" +
  "\tdata max type_len  == 28\n";

const SYS_ENTER = `name: sys_enter
ID: 443
format:
\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;
\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;
\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;
\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;

\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;
\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;

print fmt: "NR %ld (%lx, %lx, %lx, %lx, %lx, %lx)", REC->id, REC->args[0]
`;

const PH: PageHeader = parseHeaderPage(HEADER_PAGE);
const EH: EventHeader = parseHeaderEvent(HEADER_EVENT);

/** Builds a page the way the kernel's ring buffer lays one out. */
class PageBuilder {
  bytes = new Uint8Array(4096);
  view = new DataView(this.bytes.buffer);
  off = PH.dataOffset;
  constructor(ts: bigint) {
    this.view.setBigUint64(PH.timestampOffset, ts, true);
  }
  #hdr(typeLen: number, delta: number) {
    this.view.setUint32(this.off, (delta << 5) | typeLen, true);
    this.off += 4;
  }
  /** A data event of `len` bytes (a multiple of 4) whose first u32 is `tag`. */
  event(delta: number, len: number, tag: number) {
    if (len <= 28 * 4) {
      this.#hdr(len / 4, delta);
    } else {
      this.#hdr(0, delta);
      this.view.setUint32(this.off, len + 4, true);
      this.off += 4;
    }
    this.view.setUint32(this.off, tag, true);
    this.off += len;
    return this;
  }
  extend(delta: bigint) {
    this.#hdr(30, Number(delta & 0x7ffffffn));
    this.view.setUint32(this.off, Number(delta >> 27n), true);
    this.off += 4;
    return this;
  }
  absolute(ts: bigint) {
    this.#hdr(31, Number(ts & 0x7ffffffn));
    this.view.setUint32(this.off, Number((ts >> 27n) & 0xffffffffn), true);
    this.off += 4;
    return this;
  }
  /** A discarded event: padding with a non-zero delta and its length. */
  discarded(delta: number, len: number) {
    this.#hdr(29, delta);
    this.view.setUint32(this.off, len, true);
    this.off += len;
    return this;
  }
  finish(flags = 0, lost?: bigint) {
    const length = this.off - PH.dataOffset;
    if (lost !== undefined) this.view.setBigUint64(this.off, lost, true);
    this.view.setBigUint64(PH.commitOffset, BigInt(length) | BigInt(flags), true);
    return this.view;
  }
}

function collect(view: DataView) {
  const evs: Array<[number, number, number]> = [];
  const info = decodePage(view, PH, EH, (delta, off, len) => {
    evs.push([delta, view.getUint32(off, true), len]);
  });
  return { info, evs };
}

Deno.test("header_page and header_event are read from their text", () => {
  assert.deepEqual(PH, {
    timestampOffset: 0,
    timestampSize: 8,
    commitOffset: 8,
    commitSize: 8,
    dataOffset: 16,
    dataSize: 4080,
  });
  assert.deepEqual(EH, {
    typeLenBits: 5,
    timeDeltaBits: 27,
    padding: 29,
    timeExtend: 30,
    timeStamp: 31,
    dataMaxTypeLen: 28,
  });
  // a 32-bit kernel: a 4-byte commit and 4084 bytes of data
  const ph32 = parseHeaderPage(
    HEADER_PAGE.replace("local_t commit;\toffset:8;\tsize:8", "local_t commit;\toffset:8;\tsize:4")
      .replace("offset:16;\tsize:4080", "offset:12;\tsize:4084"),
  );
  assert.deepEqual([ph32.commitSize, ph32.dataOffset, ph32.dataSize], [4, 12, 4084]);
  assert.throws(() => parseHeaderPage("nothing here"));
  assert.throws(() => parseHeaderEvent("# compressed entry header\n"));
});

Deno.test("an event format gives id, offsets, sizes and array lengths", () => {
  const f = parseEventFormat(SYS_ENTER);
  assert.deepEqual([f.name, f.id], ["sys_enter", 443]);
  assert.deepEqual(f.fields.get("common_pid"), {
    name: "common_pid",
    type: "int",
    offset: 4,
    size: 4,
    signed: true,
  });
  assert.deepEqual(f.fields.get("args"), {
    name: "args",
    type: "unsigned long",
    offset: 16,
    size: 48,
    signed: false,
    arrayLen: 6,
  });
  assert.throws(() => parseEventFormat("format:\n"));
});

Deno.test("small and large events, with their deltas accumulated", () => {
  const view = new PageBuilder(1_000_000n)
    .event(5, 64, 1) // sys_enter-sized
    .event(7, 24, 2) // sys_exit-sized
    .event(0, 200, 3) // larger than 112 bytes: explicit length word
    .event(11, 4, 4)
    .finish();
  const { info, evs } = collect(view);
  assert.deepEqual(info, {
    ts: 1_000_000n,
    length: 4 + 64 + 4 + 24 + 8 + 200 + 4 + 4,
    missed: false,
  });
  assert.deepEqual(evs, [[5, 1, 64], [12, 2, 24], [12, 3, 200], [23, 4, 4]]);
  assert.deepEqual(pageTimestamp(view, PH), 1_000_000n);
});

Deno.test("time extends add their high bits; absolute stamps replace the time", () => {
  const big = (1n << 27n) * 3n + 17n;
  const view = new PageBuilder(1n << 40n)
    .event(1, 8, 1)
    .extend(big)
    .event(2, 8, 2)
    .absolute((1n << 40n) + 5_000_000n)
    .event(3, 8, 3)
    .finish();
  const { evs } = collect(view);
  assert.deepEqual(evs, [[1, 1, 8], [1 + Number(big) + 2, 2, 8], [5_000_003, 3, 8]]);
});

Deno.test("discarded events are skipped; end-of-page padding ends the page", () => {
  const b = new PageBuilder(100n).event(1, 8, 1).discarded(2, 64).event(3, 8, 2);
  const view = b.finish();
  const { evs } = collect(view);
  assert.deepEqual(evs, [[1, 1, 8], [6, 2, 8]]);
  // commit covering a null padding event (delta 0) stops there
  const c = new PageBuilder(100n).event(1, 8, 1);
  c.view.setUint32(c.off, 29, true);
  c.off += 8;
  const { evs: evs2 } = collect(c.finish());
  assert.deepEqual(evs2, [[1, 1, 8]]);
});

Deno.test("lost events: flags in the commit word, count after the data", () => {
  const stored = new PageBuilder(9n).event(1, 8, 1).finish(
    RB_MISSED_EVENTS | RB_MISSED_STORED,
    1234n,
  );
  const a = collect(stored);
  assert.deepEqual(a.info, { ts: 9n, length: 12, missed: true, lost: 1234n });
  assert.deepEqual(a.evs, [[1, 1, 8]]);
  const unknown = new PageBuilder(9n).event(1, 8, 1).finish(RB_MISSED_EVENTS);
  assert.deepEqual(collect(unknown).info, { ts: 9n, length: 12, missed: true });
});

Deno.test("an empty page and a truncated event are harmless", () => {
  assert.deepEqual(collect(new PageBuilder(1n).finish()).evs, []);
  const b = new PageBuilder(1n).event(1, 8, 1);
  // commit says 6 more bytes than the last event: a partial header is ignored
  b.off += 6;
  assert.deepEqual(collect(b.finish()).evs, [[1, 1, 8]]);
});
