-- args: --source-schema corpus
-- Geometry types and SPATIAL indexes.  architecture §7 does not name a target:
-- without PostGIS the lossless choice is bytea (WKB); SPATIAL indexes are
-- skipped with a notice.

-- OK
CREATE TABLE shapes (
  id INT NOT NULL PRIMARY KEY,
  g GEOMETRY,
  p POINT,
  l LINESTRING,
  pg POLYGON,
  mp MULTIPOINT,
  ml MULTILINESTRING,
  mpg MULTIPOLYGON,
  gc GEOMETRYCOLLECTION
);
CREATE TABLE places (id INT PRIMARY KEY, loc POINT NOT NULL, SPATIAL INDEX sp_loc (loc));
CREATE TABLE areas (id INT PRIMARY KEY, border POLYGON NOT NULL, SPATIAL KEY (border));
ALTER TABLE shapes ADD COLUMN g2 GEOMETRY NOT NULL;
ALTER TABLE shapes MODIFY p GEOMETRY;
ALTER TABLE shapes ADD SPATIAL INDEX sp_g2 (g2);
CREATE SPATIAL INDEX sp_border2 ON areas (border);
ALTER TABLE places DROP INDEX sp_loc;

-- KO
CREATE TABLE bad_geo (a GEOMETRY(;
