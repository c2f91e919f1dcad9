# tests/integration/ddl-compare.sh — the catalog comparison of the DDL
# differential tests (t-ddl-differential, t-ddl-suites).
#
# Sourced after lib.sh.  Defines the clients (myc, pgc), the catalog dumps of
# both sides (my_catalog, pg_catalog_dump), the evaluation of constant source
# defaults (my_evals) and the comparison itself ($compare_awk, with the type
# map of architecture §7 in my_to_pg: the only copy of the map).  It holds
# no policy about which statements are applied: each test decides that.
#
# The source side reads MariaDB's information_schema; on MySQL
# ($CHM_MY_FLAVOUR mysql97) the columns that differ (COLUMN_DEFAULT is not
# a literal there, CHECK_CONSTRAINTS has no TABLE_NAME and JSON is a type)
# are rewritten into MariaDB's form, so one comparison serves both.

# Clients: raw MariaDB output (no escaping: names may hold backslashes),
# utf8mb4 so unicode names survive; psql in UTC so timestamptz defaults
# print without an offset that depends on the machine.
myc() {
	mariadb --no-defaults -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" \
		--default-character-set=utf8mb4 "$@"
}
pgc() {
	PGOPTIONS="-c TimeZone=UTC -c client_min_messages=warning ${PGOPTIONS:-}" \
		psql -X -q -A -t -F $'\t' "$@"
}
sqlq() { # a SQL string literal, for either server
	printf "'%s'" "${1//\'/\'\'}"
}

# The type map of architecture §7, from MariaDB's information_schema.COLUMNS
# COLUMN_TYPE (+ EXTRA and whether MariaDB's JSON check is on the column)
# to PostgreSQL's format_type().  Alternatives are separated by "|": both
# are lossless (datetime → timestamp or timestamp(0); time(n) → interval or
# interval(n)).  Geometry has no entry in §7: without PostGIS it is bytea
# (WKB), with PostGIS geometry.  This is the only copy of the map.
map_awk='
function my_to_pg(coltype, extra, isjson,    t, u, base, arg, p) {
	t = tolower(coltype)
	u = (t ~ / unsigned/)
	gsub(/ (unsigned|zerofill|signed)/, "", t)
	base = t; arg = ""
	if ((p = index(t, "(")) > 0) { base = substr(t, 1, p - 1); arg = substr(t, p + 1); sub(/\).*/, "", arg) }
	if (base == "tinyint") return "smallint"
	if (base == "smallint") return u ? "integer" : "smallint"
	if (base == "mediumint") return "integer"
	if (base == "int") return u ? "bigint" : "integer"
	if (base == "bigint") return u ? (extra ~ /auto_increment/ ? "bigint|numeric(20,0)" : "numeric(20,0)") : "bigint"
	if (base == "decimal") return "numeric(" arg ")"
	if (base == "float") return "real"
	if (base == "double") return "double precision"
	if (base == "bit") return "bit(" arg ")"
	if (base == "year") return "smallint"
	if (base == "date") return "date"
	if (base == "datetime") return arg == "" || arg == "0" ? "timestamp(0) without time zone|timestamp without time zone" : "timestamp(" arg ") without time zone"
	if (base == "timestamp") return arg == "" || arg == "0" ? "timestamp(0) with time zone|timestamp with time zone" : "timestamp(" arg ") with time zone"
	if (base == "time") return arg == "" || arg == "0" ? "interval(0)|interval" : "interval(" arg ")|interval"
	if (base == "char") return arg == "0" ? "character(1)|character varying(1)|text" : "character(" arg ")"
	if (base == "varchar") return arg == "0" ? "character varying(1)|text" : "character varying(" arg ")"
	if (base ~ /^(tiny|medium|long)?text$/) return (isjson ? "jsonb" : "text")
	if (base ~ /^(var)?binary$/ || base ~ /^(tiny|medium|long)?blob$/) return "bytea"
	if (base == "json") return "jsonb"
	if (base == "enum" || base == "set") return "text"
	if (base == "inet6" || base == "inet4") return "inet"
	if (base == "uuid") return "uuid"
	if (base ~ /^(geometry|point|linestring|polygon|multipoint|multilinestring|multipolygon|geometrycollection)$/) return "bytea|geometry"
	return "unmapped:" t
}'

