/**
 * The filter in user space, for backends whose records were not filtered by
 * a kernel (capture files being read back).
 *
 * @module
 */
import type { Arch, Filter, TraceRecord } from "./record.ts";
import { syscallNumber } from "./syscalls.ts";
import { FORK_NAMES } from "./syscalls/traits.ts";

/**
 * Returns a predicate that applies `f` to a stream of records in order:
 * processes selected by pid or by name (first 15 characters), with --follow
 * the children their clone/fork calls return, and only the chosen syscalls.
 * Drop records always pass: a gap stays visible whatever the filter.
 */
export function recordFilter(f: Filter, arch: Arch): (r: TraceRecord) => boolean {
  const pids = new Set(f.pids);
  const name = f.procName?.slice(0, 15);
  const nrs = f.syscalls ? new Set(f.syscalls) : undefined;
  const forks = new Set(
    FORK_NAMES.map((n) => syscallNumber(arch, n)).filter((n) => n !== undefined),
  );
  const selectAll = pids.size === 0 && name === undefined;
  return (r) => {
    if (r.kind === "drop") return true;
    const selected = selectAll || pids.has(r.pid) || (name !== undefined && r.comm === name);
    if (!selected) return false;
    if (
      f.follow && (r.kind === "exit" || r.kind === "syscall") && r.ret !== undefined &&
      r.ret > 0n && forks.has(r.nr)
    ) pids.add(Number(r.ret));
    // signals and exits select by process alone, as in the module
    return nrs === undefined || r.kind === "signal" || r.kind === "procexit" || nrs.has(r.nr);
  };
}
