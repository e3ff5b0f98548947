/**
 * Bytes as strace quotes them (its string_quote()): the body of a C string literal with strace's
 * escapes, octal for the unprintable or hex under -x and -xx, and the forced hex of the fields
 * strace always shows in hex (QUOTE_FORCE_HEX). The text formatter sets the -x mode for each
 * line it renders.
 *
 * @module
 */

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
  return escapeRange(b, 0, b.length);
}

/**
 * How strings are quoted (-x, -xx): 0 strace's default, 1 in \x hex when a byte is neither
 * printable nor \t..\r, 2 always in hex. Set by the formatter for the line it renders.
 */
let hexStrings = 0;

/** Sets how the strings of the line being rendered are quoted (see {@link hexStrings}). */
export function setHexStrings(h: number): void {
  hexStrings = h;
}

const HEX_DIGITS = "0123456789abcdef";

/** `b[start..end)` as strace's -x/-xx hex string body when {@link hexStrings} asks for it. */
function hexRange(b: Uint8Array, start: number, end: number): string | undefined {
  if (hexStrings === 1) {
    let i = start;
    for (; i < end; i++) {
      const c = b[i];
      if (c > 0x7e || (c < 0x20 && (c < 9 || c > 13))) break;
    }
    if (i === end) return undefined;
  }
  return hexBytes(b, start, end);
}

/** Every byte of `b[start..end)` as `\xNN` (strace's QUOTE_FORCE_HEX, -xx). */
export function hexBytes(b: Uint8Array, start = 0, end = b.length): string {
  let s = "";
  for (let i = start; i < end; i++) s += "\\x" + HEX_DIGITS[b[i] >> 4] + HEX_DIGITS[b[i] & 15];
  return s;
}

/** {@link escapeBytes} of `b[start..end)`, without a subarray. */
export function escapeRange(b: Uint8Array, start: number, end: number): string {
  if (hexStrings === 1 || hexStrings === 2) {
    const h = hexRange(b, start, end);
    if (h !== undefined) return h;
  }
  const need = 4 * (end - start);
  if (escCodes.length < need) escCodes = new Uint16Array(2 * need);
  const out = escCodes;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 34 && c !== 92) {
      out[n++] = c;
      continue;
    }
    out[n++] = 92; // backslash
    const e = ESC_CHAR[c];
    if (e) {
      out[n++] = e;
      continue;
    }
    if (hexStrings === 3) {
      out[n++] = 0x78; // x
      out[n++] = HEX_DIGITS.charCodeAt(c >> 4);
      out[n++] = HEX_DIGITS.charCodeAt(c & 15);
      continue;
    }
    // octal, as short as it goes unless a digit follows
    const next = b[i + 1];
    const digitNext = i + 1 < end && next >= 0x30 && next <= 0x37;
    if (digitNext || c >= 64) out[n++] = 0x30 + (c >> 6);
    if (digitNext || c >= 8) out[n++] = 0x30 + ((c >> 3) & 7);
    out[n++] = 0x30 + (c & 7);
  }
  // one string from the codes, in slices small enough for apply()'s arguments
  let s = "";
  for (let at = 0; at < n; at += 8192) {
    s += String.fromCharCode.apply(
      null,
      out.subarray(at, Math.min(n, at + 8192)) as unknown as number[],
    );
  }
  return s;
}

/** The character after the backslash of strace's one-letter escapes, by byte; 0: none. */
const ESC_CHAR = new Uint8Array(256);
for (const [c, e] of Object.entries(ESC)) ESC_CHAR[Number(c)] = e.charCodeAt(1);
/** Character codes of the string being escaped (reused). */
let escCodes = new Uint16Array(1024);

/** bytes as strace's QUOTE_FORCE_HEX string: `"\x7f\x00\x00\x01"`. */
export function forceHex(b: ArrayLike<number>): string {
  let s = '"';
  for (let i = 0; i < b.length; i++) s += "\\x" + HEX_DIGITS[b[i] >> 4] + HEX_DIGITS[b[i] & 15];
  return s + '"';
}
