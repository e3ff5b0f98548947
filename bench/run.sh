#!/bin/bash
# bench/run.sh (make bench): every benchmark, then BENCHMARKS.md.
#
#   1. the guest (vm/run.sh, x86_64 TCG, Debian 6.1, the module loaded):
#      boot 1 per-syscall cost, no-drop rate, start-up (bench/guest.sh
#      PARTS="loop rate"); boot 2 nginx (PARTS=nginx)
#   2. the host: tracefs backend next to ftrace, bpftrace, perf, strace
#      (bench/host.sh)
#   3. the host: decoding and writing rates per format, sizes (bench/decode.sh)
#   4. the host: memory over a 10-minute trace, text, JSON and -w side by side
#      (bench/long.sh)
#   5. the host: the single-file release's sizes and start-up (bench/release.sh)
#   6. bench/report.ts turns the results into BENCHMARKS.md
#
# Raw results go to bench/results.txt (kept next to BENCHMARKS.md, from which
# it is generated). BENCH_QUICK=1 runs a few small rounds (a smoke test of the
# scripts, whose figures mean little). Other knobs: see each script's header.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DENO=${DENO:-$ROOT/.deps/node_modules/@deno/linux-x64-glibc/deno}
export DENO
RES=${BENCH_RESULTS:-bench/results.txt}
OUT=${BENCH_OUT:-BENCHMARKS.md}
TMP=$(mktemp -d /tmp/msdbench-run.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

if [[ ${BENCH_QUICK:-0} == 1 ]]; then
	G_LOOP='ROUNDS=1 LOOP_N=200000 TRACED_N=50000 STRACE_N=300 RATES="50000"'
	G_NGINX='NG_ROUNDS=1 AB_N=3000 AB_SMALL_N=1000'
	H_ENV=(ROUNDS=1 LOOP_N=300000 PERF_N=5000 STRACE_N=5000 NG_ROUNDS=1 AB_N=5000 AB_SMALL_N=1000)
	D_ENV=(ROUNDS=1 EVENTS=500000)
	L_ENV=(LONG_S=30 SAMPLE_S=5)
else
	G_LOOP=${G_LOOP:-}
	G_NGINX=${G_NGINX:-}
	H_ENV=()
	D_ENV=(EVENTS=1000000)
	L_ENV=(LONG_S=600 RATE=20000)
fi

START=$(date +%s)
: >"$TMP/res"
meta() { echo "M $1 $2" >>"$TMP/res"; }
cmd() { echo "C $1 $2" >>"$TMP/res"; }
meta date "$(date -u '+%Y-%m-%d %H:%M UTC')"
meta commit "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- kmod src cli.ts ffi 2>/dev/null || echo ' (with uncommitted changes)')"
meta load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
meta deno "$("$DENO" --version | head -1)"

step() { echo "bench: == $* ($(($(date +%s) - START)) s)" >&2; }

step "guest files (nginx, ab, strace, loop)"
bench/guest_add.sh "$TMP/add" || { echo "bench: bench/guest_add.sh failed" >&2; exit 1; }

guest() { # PART ENV TIMEOUT
	local c="$2 PARTS=\"$1\" sh bench/guest.sh"
	step "guest: $c"
	cmd "guest-${1// /+}" "VM_ADD=<bench/guest_add.sh DIR> vm/run.sh '$c'"
	VM_ADD=$TMP/add VM_TIMEOUT=$3 vm/run.sh "$c" >"$TMP/g.out" 2> >(tee "$TMP/g.err" | grep '^bench:' >&2)
	local rc=$?
	wait
	cat "$TMP/g.out" >>"$TMP/res"
	if [[ $rc != 0 ]]; then
		local keep=/tmp/mysysdig-bench-guest-${1// /+}.log
		cp "$TMP/g.err" "$keep"
		echo "bench: the guest run failed ($rc); its whole stderr (with the kernel log's problem lines) is in $keep:" >&2
		grep -v '^bench:' "$TMP/g.err" | grep -m 8 -E 'BUG|WARNING|lockup|stall|RIP|timed out|hung' >&2
		meta "guest_failed_${1// /+}" "$rc $(grep -v '^bench:' "$TMP/g.err" | grep -m 1 -oE '(BUG|WARNING|watchdog)[^[]*' | tr -s ' ')"
	fi
}
guest "loop rate" "$G_LOOP" 900
# nginx: 3 rounds of about 300 s each under TCG on a slow host, then perf and strace
guest nginx "$G_NGINX" 1800

step "host: bench/host.sh"
cmd host "${H_ENV[*]} bench/host.sh"
env "${H_ENV[@]}" bench/host.sh >>"$TMP/res"

step "host: bench/decode.sh"
cmd decode "${D_ENV[*]} bench/decode.sh"
env "${D_ENV[@]}" bench/decode.sh >>"$TMP/res"

step "host: bench/long.sh"
cmd long "${L_ENV[*]} bench/long.sh"
env "${L_ENV[@]}" bench/long.sh >>"$TMP/res"

step "host: bench/release.sh"
cmd release "bench/release.sh"
bench/release.sh >>"$TMP/res" || echo "bench: bench/release.sh failed" >&2

meta load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
meta elapsed_s "$(($(date +%s) - START))"
cp "$TMP/res" "$RES"
step "report: $OUT"
"$DENO" run --allow-read --allow-write --no-check bench/report.ts "$RES" "$OUT"
