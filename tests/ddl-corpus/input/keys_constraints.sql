-- args: --source-schema corpus
-- Keys and constraints: PRIMARY KEY inline and as a clause, composite
-- keys, UNIQUE, AUTO_INCREMENT as an identity, FOREIGN KEY (kept in the
-- catalog, created at detach-replica), CHECK, the CHECK an ENUM becomes,
-- column and table COMMENT into COMMENT ON.

-- OK
CREATE TABLE k_inline (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v VARCHAR(10));
CREATE TABLE k_clause (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT, v INT, PRIMARY KEY (id));
CREATE TABLE k_named (id INT NOT NULL, CONSTRAINT pk_k_named PRIMARY KEY (id));
CREATE TABLE k_composite (a INT NOT NULL, b VARCHAR(10) NOT NULL, c INT, PRIMARY KEY (a, b));
CREATE TABLE k_key_word (id INT KEY, v INT);
CREATE TABLE k_unique_inline (id INT PRIMARY KEY, email VARCHAR(100) UNIQUE, login VARCHAR(20) UNIQUE KEY NOT NULL);
CREATE TABLE k_ai_variants (
  a TINYINT AUTO_INCREMENT,
  b INT,
  KEY (a)
);
CREATE TABLE k_ai_small (id SMALLINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY);
CREATE TABLE k_ai_medium (id MEDIUMINT NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) AUTO_INCREMENT=100;
CREATE TABLE k_ai_unique (id INT NOT NULL AUTO_INCREMENT UNIQUE, v INT);
CREATE TABLE k_pk_using (id INT NOT NULL, PRIMARY KEY USING BTREE (id));
CREATE TABLE k_fk_parent (id INT NOT NULL PRIMARY KEY, code CHAR(3) NOT NULL UNIQUE);
CREATE TABLE k_fk_child (
  id INT NOT NULL PRIMARY KEY,
  parent_id INT,
  parent_code CHAR(3),
  KEY idx_parent (parent_id),
  CONSTRAINT fk_parent FOREIGN KEY (parent_id) REFERENCES k_fk_parent (id) ON DELETE CASCADE ON UPDATE RESTRICT,
  FOREIGN KEY (parent_code) REFERENCES k_fk_parent (code) ON DELETE SET NULL
);
CREATE TABLE k_fk_inline (id INT PRIMARY KEY, pid INT REFERENCES k_fk_parent (id));
CREATE TABLE k_fk_self (id INT PRIMARY KEY, boss INT, KEY (boss), CONSTRAINT fk_self FOREIGN KEY (boss) REFERENCES k_fk_self (id) ON DELETE NO ACTION);
CREATE TABLE k_fk_names (id INT PRIMARY KEY, a INT, b INT, CONSTRAINT cn_a FOREIGN KEY ix_a (a) REFERENCES k_fk_parent (id), FOREIGN KEY ix_b (b) REFERENCES k_fk_parent (id)); -- MariaDB names the index and the key cn_a (the CONSTRAINT name wins), and ix_b
CREATE TABLE k_checks (
  a INT CHECK (a > 0),
  b INT,
  c VARCHAR(10),
  CONSTRAINT chk_b CHECK (b BETWEEN 1 AND 10),
  CHECK (c <> ''),
  CONSTRAINT chk_ab CHECK (a < b)
);
CREATE TABLE k_enum_check (id INT PRIMARY KEY, size ENUM('S','M','L') NOT NULL DEFAULT 'M', color ENUM('red','green'));
CREATE TABLE k_comments (
  id INT NOT NULL PRIMARY KEY COMMENT 'the key',
  v VARCHAR(10) COMMENT 'it''s a value',
  w INT COMMENT ''
) COMMENT 'a table with comments';
CREATE TABLE k_comment_eq (id INT) COMMENT='table comment with = sign';
ALTER TABLE k_comments COMMENT 'changed comment';
ALTER TABLE k_comments MODIFY v VARCHAR(20) COMMENT 'new column comment';
ALTER TABLE k_comments CHANGE w w2 INT COMMENT 'renamed with comment';
ALTER TABLE k_inline ADD CONSTRAINT uk_v UNIQUE (v);
ALTER TABLE k_inline DROP INDEX uk_v;
ALTER TABLE k_composite DROP PRIMARY KEY;
ALTER TABLE k_composite ADD CONSTRAINT pk_new PRIMARY KEY (a, b, c);
ALTER TABLE k_checks ADD CHECK (b > a);
ALTER TABLE k_checks ADD CONSTRAINT chk_c CHECK (CHAR_LENGTH(c) > 1);
ALTER TABLE k_checks DROP CONSTRAINT chk_ab;
ALTER TABLE k_enum_check ADD COLUMN shape ENUM('round','square') DEFAULT NULL;
ALTER TABLE k_enum_check MODIFY size ENUM('XS','S','M','L','XL') NOT NULL DEFAULT 'M';
ALTER TABLE k_fk_child DROP FOREIGN KEY fk_parent;
ALTER TABLE k_fk_child ADD FOREIGN KEY (parent_id) REFERENCES k_fk_parent (id);
ALTER TABLE k_clause MODIFY id BIGINT UNSIGNED NOT NULL;
ALTER TABLE k_ai_unique MODIFY id INT NOT NULL;
ALTER TABLE k_key_word ADD COLUMN seq INT NOT NULL AUTO_INCREMENT UNIQUE;

-- KO
CREATE TABLE k_bad1 (id INT, PRIMARY KEY ());
CREATE TABLE k_bad2 (id INT, FOREIGN KEY (id) REFERENCES);
CREATE TABLE k_bad3 (id INT, CONSTRAINT CHECK);
