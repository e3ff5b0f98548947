#!/usr/bin/env bash
# vm/initramfs.sh [ARCH [KSERIES]]
# Builds the two archives that every boot shares, newc cpio, uncompressed:
#   .cache/vm/ARCH/base.cpio          busybox, glibc, deno, /init, launcher
#   .cache/vm/ARCH-KSERIES/project.cpio  /mysysdig (the project tree, module,
#                                     shim, test programs), a warm DENO_DIR and
#                                     the kernel's virtio modules for the channels
# vm/run.sh appends a small per-run archive (command, VM_ADD) to these.
# With VM_BARE=1, two others instead: busybox and glibc only, and the
# channel modules (see "bare guest" below).
# Each archive is rebuilt only when one of its inputs changed (a manifest of
# path, size and mtime is kept next to it). Prints the two paths.
#
# Uncompressed because the guest's unpacking is the cost that matters: gzip
# of a 100 MB archive costs seconds of emulated CPU at every boot, copying
# the raw archive costs a fraction of one (see vm/README.md for figures).
set -euo pipefail

ARCH=${1:-${ARCH:-x86_64}}
KSERIES=${2:-${KSERIES:-6.1}}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$VM_DIR/arch.sh"
vm_arch_vars "$ARCH"
ROOT=$VM_ROOT

die() { echo "vm/initramfs.sh: $*" >&2; exit 1; }
log() { [[ -n ${VM_QUIET:-} ]] || echo "vm/initramfs.sh: $*" >&2; }

ARCH_CACHE=$ROOT/.cache/vm/$ARCH
SERIES_CACHE=$(vm_cache_dir "$ARCH" "$KSERIES")
mkdir -p "$ARCH_CACHE" "$SERIES_CACHE"

# Several test processes may boot guests at once; one builds, the others wait.
exec 9>"$ARCH_CACHE/.lock"
flock 9

# manifest FILE...: one line per regular file or link under the given paths.
manifest() {
	local p
	for p in "$@"; do
		[[ -e $p || -L $p ]] || continue
		find -L "$p" \( -type f -o -type l \) -printf '%p %s %T@\n' 2>/dev/null
	done | LC_ALL=C sort
}

# up_to_date OUT MANIFEST_TEXT: true when OUT exists and was built from the
# same inputs.
up_to_date() {
	[[ -f $1 && -f $1.manifest ]] && [[ "$(cat "$1.manifest")" == "$2" ]]
}

pack() { # pack DIR OUT: newc archive of DIR's contents, owned by root
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) >"$2.tmp"
	mv "$2.tmp" "$2"
}

need_cmd() { # need_cmd CMD PACKAGE
	command -v "$1" >/dev/null 2>&1 && return
	log "installing $2 (for $1)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2" >&2 ||
		die "cannot install $2"
}

# ---- base archive ---------------------------------------------------------

NATIVE=""
[[ $ARCH == "$(vm_host_arch)" ]] && NATIVE=1
HOST_DENO=$ROOT/.deps/node_modules/$(vm_arch_vars "$(vm_host_arch)" && echo "$DENO_PKG")/deno
[[ -x $HOST_DENO ]] || die "no Deno binary at $HOST_DENO; run 'make setup' (npm install --prefix .deps --no-save deno@2.9.6)"
if [[ -n $NATIVE ]]; then
	DENO_BIN=${DENO_BIN:-$HOST_DENO}
else
	# The same Deno release for the guest's architecture, in its own npm
	# prefix (an install next to the host's could prune that one).
	DENO_BIN=${DENO_BIN:-$ROOT/.deps/$ARCH/node_modules/$DENO_PKG/deno}
	if [[ ! -x $DENO_BIN ]]; then
		ver=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$(dirname "$HOST_DENO")/package.json" | head -n1)
		log "installing $DENO_PKG@$ver for the $ARCH guest"
		npm install --prefix "$ROOT/.deps/$ARCH" --no-save --no-audit --no-fund --force \
			"$DENO_PKG@$ver" >&2 || die "npm install $DENO_PKG@$ver failed"
	fi
	[[ -x $DENO_BIN ]] || die "no Deno binary at $DENO_BIN"
fi

need_cmd cpio cpio
# The host's static busybox: the guest's own on x86_64, and the list of
# applets to link for any guest (same Debian version).
if ! dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "install ok installed"; then
	log "installing busybox-static"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends busybox-static >&2 ||
		die "cannot install busybox-static"
