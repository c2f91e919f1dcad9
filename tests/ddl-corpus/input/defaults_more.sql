-- args: --source-schema corpus
-- Issue 14, more defaults from the servers' own tests: a CASE or a
-- variable assignment written without parentheses (MariaDB); a clock call
-- whose value MySQL converts to the column's type (a time for a DATETIME
-- is today at that time, for a DATE today); TRUE as a SET DEFAULT;
-- length(uuid()) (MySQL's uuid() is a string); a CASE WHEN on a number;
-- dates written with other delimiters ('1111:11:11') or one-digit parts;
-- enum and set defaults lose their trailing spaces as the labels do (not
-- those of CHARACTER SET binary); JSON defaults.  Then, with a notice,
-- what PostgreSQL cannot hold: a date that does not exist, a JSON default
-- that is not JSON, LIKE of numbers, clock values without a conversion.

-- OK
CREATE TABLE dm_case (a INT DEFAULT CASE WHEN 1 THEN 2 ELSE 3 END,
  b INT DEFAULT (CASE 2 WHEN 1 THEN 10 WHEN 2 THEN 20 END),
  c INT DEFAULT CASE WHEN 0 THEN 1 ELSE (CASE WHEN 0.5 THEN 7 END) END NOT NULL);
CREATE TABLE dm_dates (a DATETIME NOT NULL DEFAULT '1111:11:11',
  b DATETIME DEFAULT '1211:1:1',
  c DATE DEFAULT '2020/1/2',
  d DATETIME DEFAULT '2020-1-2 3:4:5',
  e DATETIME DEFAULT '2000.01.02 10.11.12',
  f DATE DEFAULT '2020-2-29');
CREATE TABLE dm_enum (a SET (' ','a','b ') NOT NULL DEFAULT 'b ',
  b ENUM (' ','a','b ') DEFAULT 'b ',
  c SET ('a','b ') DEFAULT 'a,b ');
CREATE TABLE dm_json (a JSON DEFAULT '{"a": [1, 2.5, null, true]}', b JSON DEFAULT 'null',
  c JSON DEFAULT ' 1 ');
CREATE TABLE dm_bool (a INT, b TINYINT(1), c BIGINT);
ALTER TABLE dm_bool ALTER COLUMN a SET DEFAULT TRUE, ALTER COLUMN b SET DEFAULT FALSE;
ALTER TABLE dm_bool MODIFY c BIGINT DEFAULT TRUE;

-- OK (not in the differential, whose default classes do not read these
-- translations of the clock and of uuid())
CREATE TABLE dm_clock (a DATETIME DEFAULT (current_time()),
  b DATE DEFAULT (curtime()),
  c DECIMAL(20,0) DEFAULT (now()),
  d VARCHAR(30) DEFAULT (current_timestamp(3)),
  e TIMESTAMP NULL DEFAULT (curdate()),
  f BIGINT DEFAULT (unix_timestamp()),
  g DECIMAL(30,6) DEFAULT COALESCE(CURRENT_TIMESTAMP(6)));
CREATE TABLE dm_uuid (a INT DEFAULT (length(uuid())), b CHAR(36) DEFAULT (uuid()),
  c BINARY(16) DEFAULT (uuid_to_bin(uuid())));

-- OK (not in the differential: defaults not kept, with a notice)
CREATE TABLE dm_lost (a INT DEFAULT @v:=1,
  b INT DEFAULT (1 LIKE (TRUE)),
  c DATETIME DEFAULT (unix_timestamp()),
  d DECIMAL(10,0) DEFAULT (curtime()),
  e TIME DEFAULT (curdate()),
  f JSON DEFAULT '{a:1}',
  g JSON DEFAULT '',
  h INT DEFAULT CASE WHEN a THEN 1 END,
  i JSON DEFAULT '["\\u0000"]',
  j DECIMAL(30,6) DEFAULT COALESCE(CURRENT_TIME(6)),
  k DECIMAL(30,6) DEFAULT COALESCE(CURRENT_DATE));
SET sql_mode = 'ALLOW_INVALID_DATES';
CREATE TABLE dm_invalid (a DATETIME DEFAULT '2008-02-31 00:00:00', b DATE DEFAULT '2021-02-29',
  c DATE DEFAULT '2020-00-00', d DATE DEFAULT '0000-01-01');
SET sql_mode = DEFAULT;

-- OK (not in the differential: a binary enum's labels are bytes, compared as text)
CREATE TABLE dm_binenum (a ENUM('a','a ') CHARACTER SET binary DEFAULT 'a ');
