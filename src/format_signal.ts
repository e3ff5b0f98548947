/**
 * Signals and exits as strace prints them: `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED,
 * si_pid=42, si_uid=0, si_status=0, si_utime=0, si_stime=0} ---` and `+++ exited with 0 +++`,
 * `+++ killed by SIGSEGV (core dumped) +++`. The siginfo fields shown depend on the signal and
 * its si_code as in strace's printsiginfo.c; the values come from the 32 bytes of siginfo's union
 * the module copies (include/uapi/asm-generic/siginfo.h, 64-bit layout).
 *
 * @module
 */
import type { Arch, ProcExitRecord, SignalRecord } from "./record.ts";
import { signalName } from "./xlat/signal.ts";
import { errnoName } from "./errno.ts";
import { syscallInfo } from "./syscalls.ts";
import { styledValue, xlatStyle } from "./xlat/xlat.ts";
import { AUDIT_ARCHES } from "./xlat/multiplexed.ts";

const SI_CODES: Readonly<Record<number, string>> = {
  0: "SI_USER",
  0x80: "SI_KERNEL",
  [-1]: "SI_QUEUE",
  [-2]: "SI_TIMER",
  [-3]: "SI_MESGQ",
  [-4]: "SI_ASYNCIO",
  [-5]: "SI_SIGIO",
  [-6]: "SI_TKILL",
  [-7]: "SI_DETHREAD",
  [-60]: "SI_ASYNCNL",
};

const SIGILL = 4, SIGTRAP = 5, SIGBUS = 7, SIGFPE = 8, SIGSEGV = 11, SIGCHLD = 17;
const SIGPOLL = 29, SIGSYS = 31;
const SI_SIGIO = -5;
const SI_KERNEL = 0x80, SI_USER = 0, SI_TIMER = -2, SI_TKILL = -6;

// si_code names of the kernel's own codes (> 0), by signal
const CODES_BY_SIGNAL: Readonly<Record<number, readonly string[]>> = {
  [SIGILL]: [
    "ILL_ILLOPC",
    "ILL_ILLOPN",
    "ILL_ILLADR",
    "ILL_ILLTRP",
    "ILL_PRVOPC",
    "ILL_PRVREG",
    "ILL_COPROC",
    "ILL_BADSTK",
    "ILL_BADIADDR",
  ],
  [SIGFPE]: [
    "FPE_INTDIV",
    "FPE_INTOVF",
    "FPE_FLTDIV",
    "FPE_FLTOVF",
    "FPE_FLTUND",
    "FPE_FLTRES",
    "FPE_FLTINV",
    "FPE_FLTSUB",
    "FPE_DECOVF",
    "FPE_DECDIV",
    "FPE_DECERR",
    "FPE_INVASC",
    "FPE_INVDEC",
    "FPE_FLTUNK",
    "FPE_CONDTRAP",
  ],
  [SIGSEGV]: [
    "SEGV_MAPERR",
    "SEGV_ACCERR",
    "SEGV_BNDERR",
    "SEGV_PKUERR",
    "SEGV_ACCADI",
    "SEGV_ADIDERR",
    "SEGV_ADIPERR",
    "SEGV_MTEAERR",
    "SEGV_MTESERR",
    "SEGV_CPERR",
  ],
  [SIGBUS]: ["BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR", "BUS_MCEERR_AO"],
  [SIGTRAP]: ["TRAP_BRKPT", "TRAP_TRACE", "TRAP_BRANCH", "TRAP_HWBKPT", "TRAP_UNK", "TRAP_PERF"],
  [SIGCHLD]: [
    "CLD_EXITED",
    "CLD_KILLED",
    "CLD_DUMPED",
    "CLD_TRAPPED",
    "CLD_STOPPED",
    "CLD_CONTINUED",
  ],
  [SIGPOLL]: ["POLL_IN", "POLL_OUT", "POLL_MSG", "POLL_ERR", "POLL_PRI", "POLL_HUP"],
  [SIGSYS]: ["SYS_SECCOMP", "SYS_USER_DISPATCH"],
};

