#!/bin/sh
# bench/guest.sh: the benchmarks that run inside the x86_64 qemu guest with
# the kernel module (busybox sh). Started by bench/run.sh through vm/run.sh
# with VM_ADD = the directory bench/guest_add.sh filled (/mnt/add here).
#
# Prints one result per line on standard output:
#   R <part> <config> <round> key=value ...
# and progress on standard error. Configurations of a part run one after the
# other within each round (interleaved), so that a slow spell of the host
# touches every configuration alike; bench/report.ts takes the medians.
#
# Environment: PARTS (loop nginx rate), ROUNDS (loop rounds), LOOP_N (getppid
# calls per loop run), TRACED_N (the same, traced by mysysdig: the guest's
# consumer is slow under TCG), STRACE_N, NG_ROUNDS, AB_N, AB_C, AB_SMALL_N (requests
# for the strace comparison), LOOP_CONFIGS and NG_CONFIGS (the configurations
# of the loop and nginx parts, in order),
# RATES (syscalls/s for the no-drop search).
A=/mnt/add
export LD_LIBRARY_PATH=$A/lib
PARTS=${PARTS:-loop nginx rate}
ROUNDS=${ROUNDS:-4}
LOOP_N=${LOOP_N:-1000000}
TRACED_N=${TRACED_N:-150000}
STRACE_N=${STRACE_N:-2000}
NG_ROUNDS=${NG_ROUNDS:-3}
AB_N=${AB_N:-10000}
AB_C=${AB_C:-1000}
AB_SMALL_N=${AB_SMALL_N:-2000}
RATES=${RATES:-2000 5000 10000 20000 50000}
T=/sys/kernel/tracing
KO=/mysysdig/kmod/my_sysdig.ko
TMP=/tmp/bench
mkdir -p $TMP
ulimit -n 65536
# nginx looks its user up; the guest has no passwd file
[ -f /etc/passwd ] || echo 'root:x:0:0:root:/root:/bin/sh' >/etc/passwd
[ -f /etc/group ] || echo 'root:x:0:' >/etc/group

log() { echo "bench: $*" >&2; }
res() { echo "R $*"; }

# what this CLI offers (the capture file and --events landed at different times)
HELP=$(mysysdig --help 2>&1)
MODES="text seed json"
# capture-records: -w with the module's sysdig events turned off, every event written by the
# CLI from the module's records (the path before the module wrote events)
case "$HELP" in *"--write FILE"*) MODES="$MODES capture capture-records" ;; esac
case "$HELP" in *"--events"*) MODES="$MODES both" ;; esac
log "modes: $MODES"
# pump and capture-long (-w over three times the calls, for the consumer's cost per event
# beyond its warm-up) where the CLI writes capture files
LONG=""
case " $MODES " in *" capture "*) LONG="pump-start pump capture-long" ;; esac
LOOP_CONFIGS=${LOOP_CONFIGS:-nomod idle miss-pid miss-comm ftrace-reject ftrace kernel-only cli-start $MODES $LONG strace}
NG_PUMP=""
case " $MODES " in *" capture "*) NG_PUMP=pump ;; esac
NG_CONFIGS=${NG_CONFIGS:-untraced miss-pid ftrace kernel-only $MODES $NG_PUMP small-untraced strace}

. "$(dirname "$0")/lib.sh" # mode_args, summary, nsper, fsize

