/**
 * bench helper: writes a synthetic capture file of N events with the capture
 * writer, and prints on standard output how long that took.
 *
 *   deno run -A bench/mkcapture.ts FILE N [generic|nginx] [gzip]
 *
 * generic: getppid enter/exit pairs (sysdig has no dedicated event for
 * getppid, so every one is a GENERIC_E/GENERIC_X: the "generic syscall
 * event" of the capture-size target). nginx: the syscall mix of an nginx
 * worker serving a static page (accept4, recvfrom, openat, newfstatat,
 * sendfile, writev, write, close, epoll_wait), four worker threads.
 * Output: "events=N secs=S rate=R bytes=B".
 */
import { openCaptureWriter } from "../src/scap/writer.ts";
import type { EnterRecord, ExitRecord, TraceRecord } from "../src/record.ts";

const [path, nArg, kind = "generic", gz] = Deno.args;
const n = Number(nArg ?? 1_000_000);

// [nr, args, ret] of x86_64 syscalls
type Call = [number, bigint[], bigint];
const A = (...v: number[]) => v.map(BigInt).concat(Array(6 - v.length).fill(0n));
const NGINX: Call[] = [
  [232, A(8, 0x7ffd1000, 512, -1), 1n], // epoll_wait
  [288, A(6, 0x7ffd2000, 0x7ffd2100, 0x800), 12n], // accept4
  [45, A(12, 0x55d0a000, 1024, 0, 0, 0), 78n], // recvfrom
  [257, A(-100, 0x55d0b000, 0x80800), 13n], // openat
  [262, A(13, 0x55d0c000, 0x7ffd3000, 0x1000), 0n], // newfstatat
  [20, A(12, 0x7ffd4000, 1), 247n], // writev (headers)
  [40, A(12, 13, 0x7ffd5000, 32768), 32768n], // sendfile
  [3, A(13), 0n], // close (file)
  [1, A(5, 0x55d0d000, 96), 96n], // write (access.log)
  [3, A(12), 0n], // close (socket)
];
const GENERIC: Call[] = [[110, A(), 4242n]];
const mix = kind === "nginx" ? NGINX : GENERIC;

const sink = await openCaptureWriter(path, { arch: "x86_64", backend: "file" }, {
  gzip: gz === "gzip",
  procfs: false,
});
const t0 = performance.now();
let ts = 1_764_200_000_000_000_000n;
for (let i = 0, k = 0; i < n; k++) {
  const [nr, args, ret] = mix[k % mix.length];
  const tid = 4000 + (k % 4);
  const base = {
    ts,
    cpu: k & 1,
    pid: kind === "nginx" ? tid : 4000,
    tid,
    comm: kind === "nginx" ? "nginx" : "loop",
  };
  const e: EnterRecord = { ...base, kind: "enter", nr, args };
  ts += 150n;
  const x: ExitRecord = { ...base, ts, kind: "exit", nr, ret };
  ts += 350n;
  sink.write(e as TraceRecord);
  sink.write(x as TraceRecord);
  i += 2;
}
await sink.close({ seen: BigInt(n), recorded: BigInt(n), dropped: 0n, perCpu: [] });
const secs = (performance.now() - t0) / 1000;
console.log(
  `events=${n} secs=${secs.toFixed(3)} rate=${Math.round(n / secs)} bytes=${
    Deno.statSync(path).size
  }`,
);
