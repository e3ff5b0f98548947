#!/usr/bin/env bash
# vm/kernel.sh [ARCH [KSERIES]]
# Fetches the newest Debian cloud kernel (for aarch64 6.12-16k: arm64-16k) of a series for a guest
# architecture, and the matching headers to build the module against.
# Writes .cache/vm/ARCH-KSERIES/env (shell-sourceable) and prints it:
#   KREL=6.1.0-56-cloud-amd64  VMLINUZ=/abs/path  KDIR=/usr/src/linux-headers-...
# A second run with everything in place only re-reads the env file.
set -euo pipefail

ARCH=${1:-${ARCH:-x86_64}}
KSERIES=${2:-${KSERIES:-6.1}}
. "$(dirname "${BASH_SOURCE[0]}")/arch.sh"
vm_arch_vars "$ARCH"
vm_series_vars "$KSERIES"

die() { echo "vm/kernel.sh: $*" >&2; exit 1; }

CACHE=$(vm_cache_dir "$ARCH" "$KSERIES")
ENV_FILE=$CACHE/env

# The cache is trusted only while what it points at still exists; then the
# run is free of apt altogether (apt-cache alone costs about a second).
if [[ -f $ENV_FILE && -z ${VM_KERNEL_REFRESH:-} ]]; then
	# shellcheck disable=SC1090
	. "$ENV_FILE"
	if [[ -f ${VMLINUZ:-/nonexistent} && -f ${KDIR:-/nonexistent}/Makefile ]]; then
		cat "$ENV_FILE"
		exit 0
	fi
fi

mkdir -p "$CACHE"
# Concurrent first runs: one fetches, the others wait and then find it done.
exec 9>"$CACHE/.lock"
flock 9
if [[ -f $ENV_FILE && -z ${VM_KERNEL_REFRESH:-} ]]; then
	# shellcheck disable=SC1090
	. "$ENV_FILE"
	if [[ -f ${VMLINUZ:-/nonexistent} && -f ${KDIR:-/nonexistent}/Makefile ]]; then
		cat "$ENV_FILE"
		exit 0
	fi
fi

HOST_ARCH=$(vm_host_arch)
if [[ $ARCH == "$HOST_ARCH" ]]; then
	PKG_SUFFIX=""
else
	PKG_SUFFIX=":$DEB_ARCH"
	if ! dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH"; then
		echo "vm/kernel.sh: adding dpkg architecture $DEB_ARCH" >&2
		dpkg --add-architecture "$DEB_ARCH"
		NEED_UPDATE=1
	fi
fi

find_abi() {
	apt-cache search --names-only "^linux-image-${ABI_RE}-${FLAVOUR}-unsigned\$" 2>/dev/null |
		awk '{print $1}' |
		sed -E "s/^linux-image-(.*)-${FLAVOUR}-unsigned\$/\\1/" |
		sort -V | tail -n1
}

HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
ABI=""
[[ -n ${NEED_UPDATE:-} ]] || ABI=$(find_abi)
if [[ -z $ABI && $SUITE != "$HOST_SUITE" ]]; then
	# Another release's kernels: its suite, pinned low (vm/apt-suites.sh).
	"$(dirname "${BASH_SOURCE[0]}")/apt-suites.sh" "$SUITE" >&2 || true
	ABI=$(find_abi)
fi
if [[ -z $ABI ]]; then
	echo "vm/kernel.sh: no $KSERIES $FLAVOUR kernel in apt's lists; running apt-get update" >&2
	apt-get update -qq >&2 || true
	ABI=$(find_abi)
