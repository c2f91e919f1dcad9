-- args: --source-schema corpus
-- differential: skip (MySQL 8/9 syntax; t-flavour-ddl runs it on MySQL 9.7)
-- MySQL 8/9 DDL as the binlog carries it and as MySQL 9.7.4's SHOW CREATE
-- TABLE prints it (the snapshot's path): RENAME COLUMN, functional key
-- parts, invisible columns, DEFAULT (expr), CHECK [NOT] ENFORCED and ALTER
-- CHECK/CONSTRAINT, SRID columns, utf8mb4_0900_* collations, ALGORITHM and
-- LOCK clauses, SECONDARY_ENGINE.  An ADD COLUMN whose values MySQL computes
-- for the rows a table has says that the replicator copies the table again.

-- OK
CREATE TABLE t (id INT NOT NULL PRIMARY KEY, a VARCHAR(20), b INT, c INT, j JSON);
ALTER TABLE t RENAME COLUMN a TO a2;
ALTER TABLE t RENAME COLUMN a2 TO a, ALGORITHM=INSTANT;
ALTER TABLE t ADD INDEX il ((lower(a)));
ALTER TABLE t ADD UNIQUE KEY ue ((b + c));
CREATE INDEX ij ON t ((cast(json_extract(j, '$.x') as char(10))));
CREATE INDEX ij2 ON t ((json_extract(j, '$.x')));
CREATE UNIQUE INDEX ic ON t ((concat(a, '-', b)), c);
CREATE INDEX ij3 ON t ((cast(json_extract(j, '$.a[2]."k y"') as char)));
CREATE INDEX ij4 ON t ((cast(json_extract(j, '$**.x') as char(10))));
CREATE INDEX ij5 ON t ((cast(json_extract(j, '$.x') as unsigned)));
CREATE UNIQUE INDEX ij6 ON t ((cast(json_extract(j, '$.x') as char(10))));
CREATE INDEX ij7 ON t ((cast(a as char(0))));
CREATE INDEX ia1 ON t ((cast(j->>'$.name' as char(30))));
CREATE INDEX ia2 ON t ((cast(j->'$.a[1]' as char(30))));
CREATE INDEX ia3 ON t ((json_unquote(json_extract(j, '$.k'))));
CREATE INDEX ia4 ON t ((cast(json_unquote(a) as char(5))));
CREATE UNIQUE INDEX ia5 ON t ((cast(j->>'$.id' as char(8))));
CREATE INDEX ia6 ON t ((cast(j->>'$.n' as char(8)) + 1));
CREATE INDEX ia7 ON t ((((j->>'$.n'))));
ALTER TABLE t ADD CONSTRAINT ck_j CHECK (j->>'$.n' > 0);
CREATE TABLE mix (id INT, a VARCHAR(9), d DATE, n DECIMAL(5,2), CHECK (a + 1 > 0), CHECK (n * 2 < 100),
  INDEX m1 ((lower(id))), INDEX m2 ((a + 1)), INDEX m3 ((abs(a))), INDEX m4 ((upper(d))), INDEX m5 ((n * 2)), INDEX m6 ((left(a, 2))));
ALTER TABLE mix ADD COLUMN z VARCHAR(3), ADD INDEX m7 ((z * 2)), ADD INDEX m8 ((lower(n)));
ALTER TABLE mix DROP CHECK mix_chk_2;
CREATE TABLE t3 (`j` json, KEY `i` ((cast(json_unquote(json_extract(`j`,_utf8mb4'$.name')) as char(30) charset utf8mb4))));
ALTER TABLE t ADD COLUMN v INT INVISIBLE;
ALTER TABLE t ALTER COLUMN v SET VISIBLE;
ALTER TABLE t ALTER COLUMN v SET INVISIBLE;
ALTER TABLE t ADD COLUMN u VARCHAR(36) DEFAULT (uuid());
ALTER TABLE t ADD COLUMN d DATETIME DEFAULT (now() + interval 1 day);
ALTER TABLE t ADD COLUMN j2 JSON DEFAULT (json_array());
ALTER TABLE t ADD COLUMN r DOUBLE DEFAULT (rand());
ALTER TABLE t ADD COLUMN twice INT DEFAULT (id * 2);
ALTER TABLE t ADD COLUMN k INT DEFAULT 7, ALGORITHM=INSTANT;
ALTER TABLE t ADD CONSTRAINT ck_b CHECK (b > 0) NOT ENFORCED;
ALTER TABLE t ADD CONSTRAINT ck_c CHECK (c > 0) ENFORCED;
ALTER TABLE t ALTER CHECK ck_c NOT ENFORCED;
ALTER TABLE t ALTER CHECK ck_b ENFORCED;
ALTER TABLE t ALTER CONSTRAINT ck_c ENFORCED;
ALTER TABLE t ALTER CONSTRAINT ck_b NOT ENFORCED;
ALTER TABLE t ADD COLUMN p POINT NOT NULL SRID 4326;
ALTER TABLE t ADD COLUMN g GEOMETRY SRID 0;
ALTER TABLE t ADD COLUMN s VARCHAR(10) COLLATE utf8mb4_0900_ai_ci;
ALTER TABLE t ADD COLUMN s2 VARCHAR(10) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_as_cs;
ALTER TABLE t MODIFY s VARCHAR(20) COLLATE utf8mb4_0900_bin, ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE t COLLATE utf8mb4_0900_ai_ci;
ALTER TABLE t CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;
ALTER TABLE t ADD COLUMN k2 INT, ALGORITHM=INSTANT, LOCK=DEFAULT;
ALTER TABLE t DROP COLUMN k, LOCK=NONE;
ALTER TABLE t SECONDARY_ENGINE=RAPID;
ALTER TABLE t SECONDARY_ENGINE=NULL;
CREATE TABLE t2 (
  `id` int NOT NULL AUTO_INCREMENT,
  `a` varchar(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci DEFAULT NULL,
  `b` int DEFAULT NULL,
  `c` int DEFAULT NULL /*!80023 INVISIBLE */,
  `u` varchar(36) COLLATE utf8mb4_0900_as_cs DEFAULT (uuid()),
  `d` datetime DEFAULT ((now() + interval 1 day)),
  `j` json DEFAULT (json_array()),
  `r` double DEFAULT (rand()),
  `p` point NOT NULL /*!80003 SRID 4326 */,
  `g` geometry /*!80003 SRID 0 */ DEFAULT NULL,
  `ts` timestamp NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (`id`),
  UNIQUE KEY `ue` (((`b` + `c`))),
  SPATIAL KEY `p` (`p`),
  KEY `il` ((lower(`a`))),
  KEY `ij` ((cast(json_extract(`j`,_utf8mb3'$.x') as char(10) charset utf8mb3))),
  CONSTRAINT `ck_b` CHECK ((`b` > 0)) /*!80016 NOT ENFORCED */,
  CONSTRAINT `t_chk_1` CHECK ((`b` < 1000))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_as_cs SECONDARY_ENGINE=RAPID;

-- KO
ALTER TABLE t ALTER CHECK ENFORCED;
ALTER TABLE t RENAME COLUMN a;
ALTER TABLE t ADD COLUMN z INT, ALGORITHM=INSTANT;