# Peak resident memory of process $1 (VmHWM, kB), the peak of its private
# part (RssAnon: what is not the Deno binary's pages, which are shared and
# can be read back from the file) and the CPU time it used (user + system,
# ms), sampled until it exits; written to $2 as "hwm_kb=N anon_kb=A cpu_ms=M".
hwm_watch() {
	(
		m=0 c=0 a=0
		while [ -d /proc/$1 ]; do
			v=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' /proc/$1/status 2>/dev/null)
			[ -n "$v" ] && m=$v
			v=$(sed -n 's/^RssAnon:[^0-9]*\([0-9]*\).*/\1/p' /proc/$1/status 2>/dev/null)
			[ -n "$v" ] && [ "$v" -gt $a ] && a=$v
			# fields 14 and 15 of stat: utime, stime in clock ticks (comm is "deno")
			t=$(cut -d' ' -f14,15 /proc/$1/stat 2>/dev/null)
			[ -n "$t" ] && c=$((${t% *} + ${t#* }))
			sleep 0.2
		done
		# /proc counts in USER_HZ, 100 on every architecture Linux runs here
		echo "hwm_kb=$m anon_kb=$a cpu_ms=$((c * 10))" >"$2"
	) &
}

# A reader started in the background is tracing once it holds the device
# open and has had a moment for the START ioctl.
wait_reader() {
	i=0
	while [ $i -lt 300 ]; do
		if ls -l /proc/$1/fd 2>/dev/null | grep -q my_sysdig; then
			sleep 0.5
			return 0
		fi
		[ -d /proc/$1 ] || return 1
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

stop_reader() {
	kill -INT "$1" 2>/dev/null
	wait "$1"
}

ftrace_reject_on() {
	echo 'common_pid == 1' >$T/events/raw_syscalls/filter
	echo 1 >$T/events/raw_syscalls/enable
}
ftrace_reject_off() {
	echo 0 >$T/events/raw_syscalls/enable
	echo 0 >$T/events/raw_syscalls/filter
}

# ftrace_record_start SETUP: an instance recording raw_syscalls (enter and
# exit) with SETUP (shell code run with $I set) choosing what, drained by cat
# into tmpfs files as a plain ftrace user would.
ftrace_record_start() {
	I=$T/instances/msdbench
	mkdir $I
	echo 4096 >$I/buffer_size_kb
	eval "$1"
	CATS=""
	for c in $I/per_cpu/cpu*; do
		cat $c/trace_pipe_raw >$TMP/ftrace.${c##*cpu} &
		CATS="$CATS $!"
	done
}
ftrace_record_stop() {
	echo 0 >$I/tracing_on
	sleep 0.3
	# ftrace's consumer: the CPU time of the cats draining the pipes, in ns from schedstat
	# (their ticks round to 0: a cat moves whole pages, far below one 10 ms tick a run)
	FT_NS=0
	for p in $CATS; do
		t=$(cut -d' ' -f1 /proc/$p/schedstat 2>/dev/null)
		[ -n "$t" ] && FT_NS=$((FT_NS + t))
	done
	over=0
	for c in $I/per_cpu/cpu*; do
		over=$((over + $(sed -n 's/^overrun: //p' $c/stats)))
	done
	# shellcheck disable=SC2086
	kill $CATS 2>/dev/null
	for p in $CATS; do wait $p 2>/dev/null; done
	FT_BYTES=$(cat $TMP/ftrace.* | wc -c)
	FT_OVER=$over
	rm -f $TMP/ftrace.*
	echo 0 >$I/events/enable
	rmdir $I
}

# ---------------------------------------------------------------- loop
# Per-syscall cost: getppid() x LOOP_N, ns per call as the loop measures it.
loop_run() { # CONFIG ROUND
	cfg=$1 r=$2 L=$TMP/log O=$TMP/out n=$LOOP_N
	: >$L
	rm -f $O
	extra=""
	case $cfg in
	nomod)
		rmmod my_sysdig
		$A/bin/loop $LOOP_N 2>$L
		insmod $KO
		;;
	idle) $A/bin/loop $LOOP_N 2>$L ;;
	miss-pid | miss-comm)
		sleep 100000 &
		S=$!
		if [ $cfg = miss-pid ]; then sel="-p $S"; else sel="--proc-name nomatch"; fi
		# shellcheck disable=SC2086
		mysysdig $sel -o /dev/null 2>$TMP/tlog &
		P=$!
		wait_reader $P || log "$cfg: reader did not start"
		$A/bin/loop $LOOP_N 2>$L
		stop_reader $P
		kill $S
		wait $S 2>/dev/null
		extra=$(summary $TMP/tlog)
		;;
	ftrace-reject)
		ftrace_reject_on
		$A/bin/loop $LOOP_N 2>$L
		ftrace_reject_off
		;;
	ftrace)
		ftrace_record_start 'echo 1 >$I/events/raw_syscalls/enable'
		sh -c "echo \$\$ >$I/set_event_pid; exec $A/bin/loop $LOOP_N" 2>$L
		ftrace_record_stop
		extra="bytes=$FT_BYTES overwritten=$FT_OVER cons_ms=$((FT_NS / 1000000)).$(printf %06d $((FT_NS % 1000000)))"
		;;
	cli-start)
		# the CLI's CPU time to start and stop around a command of one syscall: taken
		# off the traced modes' CPU time to give their consumer's cost per event. With
		# their buffers: START zeroes the rings (2 x 128 MiB), in the consumer's time
		mysysdig --buffer-size 131072 -w $O -- $A/bin/loop 1 2>$L &
		P=$!
		hwm_watch $P $TMP/hwm
		wait $P
		sleep 0.3
		n=1
		extra="$(summary $L) $(cat $TMP/hwm)"
		;;
	kernel-only)
		# the module's side alone, in its default mode (one record per
		# syscall, as text and JSON use): the traced command stops the reader
		# (SIGSTOP to its parent, after tracing has started: the command runs
		# only then) and the loop runs with the reader stopped, so its work
		# cannot compete for the host's cores; it drains afterwards
		n=$TRACED_N
		mysysdig --buffer-size 131072 --format text -o $O -- \
			sh -c "kill -STOP \$PPID; exec $A/bin/loop $n" 2>$L &
		P=$!
		i=0
		while ! grep -q 'ns/call' $L && [ $i -lt 3000 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		kill -CONT $P
		wait $P
		extra="$(summary $L)"
		;;
	strace)
		n=$STRACE_N
		$A/bin/strace -f -o /dev/null $A/bin/loop $n 2>$L
		;;
	pump | pump-start)
		# the least a consumer of the module pays (bench/pump.c): each read() of the
		# module's sysdig events copied to the file, in C; pump-start around one
		# syscall, for its start (the rings' zeroing) and stop
		n=$TRACED_N
		[ $cfg = pump-start ] && n=1
		rm -f $TMP/hwm
		$A/bin/pump 131072 $O $A/bin/loop $n 2>$L &
		P=$!
		hwm_watch $P $TMP/hwm
		wait $P
		# the watcher writes its figures once it sees the process gone
		i=0
		while [ ! -s $TMP/hwm ] && [ $i -lt 50 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		extra="bytes=$(fsize $O) $(cat $TMP/hwm)"
		;;
	*) # a mysysdig output mode, tracing the loop (-- COMMAND)
		# a buffer that holds the whole run: the cost of recording, not of dropping
		n=$TRACED_N
		[ $cfg = capture-long ] && n=$((3 * TRACED_N))
		t0=$($A/bin/stamp)
		module_events $cfg
		# shellcheck disable=SC2046
		mysysdig --buffer-size 131072 $(mode_args $cfg $O) -- $A/bin/loop $n 2>$L &
		P=$!
		unset MYSYSDIG_MODULE_EVENTS
		hwm_watch $P $TMP/hwm
		wait $P
		t1=$($A/bin/stamp)
		sleep 0.3
		extra="$(summary $L) bytes=$(fsize $O) $(cat $TMP/hwm) wall_ms=$(((t1 - t0) / 1000000))"
		;;
	esac
	v=$(nsper $L)
	[ -n "$v" ] || { log "loop $cfg: no figure"; sed 's/^/    /' $L >&2; }
	res loop $cfg $r "ns=$v" "calls=$n" $extra
	rm -f $O
}

