#!/usr/bin/env bash
# tests/unit/binlog/capture.sh — capture a MariaDB binlog of a table of every
# type with edge values, plus what SELECT says those rows are, for test_binlog.
#
#   eval "$(scripts/lab -d /tmp/lab-x start)"
#   tests/unit/binlog/capture.sh            # writes tests/unit/binlog/mariadb-everytype.*
#   scripts/lab -d /tmp/lab-x stop
#
# Output (committed: small, and our own lab server's data):
#   mariadb-everytype.binlog    one whole binlog file: the CREATE TABLEs, one
#                               INSERT per row of `everytype`, an UPDATE, a
#                               DELETE, and 3000 rows in one statement (split
#                               over several rows events)
#   mariadb-everytype.expected  one line per inserted row: the canonical text
#                               of architecture §6 of each column, as SELECT computes
#                               it (mariadb -B: tab-separated, NULL for NULL,
#                               \t \n \\ escaped)
#   mariadb-everytype.version   the server version
#
# The SELECT spells out the canonical forms the decoder must produce:
# BIT as a bit string, binary values as \x hex, TIMESTAMP in UTC + "+00",
# YEAR as a number.  FLOAT and DOUBLE are compared as numbers by the test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${CHM_MY_HOST:?run eval \"\$(scripts/lab start)\" first}"
my() { mariadb -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_USER" -p"$CHM_MY_PASSWORD" "$@"; }

my -N -e "SELECT VERSION()" > "$here/mariadb-everytype.version"
my -e "DROP DATABASE IF EXISTS chm_capture; CREATE DATABASE chm_capture"
my -e "FLUSH BINARY LOGS"
file=$(my -N -e "SHOW MASTER STATUS" | cut -f1)

my chm_capture <<'SQL'
SET SESSION sql_mode = '';
SET SESSION time_zone = '+02:00';
CREATE TABLE everytype (
  id INT PRIMARY KEY,
  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED,
  mi MEDIUMINT, miu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED,
  d1 DECIMAL(65,30), d2 DECIMAL(10,2), d3 DECIMAL(5,0), f FLOAT, dbl DOUBLE,
  b1 BIT(1), b10 BIT(10), b64 BIT(64), y YEAR,
  dt DATE, t0 TIME, t1 TIME(1), t3 TIME(3), t6 TIME(6),
  dtm DATETIME, dtm2 DATETIME(2), dtm6 DATETIME(6),
  ts TIMESTAMP NULL DEFAULT NULL, ts1 TIMESTAMP(1) NULL DEFAULT NULL, ts6 TIMESTAMP(6) NULL DEFAULT NULL,
  c CHAR(10), c100 CHAR(100), vc VARCHAR(300), cl CHAR(10) CHARACTER SET latin1,
  vl VARCHAR(50) CHARACTER SET latin1, tx TEXT, tl TEXT CHARACTER SET latin1,
  vcp VARCHAR(20) CHARACTER SET cp1251,
  bn BINARY(4), vb VARBINARY(10), bl BLOB, lb LONGBLOB,
  e ENUM('a','b','c d'), st SET('x','y','z'),
  j JSON, g GEOMETRY, ip INET6, u UUID
);
INSERT INTO everytype VALUES (1,
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  '12345678901234567890123456789012345.123456789012345678901234567890', 3.14, 42, 0.1, 0.1,
  b'1', b'1000000001', b'101', 2024,
  '2024-02-29', '12:34:56', '-00:00:01.5', '01:02:03.004', '838:59:58.999999',
  '2024-02-29 23:59:59', '2024-02-29 23:59:59.12', '2024-02-29 23:59:59.123456',
  '2024-02-29 23:59:59', '2024-02-29 23:59:59.9', '2024-02-29 23:59:59.000001',
  'abc', 'x', 'héllo "quoted" \\ back', 'café', 'naïve €', 'text ✓ 😀', 'àéîõü', 'Привет',
  x'6162', x'00ff', x'deadbeef', x'',
  'c d', 'x,z',
  '{"a": [1, 2.5, "s"], "b": null}', ST_GeomFromText('POINT(1 2)'), '2001:db8::1', '6ccd780c-baba-1026-9564-5b8c656024db');
INSERT INTO everytype VALUES (2,
  127, 255, 32767, 65535, 8388607, 16777215, 2147483647, 4294967295, 9223372036854775807, 18446744073709551615,
  '99999999999999999999999999999999999.999999999999999999999999999999', 99999999.99, 99999, 3.40282e38, 1.7976931348623157e308,
  b'1', b'1111111111', b'1111111111111111111111111111111111111111111111111111111111111111', 2155,
  '9999-12-31', '838:59:59', '838:59:59.9', '838:59:59.999', '838:59:59.999999',
  '9999-12-31 23:59:59', '9999-12-31 23:59:59.99', '9999-12-31 23:59:59.999999',
  '2038-01-19 03:14:07', '2038-01-19 03:14:07.9', '2038-01-19 03:14:07.999999',
  'zzzzzzzzzz', REPEAT('y', 100), REPEAT('ü', 300), 'ÿÿÿÿ', REPEAT('é', 50), REPEAT('t', 1000), 'ß', 'Ё',
  x'ffffffff', x'ffffffffffffffffffff', REPEAT(x'ab', 300), REPEAT(x'cd', 10000),
  'a', 'x,y,z',
  '[]', ST_GeomFromText('LINESTRING(0 0, 1 1, 2 3)'), 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff');
INSERT INTO everytype VALUES (3,
  -128, 0, -32768, 0, -8388608, 0, -2147483648, 0, -9223372036854775808, 0,
  '-0.000000000000000000000000000001', -99999999.99, -99999, -1.17549e-38, -2.2250738585072014e-308,
  b'0', b'0', b'0', 1901,
  '1000-01-01', '-838:59:59', '-838:59:59.9', '-00:00:00.001', '-838:59:59.000000',
  '1000-01-01 00:00:00', '1000-01-01 00:00:00.01', '1000-01-01 00:00:00.000001',
  '1970-01-01 02:00:01', '1970-01-01 02:00:01.1', '1970-01-01 02:00:01.000001',
  '', '', '', '', '', '', '', '',
  x'00000000', x'00', x'00', x'00',
  '', '',
  '{"k": {"nested": {"deep": [true, false, null, -5, 18446744073709551615]}}}', ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 0))'), '::ffff:192.0.2.1', '00000000-0000-0000-0000-000000000000');
INSERT INTO everytype VALUES (4,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, -0.0,
  b'0', b'0', b'0', 0,
  '0000-00-00', '00:00:00', '00:00:00.0', '00:00:00.000', '00:00:00.000000',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00.00', '0000-00-00 00:00:00.000000',
  '0000-00-00 00:00:00', '0000-00-00 00:00:00.0', '0000-00-00 00:00:00.000000',
  ' lead', 'tab	in', 'new
line', 'x', 'y', '', '', '',
  x'0100', x'', x'', x'',
  'b', 'y',
  '"just a string"', ST_GeomFromText('POINT(-1.5 1e300)'), '::', '123e4567-e89b-42d3-a456-426614174000');
INSERT INTO everytype (id) VALUES (5);
SQL

my chm_capture -B -N -e "
SET SESSION time_zone = '+00:00';
SELECT id, ti, tiu, si, siu, mi, miu, i, iu, bi, biu, d1, d2, d3, f, dbl,
  LPAD(BIN(b1), 1, '0'), LPAD(BIN(b10), 10, '0'), LPAD(BIN(b64), 64, '0'), y + 0,
  dt, t0, t1, t3, t6, dtm, dtm2, dtm6,
  IF(ts = 0, ts, CONCAT(ts, '+00')), IF(ts1 = 0, ts1, CONCAT(ts1, '+00')), IF(ts6 = 0, ts6, CONCAT(ts6, '+00')),
  c, c100, vc, cl, vl, tx, tl, vcp,
  CONCAT('\\\\x', LOWER(HEX(bn))), CONCAT('\\\\x', LOWER(HEX(vb))), CONCAT('\\\\x', LOWER(HEX(bl))),
  CONCAT('\\\\x', LOWER(HEX(lb))),
  e, st, j, CONCAT('\\\\x', LOWER(HEX(g))), ip, u
FROM everytype ORDER BY id" > "$here/mariadb-everytype.expected.tmp"
my chm_capture <<'SQL'
UPDATE everytype SET ti = ti + 1, vc = 'updated' WHERE id = 1;
DELETE FROM everytype WHERE id = 5;
CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(20), n DOUBLE);
INSERT INTO big SELECT seq, CONCAT('row ', seq), seq / 7 FROM seq_1_to_3000;
SQL
my -e "FLUSH BINARY LOGS"
mariadb-binlog --read-from-remote-server --raw -h "$CHM_MY_HOST" -P "$CHM_MY_PORT" -u "$CHM_MY_REPL_USER" \
	-p"$CHM_MY_REPL_PASSWORD" --result-file="$here/capture-" "$file"
mv "$here/capture-$file" "$here/mariadb-everytype.binlog"
mv "$here/mariadb-everytype.expected.tmp" "$here/mariadb-everytype.expected"
my -e "DROP DATABASE chm_capture"
echo "captured $file ($(wc -c < "$here/mariadb-everytype.binlog") bytes), $(wc -l < "$here/mariadb-everytype.expected") rows" >&2
