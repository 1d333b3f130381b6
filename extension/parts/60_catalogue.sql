-- Reference catalogue: administrative units (đơn vị hành chính) before and
-- after the 1 July 2025 reorganisation, and how old units went into new ones.
-- Filled by dossier.load_admin_units() (61_admin_unit_loader.sql) from the
-- files installed under $(pg_config --sharedir)/dossier/admin-units/.
-- See docs/reference/catalogue/catalogue.md.

CREATE TYPE dossier.admin_level AS ENUM ('province', 'district', 'commune');
COMMENT ON TYPE dossier.admin_level IS
  'level of an administrative unit: province (tỉnh, thành phố), district (huyện, quận, thị xã, thành phố; abolished on 2025-07-01), commune (xã, phường, thị trấn, đặc khu)';

CREATE TYPE dossier.succession_coverage AS ENUM ('whole', 'partial');
COMMENT ON TYPE dossier.succession_coverage IS
  'how much of an old unit went into a new one: whole (all of it) or partial (part of its area and/or population; a split unit has one partial row per receiving unit)';

CREATE TABLE dossier.admin_unit (
  code        text NOT NULL,
  name        text NOT NULL,
  short_name  text NOT NULL,
  level       dossier.admin_level NOT NULL,
  parent_code text,
  unit_type   text NOT NULL,
  valid_from  date NOT NULL,
  valid_to    date,
  boundary    geometry(MultiPolygon, 4326),
  note        text,
  source      text,
  PRIMARY KEY (code, valid_from),
  -- lets dossier.agency check that an agency's level is its unit's level
  CONSTRAINT admin_unit_version_level UNIQUE (code, valid_from, level),
  CONSTRAINT admin_unit_code_shape CHECK (
    CASE level
      WHEN 'province' THEN code ~ '^[0-9]{2}$'
      WHEN 'district' THEN code ~ '^[0-9]{3}$'
      WHEN 'commune'  THEN code ~ '^[0-9]{5}$'
    END),
  CONSTRAINT admin_unit_parent_shape CHECK (
    CASE level
      WHEN 'province' THEN parent_code IS NULL
      WHEN 'district' THEN parent_code ~ '^[0-9]{2}$'
      WHEN 'commune'  THEN parent_code ~ '^[0-9]{2,3}$'
    END),
  CONSTRAINT admin_unit_validity CHECK (valid_to > valid_from),
  CONSTRAINT admin_unit_names CHECK (name <> '' AND short_name <> '' AND unit_type <> '')
);
COMMENT ON TABLE dossier.admin_unit IS
  'administrative units (đơn vị hành chính), one row per version: a unit whose name, type or parent changes gets a new row with the same code and a later valid_from; versions of one code never overlap';
COMMENT ON COLUMN dossier.admin_unit.code IS
  'GSO/NSO code, a string with leading zeros: 2 digits for a province, 3 for a district, 5 for a commune; since 2025-07-01 a new commune reuses the code of one of the old communes it absorbed';
COMMENT ON COLUMN dossier.admin_unit.name IS
  'full official name including the unit word, e.g. Phường Ba Đình, Tỉnh Cao Bằng';
COMMENT ON COLUMN dossier.admin_unit.short_name IS
  'name without the unit word, e.g. Ba Đình, Cao Bằng';
COMMENT ON COLUMN dossier.admin_unit.level IS
  'province, district or commune; the district level exists only before 2025-07-01';
COMMENT ON COLUMN dossier.admin_unit.parent_code IS
  'code of the enclosing unit in force at the same time: the province of a district or of a post-2025 commune, the district of a pre-2025 commune; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit.unit_type IS
  'unit word in lower case: thành phố trực thuộc trung ương, thành phố, tỉnh, quận, huyện, thị xã, xã, phường, thị trấn, đặc khu';
COMMENT ON COLUMN dossier.admin_unit.valid_from IS
  'first day the version is in force; -infinity for the pre-2025 list, whose units'' start dates are not in the data';
COMMENT ON COLUMN dossier.admin_unit.valid_to IS
  'first day the version is no longer in force (exclusive end); NULL while it is still in force';
COMMENT ON COLUMN dossier.admin_unit.boundary IS
  'simplified boundary (WGS 84, about 22 m tolerance); only post-2025 units have one, NULL when loaded without boundaries';
COMMENT ON COLUMN dossier.admin_unit.note IS
  'remarks carried from the reference data, e.g. why a unit is special';
COMMENT ON COLUMN dossier.admin_unit.source IS
  'reference file the loader took the row from; NULL for rows added by users, which the loader never deletes';

CREATE INDEX admin_unit_parent_idx ON dossier.admin_unit (parent_code, valid_from);
CREATE INDEX admin_unit_boundary_idx ON dossier.admin_unit USING gist (boundary);