part_loop() {
	log "loop: $ROUNDS rounds of getppid x $LOOP_N"
	r=1
	while [ $r -le $ROUNDS ]; do
		for cfg in $LOOP_CONFIGS; do
			loop_run $cfg $r
		done
		log "loop round $r done"
		r=$((r + 1))
	done
}

# ---------------------------------------------------------------- nginx
ab_run() { # N LOG
	$A/bin/ab -q -r -s 120 -n "$1" -c $AB_C http://127.0.0.1:8080/ >"$2" 2>&1
}
ab_secs() { sed -n 's/^Time taken for tests: *\([0-9.]*\) seconds.*/\1/p' "$1"; }
ab_failed() { sed -n 's/^Failed requests: *\([0-9]*\).*/\1/p' "$1"; }

nginx_run() { # CONFIG ROUND
	cfg=$1 r=$2 L=$TMP/ablog O=$TMP/out n=$AB_N extra=""
	rm -f $O
	case $cfg in
	untraced) ab_run $n $L ;;
	small-untraced)
		n=$AB_SMALL_N
		ab_run $n $L
		;;
	miss-pid)
		sleep 100000 &
		S=$!
		mysysdig -p $S -o /dev/null 2>$TMP/tlog &
		P=$!
		wait_reader $P || log "nginx $cfg: reader did not start"
		ab_run $n $L
		stop_reader $P
		kill $S
		wait $S 2>/dev/null
		;;
	ftrace)
		ftrace_record_start 'echo "comm == \"nginx\"" >$I/events/raw_syscalls/filter; echo 1 >$I/events/raw_syscalls/enable'
		ab_run $n $L
		ftrace_record_stop
		extra="bytes=$FT_BYTES overwritten=$FT_OVER"
		;;
	kernel-only)
		# the module's side alone: a capture file with buffers that hold the
		# whole run, the reader stopped (SIGSTOP) while ab runs so that its
		# work cannot compete with nginx for the guest's CPUs; it drains after
		mysysdig --proc-name nginx --buffer-size 65536 -w $O 2>$TMP/tlog &
		P=$!
		wait_reader $P || log "nginx $cfg: reader did not start"
		sleep 1 # the START ioctl follows the open; a stopped reader never starts
		kill -STOP $P
		ab_run $n $L
		kill -CONT $P
		stop_reader $P
		extra="$(summary $TMP/tlog) bytes=$(fsize $O)"
		;;
	strace)
		n=$AB_SMALL_N
		# shellcheck disable=SC2046
		$A/bin/strace -f -o /dev/null $(for p in $(pidof nginx); do echo -p $p; done) 2>/dev/null &
		P=$!
		sleep 1
		ab_run $n $L
		kill $P
		wait $P 2>/dev/null
		;;
	pump)
		# bench/pump.c: the least a consumer pays, the module's default buffer
		$A/bin/pump 0 $O --comm nginx &
		P=$!
		hwm_watch $P $TMP/hwm
		sleep 1
		ab_run $n $L
		stop_reader $P
		sleep 0.3
		extra="bytes=$(fsize $O) $(cat $TMP/hwm)"
		;;
	*)
		# shellcheck disable=SC2046
		module_events $cfg
		mysysdig --proc-name nginx $(mode_args $cfg $O) 2>$TMP/tlog &
		P=$!
		unset MYSYSDIG_MODULE_EVENTS
		hwm_watch $P $TMP/hwm
		wait_reader $P || log "nginx $cfg: reader did not start"
		ab_run $n $L
		stop_reader $P
		sleep 0.3
		extra="$(summary $TMP/tlog) bytes=$(fsize $O) $(cat $TMP/hwm)"
		;;
	esac
	s=$(ab_secs $L)
	[ -n "$s" ] || { log "nginx $cfg: no figure"; sed 's/^/    /' $L >&2; }
	res nginx $cfg $r "secs=$s" "requests=$n" "failed=$(ab_failed $L)" $extra
	rm -f $O
	: >/tmp/ng/access.log
}

