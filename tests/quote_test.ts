// strace's string quoting (src/quote.ts): the fast paths (a long plain prefix decoded at once,
// the escapes written as one ASCII decode) against a byte-at-a-time rendering of the same rules.
import assert from "node:assert/strict";
import { escapeRange, setHexStrings } from "../src/quote.ts";

const ESC: Record<number, string> = {
  9: "t",
  10: "n",
  11: "v",
  12: "f",
  13: "r",
  34: '"',
  92: "\\",
};

/** strace's string_quote() body, one byte at a time (octal short unless a digit follows). */
function reference(b: Uint8Array): string {
  let s = "";
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c >= 0x20 && c < 0x7f && c !== 34 && c !== 92) s += String.fromCharCode(c);
    else if (ESC[c]) s += "\\" + ESC[c];
    else {
      const digitNext = i + 1 < b.length && b[i + 1] >= 0x30 && b[i + 1] <= 0x37;
      s += "\\" + (digitNext ? c.toString(8).padStart(3, "0") : c.toString(8));
    }
  }
  return s;
}

Deno.test("quote: long and short strings, plain, mixed and binary, as byte-at-a-time quoting", () => {
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  setHexStrings(0);
  const cases: Uint8Array[] = [
    new TextEncoder().encode("a".repeat(40)),
    // plain for 30 bytes, then UTF-8 (two bytes for one character), then a quote
    new TextEncoder().encode("p".repeat(30) + "é" + 'x"y' + "q".repeat(10)),
    // invalid UTF-8 and a BOM after a plain start; a BOM first
    Uint8Array.from([...new TextEncoder().encode("b".repeat(20)), 0xff, 0xef, 0xbb, 0xbf, 0x31]),
    Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("c".repeat(30))]),
    new Uint8Array(0),
  ];
  for (let n = 0; n < 400; n++) {
    const len = Math.floor(rnd() * 200);
    const plainUpTo = Math.floor(rnd() * len);
    const b = new Uint8Array(len);
    for (let i = 0; i < len; i++) {
      b[i] = i < plainUpTo ? 0x20 + Math.floor(rnd() * 95) : Math.floor(rnd() * 256);
    }
    cases.push(b);
  }
  // every byte that needs an escape, alone in each of a word's lanes of a long plain string
  for (let c = 0; c < 256; c++) {
    if (c >= 0x20 && c < 0x7f && c !== 34 && c !== 92) continue;
    for (let at = 40; at < 44; at++) {
      const b = new TextEncoder().encode("z".repeat(64));
      b[at] = c;
      cases.push(b);
    }
  }
  for (const b of cases) {
    assert.equal(escapeRange(b, 0, b.length), reference(b), `bytes ${b.join(",")}`);
    // a range inside a larger buffer
    const big = new Uint8Array(b.length + 7);
    big.set(b, 3);
    assert.equal(escapeRange(big, 3, 3 + b.length), reference(b));
  }
});

Deno.test("quote: -x and -xx take their own paths", () => {
  const b = new TextEncoder().encode("plain text that is long enough\n");
  setHexStrings(1);
  try {
    assert.equal(escapeRange(b, 0, b.length), "plain text that is long enough\\n");
    const bin = Uint8Array.from([0x61, 0x01, 0x62]);
    assert.equal(escapeRange(bin, 0, 3), "\\x61\\x01\\x62");
    setHexStrings(2);
    assert.equal(escapeRange(b, 0, 2), "\\x70\\x6c");
    setHexStrings(3);
    assert.equal(escapeRange(Uint8Array.from([0x61, 0x01, 0xff]), 0, 3), "a\\x01\\xff");
  } finally {
    setHexStrings(0);
  }
});
