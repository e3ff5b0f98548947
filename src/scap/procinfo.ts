/**
 * What a capture says about a process beyond its records: executable, arguments, cwd, parent.
 * Read from /proc when the writer sees a live process for the first time.
 *
 * @module
 */

/** Process facts for sysdig's thread table (execve/clone exit parameters). */
export interface ProcInfo {
  /** argv[0]. */
  exe: string;
  /** argv[1..], each NUL-terminated, as sysdig stores them. */
  args: Uint8Array;
  cwd: string;
  ptid: number;
  pgid: number;
  uid: number;
  gid: number;
  fdlimit: bigint;
}

const dec = new TextDecoder();

/** Best-effort facts for a process from comm alone (no /proc, or a process already gone). */
export function procInfoFromComm(comm: string): ProcInfo {
  return {
    exe: comm,
    args: new Uint8Array(),
    cwd: "",
    ptid: 0,
    pgid: 0,
    uid: 0xffffffff,
    gid: 0xffffffff,
    fdlimit: 0n,
  };
}

function readText(path: string): string | undefined {
  try {
    return dec.decode(Deno.readFileSync(path));
  } catch {
    return undefined;
  }
}

/**
 * Facts for `pid` from /proc, or undefined when the process is gone or is no longer the one
 * named `comm` (it exec'd, or its pid was reused).
 */
export function readProcInfo(pid: number, comm: string): ProcInfo | undefined {
  const base = `/proc/${pid}`;
  const procComm = readText(`${base}/comm`);
  if (procComm === undefined || procComm.replace(/\n$/, "") !== comm) return undefined;
  const info = procInfoFromComm(comm);
  const cmdline = (() => {
    try {
      return Deno.readFileSync(`${base}/cmdline`);
    } catch {
      return undefined;
    }
  })();
  if (cmdline && cmdline.length > 0) {
    const end = cmdline.indexOf(0);
    const argv0 = end >= 0 ? cmdline.subarray(0, end) : cmdline;
    info.exe = dec.decode(argv0);
    let rest = end >= 0 ? cmdline.subarray(end + 1) : new Uint8Array();
    if (rest.length > 0 && rest[rest.length - 1] !== 0) {
      const t = new Uint8Array(rest.length + 1);
      t.set(rest);
      rest = t;
    }
    info.args = rest.slice(0, 4096);
  }
  try {
    info.cwd = Deno.readLinkSync(`${base}/cwd`);
  } catch { /* a process of another user, or gone */ }
  const stat = readText(`${base}/stat`);
  if (stat) {
    // Fields after the comm, which is in parentheses and may itself contain ") ".
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    info.ptid = Number(f[1]) || 0;
    info.pgid = Number(f[2]) || 0;
  }
  const status = readText(`${base}/status`);
  if (status) {
    const uid = status.match(/^Uid:\s+\d+\s+(\d+)/m);
    const gid = status.match(/^Gid:\s+\d+\s+(\d+)/m);
    if (uid) info.uid = Number(uid[1]);
    if (gid) info.gid = Number(gid[1]);
  }
  const limits = readText(`${base}/limits`);
  const nofile = limits?.match(/^Max open files\s+(\d+)/m);
  if (nofile) info.fdlimit = BigInt(nofile[1]);
  return info;
}
