-- args: --source-schema corpus
-- Column definitions from the servers' own test suites (issue 14,
-- tests/ddl-suites/FAILURES.md A1, A5, A6, A8, B7, C1, C6): ENUM and SET
-- labels written as hex or bit literals, the enum error value '', columns
-- named with their table, inline REFERENCES with a constraint name, system
-- versioning columns, VARCHARs the source makes TEXT, LONG BYTE and the
-- other synonyms, TIMESTAMP under sql_mode MAXDB, primary keys with prefix
-- parts.

-- OK
-- A1: a hex or bit label is its bytes in the column's character set; bytes
-- that are not UTF-8 are latin1 (MySQL's one-byte default) and converted.
CREATE TABLE cs_hex (c1 ENUM(0xc3a6, 0xc3b8, 0xc3a5) CHARSET utf8mb3, c2 ENUM(b'1001001'), c3 SET('a', 0x62, X'63'));
CREATE TABLE cs_hex_latin1 (a ENUM(0xE4, '1', '2') NOT NULL) CHARSET latin1;
CREATE TABLE cs_hex_set (a SET('', 0x78), b SET(''));
ALTER TABLE cs_hex ADD c4 ENUM(0x61, b'01100010');
-- The enum error value: outside strict mode an invalid value is stored as
-- '' (index 0); the row images carry it, so the CHECK admits it.
CREATE TABLE cs_enum (e ENUM('a', 'b') NOT NULL, f ENUM('', 'x'), g ENUM('y') DEFAULT 'y');
ALTER TABLE cs_enum MODIFY e ENUM('a', 'b', 'c') NOT NULL;
-- The error value is index 0 as a number, and stays '' in another enum.
ALTER TABLE cs_enum MODIFY g INT;
ALTER TABLE cs_enum MODIFY e ENUM('A', 'b') NOT NULL;
-- A5: a column named with its table (MariaDB), and a DEFAULT naming one so.
CREATE TABLE cs_qual (cs_qual.a INT, corpus.cs_qual.b INT NOT NULL);
ALTER TABLE cs_qual ADD c INT;
-- A6: REFERENCES in a column definition is a foreign key (MariaDB 10.5 and
-- later), named by CONSTRAINT when given, with MySQL's index.
CREATE TABLE cs_parent (x INT PRIMARY KEY, y INT, KEY (y));
CREATE TABLE cs_child (x INT REFERENCES cs_parent(x), y INT CONSTRAINT cs_fk REFERENCES cs_parent(y) ON DELETE CASCADE);
ALTER TABLE cs_child ADD x2 INT REFERENCES cs_parent(x), ADD y2 INT CONSTRAINT cs_fk2 REFERENCES cs_parent(y);
-- A8: system versioning columns are plain columns of their type.
CREATE TABLE cs_versioned (a VARCHAR(9), b INT, rs TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE, re TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE, PERIOD FOR SYSTEM_TIME(rs, re)) WITH SYSTEM VERSIONING;
CREATE TABLE cs_versioned2 (a INT, rs TIMESTAMP(6) AS ROW START, re TIMESTAMP(6) AS ROW END, PERIOD FOR SYSTEM_TIME (rs, re)) WITH SYSTEM VERSIONING;
-- C6: synonyms.  LONG and LONG VARCHAR are MEDIUMTEXT, LONG BYTE is
-- MEDIUMBLOB, and BYTE after a character type is the binary character set.
CREATE TABLE cs_synonyms (a LONG, b LONG BYTE, c LONG VARCHAR, d LONG VARBINARY);
-- C1: a primary key with prefix parts is PostgreSQL's key on the whole
-- columns and a unique index <table>_PRIMARY on the prefixes; DROP PRIMARY
-- KEY drops both.
CREATE TABLE cs_pk (a VARCHAR(64) NOT NULL, b INT NOT NULL, c BLOB NOT NULL, PRIMARY KEY (a(32), b, c(10)));
ALTER TABLE cs_pk DROP PRIMARY KEY;
ALTER TABLE cs_pk ADD PRIMARY KEY (a(8), b);
CREATE TABLE cs_pk2 (a VARCHAR(64) NOT NULL, b INT NOT NULL, PRIMARY KEY (b, a));

-- OK
-- B7, C6: outside strict mode a VARCHAR beyond 65535 bytes is a TEXT type;
-- under MAXDB (MariaDB) TIMESTAMP is DATETIME.
SET sql_mode = '';
CREATE TABLE cs_long (a VARCHAR(70000000), b VARCHAR(100000), c VARCHAR(20000) CHARACTER SET utf8mb4, d VARCHAR(20000) CHARACTER SET latin1, e VARBINARY(70000));
SET sql_mode = 'MAXDB';
CREATE TABLE cs_maxdb (a TIMESTAMP, b TIMESTAMP(5) NOT NULL);
SET sql_mode = DEFAULT;
CREATE TABLE cs_ts (a TIMESTAMP NULL);

-- OK (not in the differential: MariaDB's default naming a column is not kept in PostgreSQL)
-- A5: a DEFAULT naming a column with its table.
CREATE TABLE cs_qual_default (x INT, y INT DEFAULT cs_qual_default.x);
CREATE OR REPLACE TABLE cs_qual_default (x INT, y INT DEFAULT corpus.cs_qual_default.x);

-- OK (not in the differential: a NUL byte PostgreSQL text cannot hold)
-- A1: a label of NUL bytes is '' in PostgreSQL, with a notice.
CREATE TABLE cs_nul (a ENUM('', 0x0000), b SET('', 0x0000)) CHARACTER SET latin1;

-- OK
-- MariaDB adds json_valid() to a JSON column only when it has no CHECK of its own
-- (main/type_json.test): with one, the column holds any text
CREATE TABLE cs_json_check (t JSON CHECK (length(t) > 0), j JSON);
