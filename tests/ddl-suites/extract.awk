# extract.awk — the table DDL statements of a mysqltest .test file.
#
#   awk -f tests/ddl-suites/extract.awk FILE.test
#
# Prints one line per kept statement: LINE <tab> STATEMENT, where LINE is
# the line the statement starts on and STATEMENT is the statement on one
# line (its lines joined by a space, tabs made spaces, the terminator
# dropped).  This reads mysqltest's format closely enough for table DDL,
# not as mysqltest itself does:
#   - a statement ends with the current delimiter outside quotes (';', or
#     what "delimiter X" / "--delimiter X" set);
#   - a line starting with "#" is a comment, one starting with "--" a
#     command ("--error", "--delimiter", "--source"...), and so is a
#     statement whose first word is a mysqltest command ("error 1054;",
#     "let $x = 1;", "eval ...;", "source f;", "disable_warnings;"...);
#   - "--error"/"error" drops the next statement: it is expected to fail;
#   - if (...) { ... } and while (...) { ... } blocks are skipped whole, and
#     so are the bodies of perl / write_file / append_file (up to EOF);
#   - a statement holding "$" (a mysqltest variable) is dropped.
# Kept: CREATE [OR REPLACE] TABLE (not TEMPORARY, not CREATE ... SELECT:
# its columns come from a query; the binlog carries such a table as a plain
# CREATE TABLE), ALTER TABLE, DROP TABLE, RENAME TABLE, CREATE/DROP INDEX,
# TRUNCATE, and SET sql_mode (it changes what the server accepts).
# DROP TABLE is printed as DROP TABLE IF EXISTS (see finish()).
BEGIN {
	delim = ";"
	split("error delimiter let eval source echo connect connection disconnect send reap " \
	      "replace_result replace_column replace_regex sleep real_sleep inc dec exit die skip " \
	      "query_vertical query_horizontal query sorted_result partially_sorted_result " \
	      "horizontal_results vertical_results exec exec_in_background system perl write_file append_file " \
	      "cat_file remove_file remove_files_wildcard copy_file copy_files_wildcard move_file file_exists " \
	      "mkdir rmdir force-rmdir force-cpdir list_files list_files_write_file list_files_append_file " \
	      "wait_for_slave_to_stop sync_slave_with_master save_master_pos sync_with_master ping require " \
	      "result character_set shutdown_server send_eval send_quit output lowercase_result change_user " \
	      "end start_timer end_timer chmod replace_numeric_round reset_connection query_get_value " \
	      "assert expr dirty_close result_format disable_abort_on_error enable_abort_on_error " \
	      "disable_query_log enable_query_log disable_result_log enable_result_log disable_warnings " \
	      "enable_warnings disable_info enable_info disable_metadata enable_metadata disable_ps_protocol " \
	      "enable_ps_protocol disable_reconnect enable_reconnect disable_connect_log enable_connect_log " \
	      "disable_session_track_info enable_session_track_info disable_parsing enable_parsing " \
	      "disable_testcase enable_testcase disable_ps2_protocol enable_ps2_protocol disable_view_protocol " \
	      "enable_view_protocol disable_cursor_protocol enable_cursor_protocol disable_service_connection " \
	      "enable_service_connection disable_async_client enable_async_client disable_prepare_warnings " \
	      "enable_prepare_warnings sync_slave_io_with_master let_on_error wait_for_binlog_event " \
	      "replace_result_regex copy_file_wildcard skip_if_hypergraph", w, " ")
	for (i in w) cmd[w[i]] = 1
}

# Inside a block being skipped: if/while braces, or a here-document.
skip_to != "" { if ($0 == skip_to) skip_to = ""; next }
depth > 0 || opened_block {
	t = $0; o = gsub(/\{/, "{", t); c = gsub(/\}/, "}", t)
	if (o > 0) opened_block = 0
	depth += o - c
	if (depth <= 0 && !opened_block) depth = 0
	next
}

