# tests/integration/lib.sh — TAP helpers and lab clients for the bash tests.
# Sourced; expects the exports of scripts/lab and $CHAMELEON (scripts/test
# sets both).

tap_n=0
tap_failed=0

ok() { # ok CONDITION-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		tap_failed=$((tap_failed + 1))
		echo "not ok $tap_n - $2"
	fi
}

is() { # is GOT WANT DESCRIPTION
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:  %s\n#   want: %s\n' "$1" "$2"
	fi
}

skip() { # skip DESCRIPTION REASON
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

done_testing() {
	echo "1..$tap_n"
	[ "$tap_failed" -eq 0 ]
}

need_lab() {
	if [ -z "${CHM_PG_PORT:-}" ] || [ -z "${CHM_MY_PORT:-}" ]; then
		echo "1..0 # SKIP no lab: run through scripts/test or eval \"\$(scripts/lab start)\""
		exit 0
	fi
}

# my SQL...: runs SQL on the lab MariaDB as the admin user, tab-separated output.
my() {
	mariadb --no-defaults -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" \
		--batch --skip-column-names "$@"
}

# pg SQL...: runs psql on the lab PostgreSQL, unaligned tab-separated output.
pg() {
	psql -X -q -v ON_ERROR_STOP=1 -A -t -F $'\t' "$@"
}

: "${CHAMELEON:?CHAMELEON must name the chameleon binary}"
: "${CHM_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
