#!/bin/bash
# bench/guest_add.sh DIR: fills DIR with what the guest benchmarks need and
# the busybox/glibc guest lacks: nginx, ab and strace with their shared
# libraries (found with ldd), the getppid loop, an nginx configuration and a
# page of 32 KiB. DIR is handed to vm/run.sh as VM_ADD (/mnt/add in the guest).
# Installs nginx, apache2-utils and strace on the host when they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:?usage: bench/guest_add.sh DIR}
need=()
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v ab >/dev/null || need+=(apache2-utils)
command -v strace >/dev/null || need+=(strace)
if [ ${#need[@]} -gt 0 ]; then
	echo "bench: installing ${need[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >&2
fi
mkdir -p "$D/bin" "$D/lib" "$D/html"
for b in /usr/sbin/nginx "$(command -v ab)" "$(command -v strace)"; do
	cp -L "$b" "$D/bin/"
	# glibc itself is in the guest already (the same build as the host's)
	ldd "$b" | awk '/=> \//{print $3}' | grep -Ev '/(libc|libm|libdl|libpthread|librt)\.so' |
		while read -r l; do cp -Ln "$l" "$D/lib/"; done
done
for p in loop rate stamp pump; do cc -O2 -Wall -o "$D/bin/$p" "bench/$p.c"; done
cp bench/nginx.conf "$D/nginx.conf"
# A page of about 32 KB, "complex" enough to be an ordinary HTML page.
{
	echo '<!DOCTYPE html><html><head><title>mysysdig bench</title></head><body>'
	i=0
	while :; do
		printf '<div class="row" id="r%05d"><h2>Section %d</h2><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p></div>\n' "$i" "$i"
		i=$((i + 1))
		[ $i -lt 190 ] || break
	done
	echo '</body></html>'
} >"$D/html/index.html"
truncate -s 32768 "$D/html/index.html"
