-- args: --schema-map shop:store --schema-map hr:people --source-schema shop
-- schemas: shop hr misc
-- Schema mapping: names in a mapped source schema land in the target
-- schema, qualified or not, through USE, in RENAME TABLE and in
-- REFERENCES; a schema without a mapping keeps its name.

-- OK
CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(50));
CREATE TABLE shop.orders (id INT PRIMARY KEY, customer_id INT, KEY idx_cust (customer_id), FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE TABLE `shop`.`order_lines` (order_id INT, n INT, PRIMARY KEY (order_id, n), CONSTRAINT fk_ol FOREIGN KEY (order_id) REFERENCES shop.orders (id));
ALTER TABLE shop.customers ADD COLUMN email VARCHAR(100);
CREATE INDEX idx_email ON customers (email);
CREATE INDEX idx_email2 ON shop.customers (email, name);
DROP INDEX idx_email ON shop.customers;
CREATE TABLE hr.staff (id INT PRIMARY KEY, shop_customer INT);
USE hr;
CREATE TABLE teams (id INT PRIMARY KEY, lead_id INT REFERENCES staff (id));
ALTER TABLE teams ADD COLUMN name VARCHAR(20) NOT NULL DEFAULT '';
RENAME TABLE teams TO shop.teams;
RENAME TABLE shop.teams TO hr.teams2, staff TO hr.employees;
USE shop;
CREATE TABLE misc.unmapped (id INT);
ALTER TABLE misc.unmapped ADD COLUMN v INT;
RENAME TABLE misc.unmapped TO shop.was_unmapped;
CREATE TABLE hr.emp_copy LIKE hr.employees;
TRUNCATE TABLE hr.emp_copy;
DROP TABLE hr.emp_copy, shop.was_unmapped;
