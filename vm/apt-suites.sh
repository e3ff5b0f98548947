#!/usr/bin/env bash
# vm/apt-suites.sh [SUITE...]
# Makes the Debian suites that carry the guest kernels of other series
# (bullseye: 5.10, trixie: 6.12) known to apt, without letting them touch
# this machine's own packages:
#   /etc/apt/sources.list.d/mysysdig-kernels.sources  the suites, main only
#   /etc/apt/preferences.d/mysysdig-kernels           Pin-Priority 1 for them
# Priority 1 means apt never picks a version from them for an upgrade or a
# dependency when this release has one; vm/kernel.sh only ever downloads and
# unpacks kernel and header packages from them (never installs). Idempotent;
# runs apt-get update only when it changed something. Default: both suites.
set -euo pipefail

SUITES=("$@")
[[ ${#SUITES[@]} -gt 0 ]] || SUITES=(bullseye trixie)
HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

SRC=/etc/apt/sources.list.d/mysysdig-kernels.sources
PREF=/etc/apt/preferences.d/mysysdig-kernels

want=()
for s in "${SUITES[@]}"; do
	[[ $s == "$HOST_SUITE" ]] || want+=("$s")
done
[[ ${#want[@]} -gt 0 ]] || exit 0

# Keep suites an earlier run added.
have=()
if [[ -f $SRC ]]; then
	read -r -a have < <(sed -n 's/^Suites: *//p' "$SRC" | head -n1)
fi
all=$(printf '%s\n' "${have[@]}" "${want[@]}" | awk 'NF && !seen[$0]++' | LC_ALL=C sort | tr '\n' ' ')
all=${all% }

new_src=$(
	cat <<EOF
# Added by mysysdig's vm/apt-suites.sh: Debian kernels of other series for
# the test guests. Pinned to priority 1 in $PREF.
Types: deb
URIs: http://deb.debian.org/debian
Suites: $all
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
)
new_pref=$(
	echo "# Added by mysysdig's vm/apt-suites.sh: never upgrade this machine from these suites."
	for s in $all; do
		printf '\nPackage: *\nPin: release n=%s\nPin-Priority: 1\n' "$s"
	done
)

changed=""
if [[ ! -f $PREF || "$(cat "$PREF")" != "$new_pref" ]]; then
	printf '%s\n' "$new_pref" >"$PREF"
	changed=1
fi
if [[ ! -f $SRC || "$(cat "$SRC")" != "$new_src" ]]; then
	printf '%s\n' "$new_src" >"$SRC"
	changed=1
fi
if [[ -n $changed ]]; then
	echo "vm/apt-suites.sh: added Debian suites $all to apt (pinned to priority 1); apt-get update" >&2
	apt-get update -qq >&2
fi