fi
# Both busybox packages install /bin/busybox; only the static one runs
# without the libraries, so check the binary rather than the package.
if ldd /bin/busybox >/dev/null 2>&1; then
	die "/bin/busybox is dynamically linked; install busybox-static"
fi

LIB_SRC=() # host files, copied to the same path in the guest (under LIB_ROOT)
if [[ -n $NATIVE ]]; then
	BUSYBOX=/bin/busybox
	LIB_ROOT=""
	# The libraries Deno links against, found by ldd so a Deno that needs
	# one more library still gets it.
	mapfile -t LIB_SRC < <(ldd "$DENO_BIN" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u)
	[[ ${#LIB_SRC[@]} -gt 0 ]] || die "ldd found no libraries for $DENO_BIN"
else
	# The guest architecture's busybox and glibc, unpacked from Debian's
	# packages (no dpkg install of a foreign libc on the host).
	LIB_ROOT=$ARCH_CACHE/debs-root
	if [[ ! -e $LIB_ROOT/.done ]]; then
		dpkg --print-foreign-architectures | grep -qx "$DEB_ARCH" || {
			dpkg --add-architecture "$DEB_ARCH"
			apt-get update -qq >&2
		}
		tmp=$(mktemp -d "$ARCH_CACHE/dl.XXXXXX")
		(cd "$tmp" && apt-get download -q "busybox-static:$DEB_ARCH" "libc6:$DEB_ARCH" "libgcc-s1:$DEB_ARCH" >&2) ||
			die "apt-get download of the $DEB_ARCH busybox-static, libc6, libgcc-s1 failed"
		rm -rf "$LIB_ROOT"
		for d in "$tmp"/*.deb; do dpkg-deb -x "$d" "$LIB_ROOT"; done
		rm -rf "$tmp"
		touch "$LIB_ROOT/.done"
	fi
	BUSYBOX=$LIB_ROOT/bin/busybox
	need_cmd readelf binutils
	for n in $(readelf -d "$DENO_BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
		f=$(find "$LIB_ROOT/lib" "$LIB_ROOT/usr/lib" -name "$n" 2>/dev/null | head -n1)
		[[ -n $f ]] || die "$n (needed by $DENO_BIN) is not in the $DEB_ARCH libc6/libgcc-s1 packages"
		LIB_SRC+=("$f")
	done
	LIB_SRC+=("$LIB_ROOT$LDSO")
fi
LIBS=("${LIB_SRC[@]}")

BASE=$ARCH_CACHE/base.cpio
BASE_INPUTS=("$DENO_BIN" "$BUSYBOX" "${LIBS[@]}" "$VM_DIR/init" "$VM_DIR/launcher" "$VM_DIR/initramfs.sh" "$VM_DIR/arch.sh")
BASE_MANIFEST=$(manifest "${BASE_INPUTS[@]}")
BROOT=$ARCH_CACHE/base-root
if ! up_to_date "$BASE" "$BASE_MANIFEST" || [[ ! -d $BROOT ]]; then
	log "building $BASE"
	rm -rf "$BROOT"
	mkdir -p "$BROOT"/{bin,sbin,usr/bin,usr/sbin,usr/local/bin,lib,lib64,etc,proc,sys,dev,tmp,root,mnt,run,vm,var/cache/deno,mysysdig}
	chmod 1777 "$BROOT/tmp"
	cp "$BUSYBOX" "$BROOT/bin/busybox"
	# Applet links made here rather than by 'busybox --install' in the guest:
	# the guest's init then starts with a complete PATH.
	/bin/busybox --list-full | while read -r app; do
		[[ -e $BROOT/$app ]] || ln -s /bin/busybox "$BROOT/$app"
	done
	for l in "${LIBS[@]}"; do
		g=${l#"$LIB_ROOT"}
		# A merged-/usr layout puts them under /usr/lib; the guest looks in /lib.
		g=${g#/usr}
		mkdir -p "$BROOT$(dirname "$g")"
		cp -L "$l" "$BROOT$g"
	done
	[[ -e $BROOT$LDSO ]] || die "the dynamic loader $LDSO was not among Deno's libraries"
	cp "$DENO_BIN" "$BROOT/usr/bin/deno"
	cp "$VM_DIR/init" "$BROOT/init"
	cp "$VM_DIR/launcher" "$BROOT/usr/bin/mysysdig"
	chmod 755 "$BROOT/init" "$BROOT/usr/bin/mysysdig" "$BROOT/usr/bin/deno"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$BROOT/etc/passwd"
	printf 'root:x:0:\n' >"$BROOT/etc/group"
	printf '127.0.0.1 localhost mysysdig-vm\n::1 localhost\n' >"$BROOT/etc/hosts"
	pack "$BROOT" "$BASE"
	printf '%s\n' "$BASE_MANIFEST" >"$BASE.manifest"
fi

# ---- kernel modules for the channels --------------------------------------

# shellcheck disable=SC1090
. <("$VM_DIR/kernel.sh" "$ARCH" "$KSERIES" 2>/dev/null) || die "vm/kernel.sh $ARCH $KSERIES failed"
MODDIR=$SERIES_CACHE/image/lib/modules/$KREL
# trixie's packages put them under /usr (merged /usr).
[[ -d $MODDIR ]] || MODDIR=$SERIES_CACHE/image/usr/lib/modules/$KREL
declare -A MOD_SEEN=()
MOD_FILES=() # in load order, dependencies first

# add_module NAME: NAME and what it depends on, unless built in.
add_module() {
	local m=$1 f deps d
	[[ -z ${MOD_SEEN[$m]:-} ]] || return 0
	MOD_SEEN[$m]=1
	if grep -Eq "/${m//_/[-_]}\.ko\$" "$MODDIR/modules.builtin" 2>/dev/null; then
		return 0
	fi
	f=$(find "$MODDIR/kernel" -regextype posix-extended \
		-regex ".*/${m//_/[-_]}\.ko(\.xz|\.zst)?" -print -quit 2>/dev/null)
	[[ -n $f ]] || die "module $m is neither built into $KREL nor in $MODDIR"
	deps=$(modinfo -F depends "$f") || die "modinfo $f failed"
	for d in ${deps//,/ }; do add_module "$d"; done
	MOD_FILES+=("$f")
}
need_cmd modinfo kmod
for m in $CHAN_MODULES; do add_module "$m"; done

# stage_modules ROOT: the channel modules in ROOT/lib/modules/vm, with the
# order /init loads them in (busybox insmod takes plain .ko files only).
stage_modules() {
	local f n d=$1/lib/modules/vm
	mkdir -p "$d"
	: >"$d/order"
	for f in "${MOD_FILES[@]}"; do
		n=$(basename "$f")
		case $f in
		*.xz) need_cmd xz xz-utils && xz -dc "$f" >"$d/${n%.xz}" ;;
		*.zst) need_cmd zstd zstd && zstd -qdc "$f" >"$d/${n%.zst}" ;;
		*) cp "$f" "$d/$n" ;;
		esac
		echo "${n%%.ko*}" >>"$d/order"
	done
}

# ---- bare guest (VM_BARE=1) -------------------------------------------------

# What a user's board has: busybox and glibc, nothing of ours, no Deno. The
# test of the release artefacts (tests/dist_test.ts) copies them in with
# VM_ADD, as a user would with scp. Two archives, like the normal guest's:
# .cache/vm/ARCH/bare.cpio (base less Deno, the launcher and the Deno cache)
# and .cache/vm/ARCH-KSERIES/bare-modules.cpio (the channel modules).
if [[ ${VM_BARE:-0} == 1 ]]; then
	BARE=$ARCH_CACHE/bare.cpio
	if ! up_to_date "$BARE" "$BASE_MANIFEST"; then
		log "building $BARE"
		BR=$ARCH_CACHE/bare-root
		rm -rf "$BR"
		cp -a "$BROOT" "$BR"
		rm -rf "$BR/usr/bin/deno" "$BR/usr/bin/mysysdig" "$BR/var/cache/deno" "$BR/mysysdig"
		pack "$BR" "$BARE"
		rm -rf "$BR"
		printf '%s\n' "$BASE_MANIFEST" >"$BARE.manifest"
	fi
	BMODS=$SERIES_CACHE/bare-modules.cpio
	BMODS_MANIFEST=$(manifest "${MOD_FILES[@]}")
	if ! up_to_date "$BMODS" "$BMODS_MANIFEST"; then
		BM=$SERIES_CACHE/bare-modules-root
		rm -rf "$BM"
		stage_modules "$BM"
		pack "$BM" "$BMODS"
		rm -rf "$BM"
		printf '%s\n' "$BMODS_MANIFEST" >"$BMODS.manifest"
	fi
	echo "$BARE"
	echo "$BMODS"
	exit 0
fi

# ---- project archive ------------------------------------------------------

PROJECT_PATHS=()
for p in mod.ts cli.ts deno.json deno.jsonc deno.lock package.json src tests bench kmod ffi vm/vm.ts vm/log-patterns.txt; do
	[[ -e $ROOT/$p ]] && PROJECT_PATHS+=("$ROOT/$p")
done
# Built objects come from vm/build.sh's directory: the tree itself for the
# host's architecture, a cross build in the cache for another.
B=$(vm_build_dir "$ARCH" "$KSERIES")
PROJ=$SERIES_CACHE/project.cpio
PROJ_MANIFEST=$(
	manifest "${PROJECT_PATHS[@]}" | grep -Ev '/kmod/.*\.(o|c|h|cmd|mod|symvers|order)|/kmod/\.|/ffi/.*\.(o|c|h)'
	[[ $B == "$ROOT" ]] || manifest "$B/kmod" "$B/ffi" "$B/tests/progs" | grep -E '\.(ko|so)|/tests/progs/[^.]+ '
	manifest "$BASE"
	manifest "${MOD_FILES[@]}"
)
if ! up_to_date "$PROJ" "$PROJ_MANIFEST"; then
	log "building $PROJ"
	STAGE=$SERIES_CACHE/project-root
	rm -rf "$STAGE"
	mkdir -p "$STAGE/mysysdig" "$STAGE/var/cache/deno" "$STAGE/root"
	for p in mod.ts cli.ts deno.json deno.jsonc deno.lock package.json src tests bench; do
		[[ -e $ROOT/$p ]] && cp -a "$ROOT/$p" "$STAGE/mysysdig/"
	done
	# Only what runs in the guest from kmod/ and ffi/: the built objects
	# (and the ABI header, which an ABI test may read).
	mkdir -p "$STAGE/mysysdig/kmod" "$STAGE/mysysdig/ffi"
	for f in "$B"/kmod/*.ko "$ROOT"/kmod/*_abi.h "$B"/ffi/*.so; do
		[[ -e $f ]] && cp -a "$f" "$STAGE/mysysdig/${f#"${f%/*/*}"/}"
	done
	if [[ -z $NATIVE ]]; then
		# The tree's test programs are the host's; the cross-built ones replace them.
		for f in "$B"/tests/progs/*; do
			[[ -x $f && ! -d $f ]] && cp -a "$f" "$STAGE/mysysdig/tests/progs/"
		done
	fi
	rm -rf "$STAGE/mysysdig/tests/.cache"
	stage_modules "$STAGE"
	# tests/vm_harness_test.ts imports vm/vm.ts, which reads the patterns.
	mkdir -p "$STAGE/mysysdig/vm"
	cp -a "$ROOT"/vm/*.ts "$ROOT/vm/log-patterns.txt" "$STAGE/mysysdig/vm/" 2>/dev/null || true

	# Warm the Deno cache inside a chroot of the guest's own file layout, so
	# the cached transpiles and V8 code caches are keyed by the same absolute
	# paths the guest uses. The warm-up runs the same commands the guest will:
	# the CLI's --help, and deno test with a filter matching no test (loads
	# and evaluates every test module, runs none).
	if [[ -n $NATIVE ]]; then
		WARM=$SERIES_CACHE/warm-root
		rm -rf "$WARM"
		cp -al "$BROOT" "$WARM"
		rm -rf "$WARM/mysysdig"
		cp -a "$STAGE/mysysdig" "$WARM/mysysdig"
		warm_cmds='
			export HOME=/root DENO_DIR=/var/cache/deno DENO_NO_UPDATE_CHECK=1 NO_COLOR=1 PATH=/usr/bin:/bin
			cd /mysysdig
			if [ -f cli.ts ]; then /usr/bin/mysysdig --help >/dev/null 2>&1 || true; fi
			if [ -d tests ]; then
				deno test -A --no-check --config /mysysdig/deno.json --filter=__vm_warm_matches_no_test__ tests/ >/dev/null 2>&1 || true
			fi'
		if ! timeout 300 unshare --mount --fork bash -c '
			set -e
			mount --make-rprivate /
			mount -t proc proc "$1/proc"
			mount --rbind /dev "$1/dev"
			mount -t tmpfs tmpfs "$1/tmp"
			chroot "$1" /bin/sh -c "$2"' _ "$WARM" "$warm_cmds"; then
			log "warning: warming the Deno cache failed; the guest will transpile at first use"
		fi
		cp -a "$WARM/var/cache/deno/." "$STAGE/var/cache/deno/"
		rm -rf "$WARM"
	else
		log "note: no warm Deno cache for a $ARCH guest (its Deno cannot run on this host)"
	fi
	pack "$STAGE" "$PROJ"
	printf '%s\n' "$PROJ_MANIFEST" >"$PROJ.manifest"
fi

echo "$BASE"
echo "$PROJ"
