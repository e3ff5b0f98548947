/**
 * bench helper: traces `-- COMMAND` with the tracefs backend, decodes and
 * counts every record (no formatting), and prints the backend's counters on
 * standard error. Usage: deno run -A bench/tracefs_drain.ts COMMAND [ARG...]
 */
import { openTracefs } from "../src/backend_tracefs.ts";

const b = await openTracefs({ pids: [], follow: false, children: true });
try {
  await b.start();
  const child = new Deno.Command(Deno.args[0], { args: Deno.args.slice(1) }).spawn();
  child.status.then(() => b.stop());
  let n = 0;
  for await (const _ of b.records()) n++;
  const s = b.stats();
  console.error(
    `tracefs backend: ${n} records, seen ${s.seen} recorded ${s.recorded} dropped ${s.dropped}`,
  );
} finally {
  await b.close();
}
