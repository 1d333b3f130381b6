-- demo tour: the administrative-unit catalogue
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;
SELECT to_regclass('dossier.admin_unit') IS NOT NULL AS ok \gset
\if :ok
\echo '== 6. administrative units, before and after the 2025-07-01 reorganisation'
\set ECHO queries
-- units in force per level, on the eve of the reorganisation and today
SELECT d AS on_day, u.level, count(*) AS units
FROM (VALUES (date '2025-06-30'), (current_date)) v(d)
JOIN dossier.admin_unit u ON u.valid_from <= d AND (u.valid_to IS NULL OR u.valid_to > d)
GROUP BY d, u.level ORDER BY d, u.level;
-- one code, three versions: Đồng Nai merged on 2025-07-01, a city from 2026-04-30
SELECT code, name, unit_type, valid_from, valid_to FROM dossier.admin_unit WHERE code = '75' ORDER BY valid_from;
SELECT (dossier.admin_unit_at('75', '2026-01-01')).name AS "75 on 2026-01-01";
-- where did Phường Thạch Thang (Đà Nẵng) go, whole?  And Phường Tây Mỗ (Hà Nội), split five ways?
SELECT * FROM dossier.successors('20233');
SELECT * FROM dossier.successors('00634');
-- and which old communes formed today's Phường Hải Châu?
SELECT old_code, old_name, coverage FROM dossier.admin_unit_succession
WHERE new_code = '20242' ORDER BY old_code;
-- point in polygon: which units contain the Đà Nẵng administrative centre (108.2208 E, 16.0770 N)?
SELECT u.code, u.name, u.level
FROM dossier.admin_unit u
WHERE ST_Contains(u.boundary, ST_SetSRID(ST_MakePoint(108.2208, 16.0770), 4326))
  AND u.valid_from <= current_date AND (u.valid_to IS NULL OR u.valid_to > current_date)
ORDER BY u.level;
\set ECHO none
\else
\echo '== 6. administrative units: skipped, dossier.admin_unit is not in this build yet'
\endif
