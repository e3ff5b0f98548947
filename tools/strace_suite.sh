#!/usr/bin/env bash
# tools/strace_suite.sh [score]: how much of strace's own test suite mysysdig reproduces.
#
# strace's tests are C programs that make known calls and print, on their
# standard output, the lines strace must print for them; the suite diffs the
# two. This runs the same programs under mysysdig instead, in an x86_64 guest
# (Debian 6.1, the module loaded), and scores the share of the programs'
# expected lines that mysysdig's text output reproduces exactly, apart from
# its line prefix and duration (tools/strace_suite.ts).
#
#   1. fetches strace 6.1's release (Debian's orig tarball, the strace the
#      guests' Debian has) into .cache/strace-suite, configures it and builds
#      the tests that compare with a plain diff (run_strace_match_diff,
#      about 600 programs);
#   2. stages them with a driver (one mysysdig run per set of output flags:
#      -s, -x/-xx, -y/-yy, -v, -X, -e read=/write=; every test of a set under one `sh`), boots the
#      guest with VM_ADD and brings the trace logs and the expected outputs
#      back as a base64 tar on the guest's standard output. Every run has
#      --blocking-timeout, as strace loses nothing: a test that makes calls
#      faster than the guest's consumer formats them (printstrn-umoven: 98k
#      add_key calls of up to 4 KiB) runs at the consumer's pace instead of
#      losing lines to full rings;
#   3. scores them: `tools/strace_suite.sh score` re-scores the last run.
#
# A development tool, not part of `make test`: it takes about 10 minutes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
W=$ROOT/.cache/strace-suite
V=6.1
SRC=$W/strace-$V
DENO=${DENO:-$(command -v deno || echo "$ROOT/.deps/node_modules/@deno/linux-x64-glibc/deno")}

score() { "$DENO" run -A "$ROOT/tools/strace_suite.ts" "$W" "$@"; }
if [[ ${1:-} == score ]]; then
	shift
	score "$@"
	exit
fi

mkdir -p "$W"
if [[ ! -x $SRC/configure ]]; then
	curl -fsS -o "$W/strace_$V.orig.tar.xz" "http://deb.debian.org/debian/pool/main/s/strace/strace_$V.orig.tar.xz"
	tar -C "$W" -xf "$W/strace_$V.orig.tar.xz"
fi
if [[ ! -f $SRC/tests/Makefile ]]; then
	(cd "$SRC" && ./configure --enable-mpers=no --disable-gcc-Werror >"$W/configure.log" 2>&1) ||
		{ tail "$W/configure.log"; exit 1; }
fi

# name|strace arguments of every test that diffs strace's output with the program's
LIST=$W/list.txt
for f in "$SRC"/tests/*.gen.test; do
	a=$(sed -n 's/^run_strace_match_diff *//p' "$f")
	[[ -n $a ]] || grep -q '^run_strace_match_diff$' "$f" || continue
	n=$(basename "$f" .gen.test)
	echo "$n|$a"
done >"$LIST"
make -C "$SRC/tests" -s scno.h ksysent.h >/dev/null
make -C "$SRC/tests" -s -k -j"$(nproc)" $(cut -d'|' -f1 "$LIST") >"$W/build.log" 2>&1 || true

ADD=$W/add
rm -rf "$ADD"
mkdir -p "$ADD/bin"
# groups: one line per test, "KEY|NAME|PROGARGS|REDIRS", KEY the mysysdig flags
: >"$ADD/tests.txt"
while IFS='|' read -r n a; do
	[[ -x $SRC/tests/$n ]] || continue
	cp "$SRC/tests/$n" "$ADD/bin/"
	NAME=$n
	# the redirections (9>>/dev/full) are the test's, not eval's: escape them
	a=${a//>/\\>}
	a=${a//</\\<}
	eval "set -- $a"
	s="" x="" y="" v="" X="" d="" pa="" rd=""
	while [[ $# -gt 0 ]]; do
		case $1 in
		-s) s="-s $2"; shift ;;
		-s[0-9]*) s="-s ${1#-s}" ;;
		-x | -xx | --strings-in-hex*) x=$1 ;;
		-y | -yy) y=$1 ;;
		-v | --no-abbrev) v=-v ;;
		-n) d="$d -n" ;;
		-X) [[ $2 == abbrev ]] || X="-X$2"; shift ;;
		-Xraw | -Xverbose) X=$1 ;;
		-eread=* | -ewrite=*) d="$d -e ${1#-e}" ;;
		-e) case $2 in read=* | write=* | decode-fd=* | decode-fds=*) d="$d -e $2" ;; esac; shift ;;
		--decode-fds | --decode-fds=*) d="$d $1" ;;
		QUIRK:PROG-ARGS:*) pa=${1#QUIRK:PROG-ARGS:} ;;
		[0-9]\>* | [0-9]\<* | \<*) rd="$rd $1" ;;
		esac
		shift
	done
	# strace's default -s is 32, mysysdig's 80: say strace's
	[[ -n $s ]] || s="-s 32"
	# (printf, not echo: echo would take the -e of -e read= as its own option)
	k=$(printf '%s ' $s $x $y $v $X $d)
	k=${k% }
	echo "${k:-none}|$n|$pa|$rd" >>"$ADD/tests.txt"
done <"$LIST"
cp "$SRC"/tests/*.sample "$ADD/" 2>/dev/null || true

cat >"$ADD/run.sh" <<'EOF'
#!/bin/sh
# The guest's half of tools/strace_suite.sh: one mysysdig run per flag set.
A=/mnt/add
O=/tmp/ss
mkdir -p $O/exp $O/rc $O/log $O/d
cut -d'|' -f1 $A/tests.txt | sort -u >$O/keys
i=0
while read -r key; do
	i=$((i + 1))
	g=$O/g$i.sh
	echo "key g$i: $key" >&2
	echo "$key" >$O/log/g$i.key
	: >$g
	grep -F -e "$key|" $A/tests.txt | while IFS='|' read -r k n pa rd; do
		[ "$k" = "$key" ] || continue
		in="</dev/null"
		case "$rd" in *"<"*) in="" ;; esac
		echo "mkdir -p $O/d/$n && cd $O/d/$n && cp $A/*.sample . 2>/dev/null; timeout 300 $A/bin/$n $pa $in $rd >$O/exp/$n 2>/dev/null; echo \$? >$O/rc/$n" >>$g
	done
	flags=$key
	[ "$key" = none ] && flags=""
	mysysdig -q $flags --buffer-size 65536 --blocking-timeout 10000 -o $O/log/g$i.log -- sh $g 2>$O/log/g$i.err
done <$O/keys
cd $O && tar czf - exp rc log | base64
EOF
chmod +x "$ADD/run.sh"

echo "strace_suite: $(wc -l <"$ADD/tests.txt") tests in $(cut -d'|' -f1 "$ADD/tests.txt" | sort -u | wc -l) flag sets; booting the guest" >&2
[[ -z ${STRACE_SUITE_STAGE_ONLY:-} ]] || exit 0
cd "$ROOT"
VM_ADD=$ADD VM_ARCH=x86_64 KSERIES=6.1 VM_TIMEOUT=${VM_TIMEOUT:-1800} VM_TCG_THREAD=single \
	vm/run.sh "sh /mnt/add/run.sh" >"$W/out.b64" || echo "strace_suite: vm/run.sh exited $?" >&2
rm -rf "$W/out"
mkdir -p "$W/out"
base64 -d <"$W/out.b64" | tar -C "$W/out" -xzf -
score "$@"
