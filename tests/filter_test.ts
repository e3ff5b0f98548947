import assert from "node:assert/strict";
import { recordFilter } from "../src/filter.ts";
import type { TraceRecord } from "../src/record.ts";

const rec = (pid: number, comm: string, nr: number, ret?: bigint): TraceRecord =>
  ret === undefined
    ? { kind: "enter", ts: 0n, cpu: 0, pid, tid: pid, comm, nr, args: [0n, 0n, 0n, 0n, 0n, 0n] }
    : { kind: "exit", ts: 0n, cpu: 0, pid, tid: pid, comm, nr, ret };

Deno.test("filter: pids, names, syscalls, and children with follow", () => {
  const byPid = recordFilter({ pids: [10], follow: false }, "x86_64");
  assert.equal(byPid(rec(10, "a", 0)), true);
  assert.equal(byPid(rec(11, "a", 0)), false);
  const byName = recordFilter(
    { pids: [], procName: "averyveryverylongname", follow: false },
    "x86_64",
  );
  assert.equal(byName(rec(1, "averyveryverylo", 0)), true);
  assert.equal(byName(rec(1, "other", 0)), false);
  const bySys = recordFilter({ pids: [], follow: false, syscalls: [257] }, "x86_64");
  assert.equal(bySys(rec(1, "a", 257)), true);
  assert.equal(bySys(rec(1, "a", 0)), false);
  assert.equal(bySys({ kind: "drop", ts: 0n, cpu: 0, pid: 0, tid: 0, comm: "", lost: 1n }), true);
  // clone (56 on x86_64) returning 20 in a followed process adds pid 20
  const follow = recordFilter({ pids: [10], follow: true }, "x86_64");
  assert.equal(follow(rec(20, "c", 0)), false);
  assert.equal(follow(rec(10, "p", 56, 20n)), true);
  assert.equal(follow(rec(20, "c", 0)), true);
  const noFollow = recordFilter({ pids: [10], follow: false }, "x86_64");
  noFollow(rec(10, "p", 56, 20n));
  assert.equal(noFollow(rec(20, "c", 0)), false);
});