# Defaults are compared as meanings.  A constant default is reduced to the
# value it stores: MariaDB prints the literal in the column type already;
# PostgreSQL's default expression is evaluated, cast to the column type, in
# UTC.  A default that is not a constant (now, uuid, rand...) is reduced to
# a class token by fnorm(), the same function for both sides.
norm_awk='
function fnorm(s,    u, i) {
	s = tolower(s)
	# an interval constant: PostgreSQL prints \x271 day\x27::interval, MariaDB interval 1 day
	while (match(s, /\x27-?[0-9]+ [a-z]+\x27::interval/))
		s = substr(s, 1, RSTART - 1) "interval " substr(s, RSTART + 1, RLENGTH - 12) substr(s, RSTART + RLENGTH)
	split("microsecond second minute hour day week month year", u, " ")
	for (i = 1; i <= 8; i++) gsub("interval -?[0-9]+ " u[i] "s", "&\x01", s)
	gsub(/s\x01/, "", s)
	# a string introducer (MySQL prints _utf8mb4\x27now\x27)
	gsub(/_(utf8mb4|utf8mb3|utf8|latin1|binary|ascii)\x27/, "\x27", s)
	# before the casts go: the date of now is today (MariaDB cast(now() as
	# date), PostgreSQL (now())::date); the translations of sysdate(n) are
	# the clock (date_trunc(\x27second\x27, ...), to_char(..., \x27...ffn\x27))
	gsub(/cast\((current_timestamp|now|localtimestamp)(\([0-9]*\))? as date\)/, "current_date", s)
	gsub(/\((current_timestamp|now|localtimestamp)(\([0-9]*\))?\)::date/, "current_date", s)
	gsub(/date_trunc\(\x27second\x27(::text)?, *clock_timestamp\(\)\)/, "clock_timestamp()", s)
	gsub(/to_char\(clock_timestamp\(\), *\x27[^\x27]*\x27(::text)?\)/, "clock_timestamp()", s)
	# a JSON object: MySQL json_object(...), PostgreSQL jsonb_build_object(...)
	gsub(/jsonb?_build_object\(/, "json_object(", s)
	gsub(/::[a-z_ ]+(\([0-9, ]+\))?( with(out)? time zone)?/, "", s)
	gsub(/::"[^"]*"/, "", s)
	gsub(/current_timestamp(\([0-9]*\))?|localtimestamp(\([0-9]*\))?|now\(\)|statement_timestamp\(\)|transaction_timestamp\(\)/, "now", s)
	gsub(/clock_timestamp\(\)|sysdate\([0-9]*\)/, "clock", s)
	gsub(/curdate\(\)|current_date/, "today", s)
	gsub(/curtime\([0-9]*\)|current_time(\([0-9]*\))?|localtime(\([0-9]*\))?/, "nowtime", s)
	gsub(/gen_random_uuid\(\)|uuid\(\)/, "uuid", s)
	# a random UUID as 16 bytes: uuid_to_bin(uuid()) is uuid_send(gen_random_uuid())
	gsub(/uuid_to_bin\(uuid(, *[^)]*)?\)|uuid_send\(uuid\)/, "uuidbytes", s)
	gsub(/rand\(\)|random\(\)/, "random", s)
	gsub(/unix_timestamp\(\)|extract\(epoch from now\)|date_part\(.epoch., *now\)/, "epoch", s)
	gsub(/[ ()]/, "", s)
	return s
}'

