# bench/lib.sh — the source flavour of a benchmark (sourced by bench/cdc,
# bench/snapshot and bench/read), and the lab clients of the tests
# (tests/integration/lib.sh: my_master_status, my_seq).  Not a benchmark.
#
#   bench_flavours SCRIPT LIST ARGS...  LIST names several flavours
#                       (comma-separated): runs SCRIPT ARGS -f F for each F,
#                       one after the other, each with its own figures
#                       and ratios against its own reference, then prints
#                       the figures side by side; exits with the worst status
#   bench_lab FLAVOUR   uses the exported lab (scripts/lab) when it is of
#                       FLAVOUR, else starts a private one of FLAVOUR and
#                       exports it; bench_lab_stop stops that one
#   bench_figure LABEL VALUE  one figure for the side-by-side table

: "${CHAMELEON:=${CHM:-chameleon}}"
. "$(dirname "${BASH_SOURCE[0]}")/../tests/integration/lib.sh"

bench_labdir=

bench_flavours() {
	local script=$1 list=${2//,/ } f out rc=0 label
	shift 2
	out=$(mktemp -d /tmp/chm-bench-flavours.XXXXXX)
	for f in $list; do
		echo "=== $(basename "$script") on $f" >&2
		# (the last -f wins: this one, not the list)
		BENCH_FIGURES=$out/$f "$script" "$@" -f "$f" || rc=1
		touch "$out/$f"
	done
	printf '\n%-52s' "side by side (same run)"
	for f in $list; do printf ' %14s' "$f"; done
	echo
	for f in $list; do cut -f1 "$out/$f"; done | awk '!seen[$0]++' | while IFS= read -r label; do
		printf '%-52s' "$label"
		for f in $list; do
			printf ' %14s' "$(awk -F'\t' -v l="$label" '$1 == l { v = $2 } END { print (v == "" ? "-" : v) }' "$out/$f")"
		done
		echo
	done
	rm -rf "$out"
	exit $rc
}

bench_lab() {
	local flavour=$1 top
	top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
	if [ -n "${CHM_MY_PORT:-}" ] && [ -n "${CHM_PG_PORT:-}" ] && [ "${CHM_MY_FLAVOUR:-mariadb}" = "$flavour" ]; then
		return 0
	fi
	bench_labdir=$(mktemp -d /tmp/chm-bench-lab.XXXXXX)
	rmdir "$bench_labdir"
	local env
	env=$("$top/scripts/lab" -d "$bench_labdir" -f "$flavour" start) || { bench_labdir=; return 1; }
	eval "$env"
}

bench_lab_stop() {
	[ -z "$bench_labdir" ] && return 0
	"$(dirname "${BASH_SOURCE[0]}")/../scripts/lab" -d "$bench_labdir" stop > /dev/null 2>&1
	bench_labdir=
}

bench_figure() {
	[ -z "${BENCH_FIGURES:-}" ] || printf '%s\t%s\n' "$1" "$2" >> "$BENCH_FIGURES"
}
