#!/bin/bash
# bench/release.sh: the single-file release (make dist, tools/dist.sh): the
# size of dist/mysysdig-ARCH for each architecture, and on this host, for its
# own architecture, the start-up of `mysysdig --version`: the first run (which
# unpacks Deno, the program and the shim into an empty cache) and a later one
# (which checks the unpacked files' hashes), next to the folder bundle's
# launcher and ./mysysdig from the tree. bench/run.sh runs it; alone:
#
#   bench/release.sh >>bench/results.txt    (ROUNDS=5)
#
# Prints "R release ARCH 0 bytes=... launcher=... deno_zst=..." and
# "R rstart CONFIG ROUND ms=..." lines, and "M release_* ..." lines.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
TMP=$(mktemp -d /tmp/msdbench-release.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
. vm/arch.sh
HOST=$(vm_host_arch)

echo "M release_date $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "M release_commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- tools cli.ts src ffi 2>/dev/null || echo ' (with uncommitted changes)')"
echo "M release_load $(cut -d' ' -f1-3 /proc/loadavg)"
DIST_DIR=$TMP/dist tools/dist.sh --no-tar x86_64 aarch64 >&2 2>"$TMP/dist.log" || {
	cat "$TMP/dist.log" >&2
	exit 1
}
for a in x86_64 aarch64; do
	line=$(grep "^[0-9]* mysysdig-$a (one file" "$TMP/dist/SIZES.txt")
	echo "R release $a 0 bytes=${line%% *} launcher=$(echo "$line" | sed 's/.*launcher \([0-9]*\).*/\1/') deno_zst=$(echo "$line" | sed 's/.*deno.zst \([0-9]*\).*/\1/') unpacked=$(du -sb "$TMP/dist/mysysdig-$a-bundle" | cut -f1)"
done

ms() { echo $(($(date +%s%N) / 1000000)); }
EXE=$TMP/dist/mysysdig-$HOST
for r in $(seq 1 "$ROUNDS"); do
	rm -rf "$TMP/cache"
	t0=$(ms)
	MYSYSDIG_CACHE=$TMP/cache "$EXE" --version >/dev/null
	t1=$(ms)
	MYSYSDIG_CACHE=$TMP/cache "$EXE" --version >/dev/null
	t2=$(ms)
	DENO_DIR=$TMP/denodir "$TMP/dist/mysysdig-$HOST-bundle/mysysdig" --version >/dev/null
	t3=$(ms)
	./mysysdig --version >/dev/null
	t4=$(ms)
	echo "R rstart first $r ms=$((t1 - t0))"
	echo "R rstart later $r ms=$((t2 - t1))"
	echo "R rstart bundle $r ms=$((t3 - t2))"
	echo "R rstart tree $r ms=$((t4 - t3))"
done
echo "M release_host_arch $HOST"
