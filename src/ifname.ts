/**
 * Network interface indexes as strace 6.1's print_ifindex() shows them: `if_nametoindex("lo")`
 * when this host has an interface of that index (strace asks if_indextoname() as it prints the
 * line), the number otherwise. The names come from /sys/class/net/<name>/ifindex, read again
 * when the last reading is more than a second old; without the permission to read there, every
 * index is a number (no permission prompt).
 *
 * @module
 */
import { styledValue } from "./xlat/xlat.ts";

let names = new Map<number, string>();
let readAt = -Infinity;

function readSysClassNet(): Map<number, string> {
  const m = new Map<number, string>();
  try {
    if (Deno.permissions.querySync({ name: "read", path: "/sys/class/net" }).state !== "granted") {
      return m;
    }
    for (const e of Deno.readDirSync("/sys/class/net")) {
      try {
        const i = Number(Deno.readTextFileSync(`/sys/class/net/${e.name}/ifindex`).trim());
        if (i > 0) m.set(i, e.name);
      } catch {
        // gone since the directory was read
      }
    }
  } catch {
    // no /sys: no names
  }
  return m;
}

let source: () => Map<number, string> = readSysClassNet;

/** Replaces where the names come from (tests); none: /sys/class/net again. */
export function setIfNameSource(f?: () => Map<number, string>): void {
  source = f ?? readSysClassNet;
  names = new Map();
  readAt = -Infinity;
}

/** The name of interface `index` on this host, if it has one. */
export function ifName(index: number): string | undefined {
  if (!(index > 0)) return undefined;
  const now = Date.now();
  if (now - readAt > 1000) {
    names = source();
    readAt = now;
  }
  return names.get(index);
}

/** A name as strace's string_quote() writes it between the quotes. */
function quoted(s: string): string {
  let out = "";
  for (const ch of new TextEncoder().encode(s)) {
    if (ch === 0x22 || ch === 0x5c) out += "\\" + String.fromCharCode(ch);
    else if (ch >= 0x20 && ch < 0x7f) out += String.fromCharCode(ch);
    else out += "\\" + ch.toString(8).padStart(3, "0");
  }
  return out;
}

/**
 * An interface index (an unsigned int) in the current -X style: `if_nametoindex("lo")`, raw `1`,
 * verbose `1 /* if_nametoindex("lo") *\/`; the number alone when no interface has it.
 */
export function ifindexText(index: number): string {
  const name = ifName(index);
  return styledValue(String(index >>> 0), name && `if_nametoindex("${quoted(name)}")`, "");
}
