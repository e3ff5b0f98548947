#!/usr/bin/env bash
# vm/run.sh [CMD...]
# Boots a throwaway qemu guest (TCG) with a Debian kernel and a busybox
# initramfs holding Deno and the project at /mysysdig, loads
# kmod/my_sysdig.ko, runs one shell command, and hands back the command's
# stdout on stdout, its stderr on stderr and its exit status as ours.
#
# Environment:
#   VM_CMD        the command (sh -c in the guest, cwd /mysysdig); CMD args,
#                 when given, are joined with spaces and used instead
#   VM_ADD        host directory copied into the guest at /mnt/add
#   VM_NOINSMOD=1 do not load the module before the command
#   VM_BARE=1     a bare guest: busybox, glibc and /init only (no Deno, no
#                 project, no module loaded; implies VM_NOINSMOD=1 and
#                 VM_BUILD=0), for the release artefacts brought in by VM_ADD
#   VM_INSMOD_ARGS  module parameters for that insmod (e.g. "pid=1")
#   ARCH (or VM_ARCH), KSERIES  guest architecture and Debian kernel series
#                 (x86_64, 6.1)
#   VM_TIMEOUT    seconds before qemu is killed and the run fails (240)
#   VM_GUEST_TIMEOUT  seconds after which the guest itself gives up on the
#                 command and reports every task's kernel stack instead
#                 (default: VM_TIMEOUT less 10 s and 5 %; none below 30 s)
#   VM_KEEP_LOG   file to save the console log and the guest's kernel log in
#   VM_OUT_DIR    directory to keep stdout, stderr, kernel.log, console.log,
#                 status in (for vm/vm.ts)
#   VM_NO_ECHO=1  do not copy the command's stdout/stderr to ours (with
#                 VM_OUT_DIR: our stderr then carries only our own messages)
#   VM_LOG_IGNORE ERE; kernel log lines matching it are not counted as problems
#                 (for a test that provokes a warning on purpose)
#   VM_BUILD=0    do not run make for the module, the shim and tests/progs first
#   VM_MEM, VM_SMP  guest memory (2G) and vCPUs (2)
#   VM_TCG_THREAD single: one host thread runs every vCPU (qemu's
#                 -accel tcg,thread=single) instead of one each (multi)
#   VM_KAPPEND, VM_QEMU_ARGS  more kernel command line, more qemu arguments
#   VM_VERBOSE=1  copy the guest console to stderr as it boots
#
# Exit status: the command's, except
#   122  the kernel log shows a problem (BUG, WARNING, Oops, lockup, ...;
#        vm/log-patterns.txt); the lines are printed on stderr
#   124  the guest did not finish within VM_TIMEOUT
#   125  the harness failed (build, boot, module load, lost report)
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_DIR/arch.sh"
# VM_ARCH first: make passes ARCH on to kbuild, where it means arm64, not aarch64.
ARCH=${VM_ARCH:-${ARCH:-$(vm_host_arch)}}
KSERIES=${KSERIES:-6.1}
vm_arch_vars "$ARCH"

fail() { echo "vm/run.sh: $*" >&2; exit 125; }

