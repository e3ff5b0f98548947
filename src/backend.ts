/**
 * Picks and opens a backend: the kernel module when its device is there,
 * else the kernel's own raw_syscalls events through tracefs.
 *
 * @module
 */
import type { BackendChoice } from "./cli_args.ts";
import type { Backend, Filter } from "./record.ts";
import { DEVICE, kmodAvailable, openKmod } from "./backend_kmod.ts";

/** Loaded on demand: a board with the module never pays for its parsing. */
async function openTracefs(filter: Filter): Promise<Backend> {
  const m = await import("./backend_tracefs.ts");
  return await m.openTracefs(filter);
}

/**
 * Opens the backend `choice` names. With "auto", says once through `note`
 * which one it fell back to.
 */
export function openBackend(
  choice: BackendChoice,
  filter: Filter,
  note: (msg: string) => void,
): Promise<Backend> {
  if (choice === "kmod") return openKmod(filter);
  if (choice === "tracefs") return openTracefs(filter);
  if (kmodAvailable()) return openKmod(filter);
  note(`${DEVICE} not found (module not loaded): using the tracefs backend`);
  return openTracefs(filter);
}
