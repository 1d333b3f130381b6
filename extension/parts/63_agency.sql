-- Catalogue of agencies (cơ quan, đơn vị) that receive and process dossiers,
-- keyed by their electronic ID (dossier.agency_code, so a subtree is a btree
-- range: code <@ 'H56.22').  The level is the one KPI targets are set by
-- (docs/domain.md §6: departments, districts, communes), and ties the agency
-- to an administrative unit of the same level.

CREATE TYPE dossier.agency_level AS ENUM ('central', 'province', 'district', 'commune');
COMMENT ON TYPE dossier.agency_level IS
  'administrative level of an agency, the level KPI targets are set by: central (ministries), province (the provincial People''s Committee and its departments), district (before 2025-07-01), commune';

CREATE TABLE dossier.agency (
  code                  dossier.agency_code PRIMARY KEY,
  name                  text NOT NULL CHECK (name <> ''),
  level                 dossier.agency_level NOT NULL,
  admin_unit_code       text,
  admin_unit_valid_from date,
  admin_unit_level      dossier.admin_level GENERATED ALWAYS AS (
                          CASE level WHEN 'province' THEN 'province'::dossier.admin_level
                                     WHEN 'district' THEN 'district'::dossier.admin_level
                                     WHEN 'commune'  THEN 'commune'::dossier.admin_level
                          END) STORED,
  note                  text,
  CONSTRAINT agency_admin_unit_fkey
    FOREIGN KEY (admin_unit_code, admin_unit_valid_from, admin_unit_level)
    REFERENCES dossier.admin_unit (code, valid_from, level) MATCH FULL,
  CONSTRAINT agency_central_has_no_unit
    CHECK ((level = 'central') = (admin_unit_code IS NULL AND admin_unit_valid_from IS NULL))
);
COMMENT ON TABLE dossier.agency IS
  'agencies that receive or process dossiers, keyed by their electronic ID; every agency but a central one belongs to one version of an administrative unit of its own level';
COMMENT ON COLUMN dossier.agency.code IS
  'electronic ID (mã định danh, Decision 20/2020/QĐ-TTg), modern form; the hierarchy is queryable with <@ and @>';
COMMENT ON COLUMN dossier.agency.name IS 'official name, e.g. Sở Tư pháp thành phố Đà Nẵng';
COMMENT ON COLUMN dossier.agency.level IS 'level KPI targets are set by: central, province, district or commune';
COMMENT ON COLUMN dossier.agency.admin_unit_code IS
  'code of the administrative unit the agency serves (province, district or commune of its level); NULL for a central agency';
COMMENT ON COLUMN dossier.agency.admin_unit_valid_from IS
  'valid_from of that unit''s version, so the reference survives later versions of the same code; NULL for a central agency';
COMMENT ON COLUMN dossier.agency.admin_unit_level IS
  'level of that unit, derived from level; part of the foreign key, so a commune agency cannot point at a province';
COMMENT ON COLUMN dossier.agency.note IS 'free remarks';

CREATE INDEX agency_admin_unit_idx ON dossier.agency (admin_unit_code, admin_unit_valid_from);

SELECT pg_catalog.pg_extension_config_dump('dossier.agency', '');