stmt == "" && /^[ \t]*$/ { next }
/^[ \t]*#/ { next }
stmt == "" && /^[ \t]*--/ {
	line = $0; sub(/^[ \t]*--[ \t]*/, "", line)
	command(line)
	next
}
stmt == "" && /^[ \t]*(if|while)[ \t]*\(/ {
	t = $0; o = gsub(/\{/, "{", t); c = gsub(/\}/, "}", t)
	depth = o - c; opened_block = (o == 0)
	next
}
stmt == "" && /^[ \t]*\}[ \t]*$/ { next }
{
	if (stmt == "") start = NR
	rest = $0
	while (rest != "") {
		p = find_delim(rest)
		if (p == 0) { stmt = stmt (stmt == "" ? "" : " ") rest; break }
		stmt = stmt (stmt == "" ? "" : " ") substr(rest, 1, p - 1)
		rest = substr(rest, p + length(delim))
		finish(stmt, start)
		stmt = ""; start = NR
		if (rest ~ /^[ \t]*$/) break
		if (rest ~ /^[ \t]*(#|-- )/) break
	}
}

# The position of the delimiter in s outside quotes, or 0; quote state
# carries over lines of one statement in q.
function find_delim(s,    i, ch, n) {
	n = length(s)
	for (i = 1; i <= n; i++) {
		ch = substr(s, i, 1)
		if (q != "") {
			if (ch == "\\" && q != "`") { i++; continue }
			if (ch == q) q = ""
			continue
		}
		if (ch == "\x27" || ch == "\"" || ch == "`") { q = ch; continue }
		if (substr(s, i, length(delim)) == delim) return i
	}
	return 0
}

# A "--" command, or a statement that is a command.  Returns 1 when s was one.
function command(s,    word, arg) {
	word = tolower(s); sub(/[ \t(;].*/, "", word)
	arg = s; sub(/^[^ \t(]*[ \t]*/, "", arg)
	if (!(word in cmd)) return 0
	if (word == "error") pending_error = 1
	else if (word == "delimiter") { sub(/[ \t].*/, "", arg); if (arg != "") delim = arg }
	else if (word == "perl") { sub(/;$/, "", arg); skip_to = (arg == "" ? "EOF" : arg) }
	else if (word == "write_file" || word == "append_file") {
		sub(/;$/, "", arg); n = split(arg, a, /[ \t]+/); skip_to = (n >= 2 ? a[2] : "EOF")
	}
	return 1
}

function finish(s, line,    t, u) {
	q = ""
	sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s)
	gsub(/\t/, " ", s)
	if (s == "") return
	if (command(s)) return
	if (pending_error) { pending_error = 0; return }
	if (index(s, "$")) return
	u = toupper(s)
	gsub(/[ \t]+/, " ", u)
	# DROP TABLE a, b drops a even when b is missing, and fails: the source
	# would reject it while its effect stays.  IF EXISTS makes the source and
	# PostgreSQL drop the same tables (b is often the product of a statement
	# left out, a CREATE ... SELECT).
	if (u ~ /^DROP TABLE / && u !~ /^DROP TABLE IF EXISTS /) {
		sub(/^[Dd][Rr][Oo][Pp][ ]+[Tt][Aa][Bb][Ll][Ee][ ]+/, "DROP TABLE IF EXISTS ", s)
		u = toupper(s); gsub(/[ \t]+/, " ", u)
	}
	if (u ~ /^CREATE (OR REPLACE )?TABLE / || u ~ /^CREATE (OR REPLACE )?TABLE$/) {
		# CREATE ... SELECT: any SELECT word not quoted as a name
		t = u; gsub(/`[^`]*`/, "", t)
		if (t ~ /(^|[^A-Z_0-9])SELECT([^A-Z_0-9]|$)/) return
	} else if (u ~ /^ALTER (ONLINE |IGNORE )*TABLE / || u ~ /^DROP TABLE / ||
	           u ~ /^RENAME TABLES? / || u ~ /^CREATE (OR REPLACE )?(UNIQUE |FULLTEXT |SPATIAL )?INDEX / ||
	           u ~ /^DROP INDEX / || u ~ /^TRUNCATE / ||
	           u ~ /^SET (SESSION |@@SESSION\.|@@)?SQL_MODE *=/) {
	} else return
	print line "\t" s
}
