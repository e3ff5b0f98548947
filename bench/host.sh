#!/bin/bash
# bench/host.sh: the benchmarks on this host, where the module cannot be
# loaded: mysysdig's tracefs backend next to ftrace alone, bpftrace, perf
# trace and strace. Needs root. Started by bench/run.sh.
#
# Prints "R <part> <config> <round> key=value ..." lines on standard output
# (the guest's format, parts hloop and hnginx) and progress on standard error.
# Configurations run interleaved within each round.
#
# Environment: PARTS (hloop hnginx), ROUNDS, LOOP_N, PERF_N, STRACE_N,
# NG_ROUNDS, AB_N, AB_C, AB_SMALL_N (requests for perf and strace), PORT;
# LOOP_CONFIGS and NG_CONFIGS replace each part's list of configurations.
set -uo pipefail
cd "$(dirname "$0")/.."
PARTS=${PARTS:-hloop hnginx}
ROUNDS=${ROUNDS:-4}
LOOP_N=${LOOP_N:-2000000}
PERF_N=${PERF_N:-50000}
STRACE_N=${STRACE_N:-20000}
NG_ROUNDS=${NG_ROUNDS:-3}
AB_N=${AB_N:-50000}
AB_C=${AB_C:-1000}
AB_SMALL_N=${AB_SMALL_N:-5000}
PORT=${PORT:-18080}
DENO=${DENO:-$PWD/.deps/node_modules/@deno/linux-x64-glibc/deno}
MSD=(env DENO="$DENO" ./mysysdig --backend tracefs)
T=/sys/kernel/tracing
TMP=$(mktemp -d /tmp/msdbench.XXXXXX)
I=""
NGINX_PREFIX=""
cleanup() {
	jobs -p | xargs -r kill 2>/dev/null || true
	if [ -n "$I" ] && [ -d "$I" ]; then
		echo 0 >"$I/events/enable" || true
		rmdir "$I" || true
	fi
	if [ -n "$NGINX_PREFIX" ] && [ -f "$NGINX_PREFIX/nginx.pid" ]; then
		kill "$(cat "$NGINX_PREFIX/nginx.pid")" 2>/dev/null || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }
res() { echo "R $*"; }

[ -d "$T/instances" ] || mount -t tracefs nodev "$T"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
for p in loop rate stamp; do cc -O2 -Wall -o "$TMP/$p" "bench/$p.c"; done