SELECT pg_catalog.pg_extension_config_dump('dossier.admin_unit', '');

-- Versions of one code must not overlap.  Checked once per statement, after
-- it, so that a statement may close one version and open the next.
CREATE FUNCTION dossier.admin_unit_check_overlap() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp SET jit = off AS $$
DECLARE
  r record;
BEGIN
  SELECT a.code, a.valid_from AS a_from, a.valid_to AS a_to,
         b.valid_from AS b_from, b.valid_to AS b_to
    INTO r
    FROM changed c
    JOIN dossier.admin_unit a
      ON a.code OPERATOR(pg_catalog.=) c.code
     AND a.valid_from OPERATOR(pg_catalog.=) c.valid_from
    JOIN dossier.admin_unit b
      ON b.code OPERATOR(pg_catalog.=) a.code
     AND b.valid_from OPERATOR(pg_catalog.<>) a.valid_from
     AND b.valid_from OPERATOR(pg_catalog.<) COALESCE(a.valid_to, 'infinity'::date)
     AND a.valid_from OPERATOR(pg_catalog.<) COALESCE(b.valid_to, 'infinity'::date)
   ORDER BY a.code, a.valid_from, b.valid_from;
  IF FOUND THEN
    RAISE EXCEPTION 'versions of administrative unit "%" overlap', r.code
      USING ERRCODE = 'exclusion_violation',
            DETAIL = pg_catalog.format('One version is in force from %s %s, another from %s %s.',
                                       r.a_from, COALESCE('until ' OPERATOR(pg_catalog.||) r.a_to, 'with no end'),
                                       r.b_from, COALESCE('until ' OPERATOR(pg_catalog.||) r.b_to, 'with no end')),
            HINT = 'Close the earlier version (set valid_to to the later version''s valid_from) in the same statement or before adding the later one.';
  END IF;
  RETURN NULL;
END $$;
COMMENT ON FUNCTION dossier.admin_unit_check_overlap() IS
  'statement trigger: refuses overlapping versions of one administrative unit code';

CREATE TRIGGER admin_unit_no_overlap_ins AFTER INSERT ON dossier.admin_unit
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.admin_unit_check_overlap();
CREATE TRIGGER admin_unit_no_overlap_upd AFTER UPDATE ON dossier.admin_unit
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION dossier.admin_unit_check_overlap();

CREATE TABLE dossier.admin_unit_succession (
  old_level         dossier.admin_level NOT NULL,
  old_province_code text NOT NULL,
  old_district_code text,
  old_commune_code  text,
  new_province_code text NOT NULL,
  new_commune_code  text,
  old_code          text NOT NULL
    GENERATED ALWAYS AS (COALESCE(old_commune_code, old_district_code, old_province_code)) STORED,
  new_code          text NOT NULL
    GENERATED ALWAYS AS (COALESCE(new_commune_code, new_province_code)) STORED,
  coverage          dossier.succession_coverage NOT NULL,
  effective         date NOT NULL,
  old_name          text,
  new_name          text,
  note              text,
  source            text,
  PRIMARY KEY (old_code, new_code, effective),
  CONSTRAINT admin_unit_succession_shape CHECK (
    old_province_code ~ '^[0-9]{2}$' AND new_province_code ~ '^[0-9]{2}$'
    AND (old_district_code IS NULL OR old_district_code ~ '^[0-9]{3}$')
    AND (old_commune_code IS NULL OR old_commune_code ~ '^[0-9]{5}$')
    AND (new_commune_code IS NULL OR new_commune_code ~ '^[0-9]{5}$')
    AND CASE old_level
          WHEN 'province' THEN old_district_code IS NULL AND old_commune_code IS NULL
                               AND new_commune_code IS NULL
          WHEN 'district' THEN old_district_code IS NOT NULL AND old_commune_code IS NULL
                               AND new_commune_code IS NOT NULL
          WHEN 'commune'  THEN old_district_code IS NOT NULL AND old_commune_code IS NOT NULL
                               AND new_commune_code IS NOT NULL
        END)
);
COMMENT ON TABLE dossier.admin_unit_succession IS
  'which new units the units of an earlier list went into (for the 2025 reorganisation: 63 provinces into 34, old communes into 3,321 new ones); a split unit has one row per receiving unit';
COMMENT ON COLUMN dossier.admin_unit_succession.old_level IS
  'level of the old unit: province, commune, or district for the 5 island districts without communes that became đặc khu';
