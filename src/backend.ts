/**
 * Picks and opens a backend: the kernel module when its device is there,
 * else the kernel's own raw_syscalls events through tracefs.
 *
 * @module
 */
import type { BackendChoice } from "./cli_args.ts";
import type { Backend, Filter } from "./record.ts";
import { BackendError } from "./errors.ts";
import { DEVICE, kmodAvailable, openKmod } from "./backend_kmod.ts";

/** Loaded on demand: a board with the module never pays for its parsing. */
async function openTracefs(
  filter: Filter,
  opts: BackendOptions,
  note: (msg: string) => void,
): Promise<Backend> {
  const m = await import("./backend_tracefs.ts");
  return await m.openTracefs(filter, { idleMaxMs: opts.pollMs, note });
}

/** Options of {@linkcode openBackend}. */
export interface BackendOptions {
  /**
   * The longest an idle trace waits before looking for records again (ms): short on a
   * terminal, where lines should show at once; undefined: the backend's default.
   */
  pollMs?: number;
}

/**
 * Opens the backend `choice` names. With "auto", says once through `note`
 * which one it fell back to; the tracefs backend says there what it shows as addresses.
 */
export function openBackend(
  choice: BackendChoice,
  filter: Filter,
  note: (msg: string) => void,
  opts: BackendOptions = {},
): Promise<Backend> {
  if (choice === "kmod" || (choice === "auto" && kmodAvailable())) {
    return openKmod(filter, { pollMs: opts.pollMs });
  }
  // ftrace's buffers overwrite or drop; nothing there can make a traced thread wait
  if (filter.blockMs) {
    return Promise.reject(
      new BackendError(
        `--blocking-timeout needs the module (${
          choice === "tracefs" ? "--backend tracefs" : `${DEVICE} not found`
        }): ftrace's buffers cannot make a traced thread wait`,
      ),
    );
  }
  if (choice === "auto") note(`${DEVICE} not found (module not loaded): using the tracefs backend`);
  return openTracefs(filter, opts, note);
}
