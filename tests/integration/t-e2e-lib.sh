# tests/integration/t-e2e-lib.sh — shared by the end-to-end tests t-e2e-*.
# Sourced (not executable, so scripts/test does not run it).  Each test gets
# its own PostgreSQL database (chm_e2e_NAME_PID), its own configuration file
# and temporary directory, and names its own MariaDB databases; e2e_cleanup
# drops all of it, the replicate process included.
#
#   e2e_init NAME             database, directory ($work), traps
#   e2e_config SRC MAPPINGS... write $cfg for source SRC (MAPPINGS: "my_db:pg_schema",
#                             split at the first colon);
#                             extra YAML lines for the source in $E2E_SRC_EXTRA
#   e2e_start_replicate LOG   `chameleon replicate` in the background ($rpid)
#   e2e_stop_replicate        SIGTERM and wait: its exit status
#   e2e_caught_up [SECONDS]   show-status --json: events_waiting 0 and the
#                             read position at the source's binlog position (my_master_status)
#   e2e_compare DESC MY PG [TABLE...]  chm-compare as one test line
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_lab

E2E_COMPARE=$CHM_TOP/tests/integration/chm-compare
export PGTZ=UTC PGOPTIONS='-c client_min_messages=warning'

# the lab's my, in utf8mb4
my() {
	mariadb --no-defaults -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" \
		--default-character-set=utf8mb4 --batch --skip-column-names "$@"
}

e2e_base_db=${CHM_PG_DATABASE:-chameleon}
e2e_my_dbs=()
rpid=
e2e_bg=()

e2e_cleanup() {
	local p
	# daemons (start-replica) of this test still running: their pid files,
	# and only a process whose command line names this test's configuration
	for p in "$work"/pid/*.pid; do
		[ -f "$p" ] || continue
		p=$(cat "$p")
		tr '\0' ' ' < "/proc/$p/cmdline" 2> /dev/null | grep -qF -- "$cfg" && kill -9 "$p" 2> /dev/null
	done
	for p in "${e2e_bg[@]}"; do
		kill "$p" 2> /dev/null
	done
	if [ -n "$rpid" ]; then
		kill -9 "$rpid" 2> /dev/null
		wait "$rpid" 2> /dev/null
	fi
	for p in "${e2e_my_dbs[@]}"; do
		my -e "DROP DATABASE IF EXISTS \`${p//\`/\`\`}\`" > /dev/null 2>&1
	done
	psql -X -q -d "$e2e_base_db" -c "DROP DATABASE IF EXISTS $e2e_db WITH (FORCE)" > /dev/null 2>&1
	if [ -n "${KEEP_TMP:-}" ]; then echo "# kept $work"; else rm -rf "$work"; fi
}

e2e_init() { # e2e_init NAME
	e2e_db=chm_e2e_$1_$$
	work=$(mktemp -d "/tmp/chm-e2e-$1.XXXXXX")
	trap e2e_cleanup EXIT
	if ! psql -X -q -d "$e2e_base_db" -c "CREATE DATABASE $e2e_db" > /dev/null; then
		echo "not ok 1 - create the test database $e2e_db"
		echo "1..1"
		exit 1
	fi
	export CHM_PG_DATABASE=$e2e_db PGDATABASE=$e2e_db
	cfg=$work/chameleon.yml
}

e2e_config() { # e2e_config SRC MY:PG...
	local src=$1 m
	shift
	e2e_src=$src
	{
		cat <<- EOF
		log_level: info
		log_dest: stderr
		log_dir: '$work/log'
		pid_dir: '$work/pid'
		pg_conn:
		  host: $CHM_PG_HOST
		  port: $CHM_PG_PORT
		  user: $CHM_PG_USER
		  password: $CHM_PG_PASSWORD
		  database: $e2e_db
		sources:
		  $src:
		    type: mysql
		    db_conn:
		      host: $CHM_MY_HOST
		      port: $CHM_MY_PORT
		      user: $CHM_MY_REPL_USER
		      password: $CHM_MY_REPL_PASSWORD
		    my_server_id: $((2000 + $$ % 50000))
		    sleep_loop: 1
		EOF
		echo "    schema_mappings:"
		for m in "$@"; do # YAML single-quoted: only ' is doubled
			m=${m//\'/\'\'}
			printf "      '%s': '%s'\\n" "${m%%:*}" "${m#*:}"
		done
		[ -n "${E2E_SRC_EXTRA:-}" ] && printf '%s\n' "$E2E_SRC_EXTRA"
	} > "$cfg"
	chmod 600 "$cfg"
}

chm() { "$CHAMELEON" "$1" --config "$cfg" --source "$e2e_src" "${@:2}"; }

e2e_start_replicate() { # e2e_start_replicate LOGNAME
	"$CHAMELEON" replicate --config "$cfg" --source "$e2e_src" 2>> "$work/$1.log" &
	rpid=$!
}

e2e_stop_replicate() {
	local rc
	[ -n "$rpid" ] || return 1
	kill -TERM "$rpid" 2> /dev/null
	wait_exit "$rpid"
	rc=$?
	rpid=
	return $rc
}

# json_num JSON KEY: the value of KEY (first source) in show-status --json
json_field() {
	if command -v jq > /dev/null; then
		jq -r ".[0].$2 // empty" <<< "$1"
	else
		tr -d '\n' <<< "$1" | sed -n "s/.*\"$2\": *\"\\{0,1\\}\\([^\",}]*\\).*/\\1/p"
	fi
}

# e2e_caught_up [SECONDS]: waits until show-status --json says no event
# waits and the read position is the source's my_master_status; 1 when
# SECONDS (default 120) pass or replicate exits.
e2e_caught_up() {
	local limit=${1:-120} f p js pos waiting start=$SECONDS
	while [ $((SECONDS - start)) -lt "$limit" ]; do
		IFS=$'\t' read -r f p _ < <(my_master_status)
		js=$("$CHAMELEON" show-status --config "$cfg" --source "$e2e_src" --json 2> /dev/null)
		pos=$(json_field "$js" read_position)
		waiting=$(json_field "$js" events_waiting)
		if [ "$pos" = "$f:$p" ] && [ "$waiting" = 0 ]; then
			return 0
		fi
		if [ -n "$rpid" ] && ! kill -0 "$rpid" 2> /dev/null; then
			echo "# replicate exited early (source at $f:$p, read $pos, $waiting events waiting)"
			return 1
		fi
		sleep 0.2
	done
	echo "# not caught up in ${limit}s: source at $f:$p, read $pos, $waiting events waiting"
	return 1
}

# e2e_compare DESCRIPTION MY_SCHEMA PG_SCHEMA [TABLE...]
e2e_compare() {
	local desc=$1 rc
	shift
	"$E2E_COMPARE" "$@" > "$work/compare.out" 2>&1
	rc=$?
	ok $rc "$desc"
	sed 's/^/#   /' "$work/compare.out" | head -n 60
	return $rc
}

# sqlq STRING: a single-quoted SQL literal
sqlq() { printf "'%s'" "${1//\'/\'\'}"; }
