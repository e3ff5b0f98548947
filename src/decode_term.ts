/**
 * What the terminal ioctls read and write, as strace 6.1 prints it (src/term.c): struct termios
 * (TCGETS, TCSETS, TCSETSW, TCSETSF) without -v, `{c_iflag=ICRNL|IXON, c_oflag=NL0|CR0|TAB0|BS0|
 * VT0|FF0|OPOST|ONLCR, c_cflag=B38400|CS8|CREAD, c_lflag=ISIG|ICANON|ECHO|..., ...}`, struct
 * winsize, and the commands whose argument points at an int (`[0]`). The flag tables are strace's
 * (src/xlat/term_*.in, in their order, which is the order names are printed in) with the values of
 * <asm-generic/termbits.h>, which x86_64 and arm64 share.
 *
 * @module
 */
import type { Field, Value } from "./decode.ts";

const int = (v: number): Value => ({ t: "int", v: BigInt(v) });
const text = (s: string): Value => ({ t: "text", s });

type Table = readonly (readonly [number, string])[];

const IFLAGS: Table = [
  [0x1, "IGNBRK"],
  [0x2, "BRKINT"],
  [0x4, "IGNPAR"],
  [0x8, "PARMRK"],
  [0x10, "INPCK"],
  [0x20, "ISTRIP"],
  [0x40, "INLCR"],
  [0x80, "IGNCR"],
  [0x100, "ICRNL"],
  [0x200, "IUCLC"],
  [0x400, "IXON"],
  [0x800, "IXANY"],
  [0x1000, "IXOFF"],
  [0x2000, "IMAXBEL"],
  [0x4000, "IUTF8"],
];
const OFLAGS: Table = [
  [0x1, "OPOST"],
  [0x2, "OLCUC"],
  [0x4, "ONLCR"],
  [0x8, "OCRNL"],
  [0x10, "ONOCR"],
  [0x20, "ONLRET"],
  [0x40, "OFILL"],
  [0x80, "OFDEL"],
];
/** c_oflag's delay fields: mask, values, strace's name for an unknown one. */
const ODELAYS: readonly (readonly [number, Table, string])[] = [
  [0x100, [[0, "NL0"], [0x100, "NL1"]], "NL?"],
  [0x600, [[0, "CR0"], [0x200, "CR1"], [0x400, "CR2"], [0x600, "CR3"]], "CR?"],
  // XTABS (== TAB3) comes first in strace's table
  [0x1800, [[0x1800, "XTABS"], [0, "TAB0"], [0x800, "TAB1"], [0x1000, "TAB2"]], "TAB?"],
  [0x2000, [[0x2000, "BS1"], [0, "BS0"]], "BS?"],
  [0x4000, [[0, "VT0"], [0x4000, "VT1"]], "VT?"],
  [0x8000, [[0, "FF0"], [0x8000, "FF1"]], "FF?"],
];
const BAUDS: Table = [
  ...[
    "B0",
    "B50",
    "B75",
    "B110",
    "B134",
    "B150",
    "B200",
    "B300",
    "B600",
    "B1200",
    "B1800",
    "B2400",
    "B4800",
    "B9600",
    "B19200",
    "B38400",
  ].map((n, i) => [i, n] as const),
  ...[
    "B57600",
    "B115200",
    "B230400",
    "B460800",
    "B500000",
    "B576000",
    "B921600",
    "B1000000",
    "B1152000",
    "B1500000",
    "B2000000",
    "B2500000",
    "B3000000",
    "B3500000",
    "B4000000",
  ].map((n, i) => [0x1001 + i, n] as const),
  [0x1000, "BOTHER"],
];
const CSIZES: Table = [[0, "CS5"], [0x10, "CS6"], [0x20, "CS7"], [0x30, "CS8"]];
const CFLAGS: Table = [
  [0x40, "CSTOPB"],
  [0x80, "CREAD"],
  [0x100, "PARENB"],
  [0x200, "PARODD"],
  [0x400, "HUPCL"],
  [0x800, "CLOCAL"],
  [0x40000000, "CMSPAR"],
  [0x80000000, "CRTSCTS"],
];
const LFLAGS: Table = [
  [0x1, "ISIG"],
  [0x2, "ICANON"],
  [0x4, "XCASE"],
  [0x8, "ECHO"],
  [0x10, "ECHOE"],
  [0x20, "ECHOK"],
  [0x40, "ECHONL"],
  [0x80, "NOFLSH"],
  [0x8000, "IEXTEN"],
  [0x200, "ECHOCTL"],
  [0x400, "ECHOPRT"],
  [0x800, "ECHOKE"],
  [0x1000, "FLUSHO"],
  [0x4000, "PENDIN"],
  [0x100, "TOSTOP"],
  [0x10000, "EXTPROC"],
];
const CBAUD = 0x100f, CIBAUD = 0x100f0000, CSIZE = 0x30, IBSHIFT = 16;

