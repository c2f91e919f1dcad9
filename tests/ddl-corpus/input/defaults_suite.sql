-- args: --source-schema corpus
-- Issue 14: defaults whose meaning depends on the column's type.  A hex or
-- bit literal is a binary string in a string column and a number in a
-- numeric one, in parentheses or not; typed temporal literals, numbers and
-- casts of constants in parentheses are the constants MySQL stores; IF(),
-- CONVERT(), CAST() and system variables as defaults (kept when constant,
-- else dropped with a notice); CURRENT_TIMESTAMP(n) of a column that is no
-- timestamp (MySQL stores the time as a number or a string); SYSDATE(n)
-- with its n digits; DECIMAL(0,0) and the other precisions MySQL defaults.
-- Each class in CREATE TABLE, then in ALTER TABLE ADD, MODIFY and ALTER
-- COLUMN SET DEFAULT.  The groups after the first are left out of the
-- differential test, each for the reason it gives; the last one is MySQL
-- 9.7 syntax only.

-- OK
CREATE TABLE ds_hex (
  i INT DEFAULT (0x3939),
  i2 INT DEFAULT 0x41,
  i3 BIGINT DEFAULT (b'101'),
  d DECIMAL(6,1) DEFAULT (0x10),
  f DOUBLE DEFAULT 0x10,
  v VARCHAR(10) DEFAULT (0x40),
  v2 VARCHAR(10) DEFAULT X'4142',
  v3 VARCHAR(10) DEFAULT b'1000001',
  v4 CHAR(4) DEFAULT (_binary 0x4243),
  v5 VARCHAR(10) DEFAULT (0x01),
  b BIT(8) DEFAULT (b'1000000'),
  b2 BIT(8) DEFAULT b'101',
  b3 BIT(16) DEFAULT (0x4142),
  c VARBINARY(4) DEFAULT (_binary 0x42),
  c2 VARBINARY(4) DEFAULT 0x42,
  c3 BLOB DEFAULT (b'1000001'),
  c4 VARBINARY(4) DEFAULT 0x141,
  e BIGINT DEFAULT (0x10 + 1),
  g VARCHAR(10) DEFAULT (CONCAT(0x41, 'b'))
);
ALTER TABLE ds_hex ADD COLUMN i4 INT DEFAULT (0x10), MODIFY v VARCHAR(10) DEFAULT (0x41),
  ALTER COLUMN b SET DEFAULT (b'11'), ALTER COLUMN c SET DEFAULT (0x4344),
  ALTER COLUMN i SET DEFAULT 0x20, ALTER COLUMN v2 SET DEFAULT (X'43');
CREATE TABLE ds_typed (
  a TIME DEFAULT (TIME'10:20:30'),
  b DATE DEFAULT (DATE'2020-01-01'),
  c DATETIME DEFAULT (TIMESTAMP'2020-01-01 10:00:00'),
  d TIMESTAMP NULL DEFAULT (TIMESTAMP '2021-02-03 04:05:06'),
  f VARCHAR(20) DEFAULT (DATE'2020-01-01'),
  g TIME DEFAULT (DATE '2020-01-01'),
  h DATE DEFAULT ((DATE'2020-01-01'))
);
ALTER TABLE ds_typed ALTER COLUMN a SET DEFAULT (TIME'01:02:03'),
  MODIFY b DATE DEFAULT (DATE'2021-01-01'), ADD COLUMN i DATE DEFAULT (DATE'2022-02-02'),
  ADD COLUMN j DATETIME DEFAULT (TIMESTAMP '2020-01-01 10:00:00' - INTERVAL 1 HOUR);
CREATE TABLE ds_paren_num (
  b TEXT DEFAULT (1),
  c VARBINARY(10) DEFAULT (12.5),
  d VARCHAR(10) DEFAULT (-3),
  g BIT(4) DEFAULT (5)
);
ALTER TABLE ds_paren_num ALTER COLUMN c SET DEFAULT (2), MODIFY b TEXT DEFAULT (3.5),
  ADD COLUMN h VARBINARY(4) DEFAULT (0);
CREATE TABLE ds_calls (
  a INT DEFAULT IF(1,2,3),
  b INT DEFAULT IF(0, 2, 3),
  c VARCHAR(10) DEFAULT IF('0', 'yes', 'no'),
  d VARCHAR(20) DEFAULT (CONVERT('abc' USING utf8mb4)),
  e VARCHAR(20) DEFAULT CONVERT(0x41 USING latin1),
  f INT DEFAULT (CONVERT('7', SIGNED)),
  j VARCHAR(10) DEFAULT REPLACE('abc', 'b', 'x'),
  k VARCHAR(10) DEFAULT (IF(NULL, 'a', 'b'))
);
ALTER TABLE ds_calls ALTER COLUMN a SET DEFAULT IF(0, 5, 6), MODIFY b INT DEFAULT IF(1, (7), 8);
CREATE TABLE ds_casts (
  a INT DEFAULT (CAST('5.7' AS SIGNED)),
  b INT DEFAULT (CAST(5.5 AS SIGNED)),
  c INT DEFAULT (CAST(-2.5 AS SIGNED INTEGER)),
  d BIGINT DEFAULT (CAST('12' AS UNSIGNED)),
  e DECIMAL(5,2) DEFAULT (CAST('1.255' AS DECIMAL(4,2))),
  g DOUBLE DEFAULT (CAST('2.5' AS DOUBLE)),
  h CHAR(5) DEFAULT (CAST('abcdef' AS CHAR(3))),
  j DATE DEFAULT (CAST('2020-01-02 10:00:00' AS DATE)),
  k DATETIME(2) DEFAULT (CAST('2020-01-02 10:00:00.1200' AS DATETIME(2))),
  l TIME DEFAULT (CAST('10:11:12' AS TIME)),
  q INT DEFAULT (CAST(0x41 AS UNSIGNED)),
  r DECIMAL(4,1) DEFAULT (CAST(999.99 AS DECIMAL(4,1)))
);
ALTER TABLE ds_casts ALTER COLUMN a SET DEFAULT (CAST('9' AS SIGNED)),
  MODIFY h CHAR(5) DEFAULT (CAST(12 AS CHAR));
