-- The administrative-unit catalogue (docs/reference/catalogue/catalogue.md): the loader, its
-- counts and idempotence, versions across 2025-07-01 and 2026-04-30,
-- successions, boundaries, privileges and constraints.
\set SHOW_CONTEXT never
SET search_path = dossier, public;
SET client_min_messages = warning;
SET DateStyle = 'ISO, YMD';

-- the SQLSTATE a statement raises, or 'ok'
CREATE FUNCTION pg_temp.sqlstate_of(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE stmt;
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE;
END $$;

-- units in force on a day, per level
CREATE FUNCTION pg_temp.in_force(d date)
RETURNS TABLE (level dossier.admin_level, units bigint)
LANGUAGE sql AS $$
  SELECT u.level, count(*) FROM dossier.admin_unit u
  WHERE u.valid_from <= d AND (u.valid_to IS NULL OR u.valid_to > d)
  GROUP BY u.level ORDER BY u.level
$$;

-- first load, with boundaries (about 4 s)
SELECT * FROM load_admin_units();

SELECT * FROM pg_temp.in_force('2025-06-30');
SELECT * FROM pg_temp.in_force('2025-07-01');
SELECT * FROM pg_temp.in_force('2026-04-30');
-- the pre-2025 list as a whole, including the 12 communes it keeps for the mapping
SELECT level, count(*) FROM admin_unit WHERE valid_from = '-infinity' GROUP BY level ORDER BY level;
SELECT old_level, count(*) FROM admin_unit_succession GROUP BY old_level ORDER BY old_level;
SELECT count(*) AS rows, count(boundary) AS with_boundary, count(DISTINCT code) AS codes
FROM admin_unit;
-- codes are strings with their leading zeros
SELECT code, name, short_name, level, parent_code, unit_type
FROM admin_unit WHERE code IN ('01', '001', '00001', '00004') ORDER BY code, valid_from;

-- every parent is in force when its child starts
SELECT count(*) AS orphans
FROM admin_unit c
WHERE c.parent_code IS NOT NULL
  AND admin_unit_at(c.parent_code, c.valid_from) IS NULL;

-- rerunning changes nothing: nothing written, same counts, no duplicates
SELECT * FROM load_admin_units();
SELECT count(*) AS rows, count(boundary) AS with_boundary FROM admin_unit;
SELECT count(*) AS succession_rows FROM admin_unit_succession;
-- without boundaries: the loaded ones stay
SELECT item, rows FROM load_admin_units(with_boundaries => false)
WHERE item IN ('units with a boundary', 'admin_unit rows written');

-- admin_unit_at across 2025-07-01 and 2026-04-30
SELECT d, a.code, a.name, a.unit_type, a.parent_code, a.valid_from, a.valid_to
FROM (VALUES (date '2020-01-01'), ('2025-06-30'), ('2025-07-01'), ('2026-04-29'),
             ('2026-04-30'), ('2030-01-01')) v(d),
     LATERAL admin_unit_at('75', d) a
ORDER BY d;
SELECT d, a.code, a.name, a.level, a.parent_code
FROM (VALUES (date '2025-06-30'), ('2025-07-01'), ('2026-04-29'), ('2026-04-30')) v(d),
     LATERAL (SELECT * FROM admin_unit_at('25270', d)) a
ORDER BY d;
-- the same code, two different communes before and after the reorganisation
SELECT (admin_unit_at('00004', '2025-06-30')).name AS before,
       (admin_unit_at('00004', '2025-07-01')).name AS after;
-- no district level after the reorganisation; unknown codes give NULL
SELECT admin_unit_at('001', '2025-07-01') IS NULL AS district_gone,
       admin_unit_at('99', '2025-07-01') IS NULL AS unknown,
       (admin_unit_at('001', '2025-06-30')).name AS district_before;
-- a commune absent from the list of 2025-03-01 ended before it
SELECT (admin_unit_at('07693', '2025-02-28')).name AS before_list,
       admin_unit_at('07693', '2025-03-01') IS NULL AS gone;
-- the default is today
SELECT (admin_unit_at('01')).name;

-- successors: a commune split five ways, one merged whole, a province, an
-- island district, an ordinary district (through its communes)
SELECT * FROM successors('00634');
SELECT * FROM successors('00001');
SELECT * FROM successors('02');
SELECT * FROM successors('318');
SELECT * FROM successors('001');
SELECT count(*) FROM successors('99999');
-- Xã Kỳ Lợi: area to one ward, population to two others, all partial
SELECT code, name, coverage FROM successors('18796');

-- point in polygon: Hoàn Kiếm lake, Hà Nội
SELECT code, name, level
FROM admin_unit
WHERE ST_Contains(boundary, ST_SetSRID(ST_MakePoint(105.8522, 21.0287), 4326))
  AND valid_from <= '2025-07-01' AND (valid_to IS NULL OR valid_to > '2025-07-01')
ORDER BY level;
-- the boundary index serves that lookup
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT code FROM admin_unit
WHERE ST_Contains(boundary, ST_SetSRID(ST_MakePoint(105.8522, 21.0287), 4326));
RESET enable_seqscan;
-- every 2025 unit got its boundary, and later versions keep it
SELECT source, count(*) AS rows, count(boundary) AS with_boundary
FROM admin_unit GROUP BY source ORDER BY source;

-- later changes can be reverted and reapplied; the table follows the argument
SELECT item, rows FROM load_admin_units(false, apply_later_changes => false)
WHERE item IN ('versions from later changes', 'admin_unit rows written', 'admin_unit rows removed');
SELECT (admin_unit_at('75', '2026-05-01')).name, (admin_unit_at('75', '2026-05-01')).valid_to;
SELECT item, rows FROM load_admin_units(false)
WHERE item IN ('versions from later changes', 'admin_unit rows written', 'admin_unit rows removed');
SELECT (admin_unit_at('75', '2026-05-01')).name, (admin_unit_at('75', '2026-05-01')).boundary IS NOT NULL AS has_boundary;

-- rows users add survive a rerun, and so does a version they closed
UPDATE admin_unit SET valid_to = '2027-01-01' WHERE code = '00004' AND valid_from = '2025-07-01';
INSERT INTO admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from, note)
VALUES ('00004', 'Phường Ba Đình Mới', 'Ba Đình Mới', 'commune', '01', 'phường', '2027-01-01',
        'regression test: a later version added by a user');