part_nginx() {
	mkdir -p /tmp/ng/tmp
	cp -r $A/html /tmp/ng/
	$A/bin/nginx -p /tmp/ng -c $A/nginx.conf || { log "nginx did not start"; return; }
	sleep 0.5
	ab_run 2000 $TMP/ablog # warm up
	log "nginx: $NG_ROUNDS rounds of ab -n $AB_N -c $AB_C, $(pidof nginx | wc -w) nginx processes"
	r=1
	while [ $r -le $NG_ROUNDS ]; do
		for cfg in $NG_CONFIGS; do
			nginx_run $cfg $r
		done
		log "nginx round $r done"
		r=$((r + 1))
	done
	kill "$(cat /tmp/ng/nginx.pid)"
}

# ---------------------------------------------------------------- rate
# The highest syscall rate traced to a capture file (or JSON when there is
# no capture file) with the default buffer and no drops; then a loop as fast
# as it can go.
part_rate() {
	m=json
	case " $MODES " in *" capture "*) m=capture ;; esac
	for rate in $RATES; do
		# shellcheck disable=SC2046
		mysysdig $(mode_args $m $TMP/out) -- $A/bin/rate $rate 3 2>$TMP/log
		got=$(sed -n 's/.*: \([0-9]*\)\/s$/\1/p' $TMP/log)
		res rate $m-$rate 1 "target=$rate achieved=$got" $(summary $TMP/log) "bytes=$(fsize $TMP/out)"
		rm -f $TMP/out
	done
	# shellcheck disable=SC2046
	mysysdig $(mode_args $m $TMP/out) -- $A/bin/loop 1000000 2>$TMP/log
	res rate $m-fullspeed 1 "ns=$(nsper $TMP/log)" $(summary $TMP/log) "bytes=$(fsize $TMP/out)"
	rm -f $TMP/out
	# start-up: from launching the CLI to the traced command's first event
	for r in 1 2 3; do
		t0=$($A/bin/stamp)
		mysysdig --format json -o $TMP/out -- $A/bin/stamp >/dev/null 2>&1
		t1=$(sed -n '1s/^{"ts":"\([0-9]*\)".*/\1/p' $TMP/out)
		res startup json $r "ms=$(((t1 - t0) / 1000000))"
	done
	rm -f $TMP/out
}

res meta guest 0 "kernel=$(uname -r)" "cpus=$(nproc)" "mem_kb=$(sed -n 's/MemTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)"
for p in $PARTS; do
	"part_$p"
done
