-- args: --source-schema Corpus_Mixed
-- schemas: Corpus_Mixed
-- Identifiers: every name is quoted on output, so case, spaces,
-- PostgreSQL reserved words, doubled backticks, unicode and digits
-- survive; unquoted MySQL keywords usable as names.

-- OK
CREATE TABLE `MixedCase` (`Id` INT PRIMARY KEY, `CamelColumn` VARCHAR(10), lowercase INT, UPPERCASE INT);
CREATE TABLE `with space` (`a column` INT, `another  two  spaces` INT, ` lead` INT);
CREATE TABLE `user` (`order` INT, `group` INT, `select` INT, `table` INT, `from` INT, `where` INT, `limit` INT, `offset` INT);
CREATE TABLE `analyse` (`user` INT, `current_user` INT, `session_user` INT, `cast` INT, `default` INT, `check` INT);
CREATE TABLE `back``tick` (`a``b` INT, `````` INT);
CREATE TABLE `dquote"name` (`col"x` INT, `it's` INT);
CREATE TABLE `ünïcødé` (`名前` VARCHAR(20), `größe` INT);
CREATE TABLE `123start` (`1col` INT, `2` INT, `$dollar` INT, `a$b` INT);
CREATE TABLE `dotted.name` (`x.y` INT);
CREATE TABLE `slash\name` (`back\slash` INT);
CREATE TABLE status (status INT, comment VARCHAR(10), text TEXT, date DATE, timestamp INT, action INT, data INT, value INT, name INT, type INT, position INT, level INT);
CREATE TABLE engine (charset INT, collation INT, partition_x INT, fields INT, columns INT, `first` INT, `last` INT, `after` INT, `modify` INT, `change` INT);
CREATE TABLE `Corpus_Mixed`.`Qualified` (`ID` INT);
CREATE TABLE Corpus_Mixed.unquoted_qualified (id INT);
ALTER TABLE `MixedCase` ADD COLUMN `NewCol` INT, ADD INDEX `IdxMixed` (`CamelColumn`);
ALTER TABLE `with space` CHANGE `a column` `b column` BIGINT;
ALTER TABLE `user` RENAME COLUMN `order` TO `group_by`;
ALTER TABLE `back``tick` ADD `c``d` INT;
ALTER TABLE `ünïcødé` ADD INDEX `índice` (`größe`);
ALTER TABLE `dquote"name` MODIFY `col"x` VARCHAR(5) DEFAULT 'a"b';
RENAME TABLE `with space` TO `still with space`;
CREATE INDEX `Index With Space` ON `MixedCase` (`Id`, lowercase);
DROP TABLE `123start`, `dotted.name`;
CREATE TABLE MiXeD_UnQuoted (SomeColumn INT, OTHER int);
ALTER TABLE MixedCase MODIFY camelcolumn VARCHAR(20);
ALTER TABLE `MixedCase` ADD INDEX idx_upper (UPPERCASE, id);

-- OK (not in the differential, whose column-by-column comparison matches
-- names: MariaDB takes 64-byte names, PostgreSQL would cut them to 63 bytes
-- and merge two that differ after that, so a longer name becomes 54 bytes,
-- '_' and 8 hex digits of its hash: src/common/pgname.h)
CREATE TABLE a_table_whose_name_is_exactly_sixty_four_characters_long_abcdefg (id INT);
CREATE TABLE long_column (a_column_whose_name_is_exactly_sixty_four_characters_long_abcdef INT);
ALTER TABLE MixedCase RENAME COLUMN lowercase TO a_column_whose_name_is_exactly_sixty_four_characters_long_abcdef;

-- KO
CREATE TABLE `unterminated (id INT);
CREATE TABLE ok_after_unterminated (id INT);