CREATE TABLE ds_decimal (
  a DECIMAL(0,0),
  b DECIMAL(0),
  c DECIMAL,
  d DECIMAL(7),
  e NUMERIC(0,0) DEFAULT 5,
  f FLOAT(0),
  g FLOAT(24),
  h FLOAT(25),
  i FLOAT(53),
  j FLOAT(7,3),
  k DOUBLE(10,2),
  l REAL,
  m DEC(12,4),
  n FIXED(0,0)
);
ALTER TABLE ds_decimal ADD COLUMN o DECIMAL(0,0) DEFAULT 1, MODIFY a DECIMAL(0,0) NOT NULL DEFAULT 2;

-- OK (not in the differential: defaults not kept, with a notice: X'..' in
-- a number column (MariaDB reads a string, MySQL a number), system variables,
-- a temporal CAST the servers round differently, a TIME for a DATETIME)
CREATE TABLE ds_dropped (
  a INT DEFAULT X'3939',
  b VARCHAR(60) DEFAULT @@version,
  c VARCHAR(200) DEFAULT (@@session.sql_mode),
  d INT DEFAULT IF(@@auto_increment_increment > 1, 1, 2),
  e TIME DEFAULT (CAST('10:11:12.5' AS TIME)),
  f BIGINT DEFAULT (CAST(NOW() AS SIGNED)),
  g DATETIME DEFAULT (TIME'10:20:30')
);
ALTER TABLE ds_dropped ALTER COLUMN a SET DEFAULT X'3130', MODIFY b VARCHAR(60) DEFAULT @@hostname,
  ADD COLUMN h DOUBLE DEFAULT (X'35');

-- OK (not in the differential, whose classes of defaults that are not
-- constants know neither MySQL's time as a number or a string, nor
-- SYSDATE(n)'s truncation, nor CASTs of the clock)
CREATE TABLE ds_now_values (
  a BIGINT DEFAULT CURRENT_TIMESTAMP(6),
  b INT DEFAULT NOW(),
  c DECIMAL(20,2) DEFAULT CURRENT_TIMESTAMP(6),
  d DOUBLE DEFAULT LOCALTIME(3),
  e VARCHAR(30) DEFAULT NOW(3),
  f BLOB DEFAULT NOW(),
  g TIME(2) DEFAULT NOW(6),
  h TIME DEFAULT CURRENT_TIMESTAMP,
  i DATE DEFAULT NOW(),
  j DECIMAL(14,0) DEFAULT LOCALTIMESTAMP
);
ALTER TABLE ds_now_values ALTER COLUMN a SET DEFAULT NOW(), MODIFY b BIGINT DEFAULT NOW(2),
  ADD COLUMN k VARCHAR(30) DEFAULT CURRENT_TIMESTAMP, ALTER COLUMN g SET DEFAULT NOW(1);
CREATE TABLE ds_sysdate (
  a DATETIME DEFAULT (SYSDATE()),
  b DATETIME(2) DEFAULT (SYSDATE(2)),
  c DATETIME(3) DEFAULT (SYSDATE(3)),
  d DATETIME(6) DEFAULT (SYSDATE(6)),
  e TIMESTAMP(4) NULL DEFAULT (SYSDATE(4))
);
CREATE TABLE ds_clock_casts (
  n DATE DEFAULT (CAST(NOW() AS DATE)),
  o DATETIME DEFAULT (CAST(CURRENT_TIMESTAMP AS DATETIME)),
  p TIME DEFAULT (CAST(NOW() AS TIME))
);
ALTER TABLE ds_clock_casts ADD COLUMN s DATETIME(1) DEFAULT (SYSDATE(1)),
  ALTER COLUMN n SET DEFAULT (CAST(CURDATE() AS DATE));

-- OK (not in the differential, which reads a BLOB's default as a number,
-- and evaluates a CAST alone where MariaDB stores it in the column: a FLOAT
-- widened to DOUBLE, a BINARY(n) padded with zero bytes)
CREATE TABLE ds_blob_casts (
  a BLOB DEFAULT (1),
  f LONGBLOB DEFAULT ((42)),
  g DOUBLE DEFAULT (CAST(0.1 AS FLOAT)),
  i VARBINARY(5) DEFAULT (CAST('ab' AS BINARY(4)))
);
ALTER TABLE ds_blob_casts ALTER COLUMN a SET DEFAULT (2), ADD COLUMN h BLOB DEFAULT (0);

-- OK (MySQL 9.7 only: CAST AS JSON and AS REAL)
CREATE TABLE ds_mysql_casts (
  a JSON DEFAULT (CAST('{"a": 1}' AS JSON)),
  b DOUBLE DEFAULT (CAST('1.5' AS REAL)),
  c INT DEFAULT (0x3939),
  d VARCHAR(10) DEFAULT (0x40)
);
ALTER TABLE ds_mysql_casts ALTER COLUMN b SET DEFAULT (CAST(2 AS REAL));
