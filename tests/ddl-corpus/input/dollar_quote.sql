-- args: --source-schema dq$chm$
-- schemas: dq$chm$
-- Names holding the dollar-quote tags of the DO blocks the translator
-- writes ($chm$, $chm1$, $$, a name ending in $chm), with backslashes and
-- both quote kinds: each DO body quotes names, so its tag must be one the
-- body does not hold, or the body ends early.  Every kind of DO block:
-- MODIFY of a column without NOT NULL (the primary key stays NOT NULL),
-- MODIFY ... AUTO_INCREMENT, RENAME COLUMN (the enum's CHECK), CREATE
-- TABLE ... LIKE, RENAME TABLE (the index names), DROP PRIMARY KEY.

-- OK
CREATE TABLE `t$chm$x` (`id$chm$` INT NOT NULL, `v$$` INT, `e$chm1$` ENUM('a','b'), `w\` INT, `q'"` INT, PRIMARY KEY (`id$chm$`), KEY `ix$chm$v` (`v$$`), UNIQUE KEY `uq$$` (`w\`));
ALTER TABLE `t$chm$x` MODIFY `v$$` BIGINT;
ALTER TABLE `t$chm$x` MODIFY `id$chm$` BIGINT;
ALTER TABLE `t$chm$x` RENAME COLUMN `e$chm1$` TO `e$chm$2`;
ALTER TABLE `t$chm$x` MODIFY `e$chm$2` ENUM('a','b','$chm$');
CREATE TABLE `l$chm` LIKE `t$chm$x`;
ALTER TABLE `l$chm` DROP PRIMARY KEY;
ALTER TABLE `l$chm` MODIFY `q'"` INT AUTO_INCREMENT, ADD KEY (`q'"`);
ALTER TABLE `t$chm$x` MODIFY `id$chm$` BIGINT NOT NULL AUTO_INCREMENT;
RENAME TABLE `t$chm$x` TO `r$$'"\$chm$`;
ALTER TABLE `r$$'"\$chm$` MODIFY `q'"` SMALLINT;
CREATE TABLE `$chm$` (`$chm$` INT PRIMARY KEY, `$$` INT, KEY `$chm` (`$$`));
RENAME TABLE `$chm$` TO `$$`;
ALTER TABLE `$$` MODIFY `$chm$` INT;
