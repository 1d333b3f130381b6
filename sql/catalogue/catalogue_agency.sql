-- dossier.agency: agencies keyed by agency_code, tied to a version of an
-- administrative unit of their own level
\set SHOW_CONTEXT never
SET search_path = dossier, public;
SET client_min_messages = warning;
SET DateStyle = 'ISO, YMD';
-- the units (catalogue.sql loads them first; a rerun writes nothing)
SELECT count(*) > 0 AS loaded FROM load_admin_units(with_boundaries => false);

-- illustrative codes: H99 is no real province's
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from) VALUES
  ('G06',       'Bộ Tư pháp', 'central', NULL, NULL),
  ('H99',       'Ủy ban nhân dân thành phố Đà Nẵng', 'province', '48', '2025-07-01'),
  ('H99.10',    'Sở Tư pháp', 'province', '48', '2025-07-01'),
  ('H99.20',    'Sở Nông nghiệp và Môi trường', 'province', '48', '2025-07-01'),
  ('000.01.20.H99', 'Văn phòng Đăng ký đất đai', 'province', '48', '2025-07-01'),
  ('H99.60',    'Ủy ban nhân dân phường Hải Châu', 'commune', '20242', '2025-07-01'),
  ('H99.61',    'Ủy ban nhân dân phường Thanh Khê', 'commune', '20209', '2025-07-01'),
  ('H98',       'Ủy ban nhân dân thành phố Đà Nẵng (before 2025-07-01)', 'province', '48', '-infinity'),
  ('H98.30',    'Ủy ban nhân dân quận Hải Châu', 'district', '492', '-infinity'),
  ('H98.30.01', 'Ủy ban nhân dân phường Thạch Thang', 'commune', '20233', '-infinity');

-- the legacy form was stored in the modern one; each agency with its unit
SELECT a.code, a.level, a.admin_unit_code AS unit, u.name AS unit_name, u.valid_from, u.valid_to
FROM agency a LEFT JOIN admin_unit u
  ON u.code = a.admin_unit_code AND u.valid_from = a.admin_unit_valid_from
ORDER BY a.code;

-- a subtree is a btree range scan
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT code FROM agency WHERE code <@ 'H99.20';
RESET enable_seqscan;
SELECT code, name FROM agency WHERE code <@ 'H99.20' ORDER BY code;
SELECT level, count(*) FROM agency WHERE code <@ 'H99' GROUP BY level ORDER BY level;
-- agencies of today's communes that took in communes of the old Quận Hải Châu
SELECT DISTINCT a.code, a.name
FROM admin_unit_succession s JOIN agency a ON a.admin_unit_code = s.new_code
WHERE s.old_district_code = '492' ORDER BY a.code;

-- constraint violations
INSERT INTO agency (code, name, level) VALUES ('H99.99', 'Bad level', 'ward');
INSERT INTO agency (code, name, level) VALUES ('H9', 'Bad code', 'central');
INSERT INTO agency (code, name, level) VALUES ('000.00.10.H99', 'Same code, legacy form', 'central');
-- a central agency has no unit, every other one has one
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('G07', 'Central with a unit', 'central', '48', '2025-07-01');
INSERT INTO agency (code, name, level) VALUES ('H99.98', 'Province without a unit', 'province');
INSERT INTO agency (code, name, level, admin_unit_code) VALUES ('H99.98', 'Half a reference', 'province', '48');
-- the unit must exist, in that version, at the agency's level
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('H99.97', 'Unknown unit', 'commune', '99999', '2025-07-01');
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('H99.97', 'Wrong version', 'province', '48', '2024-01-01');
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('H99.97', 'Commune agency on a province', 'commune', '48', '2025-07-01');
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('H99.97', 'District after 2025', 'district', '490', '2025-07-01');
-- a referenced unit version cannot be deleted
DELETE FROM admin_unit WHERE code = '20242' AND valid_from = '2025-07-01';
-- nor can the loader revert a later change an agency points at; nothing is left half done
INSERT INTO agency (code, name, level, admin_unit_code, admin_unit_valid_from)
VALUES ('H97.01', 'Ủy ban nhân dân phường Lộc Ninh', 'commune', '25270', '2026-04-30');
SELECT * FROM load_admin_units(false, false);
SELECT count(*) AS later_versions FROM admin_unit WHERE source = 'changes-after-2025-07-01.csv';
SELECT count(*) FROM agency;

-- configuration table: pg_dump keeps its rows
SELECT 'dossier.agency'::regclass = ANY (extconfig) AS dumped FROM pg_extension WHERE extname = 'dossier';

DELETE FROM agency;
