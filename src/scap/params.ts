/**
 * The capture writer's {@linkcode ParamSource} over the memory the kernel
 * copied: paths (open, openat, execve), I/O data (read, write) and socket
 * addresses (connect), in sysdig's parameter encodings, so that `sysdig -r`
 * shows `name=/etc/hosts`. Records without captures (tracefs) give nothing,
 * and the writer keeps its `<NA>` and empty values.
 *
 * @module
 */
import type { Arch, Capture } from "../record.ts";
import { syscallName } from "../syscalls.ts";
import type { ParamSource, ParamValues } from "./writer.ts";

const utf8 = new TextDecoder();

function item(items: Capture[], arg: number, type: Capture["type"]): Capture | undefined {
  return items.find((c) => c.arg === arg && c.type === type && !(c.fault && !c.data.length));
}

/** PPM_AF_* (ppm_events_public.h) of the families sysdig encodes. */
const PPM_AF: Record<number, number> = { 1: 1, 2: 2, 10: 10 };

/**
 * A socket address in sysdig's SOCKADDR encoding (the driver's pack_addr):
 * family byte, then IPv4 address and host-order port, IPv6 address and
 * port, or a NUL-terminated unix path.
 */
export function scapSockaddr(b: Uint8Array): Uint8Array | undefined {
  if (b.length < 2) return undefined;
  const fam = b[0] | (b[1] << 8);
  const ppm = PPM_AF[fam];
  if (ppm === undefined) return undefined;
  if (fam === 2 && b.length >= 8) {
    const out = new Uint8Array(7);
    out[0] = ppm;
    out.set(b.subarray(4, 8), 1);
    const port = (b[2] << 8) | b[3];
    out[5] = port & 0xff;
    out[6] = port >> 8;
    return out;
  }
  if (fam === 10 && b.length >= 24) {
    const out = new Uint8Array(19);
    out[0] = ppm;
    out.set(b.subarray(8, 24), 1);
    const port = (b[2] << 8) | b[3];
    out[17] = port & 0xff;
    out[18] = port >> 8;
    return out;
  }
  if (fam === 1) {
    let p = b.subarray(2);
    const nul = p.indexOf(0, p[0] === 0 ? 1 : 0);
    if (nul >= 0) p = p.subarray(0, nul);
    const out = new Uint8Array(p.length + 2);
    out[0] = ppm;
    out.set(p, 1);
    return out;
  }
  return undefined;
}

/**
 * A ParamSource for records of `arch`. Remembers each thread's entry
 * captures so that the exit event (which sysdig gives the data of a write)
 * has them too.
 */
export function captureParams(arch: Arch): ParamSource {
  const entered = new Map<number, { nr: number; items: Capture[] }>();
  return (rec) => {
    let items = rec.items;
    if (rec.kind === "enter") {
      if (items) entered.set(rec.tid, { nr: rec.nr, items });
      else entered.delete(rec.tid);
    } else {
      const e = entered.get(rec.tid);
      entered.delete(rec.tid);
      if (e && e.nr === rec.nr) items = [...e.items, ...(items ?? [])];
    }
    if (!items) return undefined;
    const v: ParamValues = {};
    const path = (arg: number) => {
      const c = item(items!, arg, "str");
      return c ? utf8.decode(c.data) : undefined;
    };
    switch (syscallName(arch, rec.nr)) {
      case "open":
        v.name = path(0);
        break;
      case "openat":
        v.name = path(1);
        break;
      case "execve":
        v.filename = path(0);
        break;
      case "read":
      case "write": {
        const c = item(items, 1, "buf");
        if (c) v.data = c.data;
        break;
      }
      case "connect": {
        const c = item(items, 1, "sockaddr");
        const sa = c && scapSockaddr(c.data);
        if (sa) v.addr = sa;
        break;
      }
    }
    return v;
  };
}
