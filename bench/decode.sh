#!/bin/bash
# bench/decode.sh: how fast the TypeScript side decodes and writes each
# format, replaying a large synthetic capture (bench/mkcapture.ts) with
# `mysysdig -r`; bytes per event of each format and of capture files; the
# CLI's peak memory. Host only, no root needed.
#
# Prints "R decode|capsize|consumer <config> <round> key=value ..." lines (bench/host.sh's
# format). Environment: EVENTS (2000000), ROUNDS (3).
set -uo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-2000000}
ROUNDS=${ROUNDS:-3}
DENO=${DENO:-$PWD/.deps/node_modules/@deno/linux-x64-glibc/deno}
TMP=$(mktemp -d /tmp/msdbench.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
cc -O2 -o "$TMP/stamp" bench/stamp.c
res() { echo "R $*"; }
log() { echo "bench: $*" >&2; }
fsize() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }

# capture sizes per event: generic syscalls and the nginx mix, plain and gzip
for kind in generic nginx; do
	for z in plain gzip; do
		out=$("$DENO" run -A --no-check bench/mkcapture.ts "$TMP/$kind-$z.scap" 1000000 "$kind" "$([ $z = gzip ] && echo gzip)")
		# shellcheck disable=SC2086
		res capsize "$kind-$z" 1 $out
	done
done
"$DENO" run -A --no-check bench/mkcapture.ts "$TMP/big.scap" "$EVENTS" nginx >/dev/null
"$DENO" run -A --no-check bench/mkcapture.ts "$TMP/small.scap" 1000 nginx >/dev/null

HELP=$(DENO=$DENO ./mysysdig --help 2>&1)
CFGS="read text seed json capture capture-gz"
[[ $HELP == *"--events"* ]] && CFGS+=" both json-both"
args() { # CONFIG OUT
	case $1 in
	read) echo "-e getppid -o $2" ;; # decoded and filtered, nothing written
	text) echo "--format text -o $2" ;;
	seed) echo "--format seed -o $2" ;;
	json) echo "--format json -o $2" ;;
	capture) echo "-w $2" ;;
	capture-gz) echo "-z -w $2" ;;
	both) echo "--events both --format text -o $2" ;;
	json-both) echo "--events both --format json -o $2" ;; # one JSON object per event
	esac
}
run() { # CAPTURE CONFIG -> "ms hwm_kb bytes"
	local t0 t1 P m=0 v
	rm -f "$TMP/out"
	t0=$("$TMP/stamp")
	# shellcheck disable=SC2046
	DENO=$DENO ./mysysdig -r "$1" $(args "$2" "$TMP/out") 2>/dev/null &
	P=$!
	while [ -d /proc/$P ]; do
		v=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' /proc/$P/status 2>/dev/null)
		[ -n "$v" ] && m=$v
		sleep 0.05
	done
	wait $P
	t1=$("$TMP/stamp")
	echo "$(((t1 - t0) / 1000000)) $m $(fsize "$TMP/out")"
}
log "decode: $EVENTS events replayed per format, $ROUNDS rounds: $CFGS"
for ((r = 1; r <= ROUNDS; r++)); do
	for c in $CFGS; do
		read -r ms0 _ _ < <(run "$TMP/small.scap" "$c")
		read -r ms hwm bytes < <(run "$TMP/big.scap" "$c")
		res decode "$c" "$r" "events=$EVENTS" "ms=$ms" "startup_ms=$ms0" "hwm_kb=$hwm" "bytes=$bytes"
	done
done
# the consumer over the module's own records (no kernel): merge, pump, -w, text, JSON, each from
# its bytes and through objects, interleaved (bench/consumer.ts)
CONS_CFGS="merge pump capture capture-objects pump-module capture-module text text-objects json json-objects"
CONS_N=${CONS_N:-1000000}
log "consumer: $CONS_N module records per configuration, $ROUNDS rounds: $CONS_CFGS"
for ((r = 1; r <= ROUNDS; r++)); do
	for c in $CONS_CFGS; do
		"$DENO" run -A --no-check bench/consumer.ts "$c" "$CONS_N" "$r"
	done
done
# sizes of what ships
res artefact module 0 "bytes=$(fsize kmod/my_sysdig.ko)" "stripped=$(strip -g -o "$TMP/ko" kmod/my_sysdig.ko && fsize "$TMP/ko")"
res artefact shim 0 "bytes=$(fsize ffi/libmysysdig.so)"
res artefact typescript 0 "bytes=$(cat cli.ts mod.ts $(git ls-files 'src/*.ts' 'src/**/*.ts') | wc -c)"
res artefact deno 0 "bytes=$(fsize "$DENO")"