COMMENT ON COLUMN dossier.admin_unit_succession.old_province_code IS 'province of the old unit, in the old list';
COMMENT ON COLUMN dossier.admin_unit_succession.old_district_code IS 'district of the old unit, in the old list; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit_succession.old_commune_code IS 'the old commune; NULL for a province or an island district';
COMMENT ON COLUMN dossier.admin_unit_succession.new_province_code IS 'province of the new unit, in the new list';
COMMENT ON COLUMN dossier.admin_unit_succession.new_commune_code IS 'the new commune; NULL for a province';
COMMENT ON COLUMN dossier.admin_unit_succession.old_code IS 'code of the old unit (generated: commune, else district, else province)';
COMMENT ON COLUMN dossier.admin_unit_succession.new_code IS 'code of the new unit (generated: commune, else province)';
COMMENT ON COLUMN dossier.admin_unit_succession.coverage IS
  'whole: all of the old unit went into the new one; partial: only part of its area and/or population did (the source gives no shares)';
COMMENT ON COLUMN dossier.admin_unit_succession.effective IS
  'day the succession took effect: valid_to of the old unit and valid_from of the new one';
COMMENT ON COLUMN dossier.admin_unit_succession.old_name IS 'name of the old unit, for readability';
COMMENT ON COLUMN dossier.admin_unit_succession.new_name IS 'name of the new unit, for readability';
COMMENT ON COLUMN dossier.admin_unit_succession.note IS 'corrections and special cases, with the clause of the resolution that was checked';
COMMENT ON COLUMN dossier.admin_unit_succession.source IS
  'reference file the loader took the row from; NULL for rows added by users';

CREATE INDEX admin_unit_succession_new_idx ON dossier.admin_unit_succession (new_code, effective);

SELECT pg_catalog.pg_extension_config_dump('dossier.admin_unit_succession', '');

CREATE FUNCTION dossier.admin_unit_at(code text, at date DEFAULT CURRENT_DATE)
RETURNS dossier.admin_unit
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT u.*
    FROM dossier.admin_unit u
   WHERE u.code OPERATOR(pg_catalog.=) $1
     AND u.valid_from OPERATOR(pg_catalog.<=) $2
     AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) $2)
$$;
COMMENT ON FUNCTION dossier.admin_unit_at(text, date) IS
  'the version of an administrative unit in force on a date (default today), or NULL if the code was not in force then';

CREATE FUNCTION dossier.successors(old_code text)
RETURNS TABLE (code text, name text, level dossier.admin_level,
               coverage dossier.succession_coverage, effective date, note text)
LANGUAGE sql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  -- a unit named in the succession table: its own rows
  SELECT s.new_code, COALESCE(u.name, s.new_name),
         CASE WHEN s.new_commune_code IS NULL THEN 'province' ELSE 'commune' END::dossier.admin_level,
         s.coverage, s.effective, s.note
    FROM dossier.admin_unit_succession s
    LEFT JOIN dossier.admin_unit u
      ON u.code OPERATOR(pg_catalog.=) s.new_code
     AND u.valid_from OPERATOR(pg_catalog.<=) s.effective
     AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) s.effective)
   WHERE s.old_code OPERATOR(pg_catalog.=) $1
  UNION ALL
  -- an old district: the new communes its communes went into; whole only
  -- when all of its communes went wholly into one single new commune
  SELECT g.new_code, g.name, 'commune'::dossier.admin_level,
         CASE WHEN g.all_whole
                   AND pg_catalog.count(*) OVER (PARTITION BY g.effective) OPERATOR(pg_catalog.=) 1
              THEN 'whole' ELSE 'partial' END::dossier.succession_coverage,
         g.effective, NULL::text
    FROM (SELECT s.new_code, s.effective,
                 COALESCE(pg_catalog.max(u.name), pg_catalog.max(s.new_name)) AS name,
                 pg_catalog.bool_and(s.coverage OPERATOR(pg_catalog.=) 'whole') AS all_whole
            FROM dossier.admin_unit_succession s
            LEFT JOIN dossier.admin_unit u
              ON u.code OPERATOR(pg_catalog.=) s.new_code
             AND u.valid_from OPERATOR(pg_catalog.<=) s.effective
             AND (u.valid_to IS NULL OR u.valid_to OPERATOR(pg_catalog.>) s.effective)
           WHERE s.old_district_code OPERATOR(pg_catalog.=) $1
             AND s.old_level OPERATOR(pg_catalog.=) 'commune'
             AND NOT EXISTS (SELECT 1 FROM dossier.admin_unit_succession d
                              WHERE d.old_code OPERATOR(pg_catalog.=) $1)
           GROUP BY s.new_code, s.effective) g
  ORDER BY 5, 1
$$;
COMMENT ON FUNCTION dossier.successors(text) IS
  'the units an old administrative unit (province, district or commune code) went into, with coverage; for an old district, the new communes its communes went into';