HAVE_BPFTRACE="" HAVE_PERF=""
want=()
command -v bpftrace >/dev/null || want+=(bpftrace)
command -v perf >/dev/null || want+=(linux-perf)
command -v strace >/dev/null || want+=(strace)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || want+=(nginx)
command -v ab >/dev/null || want+=(apache2-utils)
if [ ${#want[@]} -gt 0 ]; then
	log "installing ${want[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${want[@]}" >&2 ||
		log "apt-get install failed; the tools it could not install are skipped"
fi
if command -v bpftrace >/dev/null && bpftrace -e 'BEGIN { exit(); }' >/dev/null 2>&1; then HAVE_BPFTRACE=1; else
	log "bpftrace unavailable or cannot load programs here: skipped"
	res skip bpftrace 0 "why=unavailable"
fi
if command -v perf >/dev/null && perf trace -o /dev/null -- true >/dev/null 2>&1; then HAVE_PERF=1; else
	log "perf trace unavailable here: skipped"
	res skip perf 0 "why=unavailable"
fi

HELP=$("${MSD[@]}" --help 2>&1)
MODES="text seed json"
[[ $HELP == *"--write FILE"* ]] && MODES+=" capture"
[[ $HELP == *"--events"* ]] && MODES+=" both"
log "modes: $MODES"

. bench/lib.sh # mode_args, summary, nsper, fsize
# Peak resident memory of process $1 (VmHWM, kB), the peak of its private part (RssAnon: what
# is not the Deno binary's pages, which are shared and can be read back from the file) and the
# CPU time it used itself (user + system, ms: fields 14 and 15 of /proc/PID/stat, which leave
# out its children, such as the traced command), sampled until it exits; written to $2 as
# "hwm_kb=N anon_kb=A cpu_ms=M".
hwm_watch() {
	(
		m=0 c=0 a=0
		while [ -d "/proc/$1" ]; do
			v=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null)
			[ -n "$v" ] && m=$v
			v=$(sed -n 's/^RssAnon:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null)
			[ -n "$v" ] && [ "$v" -gt "$a" ] && a=$v
			t=$(cut -d' ' -f14,15 "/proc/$1/stat" 2>/dev/null)
			[ -n "$t" ] && c=$((${t% *} + ${t#* }))
			sleep 0.1
		done
		echo "hwm_kb=$m anon_kb=$a cpu_ms=$((c * 1000 / $(getconf CLK_TCK)))" >"$2"
	) &
}
# the tracefs backend is tracing once its instance has its events enabled
wait_instance() {
	local i
	for ((i = 0; i < 300; i++)); do
		for d in "$T"/instances/mysysdig-"$1"-*; do
			[ "$(cat "$d/events/raw_syscalls/sys_enter/enable" 2>/dev/null)" = 1 ] && { sleep 0.3; return 0; }
		done
		sleep 0.05
	done
	return 1
}

ftrace_record_start() { # SETUP (shell code, $I set)
	I=$T/instances/msdbench-$$
	mkdir "$I"
	echo 4096 >"$I/buffer_size_kb"
	eval "$1"
	CATS=()
	for c in "$I"/per_cpu/cpu*; do
		cat "$c/trace_pipe_raw" >"$TMP/ftrace.${c##*cpu}" &
		CATS+=($!)
	done
}
ftrace_record_stop() {
	echo 0 >"$I/tracing_on"
	sleep 0.3
	local over=0
	for c in "$I"/per_cpu/cpu*; do
		over=$((over + $(sed -n 's/^overrun: //p' "$c/stats")))
	done
	kill "${CATS[@]}" 2>/dev/null
	wait "${CATS[@]}" 2>/dev/null
	FT_BYTES=$(cat "$TMP"/ftrace.* | wc -c)
	FT_OVER=$over
	rm -f "$TMP"/ftrace.*
	echo 0 >"$I/events/enable"
	rmdir "$I"
	I=""
}

# ---------------------------------------------------------------- loop
hloop_run() {
	local cfg=$1 r=$2 L=$TMP/log O=$TMP/out n=$LOOP_N extra="" P
	: >"$L"
	rm -f "$O"
	case $cfg in
	untraced) "$TMP/loop" "$n" 2>"$L" ;;
	ftrace-reject)
		I=$T/instances/msdbench-$$
		mkdir "$I"
		echo 'common_pid == 1' >"$I/events/raw_syscalls/filter"
		echo 1 >"$I/events/raw_syscalls/enable"
		"$TMP/loop" "$n" 2>"$L"
		echo 0 >"$I/events/raw_syscalls/enable"
		rmdir "$I"
		I=""
		;;
	ftrace)
		ftrace_record_start 'echo 1 >$I/events/raw_syscalls/enable'
		sh -c "echo \$\$ >$I/set_event_pid; exec $TMP/loop $n" 2>"$L"
		ftrace_record_stop
		extra="bytes=$FT_BYTES overwritten=$FT_OVER"
		;;
	miss-pid)
		sleep 100000 &
		local S=$!
		"${MSD[@]}" -p $S -o /dev/null 2>"$TMP/tlog" &
		P=$!
		wait_instance $P || log "$cfg: tracer did not start"
		"$TMP/loop" "$n" 2>"$L"
		kill -INT $P
		wait $P
		kill $S
		wait $S 2>/dev/null
		;;
	bpftrace-count)
		bpftrace -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid/ { @n = count(); }' \
			-c "$TMP/loop $n" >/dev/null 2>"$L"
		;;
	bpftrace-print)
		bpftrace -e 'tracepoint:raw_syscalls:sys_enter /pid == cpid/ { printf("%d %s %d\n", tid, comm, args->id); }
			tracepoint:raw_syscalls:sys_exit /pid == cpid/ { printf("%d %s %d\n", tid, comm, args->ret); }' \
			-c "$TMP/loop $n" >/dev/null 2>"$L"
		;;
	perf)
		n=$PERF_N
		perf trace -o /dev/null -- "$TMP/loop" "$n" 2>"$L"
		;;
	strace)
		n=$STRACE_N
		strace -f -o /dev/null "$TMP/loop" "$n" 2>"$L"
		;;
	*)
		local t0 t1
		t0=$("$TMP/stamp")
		# shellcheck disable=SC2046
		"${MSD[@]}" $(mode_args "$cfg" "$O") -- "$TMP/loop" "$n" 2>"$L" &
		P=$!
		hwm_watch $P "$TMP/hwm"
		wait $P
		t1=$("$TMP/stamp")
		sleep 0.2
		extra="$(summary "$L") bytes=$(fsize "$O") $(cat "$TMP/hwm") wall_ms=$(((t1 - t0) / 1000000))"
		;;
	esac
	local v
	v=$(nsper "$L")
	[ -n "$v" ] || { log "hloop $cfg: no figure"; sed 's/^/    /' "$L" >&2; }
	# shellcheck disable=SC2086
	res hloop "$cfg" "$r" "ns=$v" "calls=$n" $extra
	rm -f "$O"
}

part_hloop() {
	local cfgs="untraced ftrace-reject ftrace miss-pid $MODES"
	[ -n "$HAVE_BPFTRACE" ] && cfgs+=" bpftrace-count bpftrace-print"
	[ -n "$HAVE_PERF" ] && cfgs+=" perf"
	cfgs+=" strace"
	cfgs=${LOOP_CONFIGS:-$cfgs}
	log "hloop: $ROUNDS rounds of getppid x $LOOP_N: $cfgs"
	for ((r = 1; r <= ROUNDS; r++)); do
		for cfg in $cfgs; do hloop_run "$cfg" "$r"; done
		log "hloop round $r done"
	done
}

