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
  // the plain bytes up to the first one to escape: often the whole string
  const first = escStart(b, start, end);
  if (first === end) return asciiText(b.subarray(start, end));
  const head = first > start ? asciiText(b.subarray(start, first)) : "";
  let i = first;
  const need = 4 * (end - i);
  if (escCodes.length < need) escCodes = new Uint8Array(2 * need);
  const out = escCodes;
  let n = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (PLAIN[c] === 1) {
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
      out[n++] = HEX_CODES[c >> 4];
      out[n++] = HEX_CODES[c & 15];
      continue;
    }
    // octal, as short as it goes unless a digit follows
    const next = b[i + 1];
    const digitNext = i + 1 < end && next >= 0x30 && next <= 0x37;
    if (digitNext || c >= 64) out[n++] = 0x30 + (c >> 6);
    if (digitNext || c >= 8) out[n++] = 0x30 + ((c >> 3) & 7);
    out[n++] = 0x30 + (c & 7);
  }
  // every code is ASCII: one decode, after the plain prefix
  return head + asciiText(out.subarray(0, n));
}

/**
 * The index of the first byte of `b[start..end)` that needs an escape (end: none). Four bytes at
 * a time where the range is long: a word with a byte below 0x20, above 0x7e, or equal to `"` or
 * `\` is looked at byte by byte (the tests have false positives, never false negatives).
 */
function escStart(b: Uint8Array, start: number, end: number): number {
  let i = start;
  if (end - start >= 32) {
    const base = b.byteOffset;
    // to a word boundary of the underlying buffer
    while (((base + i) & 3) !== 0) {
      if (PLAIN[b[i]] !== 1) return i;
      i++;
    }
    const w = words(b);
    const wEnd = (base + end) >> 2;
    let k = (base + i) >> 2;
    for (; k < wEnd; k++) {
      const x = w[k];
      const below = (x - 0x20202020) & ~x;
      const high = (x + 0x01010101) | x;
      const q = x ^ 0x22222222, bs = x ^ 0x5c5c5c5c;
      const eq = ((q - 0x01010101) & ~q) | ((bs - 0x01010101) & ~bs);
      if ((below | high | eq) & 0x80808080) break;
    }
    i = (k << 2) - base;
  }
  while (i < end && PLAIN[b[i]] === 1) i++;
  return i;
}

/** A Uint32Array over the buffer b views (the last one asked for is kept). */
function words(b: Uint8Array): Uint32Array<ArrayBufferLike> {
  if (b.buffer !== wordsOf) {
    wordsOf = b.buffer;
    wordView = new Uint32Array(b.buffer, 0, b.buffer.byteLength >> 2);
  }
  return wordView;
}
let wordsOf: ArrayBufferLike | undefined;
let wordView: Uint32Array<ArrayBufferLike> = new Uint32Array(0);

/** 1 for the bytes a quoted string shows as themselves. */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === 34 || c === 92 ? 0 : 1;

/**
 * ASCII bytes as a string (a quoted string's codes are all ASCII): the UTF-8 decoder, whose
 * ASCII path is fast but which costs about 150 ns a call, or for a few bytes fromCharCode.
 */
function asciiText(b: Uint8Array): string {
  return b.length < 24 ? String.fromCharCode.apply(null, b as unknown as number[]) : utf8.decode(b);
}
const utf8 = new TextDecoder();
const HEX_CODES = new TextEncoder().encode(HEX_DIGITS);

/** The character after the backslash of strace's one-letter escapes, by byte; 0: none. */
const ESC_CHAR = new Uint8Array(256);
for (const [c, e] of Object.entries(ESC)) ESC_CHAR[Number(c)] = e.charCodeAt(1);
/** Character codes of the string being escaped (reused). */
let escCodes = new Uint8Array(1024);

/** bytes as strace's QUOTE_FORCE_HEX string: `"\x7f\x00\x00\x01"`. */
export function forceHex(b: ArrayLike<number>): string {
  let s = '"';
  for (let i = 0; i < b.length; i++) s += "\\x" + HEX_DIGITS[b[i] >> 4] + HEX_DIGITS[b[i] & 15];
  return s + '"';
}
