#!/bin/bash
# Per-syscall cost of tracing on this host: a tight getppid() loop
# (bench/loop.c) untraced, under plain ftrace raw_syscalls drained to files
# by cat, under the mysysdig tracefs backend (records decoded and counted),
# and under the mysysdig CLI writing JSON Lines to a file. Needs root.
#
# Usage: bench/tracefs_cost.sh [CALLS] [RUNS]     (default 2000000 calls, 3 runs)
# Prints one line per run and the median per configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-2000000}
RUNS=${2:-3}
DENO=${DENO:-$(command -v deno || echo .deps/node_modules/@deno/linux-x64-glibc/deno)}
TMP=$(mktemp -d)
T=/sys/kernel/tracing
I=""
cleanup() {
	jobs -p | xargs -r kill 2>/dev/null || true
	if [ -n "$I" ] && [ -d "$I" ]; then
		echo 0 > "$I/events/enable" || true
		rmdir "$I" || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

[ -d "$T/instances" ] || mount -t tracefs nodev "$T"
cc -O2 -Wall -o "$TMP/loop" bench/loop.c
LOOP=$TMP/loop

nsper() { sed -n 's/.* calls \([0-9.]*\) ns\/call.*/\1/p' "$1" | tail -1; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_untraced() { "$LOOP" "$N" 2> "$1"; }

run_ftrace() {
	I=$T/instances/msd-bench-$$
	mkdir "$I"
	echo boot > "$I/trace_clock"
	for c in "$I"/per_cpu/cpu*; do
		cat "$c/trace_pipe_raw" > "$TMP/$(basename "$c").raw" &
	done
	# the shell puts itself in set_event_pid, turns the events on, becomes the loop
	sh -c "echo \$\$ > $I/set_event_pid; echo 1 > $I/events/raw_syscalls/enable; exec $LOOP $N" 2> "$1"
	sleep 0.5
	echo 0 > "$I/tracing_on"
	sleep 0.2
	local over=0
	for c in "$I"/per_cpu/cpu*; do
		over=$((over + $(sed -n 's/^overrun: //p' "$c/stats")))
	done
	jobs -p | xargs -r kill 2>/dev/null || true
	wait 2>/dev/null || true
	echo 0 > "$I/events/enable"
	rmdir "$I"
	I=""
	echo "  ftrace: $(cat "$TMP"/cpu*.raw | wc -c) bytes of pages, $over events overwritten" >> "$1"
	rm -f "$TMP"/cpu*.raw
}

run_backend() { "$DENO" run -A bench/tracefs_drain.ts "$LOOP" "$N" 2> "$1"; }

run_cli() {
	"$DENO" run -A cli.ts --backend tracefs --format json -o "$TMP/out.json" -- "$LOOP" "$N" 2> "$1"
	echo "  cli: $(wc -l < "$TMP/out.json") lines" >> "$1"
	rm -f "$TMP/out.json"
}

echo "getppid() x $N, $RUNS runs each, $(uname -r), $(nproc) CPUs"
for cfg in untraced ftrace backend cli; do
	vals=()
	for ((r = 1; r <= RUNS; r++)); do
		"run_$cfg" "$TMP/log"
		v=$(nsper "$TMP/log")
		vals+=("$v")
		echo "$cfg run $r: $v ns/call"
		grep -v 'ns/call' "$TMP/log" | sed 's/^/    /' || true
	done
	printf '%s\n' "${vals[@]}" | median | xargs printf "%-9s median %s ns/call\n" "$cfg"
done