# my_catalog SCHEMA...: MariaDB catalog lines on stdout (my_catalog_sql
# prints the SQL, my_catalog_rows reads its output, for a caller that runs
# it in a session of its own):
#   C <tab> db <tab> table <tab> column <tab> COLUMN_TYPE <tab> nullable <tab> default <tab> extra <tab> isjson
#   K <tab> db <tab> table <tab> pk|uk|ix <tab> columns
#   (a unique key's prefix length follows its column, "c(10)", except
#   MariaDB's implicit 25 on a POINT, which is always 25 bytes: the whole value)
# Defaults: "-" for none; binary literals in hex ("\x.."); expressions
# that are constants are evaluated by MariaDB ("=" prefix marks a value).
my_catalog_sql() {
	local list= s default json
	for s in "$@"; do list="$list${list:+,}$(sqlq "$s")"; done
	if [ "${CHM_MY_FLAVOUR:-mariadb}" = mysql97 ]; then
		# MySQL prints a default as its bare value (or an expression with
		# DEFAULT_GENERATED in EXTRA): quote it as MariaDB does; JSON is a
		# type of its own, no check marks it
		default="CASE WHEN COLUMN_DEFAULT IS NULL THEN NULL
		              WHEN EXTRA LIKE '%DEFAULT_GENERATED%' THEN REPLACE(COLUMN_DEFAULT, CONCAT(CHAR(92), CHAR(39)), CHAR(39))
		              WHEN DATA_TYPE = 'bit' THEN COLUMN_DEFAULT
		              WHEN DATA_TYPE IN ('binary','varbinary','tinyblob','blob','mediumblob','longblob')
		                   AND COLUMN_DEFAULT LIKE '0x%' THEN LOWER(COLUMN_DEFAULT)
		              WHEN DATA_TYPE IN ('binary','varbinary','tinyblob','blob','mediumblob','longblob')
		              THEN CONCAT('0x', LOWER(HEX(COLUMN_DEFAULT)))
		              WHEN DATA_TYPE IN ('tinyint','smallint','mediumint','int','bigint','decimal','float','double')
		              THEN COLUMN_DEFAULT
		              ELSE CONCAT('''', REPLACE(COLUMN_DEFAULT, '''', ''''''), '''') END"
		json=
	else
		default="CASE WHEN DATA_TYPE IN ('binary','varbinary','tinyblob','blob','mediumblob','longblob')
		                   AND COLUMN_DEFAULT LIKE '''%''' AND LOCATE('?', COLUMN_DEFAULT) > 0
		              THEN '?'
		              WHEN DATA_TYPE IN ('binary','varbinary','tinyblob','blob','mediumblob','longblob')
		                   AND COLUMN_DEFAULT LIKE '''%'''
		              THEN CONCAT('0x', LOWER(HEX(REPLACE(SUBSTRING(COLUMN_DEFAULT, 2, LENGTH(COLUMN_DEFAULT) - 2), '''''', ''''))))
		              ELSE COLUMN_DEFAULT END"
		json="SELECT 'J', CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE
		  FROM information_schema.CHECK_CONSTRAINTS
		 WHERE CONSTRAINT_SCHEMA IN ($list) AND LEFT(CHECK_CLAUSE, 11) = 'json_valid(';"
	fi
	# No joins between information_schema tables: MariaDB 10.11.19 crashed
	# (JOIN_CACHE) on COLUMNS joined with TABLES.  Views (a system-versioned
	# table is a table, of its own TABLE_TYPE) and JSON checks
	# come as separate lines and are sorted out by the awk below.
	printf '%s\n' "
		SELECT 'C', TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE,
		       IFNULL(REPLACE(REPLACE($default,
		         '\n', '\\\\n'), '\t', '\\\\t'), '-'),
		       EXTRA, '0'
		  FROM information_schema.COLUMNS
		 WHERE TABLE_SCHEMA IN ($list)
		 ORDER BY 2, 3, ORDINAL_POSITION;
		SELECT 'V', TABLE_SCHEMA, TABLE_NAME
		  FROM information_schema.TABLES
		 WHERE TABLE_TYPE NOT IN ('BASE TABLE', 'SYSTEM VERSIONED') AND TABLE_SCHEMA IN ($list);
		$json
		SELECT 'K', TABLE_SCHEMA, TABLE_NAME,
		       CASE WHEN INDEX_NAME = 'PRIMARY' THEN 'pk' WHEN NON_UNIQUE = 0 THEN 'uk' ELSE 'ix' END,
		       GROUP_CONCAT(CONCAT(COLUMN_NAME, IF(SUB_PART IS NULL OR NON_UNIQUE = 1 OR
		                    (SUB_PART = 25 AND (SELECT c.DATA_TYPE FROM information_schema.COLUMNS c
		                      WHERE c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME
		                        AND c.COLUMN_NAME = s.COLUMN_NAME) = 'point'),
		                    '', CONCAT('(', SUB_PART, ')')))
		                    ORDER BY SEQ_IN_INDEX SEPARATOR ',')
		  FROM information_schema.STATISTICS s
		 WHERE TABLE_SCHEMA IN ($list) AND INDEX_TYPE NOT IN ('FULLTEXT', 'SPATIAL')
		 GROUP BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE
		 ORDER BY 2, 3, 4, 5;"
}

# my_catalog_rows: the output of the SQL of my_catalog_sql (stdin) as
# my_catalog prints it: views left out, JSON checks marked on the column.
my_catalog_rows() {
	awk -F'\t' -v OFS='\t' '
		$1 == "V" { view[$2 SUBSEP $3] = 1; next }
		$1 == "J" { json[$2 SUBSEP $3 SUBSEP $4] = 1; next }
		{ line[++n] = $0 }
		END {
			for (i = 1; i <= n; i++) {
				split(line[i], f, "\t")
				if ((f[2] SUBSEP f[3]) in view) continue
				if (f[1] == "C" && ((f[2] SUBSEP f[3] SUBSEP "json_valid(`" f[4] "`)") in json))
					sub(/\t0$/, "\t1", line[i])
				print line[i]
			}
		}'
}

my_catalog() {
	my_catalog_sql "$@" | myc --batch --raw --skip-column-names | my_catalog_rows | my_pg_names
}

# my_pg_names: a my_catalog output (stdin) with the names of tables and
# columns (in C lines and in K lines' column lists) that are longer than
# PostgreSQL keeps replaced by the names chameleon gives them, so that the
# comparison pairs them.  The rule is asked of chm_pgname (built beside the
# binary: tests/integration/chm_pgname.c), which links chameleon's own
# chm_pg_name(): never a copy of the hash here.  Schema names are left as
# they are (the tests name their schemas).
my_pg_names() {
	local tool=${CHM_PGNAME:-$(dirname "${CHAMELEON:-chameleon}")/tests/integration/chm_pgname} in long
	in=$(< /dev/stdin)
	[ -n "$in" ] || return 0
	# byte lengths: LC_ALL=C; most catalogs have no long name: one awk
	long=$(LC_ALL=C awk -F'\t' '
		function want(s) { if (length(s) > 63 && !(s in seen)) { seen[s] = 1; print s } }
		{ want($3) }
		$1 == "C" { want($4) }
		$1 == "K" { n = split($5, p, ","); for (i = 1; i <= n; i++) { sub(/\([0-9]+\)$/, "", p[i]); want(p[i]) } }
	' <<< "$in")
	if [ -z "$long" ]; then
		printf '%s\n' "$in"
	elif [ ! -x "$tool" ]; then
		echo "ddl-compare.sh: $tool is not built: names longer than 63 bytes are compared as they are" >&2
		printf '%s\n' "$in"
	else
		# NAME <tab> PostgreSQL's name, then the catalog
		{ paste <(printf '%s\n' "$long") <("$tool" <<< "$long"); echo; printf '%s\n' "$in"; } | LC_ALL=C awk -F'\t' -v OFS='\t' '
			!body && $0 == "" { body = 1; next }
			!body { pg[$1] = $2; next }
			function m(s) { return s in pg ? pg[s] : s }
			{ $3 = m($3) }
			$1 == "C" { $4 = m($4) }
			$1 == "K" {
				n = split($5, p, ","); out = ""
				for (i = 1; i <= n; i++) {
					len = ""
					if (match(p[i], /\([0-9]+\)$/)) { len = substr(p[i], RSTART); p[i] = substr(p[i], 1, RSTART - 1) }
					out = out (i > 1 ? "," : "") m(p[i]) len
				}
				$5 = out
			}
			{ print }'
	fi
}

# pg_catalog_dump SCHEMA...: the same lines from PostgreSQL (pg_catalog_sql
# prints the SQL); defaults are
# "=value" (evaluated constant), "f:expr" (not a constant), "gen:expr" (a
# generated column) or "-".  Identity columns carry "identity" in extra.
pg_catalog_sql() {
	local list= s
	for s in "$@"; do list="$list${list:+,}$(sqlq "$s")"; done
	cat <<-SQL
	CREATE FUNCTION pg_temp.chm_eval(e text, t text) RETURNS text LANGUAGE plpgsql AS \$f\$
	DECLARE r text;
	BEGIN
		EXECUTE format('SELECT ((%s)::%s)::text', e, t) INTO r;
		RETURN coalesce('=' || r, '-');
	EXCEPTION WHEN others THEN
		RETURN 'error:' || SQLERRM;
	END \$f\$;
	SELECT 'C', n.nspname, c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
	       CASE WHEN a.attnotnull THEN 'NO' ELSE 'YES' END,
	       replace(replace(replace(
	       CASE WHEN d.adbin IS NULL THEN '-'
	            WHEN a.attgenerated <> '' THEN 'gen:' || pg_get_expr(d.adbin, d.adrelid)
	            WHEN pg_get_expr(d.adbin, d.adrelid) ~* '(nextval\\(|now\\(|current_(timestamp|date|time)|localtime|clock_|statement_|transaction_|random\\(|uuid\\(|timeofday|epoch)'
	                 THEN 'f:' || pg_get_expr(d.adbin, d.adrelid)
	            ELSE pg_temp.chm_eval(pg_get_expr(d.adbin, d.adrelid), format_type(a.atttypid, a.atttypmod))
	       END, E'\\\\', E'\\\\\\\\'), E'\n', E'\\\\n'), E'\t', E'\\\\t'),
	       CASE WHEN a.attidentity <> '' OR pg_get_expr(d.adbin, d.adrelid) ~ '^nextval' THEN 'identity' ELSE '' END,
	       '0'
	  FROM pg_attribute a
	  JOIN pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
	  JOIN pg_namespace n ON n.oid = c.relnamespace
	  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
	 WHERE a.attnum > 0 AND NOT a.attisdropped AND n.nspname IN ($list)
	 ORDER BY 2, 3, a.attnum;
	SELECT 'K', n.nspname, c.relname,
	       CASE WHEN am.amname <> 'btree' AND am.amname <> 'hash' THEN 'ft:' || am.amname
	            WHEN i.indisprimary THEN 'pk' WHEN i.indisunique THEN 'uk' ELSE 'ix' END,
	       (SELECT string_agg(pg_get_indexdef(i.indexrelid, k, true), E'\x1f' ORDER BY k)
	          FROM generate_series(1, i.indnkeyatts) k)
	  FROM pg_index i
	  JOIN pg_class c ON c.oid = i.indrelid
	  JOIN pg_class ic ON ic.oid = i.indexrelid
	  JOIN pg_am am ON am.oid = ic.relam
	  JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE n.nspname IN ($list)
	 ORDER BY 2, 3, 4, 5;
	SELECT 'X', n.nspname, c.relname, replace(pg_get_constraintdef(k.oid, true), E'\n', ' ')
	  FROM pg_constraint k
	  JOIN pg_class c ON c.oid = k.conrelid
	  JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE k.contype = 'c' AND n.nspname IN ($list)
	 ORDER BY 2, 3, 4;
	SQL
}

pg_catalog_dump() {
	pg_catalog_sql "$@" | pgc
}

# The comparison.  Reads the MariaDB catalog (first file, already mapped
# to target schema names in field 2) and the PostgreSQL one (second file);
# prints TAP lines numbered from START and mismatch lines; the last line is
# "#count N F" (tests, failures).
compare_awk="$map_awk$norm_awk"'
function num(s) { return s ~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ }
function canon_num(s,    neg) {
	neg = (s ~ /^-/); sub(/^[-+]/, "", s)
	if (s ~ /\./) { sub(/0+$/, "", s); sub(/\.$/, "", s) }
	sub(/^0+/, "", s); if (s == "" || s ~ /^\./) s = "0" s
	return (neg && s != "0" ? "-" : "") s
}
function bin2dec(s,    i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 2 + substr(s, i, 1); return v }
function unquote_my(s) {
	s = substr(s, 2, length(s) - 2)
	gsub(/\x27\x27/, "\x27", s)
	return s
}
function unquote_pg_idx(s) {
	if (s ~ /^".*"$/) { s = substr(s, 2, length(s) - 2); gsub(/""/, "\"", s) }
	return s
}
# The value a MariaDB default stands for, in the form the PG side uses.
function my_default(d, coltype, nullable, extra,    t, v, n) {
	t = tolower(coltype)
	if (d == "?") return "?"
	if (d == "-" || d == "NULL") return "-"
	if (d ~ /^\x27/) {
		v = unquote_my(d)
		if (v ~ /^0000-00-00( 00:00:00(\.0+)?)?$/) return nullable == "YES" ? "-" : "=-infinity"
		return "=" v
	}
	if (d ~ /^b\x27[01]*\x27$/) return "=bits:" bin2dec(substr(d, 3, length(d) - 3))
	if (d ~ /^0x[0-9a-f]*$/) {
		# binary(n) stores the value padded with zero bytes to n
		v = substr(d, 3)
		if (t ~ /^binary\([0-9]+\)/) { n = t; gsub(/[^0-9]/, "", n); while (length(v) < 2 * n) v = v "00" }
		return "=\\\\x" v
	}
	if (num(d)) return "=" d
	if ((d SUBSEP coltype) in evaluated) return evaluated[d SUBSEP coltype]
	return "f:" fnorm(d)
}
function pg_default(d, pgtype) {
	if (d ~ /^=/ && pgtype ~ /^bit/) return "=bits:" bin2dec(substr(d, 2))
	if (d ~ /^=/ && pgtype ~ /^timestamp.*with time zone/) sub(/\+00$/, "", d)
	if (d ~ /^f:/) return "f:" fnorm(substr(d, 3))
	return d
}
function same_default(a, b, pgtype) {
	if (a == b || a == "?") return 1
	# a TIME default with zero fractional digits: interval prints none
	if (pgtype ~ /^interval/ && a ~ /^=.*\.0+$/) { sub(/\.0+$/, "", a); if (a == b) return 1 }
	if (pgtype == "inet" && b ~ /^=/) { sub(/\/(32|128)$/, "", b); if (a == b) return 1 }
	if (a ~ /^=/ && b ~ /^=/ && num(substr(a, 2)) && num(substr(b, 2))) {
		if (canon_num(substr(a, 2)) == canon_num(substr(b, 2))) return 1
		if (substr(a, 2) + 0 == substr(b, 2) + 0 && pgtype !~ /numeric|bigint/) return 1
	}
	if (pgtype == "jsonb" && a ~ /^=/ && b ~ /^=/) { gsub(/ /, "", a); gsub(/ /, "", b); return a == b }
	return 0
}
function typeok(want, got,    n, alt, i) {
	n = split(want, alt, "|")
	for (i = 1; i <= n; i++) if (alt[i] == got) return 1
	return 0
}
function pg_idx_cols(s,    n, part, i, out, x, m) {
	n = split(s, part, "\x1f"); out = ""
	for (i = 1; i <= n; i++) {
		x = part[i]
		# left(col, n) or "left"((col)::text, n): a unique prefix index
		if (x ~ /^"?left"?\(/) {
			m = x; sub(/^"?left"?\(/, "", m); sub(/\)$/, "", m)
			len = m; sub(/.*, */, "", len); sub(/, *[0-9]+$/, "", m)
			sub(/::[a-z ]+$/, "", m); if (m ~ /^\(.*\)$/) m = substr(m, 2, length(m) - 2)
			x = unquote_pg_idx(m) "(" len ")"
		# SUBSTRING(col FROM 1 FOR n) or "substring"(col, 1, n): a unique prefix of a bytea
		} else if (x ~ /^(SUBSTRING|"?substring"?)\(.* (FROM|from) 1 (FOR|for) [0-9]+\)$/ ||
		           x ~ /^"?substring"?\(.*, 1, [0-9]+\)$/) {
			m = x; sub(/^[^(]*\(/, "", m); sub(/\)$/, "", m)
			len = m; sub(/.*[ ,] */, "", len)
			sub(/ (FROM|from) 1 (FOR|for) [0-9]+$/, "", m); sub(/, 1, [0-9]+$/, "", m)
			sub(/::[a-z ]+$/, "", m); if (m ~ /^\(.*\)$/) m = substr(m, 2, length(m) - 2)
			x = unquote_pg_idx(m) "(" len ")"
		} else x = unquote_pg_idx(x)
		out = out (i > 1 ? "," : "") x
	}
	return out
}
# The labels of enum(...) from COLUMN_TYPE, or the string literals of a
# CHECK definition, sorted and joined with "|".
function literals(s,    out, n, i, j, c, v, lab, tmp) {
	n = 0
	for (i = 1; i <= length(s); i++) {
		if (substr(s, i, 1) != "\x27") continue
		v = ""
		for (j = i + 1; j <= length(s); j++) {
			c = substr(s, j, 1)
			if (c == "\x27" && substr(s, j + 1, 1) == "\x27") { v = v c; j++; continue }
			if (c == "\x27") break
			v = v c
		}
		lab[++n] = v; i = j
	}
	for (i = 2; i <= n; i++) { tmp = lab[i]; for (j = i - 1; j >= 1 && lab[j] > tmp; j--) lab[j + 1] = lab[j]; lab[j + 1] = tmp }
	out = ""; for (i = 1; i <= n; i++) if (i == 1 || lab[i] != lab[i - 1]) out = out (i > 1 ? "|" : "") lab[i]
	return out
}
# The key lines of a table in one order: each server sorted them by its own
# collation (MariaDB ignores case, PostgreSQL may not).
function sortlines(s,    n, l, i, j, tmp, out) {
	n = split(s, l, "\n"); if (n > 0 && l[n] == "") n--
	for (i = 2; i <= n; i++) { tmp = l[i]; for (j = i - 1; j >= 1 && l[j] > tmp; j--) l[j + 1] = l[j]; l[j + 1] = tmp }
	out = ""; for (i = 1; i <= n; i++) out = out l[i] "\n"
	return out
}
function check_enum(t, colname, coltype,    want, i, def, found, got, q) {
	# the CHECK also admits the empty label, the error value of an invalid enum value
	want = coltype; gsub(/\\\\/, "\\", want); want = literals(want " \x27\x27"); found = 0
	for (i = 1; i <= nck[t]; i++) {
		def = ck[t, i]
		q = colname; gsub(/"/, "\"\"", q)
		if (index(def, "(" colname " ") == 0 && index(def, "\"" q "\"") == 0 && index(def, " " colname " ") == 0) continue
		if (def !~ /ANY|= *\x27|IN *\(/) continue
		got = literals(def); found++
		if (got != want) fail(t "." colname ": enum check: MariaDB " coltype ", PostgreSQL CHECK " def ", expected the labels " want)
	}
	if (!found) fail(t "." colname ": enum check: MariaDB " coltype ", PostgreSQL has no CHECK of its labels")
}
function fail(msg) { problems[cur] = problems[cur] "#   " msg "\n" }
{ side = FILENAME == ARGV[1] ? 1 : FILENAME == ARGV[2] ? 2 : 3 }
side == 1 && $1 == "E" { evaluated[$2 SUBSEP $3] = $4; next }
side == 2 && $1 == "C" {
	key = $2 "." $3; tables[key] = 1; myt[key] = 1
	col = key "." $4; mycols[key] = mycols[key] SUBSEP $4
	mytype[col] = $5; mynull[col] = $6; mydef[col] = $7; myextra[col] = $8; myjson[col] = $9
	next
}
side == 2 && $1 == "K" {
	key = $2 "." $3; tables[key] = 1
	# a primary key with prefix parts is a PostgreSQL key on the whole columns
	# and a unique index on the prefixes (the translator makes <table>_PRIMARY)
	if ($4 == "pk" && $5 ~ /\(/) { pkc = $5; gsub(/\([0-9]+\)/, "", pkc); myk[key] = myk[key] "pk " pkc "\nuk " $5 "\n" }
	else myk[key] = myk[key] $4 " " $5 "\n"
	next
}
side == 3 && $1 == "C" {
	key = $2 "." $3; tables[key] = 1; pgt[key] = 1
	col = key "." $4; pgtype[col] = $5; pgnull[col] = $6; pgdef[col] = $7; pgextra[col] = $8; pgseen[col] = 1
	pgcols[key] = pgcols[key] SUBSEP $4
	next
}
side == 3 && $1 == "X" { key = $2 "." $3; nck[key]++; ck[key, nck[key]] = $4; next }
side == 3 && $1 == "K" {
	key = $2 "." $3; tables[key] = 1
	if ($4 ~ /^ft:/) next
	pgk[key] = pgk[key] $4 " " pg_idx_cols($5) "\n"; next
}
END {
	n = start; nf = 0
	ntab = 0; for (t in tables) order[++ntab] = t
	# deterministic order
	for (i = 2; i <= ntab; i++) { v = order[i]; for (j = i - 1; j >= 1 && order[j] > v; j--) order[j + 1] = order[j]; order[j + 1] = v }
	for (i = 1; i <= ntab; i++) {
		cur = t = order[i]
		if (!(t in myt)) fail(t ": table exists in PostgreSQL only")
		else if (!(t in pgt)) fail(t ": table missing in PostgreSQL")
		else {
			m = split(substr(mycols[t], 2), cl, SUBSEP)
			for (k = 1; k <= m; k++) {
				col = t "." cl[k]
				if (!(col in pgseen)) { fail(col ": column missing in PostgreSQL (MariaDB " mytype[col] ")"); continue }
				want = my_to_pg(mytype[col], myextra[col], myjson[col])
				if (!typeok(want, pgtype[col]))
					fail(col ": type: MariaDB " mytype[col] (myjson[col] ? " (json)" : "") ", PostgreSQL " pgtype[col] ", expected " want)
				wantnull = mynull[col]
				if (myextra[col] ~ /auto_increment/ && pgextra[col] == "identity") wantnull = pgnull[col]
				if (wantnull != pgnull[col])
					fail(col ": nullable: MariaDB " mynull[col] ", PostgreSQL " pgnull[col] ", expected " wantnull)
				if (myextra[col] ~ /auto_increment/ && pgextra[col] != "identity")
					fail(col ": auto_increment: MariaDB " myextra[col] ", PostgreSQL no identity, expected an identity")
				if (myextra[col] ~ /GENERATED/ && pgdef[col] ~ /^gen:/)
					fail(col ": generated: MariaDB " myextra[col] ", PostgreSQL " pgdef[col] ", expected a plain column (replicated values are written into it)")
				if (tolower(mytype[col]) ~ /^enum\(/) check_enum(t, cl[k], mytype[col])
				md = my_default(mydef[col], mytype[col], mynull[col], myextra[col])
				pd = pg_default(pgdef[col], pgtype[col])
				if (pgextra[col] == "identity" && pd ~ /nextval/) pd = "-"
				if (!same_default(md, pd, pgtype[col]))
					fail(col ": default: MariaDB " mydef[col] ", PostgreSQL " pgdef[col] ", expected " (md == "-" ? "no default" : md))
			}
			m = split(substr(pgcols[t], 2), cl, SUBSEP)
			for (k = 1; k <= m; k++) {
				col = t "." cl[k]
				if (!(col in mytype)) fail(col ": column exists in PostgreSQL only (" pgtype[col] ")")
			}
			if (sortlines(myk[t]) != sortlines(pgk[t])) {
				a = sortlines(myk[t]); b = sortlines(pgk[t]); gsub(/\n/, "; ", a); gsub(/\n/, "; ", b)
				fail(t ": keys: MariaDB " (a == "" ? "none" : a) " PostgreSQL " (b == "" ? "none" : b))
			}
		}
		n++
		if (problems[t] == "") print "ok " n " - " file ": " t
		else { nf++; print "not ok " n " - " file ": " t; printf "%s", problems[t] }
	}
	print "#count " (n - start) " " nf
}'
# eval_value TYPE X: SQL for the "=value" (or "-") of X in a column of
# TYPE, into $eval_sql (no subshell: my_evals calls it per expression)
eval_value() {
	local bs='CHAR(92 USING utf8mb4)' v
	case ${1,,} in
	*binary* | *blob*) v="CONCAT($bs, $bs, 'x', LOWER(HEX($2)))" ;;
	bit*) v="CONCAT('bits:', $2 + 0)" ;;
	geometry* | point* | linestring* | polygon* | multi* | geometrycollection*)
		v="CONCAT($bs, $bs, 'x', LOWER(HEX(ST_AsBinary($2))))" ;;
	*) v="REPLACE(REPLACE(REPLACE($2, $bs, CONCAT($bs, $bs)), CHAR(10 USING utf8mb4), CONCAT($bs, 'n')), CHAR(9 USING utf8mb4), CONCAT($bs, 't'))" ;;
	esac
	eval_sql="IF($2 IS NULL, '-', CONCAT('=', $v))"
}

# my_evals CATALOG: the "E <tab> expr <tab> COLUMN_TYPE <tab> =value" lines
# of the constant expression defaults of a my_catalog output, evaluated by
# the source server itself (in one session: a test compares catalogs
# often) as the column stores them: the value is inserted into a temporary
# table with one column of the column's type and read back (`pi()+3` is 6
# in an INT column, a BLOB holds bytes: printed as PostgreSQL prints bytea,
# a BIT column as its number).  When the column cannot take the value (a
# strict-mode error) the expression's own value is used.  Defaults that are
# not constants (now, uuid...) are left to fnorm's classes.  An expression
# the server cannot evaluate alone (it names a column) gets "=" (no value);
# a NULL gets "-"; backslashes, newlines and tabs print as PostgreSQL's
# side prints them (pg_catalog_sql), other control bytes as "?".
my_evals() {
	local schemas=() types=() exprs=() schema type expr i q eval_sql
	while IFS=$'\t' read -r schema type expr; do
		case ${expr,,} in
		*current_timestamp* | *now\(* | *curdate* | *curtime* | *sysdate* | *uuid* | *rand\(* | *unix_timestamp* | *localtime* | *utc_*) continue ;;
		# the session's, not constants (variables too): evaluated here they
		# would be this test's session
		*connection_id\(* | *database\(* | *schema\(* | *user\(* | *current_role* | *last_insert_id* | *row_count\(* | *found_rows\(* | *@\`* | *@@*) continue ;;
		esac
		schemas+=("$schema") types+=("$type") exprs+=("$expr")
	done < <(awk -F'\t' -v OFS='\t' '$1 == "C" && $7 != "-" && $7 !~ /^(\x27|b\x27|0x|NULL$)/ &&
		$7 !~ /^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/ { print $2, $5, $7 }' "$1" | sort -u)
	[ ${#exprs[@]} -gt 0 ] || return 0
	# per expression: the stored value, then the expression's own value,
	# each row tagged with its number; the first row of a number wins, a
	# failed one leaves no row and no gap in the others
	for i in "${!exprs[@]}"; do
		q=\`${schemas[i]//\`/\`\`}\`.chm_eval_$i
		printf 'CREATE TEMPORARY TABLE %s (v %s);\n' "$q" "${types[i]}"
		printf 'INSERT INTO %s VALUES ((%s));\n' "$q" "${exprs[i]}"
		eval_value "${types[i]}" v
		printf 'SELECT %d, %s FROM %s;\n' "$i" "$eval_sql" "$q"
		printf 'DROP TEMPORARY TABLE IF EXISTS %s;\n' "$q"
		eval_value "${types[i]}" "(${exprs[i]})"
		printf 'SELECT %d, %s;\n' "$i" "$eval_sql"
	done | myc --force --batch --raw --skip-column-names 2> /dev/null |
		awk -F'\t' -v OFS='\t' 'FILENAME == ARGV[1] { split($0, f, "\t"); e[FNR - 1] = f[3] "\t" f[2]; n = FNR; next }
			!($1 in v) { v[$1] = substr($0, length($1) + 2); gsub(/[\001-\037\177]/, "?", v[$1]) }
			END { for (i = 0; i < n; i++) print "E", e[i], (i in v) ? v[i] : "=" }' \
			<(for i in "${!exprs[@]}"; do printf '%s\t%s\t%s\n' "${schemas[i]}" "${types[i]}" "${exprs[i]}"; done) -
}
