-- args: --source-schema corpus --source-flavour mysql
-- differential: skip (MySQL outside strict mode; the differential's server is MariaDB)
-- Issue 14, a MySQL source (--source-flavour mysql): outside strict mode
-- MySQL accepts a literal default of a BLOB, TEXT, JSON or GEOMETRY column
-- with a warning and keeps none (strict mode refuses the statement), where
-- MariaDB keeps it (defaults_more, defaults_suite).  DEFAULT NULL and
-- expression defaults (MySQL 8.0.13) are kept.

-- OK (MySQL 9.7 with sql_mode='')
CREATE TABLE dmy_blob (a INT, b BLOB NOT NULL DEFAULT '', c TEXT DEFAULT 'x', d JSON DEFAULT '[1]',
  e GEOMETRY DEFAULT '', f LONGTEXT DEFAULT NULL, g BLOB DEFAULT ('abc'), h TINYTEXT DEFAULT ('t'),
  i VARCHAR(5) DEFAULT 'v', j VARBINARY(5) DEFAULT 'w');
ALTER TABLE dmy_blob ADD COLUMN k MEDIUMBLOB NOT NULL DEFAULT 'k', MODIFY c TEXT DEFAULT 'y';
