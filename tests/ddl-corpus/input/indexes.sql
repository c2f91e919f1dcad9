-- args: --source-schema corpus
-- Indexes: names are per table in MySQL and per schema in PostgreSQL, so
-- they are qualified with the table name and kept under 63 bytes; prefix
-- indexes become plain indexes on the column, unique prefix indexes a
-- unique index on left(col, n); FULLTEXT is skipped with a notice;
-- CREATE/DROP INDEX; index options (USING, COMMENT, visibility).

-- OK
CREATE TABLE products (
  id INT NOT NULL,
  sku VARCHAR(40) NOT NULL,
  name VARCHAR(200),
  descr TEXT,
  cat INT,
  price DECIMAL(8,2),
  PRIMARY KEY (id),
  UNIQUE KEY sku (sku),
  KEY name (name),
  INDEX cat_price (cat, price DESC),
  KEY (price),
  KEY name_prefix (name(10)),
  UNIQUE KEY uk_name_prefix (name(20), cat),
  FULLTEXT KEY ft_descr (descr)
);
CREATE TABLE reviews (id INT PRIMARY KEY, product_id INT, body TEXT, KEY name (product_id), KEY body_pfx (body(100)));
CREATE INDEX idx_reviews_body ON reviews (body(50));
CREATE UNIQUE INDEX uk_reviews_pb ON reviews (product_id, body(30));
CREATE INDEX idx_using ON reviews (product_id) USING BTREE;
CREATE INDEX idx_using_hash USING HASH ON reviews (id, product_id);
CREATE INDEX IF NOT EXISTS idx_if ON reviews (product_id);
CREATE INDEX idx_comment ON reviews (id) COMMENT 'an index comment';
CREATE OR REPLACE INDEX idx_if ON reviews (id);
CREATE FULLTEXT INDEX ft_body ON reviews (body);
CREATE INDEX idx_algo ON reviews (product_id, id) ALGORITHM=INPLACE LOCK=NONE;
DROP INDEX idx_using ON reviews;
DROP INDEX IF EXISTS idx_never ON reviews;
DROP INDEX `PRIMARY` ON reviews;
DROP INDEX idx_algo ON reviews;
ALTER TABLE products ADD INDEX idx_sku_name (sku, name);
ALTER TABLE products ADD KEY (cat);
ALTER TABLE products ADD UNIQUE (name, sku);
ALTER TABLE products ADD UNIQUE INDEX uk_two (cat, id);
ALTER TABLE products ADD UNIQUE KEY uk_descr (descr(64));
ALTER TABLE products ADD CONSTRAINT uk_named UNIQUE KEY (price, id);
ALTER TABLE products ADD FULLTEXT (name);
ALTER TABLE products ADD INDEX IF NOT EXISTS idx_sku_name (sku);
ALTER TABLE products ADD INDEX idx_desc (price DESC, id ASC);
ALTER TABLE products DROP INDEX sku;
ALTER TABLE products DROP INDEX `name`, ADD INDEX `name` (name, id);
ALTER TABLE products RENAME INDEX cat_price TO cat_and_price;
ALTER TABLE reviews RENAME INDEX ft_body TO ft_body_renamed; -- skipped in PostgreSQL: IF EXISTS
CREATE TABLE a_table_name_that_is_quite_long_for_an_identifier_really_long (
  id INT PRIMARY KEY,
  some_column_with_a_long_name INT,
  KEY an_index_name_that_is_also_quite_long_to_overflow_sixty_three (some_column_with_a_long_name)
);
CREATE INDEX another_index_name_that_is_also_long_enough_to_overflow_it ON a_table_name_that_is_quite_long_for_an_identifier_really_long (id, some_column_with_a_long_name);
CREATE TABLE t1 (a INT, b INT, KEY k (a));
CREATE TABLE t2 (a INT, b INT, KEY k (a));
CREATE TABLE t1_k (x INT, KEY k (x));
CREATE TABLE multi_pfx (a VARCHAR(100), b VARBINARY(100), c BLOB, KEY (a(5), b(6)), UNIQUE KEY uk_c (c(8)));

-- KO
CREATE INDEX ON reviews (id);
CREATE INDEX idx_bad ON reviews ();
DROP INDEX idx_bad;
ALTER TABLE products ADD INDEX idx_x (;