SELECT item, rows FROM load_admin_units(false)
WHERE item IN ('admin_unit rows written', 'admin_unit rows removed');
SELECT code, name, valid_from, valid_to, source FROM admin_unit WHERE code = '00004' ORDER BY valid_from;
-- once the user's version is gone, the loader reopens its own
DELETE FROM admin_unit WHERE code = '00004' AND source IS NULL;
SELECT item, rows FROM load_admin_units(false) WHERE item = 'admin_unit rows written';
SELECT valid_to FROM admin_unit WHERE code = '00004' AND valid_from = '2025-07-01';

-- versions of one code must not overlap
INSERT INTO admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from)
VALUES ('00004', 'Phường Chồng Lấn', 'Chồng Lấn', 'commune', '01', 'phường', '2026-01-01');
UPDATE admin_unit SET valid_to = NULL WHERE code = '75' AND valid_from = '2025-07-01';
-- closing one version and opening the next in one statement is fine
BEGIN;
WITH closed AS (
  UPDATE admin_unit SET valid_to = '2028-01-01'
  WHERE code = '00097' AND valid_from = '2025-07-01' RETURNING *)
INSERT INTO admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from)
SELECT code, name, short_name, level, parent_code, unit_type, '2028-01-01' FROM closed;
SELECT code, valid_from, valid_to FROM admin_unit WHERE code = '00097' ORDER BY valid_from;
ROLLBACK;

-- shape checks
SELECT pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, unit_type, valid_from)
  VALUES ('1', 'Tỉnh X', 'X', 'province', 'tỉnh', '2030-01-01')$$) AS province_one_digit,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from)
  VALUES ('0001', 'Xã X', 'X', 'commune', '01', 'xã', '2030-01-01')$$) AS commune_four_digits,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from)
  VALUES ('001', 'Quận X', 'X', 'district', '001', 'quận', '2030-01-01')$$) AS district_under_district,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from)
  VALUES ('98', 'Tỉnh X', 'X', 'province', '01', 'tỉnh', '2030-01-01')$$) AS province_with_parent,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, unit_type, valid_from, valid_to)
  VALUES ('98', 'Tỉnh X', 'X', 'province', 'tỉnh', '2030-01-01', '2030-01-01')$$) AS empty_validity,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit (code, name, short_name, level, unit_type, valid_from)
  VALUES ('98', 'Tỉnh X', 'X', 'county', 'tỉnh', '2030-01-01')$$) AS bad_level,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit_succession (old_level, old_province_code, new_province_code, new_commune_code, coverage, effective)
  VALUES ('province', '01', '01', '00004', 'whole', '2030-01-01')$$) AS province_to_commune,
       pg_temp.sqlstate_of($$INSERT INTO dossier.admin_unit_succession (old_level, old_province_code, new_province_code, coverage, effective)
  VALUES ('province', '01', '01', 'most', '2030-01-01')$$) AS bad_coverage;

-- only a superuser may run the loader
CREATE ROLE regress_dossier_clerk;
GRANT USAGE ON SCHEMA dossier TO regress_dossier_clerk;
SET ROLE regress_dossier_clerk;
SELECT * FROM dossier.load_admin_units();
RESET ROLE;
DROP OWNED BY regress_dossier_clerk;
DROP ROLE regress_dossier_clerk;

-- the loader finds PostGIS whatever the caller's search_path
SET search_path = pg_catalog;
SELECT item, rows FROM dossier.load_admin_units() WHERE item = 'admin_unit rows written';
RESET search_path;
SELECT p.proconfig FROM pg_proc p WHERE p.oid = 'dossier.load_admin_units(boolean, boolean)'::regprocedure;

-- the tables are configuration: pg_dump keeps their rows
SELECT c::regclass FROM pg_extension, unnest(extconfig) c
WHERE extname = 'dossier' AND c::regclass::text LIKE 'dossier.admin_unit%' ORDER BY 1::text;
