#!/bin/sh
# mysysdig, offline bundle: the tracer (mysysdig.js) run by the Deno binary
# beside it, which finds the FFI shim (libmysysdig.so) beside itself too.
# Needs glibc and the kernel module (insmod my_sysdig.ko), nothing else.
# (tools/dist.sh copies this file into each bundle.)
here=$(dirname "$(readlink -f "$0")")
uid=$(id -u)

# Deno keeps its code cache in DENO_DIR and runs what it finds there. For a
# tool run as root, a cache that another user can write to (or swap, through
# any directory above it) would be a way to run their code as root: so the
# cache is a directory of this user's that nobody else can write to, and every
# directory above it belongs to this user or root and is not writable by
# others, unless sticky (as /tmp is).
perm_ok() { # DIR OWNER...: DIR is owned by one of OWNER and not writable by others
	[ -d "$1" ] && [ ! -L "$1" ] || return 1
	d=$1
	shift
	set -- "$(stat -c '%u %a' "$d" 2>/dev/null)" "$@"
	o=${1% *}
	m=${1#* }
	shift
	for w in "$@"; do
		if [ "$o" = "$w" ]; then
			[ $((0$m & 022)) -eq 0 ] || [ $((0$m & 01000)) -ne 0 ]
			return
		fi
	done
	return 1
}
chain_ok() { # DIR: DIR, if it exists, and every directory above it pass perm_ok for this user or root
	case $1 in /*) ;; *) return 1 ;; esac
	p=$1
	while :; do
		if [ -e "$p" ] || [ -L "$p" ]; then
			perm_ok "$p" "$uid" 0 || return 1
		fi
		[ "$p" = / ] && return 0
		p=$(dirname "$p")
	done
}
use_dir() { # DIR: make DIR this user's private cache, if that is safe
	chain_ok "$(dirname "$1")" || return 1
	mkdir -p -m 700 "$1" 2>/dev/null
	perm_ok "$1" "$uid" && [ $((0$(stat -c %a "$1") & 022)) -eq 0 ]
}
if [ -z "$DENO_DIR" ]; then
	tmp=${TMPDIR:-/tmp}
	for d in "${XDG_CACHE_HOME:-${HOME:-/nonexistent}/.cache}/mysysdig" "$tmp/mysysdig-deno-$uid"; do
		if use_dir "$d"; then
			DENO_DIR=$d
			break
		fi
	done
	if [ -z "$DENO_DIR" ]; then
		DENO_DIR=$(mktemp -d "$tmp/mysysdig-deno.XXXXXX") || {
			echo "mysysdig: no private directory for Deno's code cache: set DENO_DIR" >&2
			exit 1
		}
	fi
fi
export DENO_DIR DENO_NO_UPDATE_CHECK=1 DENO_NO_PROMPT=1
# V8 flags: --max-semi-space-size=4, V8's young generation at 4 MiB a half: the CLI's garbage is
# short-lived strings, and a small nursery keeps peak RSS down (guest, 300k syscalls: text 72-75
# MiB instead of 98-100). --smi-string-cache-size=512 and --double-string-cache-size=512: V8
# caches the string of every number it formats (8192 and 4096 entries by default); each scavenge
# promotes the cached strings to the old generation, which grew by ~0.7 MB per scavenge in text
# and JSON output until a full GC (host, tracefs, 4M events to text: peak RSS 197-225 MiB with the
# default caches, 76 MiB with these, for the same CPU).
# --max-old-space-size=64: the heap the CLI keeps is per-thread state (10-20 MiB in the traces
# measured); the cap makes V8 collect before its old generation grows past 64 MiB (it grew to 72
# MiB while draining a large backlog at the end of a trace) rather than growing RSS.
exec "$here/deno" run -A --no-config --no-lock --no-check --quiet \
	--v8-flags=--max-semi-space-size=4,--smi-string-cache-size=512,--double-string-cache-size=512,--max-old-space-size=64 "$here/mysysdig.js" "$@"