const hex = (v: number) => (v === 0 ? "0" : "0x" + (v >>> 0).toString(16));

/** strace's printflags64(table, v, NULL): the names in table order, unknown bits in hex. */
export function termFlagsText(table: Table, v: number): string {
  v >>>= 0;
  if (v === 0) return "0";
  const names: string[] = [];
  for (const [bit, name] of table) {
    if (bit && ((v & bit) >>> 0) === bit) {
      names.push(name);
      v = (v & ~bit) >>> 0;
    }
  }
  if (v) names.push(hex(v));
  return names.join("|");
}

/** strace's printxval64(table, v, dflt): the name, or hex with the dflt comment. */
function xvalText(table: Table, v: number, dflt: string): string {
  for (const [val, name] of table) if (val === v) return name;
  return `${hex(v)} /* ${dflt} */`;
}

function oflagText(v: number): string {
  let s = "";
  for (const [mask, t, dflt] of ODELAYS) {
    s += xvalText(t, v & mask, dflt) + "|";
    v &= ~mask;
  }
  return s + termFlagsText(OFLAGS, v);
}

function cflagText(v: number): string {
  let s = xvalText(BAUDS, v & CBAUD, "B???") + "|";
  if (v & CIBAUD) s += xvalText(BAUDS, (v & CIBAUD) >>> IBSHIFT, "B???") + "<<IBSHIFT|";
  s += xvalText(CSIZES, v & CSIZE, "CS?") + "|";
  return s + termFlagsText(CFLAGS, (v & ~(CBAUD | CIBAUD | CSIZE)) >>> 0);
}

/** Bytes of the kernel's struct termios (asm-generic): four u32 flags, c_line, c_cc[19]. */
export const TERMIOS_SIZE = 36;

/**
 * struct termios as strace 6.1 prints it without -v (the four flags, then `...`); every field
 * for JSON (c_line, c_cc as numbers).
 */
export function termiosValue(dv: DataView): Value {
  const u32 = (o: number) => dv.getUint32(o, true);
  const fields: Field[] = [
    { name: "c_iflag", value: text(termFlagsText(IFLAGS, u32(0))) },
    { name: "c_oflag", value: text(oflagText(u32(4))) },
    { name: "c_cflag", value: text(cflagText(u32(8))) },
    { name: "c_lflag", value: text(termFlagsText(LFLAGS, u32(12))) },
  ];
  const short = fields.slice();
  fields.push({ name: "c_line", value: int(dv.getUint8(16)) });
  const cc: Value[] = [];
  for (let i = 0; i < 19; i++) cc.push(int(dv.getUint8(17 + i)));
  fields.push({ name: "c_cc", value: { t: "array", items: cc } });
  return { t: "struct", fields, short };
}

/** struct winsize (TIOCGWINSZ, TIOCSWINSZ). */
export function winsizeValue(dv: DataView): Value {
  return {
    t: "struct",
    fields: ["ws_row", "ws_col", "ws_xpixel", "ws_ypixel"].map((name, i) => ({
      name,
      value: int(dv.getUint16(2 * i, true)),
    })),
  };
}

/** ioctl commands (asm-generic/ioctls.h, both architectures) decoded here. */
export const TCGETS = 0x5401,
  TCSETS = 0x5402,
  TCSETSW = 0x5403,
  TCSETSF = 0x5404,
  TIOCGPGRP = 0x540f,
  TIOCSPGRP = 0x5410,
  TIOCOUTQ = 0x5411,
  TIOCGWINSZ = 0x5413,
  TIOCSWINSZ = 0x5414,
  FIONREAD = 0x541b,
  FIONBIO = 0x5421,
  FIOASYNC = 0x5452,
  TIOCGPTN = 0x80045430,
  TIOCSPTLCK = 0x40045431;

/**
 * What ioctl command `cmd` reads or writes through its argument, from the module's copy of it
 * (`dv`), as strace's term_ioctl() prints it; undefined for the commands it does not decode (or
 * too few bytes): the address, as before.
 */
