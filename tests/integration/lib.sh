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

# wait_exit PID [SECONDS]: the exit status of PID, a child of this shell.
# A process still running after SECONDS (default 60) is a hang: its threads'
# stacks are printed as TAP comments (gdb), it is killed, and the status is
# 124.  Tests never wait for a program of ours without a limit.
wait_exit() {
	local pid=$1 limit=${2:-60} i state
	for ((i = 0; i < limit * 10; i++)); do
		state=$(sed 's/^.*) //' "/proc/$pid/stat" 2> /dev/null | cut -c1)
		[ -z "$state" ] || [ "$state" = Z ] && break
		sleep 0.1
	done
	if [ -n "$state" ] && [ "$state" != Z ]; then
		echo "# process $pid ($(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null | cut -c1-120)) still running after ${limit} s"
		if command -v gdb > /dev/null; then
			gdb -q -batch -p "$pid" -ex "thread apply all bt" 2>&1 | grep -E '^(Thread|#)' | head -150 | sed 's/^/#   /'
		fi
		kill -9 "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		return 124
	fi
	wait "$pid"
}

# my SQL...: runs SQL on the lab MariaDB as the admin user, tab-separated output.
my() {
	mariadb --no-defaults -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" \
		--batch --skip-column-names "$@"
}

# my_master_status: the source's binlog file and position (and, on MariaDB,
# nothing more), whatever the flavour calls the statement
my_master_status() {
	if [ "${CHM_MY_FLAVOUR:-mariadb}" = mysql97 ]; then
		my -e "SHOW BINARY LOG STATUS"
	else
		my -e "SHOW MASTER STATUS"
	fi
}

# my_seq N: a derived table of the integers 1 to N in column seq, for
# "FROM $(my_seq N)" on every flavour.  MariaDB's seq_1_to_N tables come
# from its sequence engine, which MySQL lacks; a recursive CTE stops at a
# depth limit each flavour names differently.  This is a cross join of
# one 0-9 table per decimal digit of N - 1: no limit, no session setting.
my_seq() {
	local n=$1 digits="(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
		UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)"
	local sum=1 from= k=0 w=1
	while [ "$w" -lt "$n" ] || [ "$k" -eq 0 ]; do
		sum="$sum + $w * d$k.d"
		from="$from${from:+ CROSS JOIN }$digits AS d$k"
		w=$((w * 10)) k=$((k + 1))
	done
	echo "(SELECT $sum AS seq FROM $from WHERE $sum <= $n) AS seq_1_to_$n"
}

# my_conn_id: the id of a new MariaDB connection; every later one has a
# larger id.
my_conn_id() {
	my -e "SELECT CONNECTION_ID()"
}

# kill_binlog_dumps AFTER: kills the binlog dump thread of a reader that
# connected after connection AFTER (my_conn_id), waiting up to 10 s for it
# to be there, and every older dump thread with it (a stopped reader's can
# linger).  Status 1 when no such reader connected.
kill_binlog_dumps() {
	local after=$1 i id found=
	for i in $(seq 1 100); do
		[ "$(my -e "SELECT count(*) FROM information_schema.PROCESSLIST
			WHERE COMMAND LIKE 'Binlog Dump%' AND ID > $after")" -gt 0 ] && found=1 && break
		sleep 0.1
	done
	for id in $(my -e "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'"); do
		my -e "KILL $id" 2> /dev/null
	done
	[ -n "$found" ]
}

# pg SQL...: runs psql on the lab PostgreSQL, unaligned tab-separated output.
pg() {
	psql -X -q -v ON_ERROR_STOP=1 -A -t -F $'\t' "$@"
}

: "${CHAMELEON:?CHAMELEON must name the chameleon binary}"
: "${CHM_TOP:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
