# bench/lib.sh: helpers shared by bench/guest.sh (busybox sh in the guest)
# and bench/host.sh (bash on the host); POSIX sh only. Source it.

# mode_args MODE FILE: the CLI flags that send MODE's output to FILE
mode_args() {
	case $1 in
	text) echo "--format text -o $2" ;;
	seed) echo "--format seed -o $2" ;;
	json) echo "--format json -o $2" ;;
	capture | capture-records | capture-long) echo "-w $2" ;;
	both) echo "--events both --format text -o $2" ;;
	esac
}

# module_events CONFIG: the environment of the CLI started next (unset after it starts)
module_events() {
	if [ "$1" = capture-records ]; then
		export MYSYSDIG_MODULE_EVENTS=0
	else
		unset MYSYSDIG_MODULE_EVENTS
	fi
}

# summary LOG: "recorded=N dropped=M" from the CLI's last words
summary() {
	sed -n 's/.*: \([0-9]*\) events recorded, \([0-9]*\) dropped.*/recorded=\1 dropped=\2/p' "$1" | tail -1
}
# nsper LOG: the loop's ns per call
nsper() { sed -n 's/.* calls \([0-9.]*\) ns\/call.*/\1/p' "$1" | tail -1; }
# fsize FILE: its size in bytes, 0 when absent
fsize() { if [ -f "$1" ]; then wc -c <"$1"; else echo 0; fi; }
