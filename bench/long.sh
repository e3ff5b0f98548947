#!/bin/bash
# Memory over a long trace (host, tracefs backend): text, JSON and a rotating capture file, each
# tracing its own bench/rate.c process (-p) at RATE getppid calls a second for LONG_S seconds, the
# three side by side. Every SAMPLE_S seconds each CLI's resident memory (VmRSS) and its private
# part (RssAnon: what is not the Deno binary's shared, file-backed pages) is written as
#   R long MODE SECONDS rss_kb=N anon_kb=A
# and at the end one line per mode with the events recorded and dropped, the peak (VmHWM) and
# the CLI's own CPU time:
#   R longend MODE 1 recorded=N dropped=D hwm_kb=H cpu_ms=M
# bench/report.ts compares the first minute with the last: flat memory is what this shows.
set -uo pipefail
cd "$(dirname "$0")/.."
LONG_S=${LONG_S:-600}
RATE=${RATE:-20000}
SAMPLE_S=${SAMPLE_S:-10}
MODES=${LONG_MODES:-text json capture}
DENO=${DENO:-$PWD/.deps/node_modules/@deno/linux-x64-glibc/deno}
TMP=$(mktemp -d /tmp/msdlong.XXXXXX)
cleanup() {
	jobs -p | xargs -r kill 2>/dev/null || true
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
log() { echo "bench: $*" >&2; }
res() { echo "R $*"; }

cc -O2 -Wall -o "$TMP/rate" bench/rate.c || exit 1
kb() { sed -n "s/^$1:[^0-9]*\\([0-9]*\\).*/\\1/p" "/proc/$2/status" 2>/dev/null; }

declare -A CLI RATEP
for m in $MODES; do
	"$TMP/rate" "$RATE" "$LONG_S" 2>"$TMP/$m.rate" &
	RATEP[$m]=$!
	case $m in
	text) args=(--format text -o /dev/null) ;;
	json) args=(--format json -o /dev/null) ;;
	capture) args=(-w "$TMP/cap" -C 50 -W 2) ;;
	*) log "unknown mode $m" && exit 1 ;;
	esac
	env DENO="$DENO" ./mysysdig --backend tracefs -p "${RATEP[$m]}" "${args[@]}" 2>"$TMP/$m.log" &
	CLI[$m]=$!
done
log "long: ${MODES// /, } for $LONG_S s at $RATE calls/s each"
t0=$(date +%s)
while :; do
	sleep "$SAMPLE_S"
	t=$(($(date +%s) - t0))
	alive=0
	for m in $MODES; do
		p=${CLI[$m]}
		[ -d "/proc/$p" ] || continue
		alive=1
		r=$(kb VmRSS "$p") a=$(kb RssAnon "$p") h=$(kb VmHWM "$p")
		[ -n "$r" ] || continue
		echo "$h" >"$TMP/$m.hwm"
		# fields 14 and 15 of stat: the CLI's own utime and stime, in clock ticks
		c=$(cut -d' ' -f14,15 "/proc/$p/stat" 2>/dev/null)
		[ -n "$c" ] && echo $(((${c% *} + ${c#* }) * 1000 / $(getconf CLK_TCK))) >"$TMP/$m.cpu"
		res long "$m" "$t" "rss_kb=$r" "anon_kb=$a"
	done
	[ $alive = 1 ] || break
done
for m in $MODES; do
	wait "${CLI[$m]}"
	s=$(grep -m1 'events recorded' "$TMP/$m.log")
	rec=$(echo "$s" | sed -n 's/.* \([0-9]*\) events recorded.*/\1/p')
	drp=$(echo "$s" | sed -n 's/.*recorded, \([0-9]*\) dropped.*/\1/p')
	res longend "$m" 1 "recorded=${rec:-0}" "dropped=${drp:-0}" "hwm_kb=$(cat "$TMP/$m.hwm" 2>/dev/null || echo 0)" \
		"cpu_ms=$(cat "$TMP/$m.cpu" 2>/dev/null || echo 0)"
	[ -n "$s" ] || log "long: $m printed no summary: $(tail -n 3 "$TMP/$m.log")"
done
