/**
 * Which pid namespace this process is in. The module and ftrace select processes by the
 * kernel's own pids, those of the initial pid namespace; inside another one (a container) the
 * pids a user sees, and the ones this process reads about itself, are different numbers.
 *
 * @module
 */

/** /proc/self/ns/pid of the initial namespace (PROC_PID_INIT_INO, include/linux/proc_ns.h). */
const INIT_PID_NS = "pid:[4026531836]";

/**
 * True when this process sees the kernel's own pids. Where the link cannot be read (no /proc),
 * true: the missing /proc is reported where pids are looked up.
 */
export function inInitPidNamespace(): boolean {
  try {
    return Deno.readLinkSync("/proc/self/ns/pid") === INIT_PID_NS;
  } catch {
    return true;
  }
}
