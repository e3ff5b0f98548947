# shellcheck shell=bash disable=SC2034
# Sourced by the vm/ scripts: the one place that knows how each guest
# architecture and each Debian kernel series differ. Adding an architecture
# or a series means adding a case here, not editing the scripts.

# vm_arch_vars ARCH: sets ARCH to its canonical name (arm64 -> aarch64),
# DEB_ARCH, FLAVOUR, QEMU, QEMU_MACHINE, CONSOLE, LIBDIR, LDSO, DENO_PKG,
# KARCH/CROSS_PREFIX/CROSS_PKG (kbuild's ARCH and the cross compiler used
# when the guest is not the host's architecture), and the guest devices that carry stdout, stderr and the status/kernel-log
# channel (see vm/init).
vm_arch_vars() {
	case "$1" in
	x86_64 | amd64)
		ARCH=x86_64
		DEB_ARCH=amd64
		FLAVOUR=cloud-amd64
		QEMU=qemu-system-x86_64
		QEMU_PKG=qemu-system-x86
		QEMU_MACHINE=(-M pc -cpu max)
		CONSOLE=ttyS0
		# Fallback channels if the virtio ones (see below) do not come up:
		# the 8250 driver is built in, but moves only about 0.6 MB/s.
		CHAN_OUT=/dev/ttyS1 CHAN_ERR=/dev/ttyS2 CHAN_META=/dev/ttyS3
		LIBDIR=/lib/x86_64-linux-gnu
		LDSO=/lib64/ld-linux-x86-64.so.2
		DENO_PKG=@deno/linux-x64-glibc
		KARCH=x86 CROSS_PREFIX=x86_64-linux-gnu- CROSS_PKG="gcc-x86-64-linux-gnu libc6-dev-amd64-cross"
		;;
	aarch64 | arm64)
		ARCH=aarch64
		DEB_ARCH=arm64
		FLAVOUR=cloud-arm64
		QEMU=qemu-system-aarch64
		QEMU_PKG=qemu-system-arm
		# pauth-impdef: TCG's architected pointer-auth hash is slow.
		# shellcheck disable=SC2054 # commas are qemu syntax
		QEMU_MACHINE=(-M virt -cpu max,pauth-impdef=on)
		CONSOLE=ttyAMA0
		# virt has one PL011 (the console): no fallback channels.
		CHAN_OUT="" CHAN_ERR="" CHAN_META=""
		LIBDIR=/lib/aarch64-linux-gnu
		LDSO=/lib/ld-linux-aarch64.so.1
		DENO_PKG=@deno/linux-arm64-glibc
		KARCH=arm64 CROSS_PREFIX=aarch64-linux-gnu- CROSS_PKG="gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
		;;
	*)
		echo "vm: unknown ARCH '$1' (known: x86_64 aarch64)" >&2
		return 1
		;;
	esac
	# The command's stdout, stderr and the report travel over virtio-serial
	# ports (about 25 MB/s under TCG, 40 times the 8250's). Debian builds
	# virtio as modules, so the initramfs carries these and their
	# dependencies from the image package, and /init loads them first.
	CHAN_MODULES="virtio_pci virtio_console"
}

# vm_series_vars SERIES: sets SUITE (the Debian suite that carries it) and
# ABI_RE, an extended regex matching the ABI part of the package names
# (the NN in linux-image-6.1.0-NN-cloud-amd64-unsigned), newest found by
# version sort. A series named SERIES-16k is the same kernel in Debian's
# arm64-16k flavour (16 KiB pages, as the Raspberry Pi 5 runs): it replaces
# the architecture's FLAVOUR, so call it after vm_arch_vars. Its cache,
# build and archives live in their own .cache/vm/aarch64-SERIES-16k/.
vm_series_vars() {
	case "$1" in
	5.10) SUITE=bullseye ABI_RE='5\.10\.0-[0-9]+' ;;
	6.1) SUITE=bookworm ABI_RE='6\.1\.0-[0-9]+' ;;
	6.12) SUITE=trixie ABI_RE='6\.12\.[0-9]+\+deb13' ;;
	6.12-16k)
		SUITE=trixie ABI_RE='6\.12\.[0-9]+\+deb13'
		if [[ ${ARCH:-} != aarch64 ]]; then
			echo "vm: KSERIES '$1' (16 KiB pages) exists for aarch64 only" >&2
			return 1
		fi
		FLAVOUR=arm64-16k
		;;
	*)
		echo "vm: unknown KSERIES '$1' (known: 5.10 6.1 6.12, and 6.12-16k for aarch64)" >&2
		return 1
		;;
	esac
}

vm_host_arch() {
	case "$(uname -m)" in
	x86_64) echo x86_64 ;;
	aarch64 | arm64) echo aarch64 ;;
	*) uname -m ;;
	esac
}

VM_ROOT=${VM_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
vm_cache_dir() { echo "$VM_ROOT/.cache/vm/$1-$2"; }

# The kernel series whose module is built in the source tree itself.
VM_TREE_SERIES=6.1

# Where the guest's module, shim and test programs are built: the source
# tree itself for the host's architecture and VM_TREE_SERIES (what `make`
# builds anyway), a private copy in the cache for any other pair, so that
# guests of different kernels booted at the same time never clobber each
# other's module.
vm_build_dir() {
	if [[ $1 == "$(vm_host_arch)" && $2 == "$VM_TREE_SERIES" ]]; then
		echo "$VM_ROOT"
	else
		echo "$(vm_cache_dir "$1" "$2")/build"
	fi
}