export function ioctlValue(cmd: number, dv: DataView): Value | undefined {
  switch (cmd >>> 0) {
    case TIOCGWINSZ:
    case TIOCSWINSZ:
      return dv.byteLength < 8 ? undefined : winsizeValue(dv);
    case TCGETS:
    case TCSETS:
    case TCSETSW:
    case TCSETSF:
      return dv.byteLength < TERMIOS_SIZE ? undefined : termiosValue(dv);
    // strace's "indirect parameter displayed in decimal"
    case FIONREAD:
    case TIOCGPGRP:
    case TIOCSPGRP:
    case TIOCOUTQ:
    case TIOCGPTN:
    case FIONBIO:
    case FIOASYNC:
    case TIOCSPTLCK:
      return dv.byteLength < 4 ? undefined : text(`[${dv.getInt32(0, true)}]`);
  }
  return undefined;
}

/**
 * Commands whose argument strace's term_ioctl() reads or writes through (a NULL one is shown as
 * NULL; the other commands' argument is a number, `0`).
 */
const POINTER_CMDS: ReadonlySet<number> = new Set([
  TCGETS,
  TCSETS,
  TCSETSW,
  TCSETSF,
  0x5405, // TCGETA
  0x5406, // TCSETA
  0x5407, // TCSETAW
  0x5408, // TCSETAF
  TIOCGPGRP,
  TIOCSPGRP,
  TIOCOUTQ,
  0x5412, // TIOCSTI
  TIOCGWINSZ,
  TIOCSWINSZ,
  0x5415, // TIOCMGET
  0x5416, // TIOCMBIS
  0x5417, // TIOCMBIC
  0x5418, // TIOCMSET
  0x5419, // TIOCGSOFTCAR
  0x541a, // TIOCSSOFTCAR
  FIONREAD,
  0x5420, // TIOCPKT
  FIONBIO,
  0x5423, // TIOCSETD
  0x5424, // TIOCGETD
  0x5429, // TIOCGSID
  FIOASYNC,
  0x5456, // TIOCGLCKTRMIOS
  0x5457, // TIOCSLCKTRMIOS
  0x802c542a, // TCGETS2
  0x402c542b, // TCSETS2
  0x402c542c, // TCSETSW2
  0x402c542d, // TCSETSF2
  TIOCGPTN,
  TIOCSPTLCK,
  0x80045432, // TIOCGDEV
  0x80045440, // TIOCGEXCL
]);

/** Whether ioctl command `cmd`'s argument is shown as a pointer (`NULL` when 0). */
export function ioctlArgIsPointer(cmd: number): boolean {
  return POINTER_CMDS.has(cmd >>> 0);
}

/** Commands strace's term_ioctl() shows without their argument ("ioctls with no parameters"). */
const NO_ARG_CMDS: ReadonlySet<number> = new Set([
  0x5427, // TIOCSBRK
  0x5428, // TIOCCBRK
  0x541d, // TIOCCONS
  0x5422, // TIOCNOTTY
  0x540c, // TIOCEXCL
  0x540d, // TIOCNXCL
  0x5451, // FIOCLEX
  0x5450, // FIONCLEX
  0x5437, // TIOCVHANGUP
  0x541f, // TIOCSSERIAL
]);

/** Whether ioctl command `cmd` is shown without its argument, `ioctl(3, FIOCLEX)` (text only). */
export function ioctlTakesNoArg(cmd: number): boolean {
  return NO_ARG_CMDS.has(cmd >>> 0);
}

const TCXONC_OPTS = ["TCOOFF", "TCOON", "TCIOFF", "TCION"];
const TCFLSH_OPTS = ["TCIFLUSH", "TCOFLUSH", "TCIOFLUSH"];

/**
 * The argument of the commands that take it as a value, as term_ioctl() prints it: TCXONC's and
 * TCFLSH's names (`TCOOFF`, `TCIFLUSH`), TCSBRK's, TCSBRKP's and TIOCSCTTY's int; undefined for the
 * others.
 */
export function ioctlDirectValue(cmd: number, raw: bigint): Value | undefined {
  const named = (names: readonly string[]) => {
    const n = names[Number(raw)];
    return raw < BigInt(names.length) && n
      ? { t: "sym" as const, names: [n], v: raw }
      : text(`${raw === 0n ? "0" : "0x" + raw.toString(16)} /* TC??? */`);
  };
  switch (cmd >>> 0) {
    case 0x540a: // TCXONC
      return named(TCXONC_OPTS);
    case 0x540b: // TCFLSH
      return named(TCFLSH_OPTS);
    case 0x5409: // TCSBRK
    case 0x5425: // TCSBRKP
    case 0x540e: // TIOCSCTTY
      return { t: "int", v: BigInt.asIntN(32, raw) };
  }
  return undefined;
}
