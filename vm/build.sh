#!/usr/bin/env bash
# vm/build.sh [ARCH [KSERIES]]
# Builds what the guest runs from our sources: kmod/my_sysdig.ko against the
# guest kernel's headers, ffi/libmysysdig.so and the static tests/progs.
# For the host's architecture that is `make` in the tree; for another one it
# is a cross build (CROSS_COMPILE) into .cache/vm/ARCH-KSERIES/build/, laid
# out like the tree, which vm/initramfs.sh then stages instead.
set -euo pipefail

VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_DIR/arch.sh"
ARCH=${1:-${VM_ARCH:-${ARCH:-$(vm_host_arch)}}}
KSERIES=${2:-${KSERIES:-6.1}}
vm_arch_vars "$ARCH"
ROOT=$VM_ROOT
die() { echo "vm/build.sh: $*" >&2; exit 1; }

# shellcheck disable=SC1090
. <("$VM_DIR/kernel.sh" "$ARCH" "$KSERIES" 2>/dev/null || "$VM_DIR/kernel.sh" "$ARCH" "$KSERIES" >&2)
[[ -n ${KDIR:-} ]] || die "no headers for $ARCH $KSERIES"

# kbuild in one directory does not like company: one build at a time.
mkdir -p "$ROOT/.cache/vm"
exec 8>"$ROOT/.cache/vm/.build.lock"
flock 8

B=$(vm_build_dir "$ARCH" "$KSERIES")
if [[ $B == "$ROOT" ]]; then
	CROSS=()
	[[ ! -f $ROOT/kmod/Makefile ]] || make -s -C "$ROOT/kmod" KDIR="$KDIR" >&2 ||
		die "make -C kmod KDIR=$KDIR failed"
	[[ ! -f $ROOT/ffi/Makefile ]] || make -s -C "$ROOT/ffi" >&2 || die "make -C ffi failed"
	[[ ! -f $ROOT/tests/progs/Makefile ]] || make -s -C "$ROOT/tests/progs" >&2 ||
		die "make -C tests/progs failed"
	exit 0
fi

if [[ $ARCH == "$(vm_host_arch)" ]]; then
	# Another kernel series on the host's architecture: a native build,
	# only in its own directory.
	CROSS_PREFIX="" CROSS_PKG="" KARCH=""
fi
# shellcheck disable=SC2086 # CROSS_PKG is a list
if [[ -n $CROSS_PKG ]] && { dpkg-query -W -f='${Status}\n' $CROSS_PKG 2>/dev/null | grep -vq "install ok installed" ||
	! dpkg-query -W $CROSS_PKG >/dev/null 2>&1; }; then
	echo "vm/build.sh: installing $CROSS_PKG" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $CROSS_PKG >&2 ||
		die "cannot install $CROSS_PKG"
fi
CROSS=()
[[ -z $KARCH ]] || CROSS=(ARCH="$KARCH" CROSS_COMPILE="$CROSS_PREFIX")
# Debian's headers name the compiler their kernel was built with
# (.kernelvariables: "CC = ... $(CROSS_COMPILE)gcc-14"). Another release's
# compiler is not installed here (it would bring that release's libc), so
# the module is built with this machine's gcc: kbuild takes the flags from
# the kernel's configuration, and the module loads as long as the ABI and
# vermagic match, which do not name the compiler.
KCC=$(sed -n 's/^CC = .*)\(gcc-[0-9]*\)$/\1/p' "$KDIR/.kernelvariables" 2>/dev/null | head -n1)
if [[ -n $KCC ]] && ! command -v "${CROSS_PREFIX:-$(uname -m)-linux-gnu-}$KCC" >/dev/null 2>&1; then
	CROSS+=(CC="${CROSS_PREFIX}gcc")
	# A kernel built by gcc >= 14 asks for -fmin-function-alignment (v6.8,
	# "kbuild: Use -fmin-function-alignment when available"); older gcc
	# gets the same alignment from kbuild's fallback, -falign-functions.
	if grep -q '^CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=y' "$KDIR/include/config/auto.conf" 2>/dev/null &&
		! echo 'int x;' | "${CROSS_PREFIX}gcc" -fmin-function-alignment=8 -x c -c -o /dev/null - 2>/dev/null; then
		CROSS+=(CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT=)
	fi
fi
# Debian's 6.12 headers carry vmlinux, so kbuild adds the module's BTF with
# pahole; without pahole here the module goes without (only BPF programs
# that inspect our own types would miss it).
if ! command -v pahole >/dev/null 2>&1 && [[ -f $KDIR/vmlinux ]]; then
	CROSS+=(CONFIG_DEBUG_INFO_BTF_MODULES=)
fi
mkdir -p "$B/kmod" "$B/ffi" "$B/tests/progs"
if [[ -f $ROOT/kmod/Makefile ]]; then
	# A copy of the sources (kbuild writes its objects next to them); cp -u
	# keeps the timestamps that make's rebuild decisions rest on. Not the
	# native build's generated my_sysdig.mod.c: a copy newer than this
	# build's own would be compiled in, with the other kernel's symbol CRCs
	# ("disagrees about version of symbol module_layout").
	find "$ROOT/kmod" -maxdepth 1 -type f \( -name '*.[ch]' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c' -exec cp -pu {} "$B/kmod/" \;
	make -s -C "$B/kmod" KDIR="$KDIR" "${CROSS[@]}" >&2 || die "cross build of the module failed"
fi
if [[ -f $ROOT/ffi/Makefile ]]; then
	make -s -C "$ROOT/ffi" OUT="$B/ffi/libmysysdig.so" CROSS_COMPILE="$CROSS_PREFIX" >&2 ||
		die "cross build of the shim failed"
fi
if [[ -f $ROOT/tests/progs/Makefile ]]; then
	find "$ROOT/tests/progs" -maxdepth 1 -type f \( -name '*.[ch]' -o -name Makefile \) \
		-exec cp -pu {} "$B/tests/progs/" \;
	make -s -C "$B/tests/progs" CROSS_COMPILE="$CROSS_PREFIX" >&2 ||
		die "cross build of tests/progs failed"
fi