# ---------------------------------------------------------------- nginx
ab_run() { ab -q -r -s 120 -n "$1" -c "$AB_C" "http://127.0.0.1:$PORT/" >"$2" 2>&1; }
ab_secs() { sed -n 's/^Time taken for tests: *\([0-9.]*\) seconds.*/\1/p' "$1"; }
ab_failed() { sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' "$1"; }
nginx_pids() { # the master and its workers
	local m
	m=$(cat "$NGINX_PREFIX/nginx.pid")
	echo "$m $(pgrep -P "$m" | xargs)"
}

hnginx_run() {
	local cfg=$1 r=$2 L=$TMP/ablog O=$TMP/out n=$AB_N extra="" P
	rm -f "$O"
	case $cfg in
	untraced) ab_run "$n" "$L" ;;
	small-untraced)
		n=$AB_SMALL_N
		ab_run "$n" "$L"
		;;
	ftrace)
		ftrace_record_start 'echo "comm == \"nginx\"" >$I/events/raw_syscalls/filter; echo 1 >$I/events/raw_syscalls/enable'
		ab_run "$n" "$L"
		ftrace_record_stop
		extra="bytes=$FT_BYTES overwritten=$FT_OVER"
		;;
	bpftrace-print)
		bpftrace -e 'tracepoint:raw_syscalls:sys_enter /comm == "nginx"/ { printf("%d %s %d\n", tid, comm, args->id); }
			tracepoint:raw_syscalls:sys_exit /comm == "nginx"/ { printf("%d %s %d\n", tid, comm, args->ret); }' \
			>/dev/null 2>"$TMP/tlog" &
		P=$!
		sleep 3
		ab_run "$n" "$L"
		kill -INT $P
		wait $P
		;;
	perf | strace)
		n=$AB_SMALL_N
		local pids args=()
		pids=$(nginx_pids)
		if [ "$cfg" = perf ]; then
			perf trace -o /dev/null -p "$(echo "$pids" | xargs | tr ' ' ,)" 2>/dev/null &
		else
			for p in $pids; do args+=(-p "$p"); done
			strace -f -o /dev/null "${args[@]}" 2>/dev/null &
		fi
		P=$!
		sleep 2
		ab_run "$n" "$L"
		kill -INT $P
		wait $P
		;;
	*)
		# shellcheck disable=SC2046
		"${MSD[@]}" --proc-name nginx $(mode_args "$cfg" "$O") 2>"$TMP/tlog" &
		P=$!
		hwm_watch $P "$TMP/hwm"
		wait_instance $P || log "hnginx $cfg: tracer did not start"
		ab_run "$n" "$L"
		kill -INT $P
		wait $P
		sleep 0.2
		extra="$(summary "$TMP/tlog") bytes=$(fsize "$O") $(cat "$TMP/hwm")"
		;;
	esac
	local s
	s=$(ab_secs "$L")
	[ -n "$s" ] || { log "hnginx $cfg: no figure"; sed 's/^/    /' "$L" >&2; }
	# shellcheck disable=SC2086
	res hnginx "$cfg" "$r" "secs=$s" "requests=$n" "failed=$(ab_failed "$L")" $extra
	rm -f "$O"
	: >"$NGINX_PREFIX/access.log"
}

part_hnginx() {
	NGINX_PREFIX=$TMP/nginx
	mkdir -p "$NGINX_PREFIX/tmp" "$NGINX_PREFIX/html"
	bench/guest_add.sh "$TMP/add" >/dev/null
	cp "$TMP/add/html/index.html" "$NGINX_PREFIX/html/"
	sed "s/127.0.0.1:8080/127.0.0.1:$PORT/" bench/nginx.conf >"$NGINX_PREFIX/nginx.conf"
	/usr/sbin/nginx -p "$NGINX_PREFIX" -c "$NGINX_PREFIX/nginx.conf" || { log "nginx did not start"; return; }
	sleep 0.5
	ab_run 5000 "$TMP/ablog"
	local cfgs="untraced ftrace $MODES"
	[ -n "$HAVE_BPFTRACE" ] && cfgs+=" bpftrace-print"
	cfgs+=" small-untraced"
	[ -n "$HAVE_PERF" ] && cfgs+=" perf"
	cfgs+=" strace"
	cfgs=${NG_CONFIGS:-$cfgs}
	log "hnginx: $NG_ROUNDS rounds of ab -n $AB_N -c $AB_C: $cfgs"
	for ((r = 1; r <= NG_ROUNDS; r++)); do
		for cfg in $cfgs; do hnginx_run "$cfg" "$r"; done
		log "hnginx round $r done"
	done
	kill "$(cat "$NGINX_PREFIX/nginx.pid")"
	sleep 0.5
}

res meta host 0 "kernel=$(uname -r)" "cpus=$(nproc)" "mem_kb=$(sed -n 's/MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)" \
	"cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1 | tr ' ' _)"
for p in $PARTS; do "part_$p"; done