# Arguments are joined into one shell command, as ssh does.
if [[ $# -gt 0 ]]; then
	VM_CMD="$*"
fi
[[ -n ${VM_CMD:-} ]] || fail "nothing to run: set VM_CMD or pass the command as arguments"
VM_TIMEOUT=${VM_TIMEOUT:-240}
if [[ ${VM_BARE:-0} == 1 ]]; then
	VM_NOINSMOD=1 VM_BUILD=0
fi
export VM_BARE

command -v "$QEMU" >/dev/null 2>&1 || {
	echo "vm/run.sh: installing $QEMU_PKG" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$QEMU_PKG" >&2 ||
		fail "cannot install $QEMU_PKG"
}

# shellcheck disable=SC1090
. <(VM_QUIET=1 "$VM_DIR/kernel.sh" "$ARCH" "$KSERIES" 2>/dev/null || "$VM_DIR/kernel.sh" "$ARCH" "$KSERIES" >&2)
[[ -n ${VMLINUZ:-} && -f $VMLINUZ ]] || fail "vm/kernel.sh $ARCH $KSERIES did not produce a kernel"

if [[ ${VM_BUILD:-1} != 0 ]]; then
	"$VM_DIR/build.sh" "$ARCH" "$KSERIES" || fail "building the module, shim or test programs failed"
fi

mapfile -t ARCHIVES < <(VM_QUIET=${VM_VERBOSE:+}${VM_VERBOSE:-1} "$VM_DIR/initramfs.sh" "$ARCH" "$KSERIES") ||
	fail "building the initramfs failed"
[[ ${#ARCHIVES[@]} -eq 2 ]] || fail "vm/initramfs.sh did not name its two archives"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/mysysdig-vm.XXXXXX")
QEMU_PID=""
cleanup() {
	if [[ -n $QEMU_PID ]]; then kill "$QEMU_PID" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The per-run archive: the command, the settings init reads, VM_ADD.
RUNROOT=$WORK/runroot
mkdir -p "$RUNROOT/vm"
printf '%s\n' "$VM_CMD" >"$RUNROOT/vm/cmd"
{
	printf 'CHAN_OUT=%q CHAN_ERR=%q CHAN_META=%q\n' "$CHAN_OUT" "$CHAN_ERR" "$CHAN_META"
	printf 'VM_NOINSMOD=%q\n' "${VM_NOINSMOD:-0}"
	printf 'VM_INSMOD_ARGS=%q\n' "${VM_INSMOD_ARGS:-}"
	printf 'VM_ARCH=%q VM_KREL=%q\n' "$ARCH" "$KREL"
	# Boot and report need a few seconds of the timeout; short timeouts
	# are left to the host alone.
	if [[ -n ${VM_GUEST_TIMEOUT:-} ]]; then
		printf 'VM_GUEST_TIMEOUT=%d\n' "$VM_GUEST_TIMEOUT"
	elif ((VM_TIMEOUT >= 30)); then
		printf 'VM_GUEST_TIMEOUT=%d\n' $((VM_TIMEOUT - 10 - VM_TIMEOUT / 20))
	fi
} >"$RUNROOT/vm/env"
if [[ -n ${VM_ADD:-} ]]; then
	[[ -d $VM_ADD ]] || fail "VM_ADD=$VM_ADD is not a directory"
	mkdir -p "$RUNROOT/vm/add"
	cp -a "$VM_ADD/." "$RUNROOT/vm/add/"
fi
(cd "$RUNROOT" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) >"$WORK/run.cpio"
# The kernel unpacks concatenated newc archives in order, later files over
# earlier ones; qemu's x86 loader takes one initrd file.
cat "${ARCHIVES[@]}" "$WORK/run.cpio" >"$WORK/initrd"

for f in console out err meta out.virtio err.virtio meta.virtio; do : >"$WORK/$f"; done
# oops=panic: an Oops (which can leave the oopsing task's locks held and the
# command hung) reboots at once, and -no-reboot ends qemu: the run fails fast
# with status 122 instead of waiting for VM_TIMEOUT.
# transparent_hugepage=never, rcupdate.rcu_cpu_stall_timeout=120: an emulated
# CPU that the busy host starves for 21 s (RCU's default) is not a kernel
# problem; khugepaged's page copies are the slowest thing TCG does (a CI run
# failed on "rcu_preempt self-detected stall" in khugepaged's clear_page_erms
# while the host ran other work). A stall of two minutes still fails the run.
KAPPEND="console=$CONSOLE loglevel=5 log_buf_len=8M oops=panic panic=-1 rdinit=/init mitigations=off lpj=10000000 8250.nr_uarts=4 transparent_hugepage=never rcupdate.rcu_cpu_stall_timeout=120 ${VM_KAPPEND:-}"
# shellcheck disable=SC2054 # the commas are qemu option syntax
QEMU_CMD=(
	"$QEMU" -accel "tcg${VM_TCG_THREAD:+,thread=$VM_TCG_THREAD}" "${QEMU_MACHINE[@]}" -m "${VM_MEM:-2G}" -smp "${VM_SMP:-2}"
	-nodefaults -display none -no-reboot -monitor none
	-kernel "$VMLINUZ" -initrd "$WORK/initrd" -append "$KAPPEND"
	-serial "file:$WORK/console"
	-device virtio-serial-pci,id=vs
)
if [[ -n $CHAN_OUT ]]; then
	QEMU_CMD+=(-serial "file:$WORK/out" -serial "file:$WORK/err" -serial "file:$WORK/meta")
fi
for c in out err meta; do
	name=$c
	[[ $c == out ]] && name=stdout
	[[ $c == err ]] && name=stderr
	QEMU_CMD+=(-chardev "file,id=v$c,path=$WORK/$c.virtio"
		-device "virtserialport,bus=vs.0,chardev=v$c,name=mysysdig.$name")
done
# shellcheck disable=SC2206 # extra qemu arguments, one per word
[[ -n ${VM_QEMU_ARGS:-} ]] && QEMU_CMD+=($VM_QEMU_ARGS)

START=$(date +%s.%N)
# timeout(1) passes on a TERM from our cleanup to qemu, which exits cleanly
# on it and so leaves complete log files.
timeout -k 5 "$VM_TIMEOUT" "${QEMU_CMD[@]}" </dev/null >"$WORK/qemu.log" 2>&1 &
QEMU_PID=$!
if [[ -n ${VM_VERBOSE:-} ]]; then
	tail -n +1 -f "$WORK/console" --pid="$QEMU_PID" >&2 &
fi
QEMU_RC=0
wait "$QEMU_PID" || QEMU_RC=$?
QEMU_PID=""
TIMED_OUT=""
[[ $QEMU_RC -eq 124 || $QEMU_RC -eq 137 ]] && TIMED_OUT=1
ELAPSED=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
# The guest used either the virtio ports or the serial ones; the other
# files are empty.
for c in out err meta; do
	cat "$WORK/$c.virtio" >>"$WORK/$c"
done

# The report: VM_EXIT=N, then the kernel log between markers. Without the
# end marker the guest died (panic, reset) or was killed before it finished;
# the console log is then the only kernel log there is.
STATUS=$(sed -n 's/^VM_EXIT=\([0-9]*\)$/\1/p' "$WORK/meta" | head -n1)
if grep -q '^VM_KERNEL_LOG_END' "$WORK/meta"; then
	sed -n '/^VM_KERNEL_LOG_BEGIN/,/^VM_KERNEL_LOG_END/{//!p}' "$WORK/meta" >"$WORK/kernel.log"
else
	cp "$WORK/console" "$WORK/kernel.log"
fi

if [[ -n ${VM_KEEP_LOG:-} ]]; then
	{
		cat "$WORK/console"
		echo "=== guest kernel log (dmesg) ==="
		cat "$WORK/kernel.log"
	} >"$VM_KEEP_LOG"
fi

if [[ -z ${VM_NO_ECHO:-} ]]; then
	cat "$WORK/out"
	cat "$WORK/err" >&2
fi

PROBLEMS=$(grep -v -E '^[[:space:]]*(#|$)' "$VM_DIR/log-patterns.txt" | grep -E -f - "$WORK/kernel.log" || true)
if [[ -n $PROBLEMS && -n ${VM_LOG_IGNORE:-} ]]; then
	PROBLEMS=$(grep -v -E -- "$VM_LOG_IGNORE" <<<"$PROBLEMS" || true)
fi

RC=0
if grep -q '^VM_TIMED_OUT=1' "$WORK/meta"; then
	echo "vm/run.sh: the command did not finish within the guest's timeout (VM_TIMEOUT=${VM_TIMEOUT}s less boot time); its tasks:" >&2
	sed -n '/^VM_TASKS_BEGIN/,/^VM_TASKS_END/{//!p}' "$WORK/meta" >&2
	TIMED_OUT=1
	STATUS=""
	RC=124
elif [[ -n $TIMED_OUT ]]; then
	echo "vm/run.sh: the guest did not finish within ${VM_TIMEOUT}s (VM_TIMEOUT); last console lines:" >&2
	tail -n 30 "$WORK/console" >&2
	RC=124
elif [[ -z $STATUS ]]; then
	echo "vm/run.sh: the guest ended without reporting an exit status (qemu exit $QEMU_RC, ${ELAPSED}s); last console lines:" >&2
	tail -n 40 "$WORK/console" >&2
	[[ -s $WORK/qemu.log ]] && sed 's/^/qemu: /' "$WORK/qemu.log" >&2
	RC=125
else
	RC=$STATUS
fi
if [[ -n $PROBLEMS ]]; then
	echo "vm/run.sh: the guest kernel log reports problems (vm/log-patterns.txt):" >&2
	# The matching lines and a few after each: a stack trace names the culprit.
	grep -v -E '^[[:space:]]*(#|$)' "$VM_DIR/log-patterns.txt" |
		grep -E -A 12 -f - "$WORK/kernel.log" | head -n 200 >&2 || true
	[[ $RC -eq 124 ]] || RC=122
fi

if [[ -n ${VM_OUT_DIR:-} ]]; then
	mkdir -p "$VM_OUT_DIR"
	cp "$WORK/out" "$VM_OUT_DIR/stdout"
	cp "$WORK/err" "$VM_OUT_DIR/stderr"
	cp "$WORK/kernel.log" "$VM_OUT_DIR/kernel.log"
	cp "$WORK/console" "$VM_OUT_DIR/console.log"
	printf 'status=%s\ncommand_status=%s\nelapsed=%s\ntimed_out=%s\n' \
		"$RC" "${STATUS:-}" "$ELAPSED" "${TIMED_OUT:-0}" >"$VM_OUT_DIR/status"
	printf '%s\n' "$PROBLEMS" >"$VM_OUT_DIR/problems"
fi
[[ -n ${VM_VERBOSE:-} ]] && echo "vm/run.sh: guest ran ${ELAPSED}s, exit $RC" >&2
exit "$RC"
