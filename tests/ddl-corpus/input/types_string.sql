-- args: --source-schema corpus
-- Character, binary, JSON, ENUM, SET and MariaDB's INET6/UUID/INET4
-- types, with character sets and collations (accepted, no effect).

-- OK
CREATE TABLE chars (
  a CHAR,
  b CHAR(1),
  c CHAR(10),
  d CHAR(255),
  e NATIONAL CHAR(5),
  f NCHAR(5),
  g CHARACTER(3),
  h CHAR(0)
);
CREATE TABLE varchars (
  a VARCHAR(1),
  b VARCHAR(255),
  c VARCHAR(10000),
  d NVARCHAR(40),
  e NATIONAL VARCHAR(40),
  f CHARACTER VARYING(20),
  g VARCHAR(100) NOT NULL
);
CREATE TABLE texts (a TINYTEXT, b TEXT, c TEXT(100), d MEDIUMTEXT, e LONGTEXT, f LONG, g LONG VARCHAR);
CREATE TABLE binaries (
  a BINARY,
  b BINARY(16),
  c VARBINARY(255),
  d TINYBLOB,
  e BLOB,
  f BLOB(1000),
  g MEDIUMBLOB,
  h LONGBLOB,
  i LONG VARBINARY
);
CREATE TABLE charsets (
  a VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci,
  b VARCHAR(10) CHARSET latin1,
  c TEXT CHARACTER SET utf8mb3,
  d CHAR(3) BINARY,
  e VARCHAR(20) COLLATE utf8mb4_bin NOT NULL,
  f TEXT ASCII,
  g TEXT UNICODE
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;
CREATE TABLE docs (id INT NOT NULL PRIMARY KEY, body JSON, meta JSON NOT NULL);
CREATE TABLE enums (
  a ENUM('small','medium','large'),
  b ENUM('y','n') NOT NULL,
  c ENUM('it''s','quote"d','back\\slash'),
  d ENUM('') NULL,
  e ENUM('a','b') CHARACTER SET latin1
);
CREATE TABLE sets (a SET('r','w','x'), b SET('one','two') NOT NULL, c SET('') NULL);
CREATE TABLE mariadb_types (a INET6, b UUID, c INET4, d INET6 NOT NULL);
ALTER TABLE chars ADD COLUMN i VARCHAR(30) CHARACTER SET ascii;
ALTER TABLE chars MODIFY c VARCHAR(20);
ALTER TABLE chars MODIFY d TEXT;
ALTER TABLE varchars MODIFY a CHAR(1) NOT NULL;
ALTER TABLE varchars MODIFY b MEDIUMTEXT;
ALTER TABLE binaries MODIFY b VARBINARY(32);
ALTER TABLE binaries MODIFY c BLOB;
ALTER TABLE texts MODIFY b VARCHAR(500);
ALTER TABLE enums MODIFY a ENUM('small','medium','large','huge');
ALTER TABLE enums MODIFY b ENUM('y','n','maybe') NOT NULL;
ALTER TABLE enums ADD COLUMN f ENUM('on','off') NOT NULL;
ALTER TABLE sets MODIFY a SET('r','w','x','s');
ALTER TABLE docs ADD COLUMN extra JSON;
ALTER TABLE docs MODIFY body LONGTEXT;
ALTER TABLE mariadb_types MODIFY b CHAR(36);
ALTER TABLE mariadb_types ADD COLUMN e UUID NOT NULL;
ALTER TABLE charsets CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;
ALTER TABLE charsets DEFAULT CHARACTER SET latin1;

-- KO
CREATE TABLE bad_enum (a ENUM());
CREATE TABLE bad_varchar (a VARCHAR);
CREATE TABLE bad_set (a SET('x',));
