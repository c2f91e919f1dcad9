# scripts/lib/packages.sh — the one list of Debian packages chameleon needs,
# and the function that installs whatever is missing.  Sourced by
# scripts/test, scripts/demo and scripts/bench.

CHM_PACKAGES_BUILD="gcc make autoconf automake pkg-config ragel lemon
	libmariadb-dev libpq-dev libjson-c-dev libyaml-dev libzstd-dev zlib1g-dev"
CHM_PACKAGES_SERVERS="mariadb-server mariadb-client postgresql-15 postgresql-client-15"
CHM_PACKAGES_TOOLS="iproute2 procps gdb openssl debootstrap"

# chm_install_packages [extra packages...]: installs what is missing.
# apt-get update runs once, and only when something is missing.
chm_install_packages() {
	local missing=() p
	for p in $CHM_PACKAGES_BUILD $CHM_PACKAGES_SERVERS $CHM_PACKAGES_TOOLS "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages: ${missing[*]} (run as root, or install them)" >&2
		return 1
	fi
	echo "installing: ${missing[*]}" >&2
	# Debian's packaging starts servers on install unless told not to: we
	# never want the system's own MariaDB or PostgreSQL running.
	local rc_policy=/usr/sbin/policy-rc.d made_policy=
	if [ ! -e "$rc_policy" ]; then
		printf '#!/bin/sh\nexit 101\n' > "$rc_policy" && chmod +x "$rc_policy" && made_policy=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
	local rc=$?
	[ -n "$made_policy" ] && rm -f "$rc_policy"
	return $rc
}

# chm_build DIR [configure options...]: configures and builds in DIR
# (out of tree), the unit-test programs included.
chm_build() {
	local dir=$1; shift
	local top; top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
		[ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		(cd "$top" && autoreconf -fi) >&2 || return 1
	fi
	mkdir -p "$dir" || return 1
	(
		cd "$dir" || exit 1
		if [ ! -f Makefile ] || [ "$(cat .configure-args 2>/dev/null)" != "$*" ]; then
			"$top/configure" -q "$@" >&2 || exit 1
			echo "$*" > .configure-args
		fi
		make -j"$(nproc)" >&2 && make -j"$(nproc)" check TESTS= >&2
	)
}
