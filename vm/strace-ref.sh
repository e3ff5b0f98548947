#!/bin/bash
# vm/strace-ref.sh ARCH DIR: Debian's strace (bookworm's 6.1) for a guest of
# architecture ARCH (x86_64, aarch64) in DIR/bin/strace, the shared libraries
# it needs besides glibc in DIR/lib. DIR is handed to vm/run.sh as VM_ADD
# (/mnt/add in the guest), where tests/vm/strace_test.ts runs it as the
# reference: LD_LIBRARY_PATH=/mnt/add/lib /mnt/add/bin/strace ...
#
# The guests already have glibc, the same build as the host's (libc6, or
# libc6:arm64 for aarch64). For the host's architecture: the host's
# /usr/bin/strace (installed when missing) and what ldd lists. For the other
# one: `apt-get download` of strace, libunwind8 and liblzma5 of that Debian
# architecture (dpkg --add-architecture is done by make setup-test), unpacked
# with dpkg-deb -x into .cache/strace-ref/ARCH/ once, and the libraries found by
# following readelf -d's NEEDED entries from strace. Prints DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ARCH=${1:?usage: vm/strace-ref.sh ARCH DIR}
D=${2:?usage: vm/strace-ref.sh ARCH DIR}
die() {
	echo "strace-ref: $*" >&2
	exit 1
}
case $ARCH in
x86_64) DEB=amd64 TRIPLET=x86_64-linux-gnu ;;
aarch64) DEB=arm64 TRIPLET=aarch64-linux-gnu ;;
*) die "unknown architecture $ARCH" ;;
esac
# glibc's own libraries: the guest has them
GLIBC='^(libc|libm|libdl|libpthread|librt|ld-linux[-a-z0-9_]*)\.so'

if [ "$ARCH" = "$(uname -m)" ]; then
	if ! command -v strace >/dev/null; then
		echo "strace-ref: installing strace" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends strace >&2
	fi
	s=$(command -v strace)
	mkdir -p "$D/bin" "$D/lib"
	cp -L "$s" "$D/bin/strace"
	ldd "$s" | awk '/=> \//{print $3}' | while read -r l; do
		basename "$l" | grep -Eq "$GLIBC" || cp -L "$l" "$D/lib/"
	done
else
	C=.cache/strace-ref/$ARCH
	R=$C/root
	if [ ! -x "$R/usr/bin/strace" ]; then
		rm -rf "$C" && mkdir -p "$C/debs"
		dpkg --print-foreign-architectures | grep -qx "$DEB" ||
			die "dpkg does not know $DEB (make setup-test adds it: dpkg --add-architecture $DEB)"
		(cd "$C/debs" && apt-get download -q "strace:$DEB" "libunwind8:$DEB" "liblzma5:$DEB" >&2) ||
			die "apt-get download of the $DEB strace, libunwind8, liblzma5 failed"
		for f in "$C"/debs/*.deb; do dpkg-deb -x "$f" "$R"; done
	fi
	# (made after the unpacking: DIR may lie under $C, which a first run starts afresh)
	mkdir -p "$D/bin" "$D/lib"
	cp -L "$R/usr/bin/strace" "$D/bin/strace"
	# NEEDED entries, transitively, from the unpacked packages
	todo=("$R/usr/bin/strace")
	seen=" "
	while [ ${#todo[@]} -gt 0 ]; do
		f=${todo[0]}
		todo=("${todo[@]:1}")
		for n in $(readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
			echo "$n" | grep -Eq "$GLIBC" && continue
			case $seen in *" $n "*) continue ;; esac
			seen="$seen$n "
			l=""
			for dir in "$R/lib/$TRIPLET" "$R/usr/lib/$TRIPLET"; do
				[ -e "$dir/$n" ] && l=$dir/$n && break
			done
			[ -n "$l" ] || die "$n (needed by $(basename "$f")) is in none of strace, libunwind8, liblzma5:$DEB"
			cp -L "$l" "$D/lib/$n"
			todo+=("$l")
		done
	done
fi
echo "$D"