const AUDIT_ARCH: Readonly<Record<number, string>> = {
  0xc000003e: "AUDIT_ARCH_X86_64",
  0xc00000b7: "AUDIT_ARCH_AARCH64",
  0x40000003: "AUDIT_ARCH_I386",
  0x40000028: "AUDIT_ARCH_ARM",
};

/** The AUDIT_ARCH_* of each architecture's native calls (from AUDIT_ARCHES). */
const auditArch = (name: string) => Number(AUDIT_ARCHES.find(([n]) => n === name)![1]);
const NATIVE_AUDIT_ARCH: Readonly<Record<Arch, number>> = {
  x86_64: auditArch("AUDIT_ARCH_X86_64"),
  aarch64: auditArch("AUDIT_ARCH_AARCH64"),
};

/** A signal's name (SIGCHLD, SIGRTMIN, SIGRT_3), or its number. */
export function sigText(sig: number): string {
  return signalName(BigInt(sig)) ?? String(sig);
}

/** si_code's name for signal `sig`, or undefined. */
function siCodeName(sig: number, code: number): string | undefined {
  if (code > 0 && code !== SI_KERNEL) {
    const names = CODES_BY_SIGNAL[sig];
    return names && code <= names.length ? names[code - 1] : undefined;
  }
  return SI_CODES[code];
}

/** si_code as strace names it, for signal `sig`; one it does not know in hex (`0x7`). */
export function siCodeText(sig: number, code: number): string {
  return siCodeName(sig, code) ?? (code === 0 ? "0" : "0x" + (code >>> 0).toString(16));
}

function ptrText(v: bigint): string {
  return v === 0n ? "NULL" : "0x" + v.toString(16);
}

/**
 * The siginfo fields strace shows for the record, after si_signo and si_code, as [name, text]
 * pairs in strace's order.
 */
export function siginfoFields(
  arch: Arch,
  r: Pick<SignalRecord, "sig" | "code" | "errno" | "fields">,
): Array<[string, string]> {
  const f = new DataView(r.fields.buffer, r.fields.byteOffset, r.fields.byteLength);
  const out: Array<[string, string]> = [];
  const i32 = (o: number) => String(f.getInt32(o, true));
  const u32 = (o: number) => String(f.getUint32(o, true));
  const ptr = (o: number) => ptrText(f.getBigUint64(o, true));
  const pidUid = () => out.push(["si_pid", i32(0)], ["si_uid", u32(4)]);
  const value = () => out.push(["si_int", i32(8)], ["si_ptr", ptr(8)]);
  // strace prints the value of a signal with no code of its own only where si_ptr is set
  const valueIfSet = () => {
    if (f.getBigUint64(8, true)) value();
  };
  // strace's PRINT_FIELD_ERR_U(): a name, else unsigned
  if (r.errno) out.push(["si_errno", errnoName(r.errno) ?? String(r.errno >>> 0)]);
  if (r.code <= 0) {
    // sent by a process (kill, tgkill, sigqueue) or a timer
    switch (r.code) {
      case SI_USER:
      case SI_TKILL:
        pidUid();
        break;
      case SI_SIGIO:
        out.push(["si_band", String(f.getBigInt64(0, true))], ["si_fd", i32(8)]);
        break;
      case SI_TIMER:
        out.push(["si_timerid", "0x" + f.getUint32(0, true).toString(16)], [
          "si_overrun",
          i32(4),
        ]);
        value();
        break;
      default:
        // SI_QUEUE and SI_MESGQ among them (strace's print_si_info())
        pidUid();
        valueIfSet();
    }
    return out;
  }
  switch (r.sig) {
    case SIGCHLD: {
      pidUid();
      const st = f.getInt32(8, true);
      out.push(["si_status", r.code === 1 ? String(st) : sigText(st)]);
      out.push(["si_utime", clockText(f.getBigUint64(16, true))]);
      out.push(["si_stime", clockText(f.getBigUint64(24, true))]);
      break;
    }
    case SIGILL:
    case SIGFPE:
    case SIGSEGV:
    case SIGBUS:
    case SIGTRAP:
      out.push(["si_addr", ptr(0)]);
      // SEGV_BNDERR's bounds and SEGV_PKUERR's protection key, after the address's padding;
      // BUS_MCEERR_AR's and _AO's least significant bit
      if (r.sig === SIGSEGV && r.code === 3) out.push(["si_lower", ptr(16)], ["si_upper", ptr(24)]);
      if (r.sig === SIGSEGV && r.code === 4) out.push(["si_pkey", String(f.getUint32(16, true))]);
      if (r.sig === SIGBUS && (r.code === 4 || r.code === 5)) {
        out.push(["si_addr_lsb", "0x" + f.getUint16(8, true).toString(16)]);
      }
      break;
    case SIGPOLL:
      if (r.code >= 1 && r.code <= 6) {
        out.push(["si_band", String(f.getBigInt64(0, true))], ["si_fd", i32(8)]);
      }
      break;
    case SIGSYS: {
      const nr = f.getInt32(8, true);
      const a = f.getUint32(12, true);
      // named from the table of si_arch's architecture: this one's (another's: the number)
      const name = a === NATIVE_AUDIT_ARCH[arch] ? syscallInfo(arch, nr)?.name : undefined;
      out.push(["si_call_addr", ptr(0)], ["si_syscall", name ? "__NR_" + name : String(nr >>> 0)], [
        "si_arch",
        AUDIT_ARCH[a] ?? "0x" + a.toString(16) + " /* AUDIT_ARCH_??? */",
      ]);
      break;
    }
    default:
      if (f.getInt32(0, true) || f.getUint32(4, true)) pidUid();
      valueIfSet();
  }
  return out;
}