fi
[[ -n $ABI ]] || die "no package linux-image-<$KSERIES ABI>-$FLAVOUR-unsigned in apt's lists.
  Kernel series $KSERIES comes from Debian $SUITE: add that suite to /etc/apt/sources.list.d/
  (and pin it low if it is not this machine's release), then run apt-get update."

KREL=$ABI-$FLAVOUR
IMG_PKG=linux-image-$KREL-unsigned
HDR_PKG=linux-headers-$KREL
echo "vm/kernel.sh: $ARCH $KSERIES -> $KREL" >&2

mkdir -p "$CACHE"

# Kernel image: only vmlinuz is needed (no modules: the guest loads only our
# own module), so the package is unpacked, never installed.
VMLINUZ=$CACHE/image/boot/vmlinuz-$KREL
if [[ ! -f $VMLINUZ ]]; then
	tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
	(cd "$tmp" && apt-get download -q "$IMG_PKG$PKG_SUFFIX" >&2) ||
		die "apt-get download $IMG_PKG$PKG_SUFFIX failed"
	rm -rf "$CACHE/image"
	dpkg-deb -x "$tmp"/*.deb "$CACHE/image.new"
	mv "$CACHE/image.new" "$CACHE/image"
	rm -rf "$tmp"
	[[ -f $VMLINUZ ]] || die "$IMG_PKG has no boot/vmlinuz-$KREL"
fi

# Headers: installed for the host's own architecture and release (the
# package pulls in linux-kbuild). For a foreign architecture or another
# release they are unpacked into the cache, never installed: their packages
# depend on that release's compiler (gcc-10 for bullseye, gcc-14 for trixie),
# which would drag its libc onto this machine. The module is then built with
# the host's gcc. The headers' scripts/tools links point at a linux-kbuild
# that runs here: the host's own for this release's series, else that
# release's host-architecture linux-kbuild, unpacked next to them.
if [[ -z $PKG_SUFFIX && $SUITE == "$HOST_SUITE" ]]; then
	KDIR=/usr/src/linux-headers-$KREL
	if ! dpkg-query -W -f='${Status}' "$HDR_PKG" 2>/dev/null | grep -q "install ok installed"; then
		echo "vm/kernel.sh: installing $HDR_PKG" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$HDR_PKG" >&2 ||
			die "apt-get install $HDR_PKG failed"
	fi
else
	HROOT=$CACHE/headers
	KDIR=$HROOT/usr/src/linux-headers-$KREL
	if [[ ! -f $KDIR/Makefile ]]; then
		# "Depends: <linux-headers-6.1.0-56-common:arm64>" (a virtual name for
		# the foreign architecture) and "Depends: linux-kbuild-6.1:arm64".
		deps() {
			apt-cache depends "$HDR_PKG$PKG_SUFFIX" 2>/dev/null |
				awk -v re="$1" '$1 == "Depends:" { n = $2; gsub(/[<>]/, "", n); sub(/:.*/, "", n); if (n ~ re) { print n; exit } }'
		}
		COMMON=$(deps '^linux-headers-.*-common$')
		KBUILD=$(deps '^linux-kbuild-')
		[[ -n $COMMON && -n $KBUILD ]] || die "cannot find the dependencies of $HDR_PKG$PKG_SUFFIX"
		DL=("$HDR_PKG$PKG_SUFFIX" "${COMMON%%:*}")
		if [[ $SUITE == "$HOST_SUITE" ]]; then
			dpkg-query -W -f='${Status}' "$KBUILD" 2>/dev/null | grep -q "install ok installed" ||
				DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$KBUILD" >&2
		else
			# The host architecture's, from that release; but trixie's are
			# linked against glibc 2.38, newer than bookworm's. The same
			# upstream release built for this one (bookworm carries 6.12
			# as linux-kbuild-6.12.N+deb12) runs here, so prefer it.
			HOST_DEB=$(cut -d. -f1 /etc/debian_version 2>/dev/null || true)
			ALT=$(sed -E "s/\+deb[0-9]+\$/+deb$HOST_DEB/" <<<"$KBUILD")
			if [[ $ALT != "$KBUILD" ]] && apt-cache show "$ALT" >/dev/null 2>&1; then
				echo "vm/kernel.sh: kbuild tools from $ALT (this release's build of $KBUILD)" >&2
				DL+=("$ALT")
				KBUILD_LINK=$ALT
			else
				DL+=("$KBUILD")
			fi
		fi
		tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
		(cd "$tmp" && apt-get download -q "${DL[@]}" >&2) ||
			die "apt-get download ${DL[*]} failed"
		rm -rf "$HROOT"
		for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$HROOT"; done
		if [[ $SUITE == "$HOST_SUITE" ]]; then
			mkdir -p "$HROOT/usr/lib"
			ln -sfn "/usr/lib/$KBUILD" "$HROOT/usr/lib/$KBUILD"
		elif [[ -n ${KBUILD_LINK:-} ]]; then
			ln -sfn "$KBUILD_LINK" "$HROOT/usr/lib/$KBUILD"
		fi
		rm -rf "$tmp"
		[[ -f $KDIR/Makefile ]] || die "unpacked headers lack $KDIR/Makefile"
		# "include /usr/src/linux-headers-...-common/Makefile": the unpacked one.
		sed -i "s|^include /usr/src/|include $HROOT/usr/src/|" "$KDIR/Makefile"
	fi
fi
[[ -f $KDIR/Makefile ]] || die "headers directory $KDIR is missing after install"

cat >"$ENV_FILE.new" <<ENV
ARCH=$ARCH
KSERIES=$KSERIES
KREL=$KREL
VMLINUZ=$VMLINUZ
KDIR=$KDIR
ENV
mv "$ENV_FILE.new" "$ENV_FILE"
cat "$ENV_FILE"
