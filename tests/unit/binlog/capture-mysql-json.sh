#!/usr/bin/env bash
# tests/unit/binlog/capture-mysql-json.sh — capture a MySQL binlog of partial
# JSON updates (binlog_row_value_options=PARTIAL_JSON: PARTIAL_UPDATE_ROWS
# events whose after images carry REPLACE / INSERT / REMOVE diffs), plus
# what SELECT says each updated document is, for test_rowdecode_json.
#
#   eval "$(scripts/lab -d /tmp/lab-x -f mysql97 start)"
#   tests/unit/binlog/capture-mysql-json.sh   # writes tests/unit/binlog/mysql-partial-json.*
#   scripts/lab -d /tmp/lab-x stop
#
# Output (committed: small, and our own lab server's data):
#   mysql-partial-json.binlog    one whole binlog file: the CREATE TABLE, the
#                                inserts, then one UPDATE per case
#   mysql-partial-json.expected  one line per UPDATE, in binlog order: the
#                                row's id, a tab, and column j as SELECT
#                                prints it after that UPDATE
#   mysql-partial-json.version   the server version
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${CHM_MY_HOST:?run eval \"\$(scripts/lab -f mysql97 start)\" first}"
my() { mariadb --default-character-set=utf8mb4 -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" "$@"; }

my -N -e "SELECT VERSION()" > "$here/mysql-partial-json.version"
my -e "DROP DATABASE IF EXISTS chm_capture; CREATE DATABASE chm_capture; FLUSH BINARY LOGS"
file=$(my -N -e "SHOW BINARY LOG STATUS" | cut -f1)
pad=$(printf 'p%.0s' $(seq 1 400)) # big documents: MySQL logs diffs only when they are smaller

my chm_capture <<SQL
CREATE TABLE t (id INT PRIMARY KEY, j JSON, k JSON, n INT);
INSERT INTO t VALUES
 (1, '{"a": 1, "b": "two", "arr": [1, 2, 3], "pad": "$pad"}', '{"x": 1}', 1),
 (2, '{"o": {"p": [{"q": 1}, {"q": 2}]}, "s": "old", "pad": "$pad"}', NULL, 2),
 (3, '{"only": [5], "one": {"k": 1}, "d": 1.5, "pad": "$pad"}', '[]', 3),
 (4, '[10, 20, 30, "$pad"]', '{}', 4);
SQL
cases=(
	"1|UPDATE t SET j = JSON_REPLACE(j, '\$.a', 100) WHERE id = 1"
	"1|UPDATE t SET j = JSON_SET(j, '\$.newkey', JSON_OBJECT('z', 'é')) WHERE id = 1"
	"1|UPDATE t SET j = JSON_REMOVE(j, '\$.b') WHERE id = 1"
	"1|UPDATE t SET j = JSON_SET(j, '\$.arr[1]', 'two') WHERE id = 1"
	"1|UPDATE t SET j = JSON_SET(j, '\$.arr[10]', 4) WHERE id = 1"
	"1|UPDATE t SET j = JSON_REMOVE(j, '\$.arr[0]') WHERE id = 1"
	"1|UPDATE t SET j = JSON_SET(j, '\$.\"we ird \\\\\"key\"', 'v') WHERE id = 1"
	"1|UPDATE t SET j = JSON_SET(j, '\$.arr[last]', 'L') WHERE id = 1"
	"2|UPDATE t SET j = JSON_SET(j, '\$.o.p[1].q', JSON_ARRAY(1, NULL, TRUE)) WHERE id = 2"
	"2|UPDATE t SET j = JSON_SET(JSON_REMOVE(j, '\$.s'), '\$.t', 'new') WHERE id = 2"
	"2|UPDATE t SET j = JSON_REPLACE(j, '\$.t', 'é\"\\\\n😀 \\\\\\\\') WHERE id = 2"
	"2|UPDATE t SET j = JSON_SET(j, '\$.dec', CAST('123456789012345678901234567890.5' AS DECIMAL(40,1))) WHERE id = 2"
	"3|UPDATE t SET j = JSON_REMOVE(j, '\$.only[0]'), k = JSON_SET(k, '\$[0]', 1) WHERE id = 3"
	"3|UPDATE t SET j = JSON_REMOVE(j, '\$.one.k') WHERE id = 3"
	"3|UPDATE t SET j = JSON_SET(j, '\$.d', 2.25, '\$.nul', CAST('null' AS JSON)) WHERE id = 3"
	"4|UPDATE t SET j = JSON_SET(j, '\$[1]', 21, '\$[5]', 50), n = n + 1 WHERE id = 4"
	"4|UPDATE t SET j = JSON_REMOVE(j, '\$[last]') WHERE id = 4"
)
: > "$here/mysql-partial-json.expected.tmp"
for c in "${cases[@]}"; do
	id=${c%%|*}
	my chm_capture -e "SET SESSION binlog_row_value_options = 'PARTIAL_JSON'; ${c#*|}"
	my chm_capture -B -N --raw -e "SELECT id, j FROM t WHERE id = $id" >> "$here/mysql-partial-json.expected.tmp"
done
my -e "FLUSH BINARY LOGS"
cp "$CHM_LAB_DIR/my/binlog/$file" "$here/mysql-partial-json.binlog"
mv "$here/mysql-partial-json.expected.tmp" "$here/mysql-partial-json.expected"
my -e "DROP DATABASE chm_capture"
echo "captured $file ($(wc -c < "$here/mysql-partial-json.binlog") bytes), ${#cases[@]} updates" >&2