/** si_signo as strace's printsignal() shows it, in -X's style (decimal: `17 /* SIGCHLD *\/`). */
export function sigStyled(sig: number): string {
  return styledValue(String(sig), signalName(BigInt(sig)), "");
}

/** si_code in -X's style: its name, or -X raw the number in hex (`0x1`, `0`). */
export function siCodeStyled(sig: number, code: number): string {
  if (xlatStyle() === 0) return siCodeText(sig, code);
  const num = code === 0 ? "0" : "0x" + (code >>> 0).toString(16);
  return styledValue(num, siCodeName(sig, code), "");
}

/** strace's `--- SIGCHLD {si_signo=SIGCHLD, ...} ---` for a signal record. */
export function signalText(arch: Arch, r: SignalRecord): string {
  const name = sigText(r.sig);
  let s = `--- ${name} {si_signo=${sigStyled(r.sig)}, si_code=${siCodeStyled(r.sig, r.code)}`;
  for (const [k, v] of siginfoFields(arch, r)) s += `, ${k}=${v}`;
  return s + "} ---";
}

/** How a thread ended, from its wait status: `exited with 0`, `killed by SIGKILL`. */
export function exitHow(status: number): string {
  if (status < 0) return "exited";
  const sig = status & 0x7f;
  if (sig === 0) return `exited with ${(status >> 8) & 0xff}`;
  return `killed by ${sigText(sig)}${status & 0x80 ? " (core dumped)" : ""}`;
}

/** strace's `+++ exited with 0 +++` for an exit record. */
export function exitText(r: ProcExitRecord): string {
  return `+++ ${exitHow(r.status)} +++`;
}

/** USER_HZ: the clock ticks of times() and siginfo's si_utime (100 on every Linux architecture). */
const CLK_TCK = 100n;

/**
 * A clock_t as strace's print_clock_t(): the ticks, and (except -X raw) the seconds they make in
 * a comment, `25 /* 0.25 s *\/`.
 */
export function clockText(v: bigint): string {
  if (v === 0n || xlatStyle() === 1) return String(v);
  return `${v} /* ${v / CLK_TCK}.${String(v % CLK_TCK).padStart(2, "0")} s */`;
}
