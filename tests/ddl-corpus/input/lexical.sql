-- args: --source-schema corpus
-- schemas: corpus other_db
-- How a dump is read: comments of every style, version comments as
-- content, SET sql_mode (ANSI_QUOTES, NO_BACKSLASH_ESCAPES, = DEFAULT),
-- DELIMITER, USE, charset introducers, every literal form.

-- OK
# a hash comment line
CREATE TABLE lx_comments ( -- trailing dash comment
  id INT, # trailing hash comment
  /* a block
     comment */ v INT
);
CREATE /* inline */ TABLE lx_inline_comment (id /* here */ INT);
/*!40101 SET @saved_cs_client = @@character_set_client */;
/*!40101 SET character_set_client = utf8mb4 */;
CREATE TABLE lx_version_body (
  id INT NOT NULL,
  v VARCHAR(10)
) ENGINE=InnoDB /*!40101 DEFAULT CHARSET=utf8mb4 */;
/*!50100 CREATE TABLE lx_whole_versioned (id INT) */;
CREATE TABLE lx_version_col (id INT /*!80023 INVISIBLE */, w INT /*M!100301 COMMENT 'maria only' */);
/*!40101 SET character_set_client = @saved_cs_client */;
CREATE TABLE lx_strings (
  a VARCHAR(30) DEFAULT 'single',
  b VARCHAR(30) DEFAULT "double",
  c VARCHAR(30) DEFAULT 'esc\'aped',
  d VARCHAR(30) DEFAULT "it\"s",
  e VARCHAR(30) DEFAULT 'nl\nhere',
  f VARCHAR(30) DEFAULT 'pct\%under\_',
  g VARCHAR(30) DEFAULT _latin1'latin',
  h VARCHAR(30) DEFAULT _binary'bin',
  i VARCHAR(30) DEFAULT 'x' COLLATE utf8mb4_bin
);
SET sql_mode = 'ANSI_QUOTES';
CREATE TABLE "lx_ansi" ("id" INT, "Mixed Col" VARCHAR(10) DEFAULT 'q', `still_backtick` INT);
ALTER TABLE "lx_ansi" ADD COLUMN "x""y" INT;
SET SESSION sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES';
CREATE TABLE lx_nbe (a VARCHAR(20) DEFAULT 'c:\path\', b VARCHAR(20) DEFAULT 'it''s');
SET sql_mode = DEFAULT;
CREATE TABLE lx_after_default (a VARCHAR(20) DEFAULT "dq again", b VARCHAR(20) DEFAULT 'c:\\path');
SET @@session.sql_mode = 'NO_BACKSLASH_ESCAPES';
CREATE TABLE lx_nbe2 (a VARCHAR(20) DEFAULT 'back\slash');
SET sql_mode = 'ANSI';
CREATE TABLE "lx_ansi_mode" ("a" INT, "b" VARCHAR(10) DEFAULT 'ansi');
SET sql_mode = 'TRADITIONAL';
CREATE TABLE lx_traditional (a VARCHAR(20) DEFAULT "dq in traditional");
SET sql_mode = '';
SET NAMES utf8mb4;
DELIMITER ;;
CREATE TABLE lx_delim1 (id INT);;
CREATE TABLE lx_delim2 (a VARCHAR(10) DEFAULT ';')
;;
DELIMITER $$
CREATE TABLE lx_delim3 (id INT, s VARCHAR(5) DEFAULT '$$')$$
DELIMITER ;
USE other_db;
CREATE TABLE lx_in_other (id INT);
ALTER TABLE lx_in_other ADD COLUMN v INT;
USE `corpus`;
CREATE TABLE lx_back_home (id INT);
CREATE TABLE other_db.lx_explicit (id INT);
create table lx_lower (id int not null primary key, v varchar(5) default 'lc');
CrEaTe TaBlE lx_weird_case (Id InT);
CREATE
  TABLE
    lx_multiline
      (id
        INT
      );
CREATE TABLE lx_literals (
  a INT DEFAULT 1e2,
  b DOUBLE DEFAULT .5,
  c DOUBLE DEFAULT 5.,
  d BIGINT DEFAULT -9223372036854775808,
  e DECIMAL(30,0) DEFAULT 123456789012345678901234567890,
  f VARBINARY(4) DEFAULT x'',
  g BIT(3) DEFAULT 0b101,
  h DATE DEFAULT DATE '2021-02-03',
  i TIMESTAMP NULL DEFAULT TIMESTAMP '2021-02-03 04:05:06',
  j TIME DEFAULT TIME '01:02:03'
);

-- OK (not in the differential: a NUL byte PostgreSQL text cannot hold)
CREATE TABLE lx_nul (j VARCHAR(30) DEFAULT 'zero\0byte');

-- KO
CREATE TABLE lx_unterminated_string (a VARCHAR(5) DEFAULT 'oops);
