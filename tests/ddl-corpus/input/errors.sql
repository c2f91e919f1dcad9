-- args: --source-schema corpus
-- check: positions
-- Statements the grammar cannot parse: each yields one error with
-- line:column and the offending token, and the statement after it is
-- read normally.  Recovery is shown by the valid statement that follows
-- each bad one.

-- OK
CREATE TABLE er_base (id INT PRIMARY KEY, v INT);

-- KO
CREATE TABLE er_1 (id INT,, v INT);
CREATE TABLE er_after_1 (id INT);
CREATE TABLE er_2 (id INT v INT);
ALTER TABLE er_base ADD COLUMN w INT;
CREATE TABLE er_3 id INT;
CREATE TABLE er_after_3 (id INT);
ALTER TABLE er_base ADD COLUMN x INT NOT NOT NULL;
ALTER TABLE er_base DROP COLUMN w;
ALTER TABLE er_base FROBNICATE COLUMN v;
ALTER TABLE er_base MODIFY v BIGINT;
CREATE TABLE er_4 (id INT)
  PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN;
CREATE TABLE er_after_4 (id INT);
CREATE TABLE er_5 (
  id INT,
  v VARCHAR(10) DEFAULT 'x' COLLATE,
  w INT
);
CREATE TABLE er_after_5 (id INT);
ALTER TABLE er_base ADD INDEX (v, );
ALTER TABLE er_base ADD INDEX idx_v (v);
CREATE TABLE er_6 (id INT PRIMARY KEY PRIMARY);
DROP TABLE er_after_1;
CREATE TABLE er_7 (id INT) ENGINE=;
RENAME TABLE er_after_3 TO er_after_3b;
ALTER TABLE er_base CHANGE v;
TRUNCATE er_after_4;
CREATE TABLE er_8 (id DECIMAL(10,);
CREATE TABLE er_9 (id INT) )));
CREATE TABLE er_after_9 (id INT);
ALTER TABLE er_base ADD COLUMN y INT AFTER;
CREATE INDEX idx_after ON er_base (id);
ALTER TABLE er_base ADD COLUMN z ENUM('a','b' NOT NULL;
CREATE TABLE er_last (id INT);
