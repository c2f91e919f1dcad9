-- args: --source-schema app
-- schemas: app archive
-- RENAME TABLE: one pair, several pairs (applied left to right),
-- cross-schema moves, and the swap patterns of gh-ost and
-- pt-online-schema-change.

-- OK
CREATE TABLE a (id INT PRIMARY KEY, v INT);
CREATE TABLE b (id INT PRIMARY KEY);
CREATE TABLE c (id INT PRIMARY KEY);
RENAME TABLE a TO a2;
RENAME TABLE a2 TO a, b TO b2, c TO c2;
RENAME TABLE b2 TO tmp_swap, c2 TO b2, tmp_swap TO c2;
RENAME TABLE app.a TO archive.a;
RENAME TABLE archive.a TO app.a_back;
RENAME TABLE a_back TO `A Back`;
RENAME TABLE IF EXISTS `A Back` TO a;
RENAME TABLE a WAIT 2 TO a_wait;
RENAME TABLE a_wait NOWAIT TO a;
CREATE TABLE _a_new (id INT PRIMARY KEY, v INT, w INT, KEY idx_v (v), UNIQUE KEY uk_w (w), e ENUM('p','q') NOT NULL DEFAULT 'p');
RENAME TABLE a TO _a_old, _a_new TO a;
DROP TABLE IF EXISTS _a_old;
ALTER TABLE a DROP INDEX idx_v;
ALTER TABLE a RENAME INDEX uk_w TO uk_w2;
ALTER TABLE a MODIFY e ENUM('p','q','r') NOT NULL DEFAULT 'q';
ALTER TABLE a DROP PRIMARY KEY, ADD PRIMARY KEY (id, w);
ALTER TABLE a ADD INDEX idx_v (v);
CREATE TABLE `_a_gho` (id INT PRIMARY KEY, v INT, w INT, x INT);
CREATE TABLE `_a_del` (id INT);
DROP TABLE `_a_del`;
RENAME TABLE `app`.`a` TO `app`.`_a_del`, `app`.`_a_gho` TO `app`.`a`;
DROP TABLE `_a_del`;
CREATE TABLE `_b2_new` LIKE b2;
ALTER TABLE `_b2_new` ADD COLUMN extra INT NOT NULL DEFAULT 0;
RENAME TABLE `app`.`b2` TO `app`.`_b2_old`, `app`.`_b2_new` TO `app`.`b2`;
DROP TABLE IF EXISTS `app`.`_b2_old`;
CREATE TABLE archive.stored (id INT);
RENAME TABLE archive.stored TO archive.stored2;
RENAME TABLE archive.stored2 TO stored3;
ALTER TABLE stored3 RENAME TO archive.stored4;

-- KO
RENAME TABLE a;
RENAME TABLE a TO;
RENAME TABLE a TO b, c;
