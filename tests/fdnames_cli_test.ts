// -y and -yy in the CLI on the tracefs backend (root): a process that already runs holds a file
// open (/proc gives its name at start, -p) and then reads it through a dup; with -y the reads
// name the file, also when -e leaves the dup out of the output (the state calls are recorded
// and hidden); JSON has fd_names.
import assert from "node:assert/strict";
import { cli, TRACEFS_SKIP } from "./host_cli.ts";

const SKIP = TRACEFS_SKIP;

/** A child that opens `path` as fd 3, waits for the tracer, then dups and reads it. */
function reader(path: string): Deno.ChildProcess {
  const py = `
import os, sys, time
fd = os.open(${JSON.stringify(path)}, os.O_RDONLY)
assert fd == 3, fd
sys.stdout.write("ready\\n"); sys.stdout.flush()
time.sleep(1.5)
os.read(fd, 64)
d = os.dup(fd)
os.read(d, 64)
os.close(d)
os.close(fd)
time.sleep(0.3)
`;
  return new Deno.Command("python3", {
    args: ["-c", py],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
}

async function waitReady(c: Deno.ChildProcess): Promise<void> {
  const r = c.stdout.getReader();
  const { value } = await r.read();
  assert.match(new TextDecoder().decode(value), /ready/);
  r.releaseLock();
}

Deno.test({
  name: "fd names: -y names a file a -p target holds, through dup and close, and with -e",
  ignore: SKIP !== undefined,
  async fn() {
    const path = Deno.makeTempFileSync({ prefix: "msd-fdnames-" });
    Deno.writeTextFileSync(path, "hello fd names\n");
    try {
      for (
        const args of [
          ["-y"],
          ["-y", "-e", "trace=read"],
          ["-yy", "-e", "read,close"],
        ]
      ) {
        const c = reader(path);
        await waitReady(c);
        const r = await cli("--backend", "tracefs", "-q", "-p", String(c.pid), ...args);
        await c.status;
        await c.stdout.cancel().catch(() => {});
        assert.equal(r.code, 0, r.err);
        const lines = r.out.split("\n");
        const reads = lines.filter((l) => / read\(/.test(l));
        assert.ok(
          reads.some((l) => l.includes(`read(3<${path}>, `)),
          `${args}: ${r.out}`,
        );
        // the dup's copy has the name too
        assert.ok(reads.some((l) => new RegExp(`read\\(4<${path}>, `).test(l)), r.out);
        if (args.includes("trace=read")) {
          assert.ok(lines.every((l) => l === "" || / read\(/.test(l)), r.out);
        } else if (args.includes("read,close")) {
          assert.ok(lines.some((l) => l.includes(`close(3<${path}>)`)), r.out);
          assert.ok(!lines.some((l) => / fcntl\(/.test(l)), r.out);
        } else {
          // os.dup() is fcntl(F_DUPFD_CLOEXEC)
          assert.ok(
            lines.some((l) => l.includes(`fcntl(3<${path}>, F_DUPFD_CLOEXEC, 0) = 4<${path}>`)),
            r.out,
          );
        }
      }
    } finally {
      Deno.removeSync(path);
    }
  },
});

Deno.test({
  name: "fd names: JSON gains fd_names beside the number",
  ignore: SKIP !== undefined,
  async fn() {
    const path = Deno.makeTempFileSync({ prefix: "msd-fdnames-" });
    try {
      const c = reader(path);
      await waitReady(c);
      const r = await cli(
        "--backend",
        "tracefs",
        "-q",
        "-p",
        String(c.pid),
        "-y",
        "--format",
        "json",
        "-e",
        "read",
      );
      await c.status;
      await c.stdout.cancel().catch(() => {});
      assert.equal(r.code, 0, r.err);
      const evs = r.out.split("\n").filter((l) => l).map((l) => JSON.parse(l));
      const read3 = evs.find((e) => e.syscall === "read" && e.args.fd === 3);
      assert.ok(read3, r.out);
      assert.equal(read3.args.fd, 3);
      assert.deepEqual(read3.fd_names, { fd: path });
      assert.ok(evs.every((e) => e.syscall === "read" || e.dir === "procexit"), r.out);
    } finally {
      Deno.removeSync(path);
    }
  },
});

Deno.test({
  name: "fd names: COMMAND's inherited fds are named from its start (-- COMMAND, -e trace=write)",
  ignore: SKIP !== undefined,
  async fn() {
    const r = await cli(
      "--backend",
      "tracefs",
      "-q",
      "-y",
      "-e",
      "trace=write",
      "-o",
      "-",
      "--",
      "/bin/sh",
      "-c",
      "echo hi; echo there >&2",
    );
    assert.equal(r.code, 0, r.err);
    // standard output is cli()'s pipe; the trace goes to -o -, mixed with "hi"
    const out = /sh \(\d+\) write\(1<(pipe:\[\d+\])>, 0x[0-9a-f]+, 3\) = 3 </.exec(r.out);
    // dash's >&2: fcntl(1, F_DUPFD, 10), dup2(2, 1), write(1, ...): fd 1 is then the stderr pipe
    const err = /sh \(\d+\) write\(1<(pipe:\[\d+\])>, 0x[0-9a-f]+, 6\) = 6 </.exec(r.out);
    assert.ok(out && err, r.out);
    assert.notEqual(out[1], err[1]);
    assert.ok(
      r.out.split("\n").every((l) => l === "" || l === "hi" || / write\(/.test(l)),
      r.out,
    );
  },
});

Deno.test({
  name: "fd names: the filter's fd.name and --print's %fd.name come from the fd tables",
  ignore: SKIP !== undefined,
  async fn() {
    const path = Deno.makeTempFileSync({ prefix: "msd-fdnames-" });
    try {
      const c = reader(path);
      await waitReady(c);
      const r = await cli(
        "--backend",
        "tracefs",
        "-q",
        "-p",
        String(c.pid),
        "--print",
        "%evt.type %fd.num %fd.name %fd.type",
        `fd.name = ${path}`,
      );
      await c.status;
      await c.stdout.cancel().catch(() => {});
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(r.out.trim().split("\n"), [
        `read 3 ${path} file`,
        `fcntl 3 ${path} file`,
        `read 4 ${path} file`,
        `close 4 ${path} file`,
        `close 3 ${path} file`,
      ]);
    } finally {
      Deno.removeSync(path);
    }
  },
});

/** A Deno program that connects to itself over 127.0.0.1 and sends "ping"; prints both ports. */
const TCP_PROGRAM = `
const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const c = await Deno.connect({ hostname: "127.0.0.1", port: l.addr.port });
const s = await l.accept();
await c.write(new TextEncoder().encode("ping"));
await s.read(new Uint8Array(4));
console.log(c.localAddr.port, l.addr.port);
// alive while the tracer reads its sockets from /proc/net
await new Promise((r) => setTimeout(r, 2000));
`;

Deno.test({
  name: "fd names: -yy shows a TCP connection to 127.0.0.1 in strace's notation",
  ignore: SKIP !== undefined,
  async fn() {
    const dir = Deno.makeTempDirSync({ prefix: "msd-fdnames-" });
    try {
      Deno.writeTextFileSync(`${dir}/tcp.js`, TCP_PROGRAM);
      const r = await cli(
        "--backend",
        "tracefs",
        "-q",
        "-yy",
        "-e",
        "trace=sendto,recvfrom,write,read",
        "-o",
        `${dir}/out`,
        "--",
        Deno.execPath(),
        "run",
        "-A",
        `${dir}/tcp.js`,
      );
      assert.equal(r.code, 0, r.err);
      const [client, server] = r.out.trim().split(" ").map(Number);
      const out = Deno.readTextFileSync(`${dir}/out`);
      const conn = `127.0.0.1:${client}->127.0.0.1:${server}`;
      const back = `127.0.0.1:${server}->127.0.0.1:${client}`;
      assert.match(out, new RegExp(`(sendto|write)\\(\\d+<TCP:\\[${conn}\\]>, `), out);
      assert.match(out, new RegExp(`(recvfrom|read)\\(\\d+<TCP:\\[${back}\\]>, `), out);
      // socket, connect, accept4 were recorded for the table and are not shown
      assert.doesNotMatch(out, / (socket|connect|accept4?)\(/);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  },
});
