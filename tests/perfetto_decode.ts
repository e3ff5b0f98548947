/**
 * Reads a Perfetto trace back for the tests, with an independent protobuf library (protobufjs)
 * and the part of Perfetto's published trace protos that src/format_perfetto.ts writes (names
 * and field numbers as in protos/perfetto/trace/), and rebuilds what Perfetto's trace processor
 * would show: tracks, and slices paired BEGIN to END per track in time order.
 *
 * @module
 */
import protobuf from "protobufjs";

const PROTO = `
syntax = "proto2";
package perfetto.protos;
message Trace { repeated TracePacket packet = 1; }
message TracePacket {
  optional uint64 timestamp = 8;
  optional uint32 trusted_packet_sequence_id = 10;
  optional TrackEvent track_event = 11;
  optional InternedData interned_data = 12;
  optional uint32 sequence_flags = 13;
  optional TrackDescriptor track_descriptor = 60;
}
message TrackEvent {
  repeated DebugAnnotation debug_annotations = 4;
  enum Type { TYPE_UNSPECIFIED = 0; TYPE_SLICE_BEGIN = 1; TYPE_SLICE_END = 2; TYPE_INSTANT = 3; TYPE_COUNTER = 4; }
  optional Type type = 9;
  optional uint64 name_iid = 10;
  optional uint64 track_uuid = 11;
  optional string name = 23;
}
message DebugAnnotation {
  optional uint64 name_iid = 1;
  optional bool bool_value = 2;
  optional uint64 uint_value = 3;
  optional int64 int_value = 4;
  optional double double_value = 5;
  optional string string_value = 6;
  optional string name = 10;
}
message TrackDescriptor {
  optional uint64 uuid = 1;
  optional string name = 2;
  optional ProcessDescriptor process = 3;
  optional ThreadDescriptor thread = 4;
  optional uint64 parent_uuid = 5;
}
message ProcessDescriptor { optional int32 pid = 1; optional string process_name = 6; }
message ThreadDescriptor { optional int32 pid = 1; optional int64 tid = 2; optional string thread_name = 5; }
message EventName { optional uint64 iid = 1; optional string name = 2; }
message DebugAnnotationName { optional uint64 iid = 1; optional string name = 2; }
message InternedData {
  repeated EventName event_names = 2;
  repeated DebugAnnotationName debug_annotation_names = 3;
}
`;

const Trace = protobuf.parse(PROTO).root.lookupType("perfetto.protos.Trace");

/** A slice or instant as the trace processor would import it. */
export interface Slice {
  track: bigint;
  name: string;
  ts: bigint;
  /** End time; undefined for an instant. */
  end?: bigint;
  args: Record<string, bigint | string>;
}

/** What a trace holds. */
export interface Decoded {
  packets: number;
  threads: Map<bigint, { pid: number; tid: number; name: string; parent: bigint }>;
  processes: Map<bigint, { pid: number; name: string }>;
  named: Map<bigint, string>;
  slices: Slice[];
}

// deno-lint-ignore no-explicit-any
type Msg = any;

const big = (v: Msg): bigint => BigInt(v?.toString() ?? "0");

/**
 * Decodes `bytes`, checking the sequence rules on the way: one sequence, the first packet
 * clears incremental state, every interned name is defined before it is used.
 */
export function decodePerfetto(bytes: Uint8Array): Decoded {
  const t = Trace.decode(bytes) as Msg;
  const events = new Map<string, string>(), annos = new Map<string, string>();
  const out: Decoded = {
    packets: t.packet.length,
    threads: new Map(),
    processes: new Map(),
    named: new Map(),
    slices: [],
  };
  const begins: Array<{ ts: bigint; seq: number; p: Msg }> = [];
  t.packet.forEach((p: Msg, i: number) => {
    if (p.trustedPacketSequenceId !== 1) {
      throw new Error(`packet ${i}: sequence ${p.trustedPacketSequenceId}`);
    }
    const flags = Object.hasOwn(p, "sequenceFlags") ? p.sequenceFlags : 0;
    if (i === 0 && flags !== 1) throw new Error(`first packet's flags ${flags}, not 1 (cleared)`);
    if (i > 0 && flags !== 2) throw new Error(`packet ${i}: flags ${flags}, not 2`);
    for (const e of p.internedData?.eventNames ?? []) events.set(big(e.iid).toString(), e.name);
    for (const e of p.internedData?.debugAnnotationNames ?? []) {
      annos.set(big(e.iid).toString(), e.name);
    }
    const d = p.trackDescriptor;
    if (d) {
      const uuid = big(d.uuid);
      if (d.thread) {
        out.threads.set(uuid, {
          pid: d.thread.pid,
          tid: Number(big(d.thread.tid)),
          name: d.thread.threadName,
          parent: big(d.parentUuid),
        });
      } else if (d.process) {
        out.processes.set(uuid, { pid: d.process.pid, name: d.process.processName });
      }
      if (d.name) out.named.set(uuid, d.name);
    }
    if (p.trackEvent) {
      const e = p.trackEvent;
      if (Object.hasOwn(e, "nameIid") && !events.has(big(e.nameIid).toString())) {
        throw new Error(`packet ${i}: event name iid ${e.nameIid} used before it is interned`);
      }
      for (const a of e.debugAnnotations ?? []) {
        if (!annos.has(big(a.nameIid).toString())) {
          throw new Error(
            `packet ${i}: annotation name iid ${a.nameIid} used before it is interned`,
          );
        }
      }
      begins.push({ ts: big(p.timestamp), seq: i, p });
    }
  });
  // the trace processor sorts by time (stable: file order breaks ties), then pairs per track
  begins.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.seq - b.seq));
  const open = new Map<bigint, Slice[]>();
  const argsOf = (e: Msg) => {
    const args: Record<string, bigint | string> = {};
    for (const a of e.debugAnnotations ?? []) {
      const name = annos.get(big(a.nameIid).toString())!;
      args[name] = Object.hasOwn(a, "stringValue") ? a.stringValue : big(a.intValue);
    }
    return args;
  };
  for (const { ts, p } of begins) {
    const e = p.trackEvent, track = big(e.trackUuid);
    const type = e.type;
    if (type === 1) {
      const s: Slice = { track, name: events.get(big(e.nameIid).toString())!, ts, args: argsOf(e) };
      out.slices.push(s);
      const st = open.get(track) ?? [];
      st.push(s);
      open.set(track, st);
    } else if (type === 2) {
      const s = open.get(track)?.pop();
      if (!s) throw new Error(`END without BEGIN on track ${track} at ${ts}`);
      s.end = ts;
      Object.assign(s.args, argsOf(e));
    } else if (type === 3) {
      out.slices.push({ track, name: events.get(big(e.nameIid).toString())!, ts, args: argsOf(e) });
    }
  }
  // slices still open never ended (a call that did not return): `end` stays undefined
  return out;
}
