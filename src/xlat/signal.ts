/**
 * Signal numbers and sigprocmask's `how`: include/uapi/asm-generic/signal.h,
 * which x86_64 (arch/x86/include/uapi/asm/signal.h) matches number for
 * number; arm64 uses the generic header.
 *
 * @module
 */
import { type Xlat, xlat } from "./xlat.ts";

/** Signals 1..31 by number; 32 is SIGRTMIN, 33..64 SIGRT_1..SIGRT_32 (signalName()). */
export const SIGNALS: Xlat = xlat({
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
});

/** Name of signal n as strace names it: SIGTERM, SIGRTMIN (32), SIGRT_3 (35), or undefined. */
export function signalName(n: bigint): string | undefined {
  for (const [name, v] of SIGNALS) if (v === n) return name;
  if (n === 32n) return "SIGRTMIN";
  if (n > 32n && n <= 64n) return `SIGRT_${n - 32n}`;
  return undefined;
}

/** rt_sigprocmask's how. */
export const SIGPROCMASK_HOW: Xlat = xlat({ SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_SETMASK: 2 });
