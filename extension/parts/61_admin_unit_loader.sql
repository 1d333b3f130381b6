-- dossier.load_admin_units(): fill the catalogue of 60_catalogue.sql from the
-- reference files `make install` puts in $(pg_config --sharedir)/dossier/admin-units/
-- (a copy of data/admin-units/).  Rerunnable: it stages every file in temp
-- tables, computes the rows it wants, and upserts only the rows that differ,
-- so a second run writes nothing.  It never deletes a row a user added.
--
-- SQLSTATEs: 42501 caller is not a superuser; 58P01 a reference file is
-- missing; 22000 the files do not pass validation (nothing is written).

CREATE FUNCTION dossier.load_admin_units(with_boundaries boolean DEFAULT true,
                                         apply_later_changes boolean DEFAULT true)
RETURNS TABLE (item text, rows bigint)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- JIT compiling the validation query costs seconds and saves nothing
SET jit = off
-- search_path: set at the end of this file, once PostGIS's schema is known
AS $$
DECLARE
  reorg      CONSTANT date := '2025-07-01';  -- the 2025 reorganisation
  pre_list   CONSTANT date := '2025-03-01';  -- date of the NSO list in units-pre2025.csv
  later_file CONSTANT text := 'changes-after-2025-07-01.csv';
  unit_word  CONSTANT text := '^(Thành phố|Tỉnh|Quận|Huyện|Thị xã|Thị trấn|Phường|Xã|Đặc khu) ';
  dir        text;
  f          text;
  n          bigint;
  r          record;
  msg        text;
  n_units    bigint := 0;
  n_removed  bigint := 0;
  n_succ     bigint := 0;
BEGIN
  -- Only a superuser may read server files and pg_config.
  IF NOT COALESCE((SELECT a.rolsuper FROM pg_catalog.pg_roles a
                    WHERE a.rolname OPERATOR(pg_catalog.=) CURRENT_USER), false) THEN
    RAISE EXCEPTION 'permission denied to load administrative units'
      USING ERRCODE = 'insufficient_privilege',
            DETAIL = pg_catalog.format('The loader reads reference files on the database server, which only a superuser may do; role "%s" is not a superuser.', CURRENT_USER),
            HINT = 'Ask a DBA to run SELECT * FROM dossier.load_admin_units(); as a superuser.';
  END IF;

  SELECT c.setting INTO dir FROM pg_catalog.pg_config c
   WHERE c.name OPERATOR(pg_catalog.=) 'SHAREDIR';
  dir := dir OPERATOR(pg_catalog.||) '/dossier/admin-units/';
  FOREACH f IN ARRAY ARRAY['units-pre2025.csv', 'units-2025.csv', 'mapping-2025.csv',
                           'mapping-provinces-2025.csv', later_file,
                           'provinces-2025.geojson', 'communes-2025.geojsonl'] LOOP
    IF pg_catalog.pg_stat_file(dir OPERATOR(pg_catalog.||) f, true) IS NULL THEN
      RAISE EXCEPTION 'reference file "%" is missing', dir OPERATOR(pg_catalog.||) f
        USING ERRCODE = 'undefined_file',
              DETAIL = 'The loader reads the files that make install copies from data/admin-units/ of the source tree.',
              HINT = 'Run make install for this server (PG_CONFIG pointing at it), then call the loader again.';
    END IF;
  END LOOP;

  -- One loader at a time; readers are not blocked.
  LOCK TABLE dossier.admin_unit, dossier.admin_unit_succession IN SHARE ROW EXCLUSIVE MODE;

  ---------------------------------------------------------------- staging
  CREATE TEMP TABLE dossier_load_stg_pre (code text, name text, level text, parent_code text,
                             type text, note text);
  CREATE TEMP TABLE dossier_load_stg_new (code text, name text, short_name text, level text,
                             parent_code text, type text, note text);
  CREATE TEMP TABLE dossier_load_stg_later (code text, level text, name_2025_07_01 text,
                               name_current text, basis text);
  CREATE TEMP TABLE dossier_load_stg_map (old_province_code text, old_district_code text,
                             old_commune_code text, new_province_code text,
                             new_commune_code text, coverage text, old_name text,
                             new_name text, note text);
  CREATE TEMP TABLE dossier_load_stg_map_prov (old_province_code text, old_name text,
                                  new_province_code text, new_name text);
  CREATE TEMP TABLE dossier_load_stg_geo (code text, name text, geom geometry);
  CREATE TEMP TABLE dossier_load_stg_line (line text);

  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_pre FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'units-pre2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_new FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'units-2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_later FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) later_file);
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_map FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'mapping-2025.csv');
  EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_map_prov FROM %L (FORMAT csv, HEADER true, ENCODING ''UTF8'')',
                            dir OPERATOR(pg_catalog.||) 'mapping-provinces-2025.csv');

  IF with_boundaries THEN
    -- provinces: one FeatureCollection
    INSERT INTO pg_temp.dossier_load_stg_geo (code, name, geom)
    SELECT pg_catalog.jsonb_extract_path_text(ft, 'properties', 'code'), pg_catalog.jsonb_extract_path_text(ft, 'properties', 'name'),
           ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(pg_catalog.jsonb_extract_path(ft, 'geometry')::text), 4326))
      FROM pg_catalog.jsonb_array_elements(pg_catalog.jsonb_extract_path(
             pg_catalog.convert_from(
               pg_catalog.pg_read_binary_file(dir OPERATOR(pg_catalog.||) 'provinces-2025.geojson'),
               'UTF8')::jsonb, 'features')) AS ft;
    -- communes: one Feature per line; \x01 and \x02 never occur in the
    -- file, so each whole line arrives as one value
    EXECUTE pg_catalog.format('COPY pg_temp.dossier_load_stg_line FROM %L (FORMAT csv, QUOTE E''\x01'', DELIMITER E''\x02'', ENCODING ''UTF8'')',
                              dir OPERATOR(pg_catalog.||) 'communes-2025.geojsonl');
    INSERT INTO pg_temp.dossier_load_stg_geo (code, name, geom)
    SELECT pg_catalog.jsonb_extract_path_text(ft, 'properties', 'code'), pg_catalog.jsonb_extract_path_text(ft, 'properties', 'name'),
           ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(pg_catalog.jsonb_extract_path(ft, 'geometry')::text), 4326))
      FROM (SELECT l.line::jsonb AS ft FROM pg_temp.dossier_load_stg_line l) s;
  END IF;

  --------------------------------------------------- the rows we want
  CREATE TEMP TABLE dossier_load_want (LIKE dossier.admin_unit);

  -- pre-2025 list: start unknown; the 12 communes absent from the NSO list of
  -- 2025-03-01 (kept only because the mapping names them) ended by then
  INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                            valid_from, valid_to, boundary, note, source)
  SELECT p.code, p.name, pg_catalog.regexp_replace(p.name, unit_word, ''),
         p.level::dossier.admin_level, p.parent_code, p.type,
         '-infinity'::date,
         CASE WHEN pg_catalog.starts_with(p.note, 'absent from the NSO list') THEN pre_list ELSE reorg END,
         NULL, p.note, 'units-pre2025.csv'
    FROM pg_temp.dossier_load_stg_pre p;

  -- units in force from 2025-07-01
  INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                            valid_from, valid_to, boundary, note, source)
  SELECT u.code, u.name, u.short_name, u.level::dossier.admin_level, u.parent_code, u.type,
         reorg, NULL, g.geom, u.note, 'units-2025.csv'
    FROM pg_temp.dossier_load_stg_new u
    LEFT JOIN pg_temp.dossier_load_stg_geo g ON g.code OPERATOR(pg_catalog.=) u.code;

  -- loading without boundaries keeps those already loaded
  IF NOT with_boundaries THEN
    UPDATE pg_temp.dossier_load_want w SET boundary = t.boundary
      FROM dossier.admin_unit t
     WHERE t.code OPERATOR(pg_catalog.=) w.code
       AND t.valid_from OPERATOR(pg_catalog.=) w.valid_from;
  END IF;

  -- later changes (vouched for only by the upstream README): close the
  -- 2025 version on the effective day, open a new one with the same code and
  -- geometry
  IF apply_later_changes THEN
    CREATE TEMP TABLE dossier_load_later AS
    SELECT l.code, l.level::dossier.admin_level AS level, l.name_current, l.basis,
           pg_catalog.substring(l.basis, 'effective ([0-9]{4}-[0-9]{2}-[0-9]{2})')::date AS effective,
           pg_catalog.substring(l.name_current, unit_word) AS word
      FROM pg_temp.dossier_load_stg_later l;
    IF EXISTS (SELECT 1 FROM pg_temp.dossier_load_later WHERE effective IS NULL OR word IS NULL) THEN
      RAISE EXCEPTION 'reference file "%" does not pass validation', later_file
        USING ERRCODE = 'data_exception',
              DETAIL = 'Every row needs an "effective YYYY-MM-DD" in basis and a unit word in name_current.',
              HINT = 'Restore the file from data/admin-units/ of the source tree and run make install.';
    END IF;
    INSERT INTO pg_temp.dossier_load_want (code, name, short_name, level, parent_code, unit_type,
                              valid_from, valid_to, boundary, note, source)
    SELECT w.code, l.name_current, pg_catalog.regexp_replace(l.name_current, unit_word, ''),
           w.level, w.parent_code,
           CASE l.word WHEN 'Thành phố' THEN 'thành phố' WHEN 'Tỉnh' THEN 'tỉnh'
                       WHEN 'Phường' THEN 'phường' WHEN 'Xã' THEN 'xã'
                       WHEN 'Đặc khu' THEN 'đặc khu' END,
           l.effective, NULL, w.boundary,
           'changed after 2025-07-01 (' OPERATOR(pg_catalog.||) l.basis
             OPERATOR(pg_catalog.||) '); vouched for only by the upstream README, not checked against the resolution',
           later_file
      FROM pg_temp.dossier_load_later l
      JOIN pg_temp.dossier_load_want w ON w.code OPERATOR(pg_catalog.=) l.code
                         AND w.level OPERATOR(pg_catalog.=) l.level
                         AND w.valid_from OPERATOR(pg_catalog.=) reorg;
    UPDATE pg_temp.dossier_load_want w SET valid_to = l.effective
      FROM pg_temp.dossier_load_later l
     WHERE w.code OPERATOR(pg_catalog.=) l.code AND w.level OPERATOR(pg_catalog.=) l.level
       AND w.valid_from OPERATOR(pg_catalog.=) reorg;
  END IF;

  -- a version a user closed by adding a later version of their own stays closed
  UPDATE pg_temp.dossier_load_want w SET valid_to = t.valid_to
    FROM dossier.admin_unit t
   WHERE w.valid_to IS NULL AND t.valid_to IS NOT NULL
     AND t.code OPERATOR(pg_catalog.=) w.code
     AND t.valid_from OPERATOR(pg_catalog.=) w.valid_from
     AND EXISTS (SELECT 1 FROM dossier.admin_unit v
                  WHERE v.code OPERATOR(pg_catalog.=) t.code
                    AND v.valid_from OPERATOR(pg_catalog.=) t.valid_to
                    AND v.source IS NULL);

  CREATE TEMP TABLE dossier_load_want_succ (LIKE dossier.admin_unit_succession INCLUDING GENERATED);
  INSERT INTO pg_temp.dossier_load_want_succ (old_level, old_province_code, old_district_code,
                                 old_commune_code, new_province_code, new_commune_code,
                                 coverage, effective, old_name, new_name, note, source)
  SELECT CASE WHEN m.old_commune_code IS NULL THEN 'district' ELSE 'commune' END::dossier.admin_level,
         m.old_province_code, m.old_district_code, m.old_commune_code,
         m.new_province_code, m.new_commune_code, m.coverage::dossier.succession_coverage,
         reorg, m.old_name, m.new_name, m.note, 'mapping-2025.csv'
    FROM pg_temp.dossier_load_stg_map m
  UNION ALL
  SELECT 'province', p.old_province_code, NULL, NULL, p.new_province_code, NULL, 'whole',
         reorg, p.old_name, p.new_name, NULL, 'mapping-provinces-2025.csv'
    FROM pg_temp.dossier_load_stg_map_prov p;

  CREATE INDEX ON pg_temp.dossier_load_want (code, valid_from);
  CREATE INDEX ON pg_temp.dossier_load_want_succ (old_code);
  ANALYZE pg_temp.dossier_load_want;
  ANALYZE pg_temp.dossier_load_want_succ;
  ANALYZE pg_temp.dossier_load_stg_geo;

  ------------------------------------------------------------ validation
  -- on the staged rows, before anything is written
  FOR r IN
    SELECT v.what, v.got, v.expected
      FROM (SELECT 'units-pre2025.csv provinces', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'province'), 63 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv districts', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'district'), 696 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv communes', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune'), 10047 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'units-pre2025.csv rows', pg_catalog.count(*), 10806 FROM pg_temp.dossier_load_stg_pre
            UNION ALL SELECT 'pre-2025 communes in force on 2025-06-30',
                             pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune' AND valid_to OPERATOR(pg_catalog.=) reorg), 10035
                        FROM pg_temp.dossier_load_want WHERE source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
            UNION ALL SELECT 'units-2025.csv provinces', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'province'), 34 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'units-2025.csv communes', pg_catalog.count(*) FILTER (WHERE level OPERATOR(pg_catalog.=) 'commune'), 3321 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'units-2025.csv rows', pg_catalog.count(*), 3355 FROM pg_temp.dossier_load_stg_new
            UNION ALL SELECT 'mapping-2025.csv rows', pg_catalog.count(*), 10583 FROM pg_temp.dossier_load_stg_map
            UNION ALL SELECT 'mapping-provinces-2025.csv rows', pg_catalog.count(*), 63 FROM pg_temp.dossier_load_stg_map_prov
            UNION ALL SELECT 'codes per list (duplicates)', pg_catalog.count(*), 0
                        FROM (SELECT code FROM pg_temp.dossier_load_want GROUP BY code, valid_from HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1) d
            UNION ALL SELECT 'later changes without a 2025 unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_later l
                       WHERE NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_stg_new u
                                          WHERE u.code OPERATOR(pg_catalog.=) l.code
                                            AND u.level OPERATOR(pg_catalog.=) l.level
                                            AND u.name OPERATOR(pg_catalog.=) l.name_2025_07_01)
            UNION ALL SELECT 'boundaries', pg_catalog.count(*),
                             CASE WHEN with_boundaries THEN 3355 ELSE 0 END FROM pg_temp.dossier_load_stg_geo
            UNION ALL SELECT 'boundaries matching no 2025 unit by code and name', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_geo g
                       WHERE NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_stg_new u
                                          WHERE u.code OPERATOR(pg_catalog.=) g.code
                                            AND u.name OPERATOR(pg_catalog.=) g.name)
            UNION ALL SELECT 'boundaries that are not valid MultiPolygons', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_stg_geo g
                       WHERE g.geom IS NULL OR GeometryType(g.geom) OPERATOR(pg_catalog.<>) 'MULTIPOLYGON'
            -- every parent is in force, at the right level, when its child starts
            UNION ALL SELECT 'units whose parent is missing', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want c
                       WHERE c.parent_code IS NOT NULL
                         AND NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want p
                            WHERE p.code OPERATOR(pg_catalog.=) c.parent_code
                              AND p.valid_from OPERATOR(pg_catalog.<=) c.valid_from
                              AND COALESCE(p.valid_to, 'infinity') OPERATOR(pg_catalog.>) c.valid_from
                              AND p.level OPERATOR(pg_catalog.=)
                                  CASE WHEN c.level OPERATOR(pg_catalog.=) 'commune'
                                            AND c.valid_from OPERATOR(pg_catalog.<) reorg
                                       THEN 'district' ELSE 'province' END::dossier.admin_level)
            -- every code of the mapping names a unit of the right list and level,
            -- and the old and new hierarchies agree with the unit lists
            UNION ALL SELECT 'succession rows naming a missing old unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want u
                            WHERE u.code OPERATOR(pg_catalog.=) s.old_code
                              AND u.level OPERATOR(pg_catalog.=) s.old_level
                              AND u.valid_from OPERATOR(pg_catalog.=) '-infinity')
            UNION ALL SELECT 'succession rows whose old codes disagree with the old hierarchy', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                        JOIN pg_temp.dossier_load_want u
                          ON u.code OPERATOR(pg_catalog.=) s.old_code
                         AND u.level OPERATOR(pg_catalog.=) s.old_level
                         AND u.valid_from OPERATOR(pg_catalog.=) '-infinity'
                        LEFT JOIN pg_temp.dossier_load_want d
                          ON d.code OPERATOR(pg_catalog.=) s.old_district_code
                         AND d.level OPERATOR(pg_catalog.=) 'district'
                         AND d.valid_from OPERATOR(pg_catalog.=) '-infinity'
                       WHERE u.parent_code IS DISTINCT FROM
                             CASE s.old_level WHEN 'commune' THEN s.old_district_code
                                              WHEN 'district' THEN s.old_province_code END
                          OR (s.old_district_code IS NOT NULL
                              AND d.parent_code IS DISTINCT FROM s.old_province_code)
            UNION ALL SELECT 'succession rows naming a missing new unit', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE NOT EXISTS (
                           SELECT 1 FROM pg_temp.dossier_load_want u
                            WHERE u.code OPERATOR(pg_catalog.=) s.new_code
                              AND u.valid_from OPERATOR(pg_catalog.=) reorg
                              AND u.level OPERATOR(pg_catalog.=)
                                  CASE WHEN s.new_commune_code IS NULL THEN 'province' ELSE 'commune' END::dossier.admin_level)
            UNION ALL SELECT 'succession rows whose new codes disagree with the new hierarchy', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                        JOIN pg_temp.dossier_load_want u
                          ON u.code OPERATOR(pg_catalog.=) s.new_code
                         AND u.valid_from OPERATOR(pg_catalog.=) reorg
                       WHERE u.parent_code IS DISTINCT FROM
                             CASE WHEN s.new_commune_code IS NOT NULL THEN s.new_province_code END
            UNION ALL SELECT 'old communes without a successor', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want u
                       WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
                         AND u.level OPERATOR(pg_catalog.<>) 'district'
                         AND NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_want_succ s
                                          WHERE s.old_code OPERATOR(pg_catalog.=) u.code)
            UNION ALL SELECT 'commune rows disagreeing with the province mapping', pg_catalog.count(*), 0
                        FROM pg_temp.dossier_load_want_succ s
                       WHERE s.old_level OPERATOR(pg_catalog.<>) 'province'
                         AND NOT EXISTS (SELECT 1 FROM pg_temp.dossier_load_want_succ p
                                          WHERE p.old_level OPERATOR(pg_catalog.=) 'province'
                                            AND p.old_code OPERATOR(pg_catalog.=) s.old_province_code
                                            AND p.new_code OPERATOR(pg_catalog.=) s.new_province_code)
           ) AS v(what, got, expected)
     WHERE v.got OPERATOR(pg_catalog.<>) v.expected
  LOOP
    msg := COALESCE(msg OPERATOR(pg_catalog.||) ' ', '')
           OPERATOR(pg_catalog.||) pg_catalog.format('%s: %s, expected %s.', r.what, r.got, r.expected);
  END LOOP;
  IF msg IS NOT NULL THEN
    RAISE EXCEPTION 'administrative-unit reference files in "%" do not pass validation', dir
      USING ERRCODE = 'data_exception',
            DETAIL = msg,
            HINT = 'Reinstall the files from data/admin-units/ with make install; if they were updated on purpose, update the loader''s expectations too.';
  END IF;

  ----------------------------------------------------------------- write
  -- later versions the loader added before but is now told not to apply
  IF NOT apply_later_changes THEN
    BEGIN
      DELETE FROM dossier.admin_unit t
       WHERE t.source OPERATOR(pg_catalog.=) later_file;
      GET DIAGNOSTICS n_removed = ROW_COUNT;
    EXCEPTION WHEN foreign_key_violation THEN
      GET STACKED DIAGNOSTICS msg = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION 'cannot revert the changes after 2025-07-01: a version they added is still referenced'
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = msg,
              HINT = 'Point the referencing rows (e.g. dossier.agency) at the 2025-07-01 version first, or keep apply_later_changes => true.';
    END;
  END IF;

  INSERT INTO dossier.admin_unit AS t (code, name, short_name, level, parent_code, unit_type,
                                       valid_from, valid_to, boundary, note, source)
  SELECT w.code, w.name, w.short_name, w.level, w.parent_code, w.unit_type,
         w.valid_from, w.valid_to, w.boundary, w.note, w.source
    FROM pg_temp.dossier_load_want w
   ORDER BY w.code, w.valid_from
  ON CONFLICT (code, valid_from) DO UPDATE
     SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, level = EXCLUDED.level,
         parent_code = EXCLUDED.parent_code, unit_type = EXCLUDED.unit_type,
         valid_to = EXCLUDED.valid_to, boundary = EXCLUDED.boundary, note = EXCLUDED.note,
         source = EXCLUDED.source
   WHERE (t.name, t.short_name, t.level, t.parent_code, t.unit_type, t.valid_to,
          t.note, t.source)
         IS DISTINCT FROM
         (EXCLUDED.name, EXCLUDED.short_name, EXCLUDED.level, EXCLUDED.parent_code,
          EXCLUDED.unit_type, EXCLUDED.valid_to, EXCLUDED.note, EXCLUDED.source)
      OR (t.boundary IS NULL) OPERATOR(pg_catalog.<>) (EXCLUDED.boundary IS NULL)
      OR NOT ST_OrderingEquals(t.boundary, EXCLUDED.boundary);
  GET DIAGNOSTICS n_units = ROW_COUNT;

  INSERT INTO dossier.admin_unit_succession AS t
         (old_level, old_province_code, old_district_code, old_commune_code,
          new_province_code, new_commune_code, coverage, effective,
          old_name, new_name, note, source)
  SELECT s.old_level, s.old_province_code, s.old_district_code, s.old_commune_code,
         s.new_province_code, s.new_commune_code, s.coverage, s.effective,
         s.old_name, s.new_name, s.note, s.source
    FROM pg_temp.dossier_load_want_succ s
   ORDER BY s.old_code, s.new_code
  ON CONFLICT (old_code, new_code, effective) DO UPDATE
     SET old_level = EXCLUDED.old_level, old_province_code = EXCLUDED.old_province_code,
         old_district_code = EXCLUDED.old_district_code,
         old_commune_code = EXCLUDED.old_commune_code,
         new_province_code = EXCLUDED.new_province_code,
         new_commune_code = EXCLUDED.new_commune_code, coverage = EXCLUDED.coverage,
         old_name = EXCLUDED.old_name, new_name = EXCLUDED.new_name, note = EXCLUDED.note,
         source = EXCLUDED.source
   WHERE (t.old_level, t.old_province_code, t.old_district_code, t.old_commune_code,
          t.new_province_code, t.new_commune_code, t.coverage, t.old_name, t.new_name,
          t.note, t.source)
         IS DISTINCT FROM
         (EXCLUDED.old_level, EXCLUDED.old_province_code, EXCLUDED.old_district_code,
          EXCLUDED.old_commune_code, EXCLUDED.new_province_code, EXCLUDED.new_commune_code,
          EXCLUDED.coverage, EXCLUDED.old_name, EXCLUDED.new_name, EXCLUDED.note,
          EXCLUDED.source);
  GET DIAGNOSTICS n_succ = ROW_COUNT;

  DROP TABLE pg_temp.dossier_load_stg_pre, pg_temp.dossier_load_stg_new, pg_temp.dossier_load_stg_later, pg_temp.dossier_load_stg_map,
             pg_temp.dossier_load_stg_map_prov, pg_temp.dossier_load_stg_geo, pg_temp.dossier_load_stg_line, pg_temp.dossier_load_want,
             pg_temp.dossier_load_want_succ;
  IF apply_later_changes THEN
    DROP TABLE pg_temp.dossier_load_later;
  END IF;

  --------------------------------------------------------------- report
  -- what the loader's own rows now hold, then what this run wrote
  RETURN QUERY
  SELECT v.item, v.n FROM (
    SELECT 1 AS ord, 'provinces in force on 2025-06-30' AS item,
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'province' AND u.valid_to OPERATOR(pg_catalog.=) reorg) AS n
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 2, 'districts in force on 2025-06-30',
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'district' AND u.valid_to OPERATOR(pg_catalog.=) reorg)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 3, 'communes in force on 2025-06-30',
           pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'commune' AND u.valid_to OPERATOR(pg_catalog.=) reorg)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 4, 'communes ended before 2025-03-01 (kept for the mapping)',
           pg_catalog.count(*) FILTER (WHERE u.valid_to OPERATOR(pg_catalog.=) pre_list)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-pre2025.csv'
    UNION ALL
    SELECT 5, 'provinces in force on 2025-07-01', pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'province')
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-2025.csv'
    UNION ALL
    SELECT 6, 'communes in force on 2025-07-01', pg_catalog.count(*) FILTER (WHERE u.level OPERATOR(pg_catalog.=) 'commune')
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) 'units-2025.csv'
    UNION ALL
    SELECT 7, 'versions from later changes', pg_catalog.count(*)
      FROM dossier.admin_unit u WHERE u.source OPERATOR(pg_catalog.=) later_file
    UNION ALL
    SELECT 8, 'units with a boundary', pg_catalog.count(u.boundary)
      FROM dossier.admin_unit u WHERE u.source IS NOT NULL
    UNION ALL
    SELECT 9, 'commune successions', pg_catalog.count(*)
      FROM dossier.admin_unit_succession s WHERE s.source OPERATOR(pg_catalog.=) 'mapping-2025.csv'
    UNION ALL
    SELECT 10, 'province successions', pg_catalog.count(*)
      FROM dossier.admin_unit_succession s WHERE s.source OPERATOR(pg_catalog.=) 'mapping-provinces-2025.csv'
    UNION ALL SELECT 11, 'admin_unit rows written', n_units
    UNION ALL SELECT 12, 'admin_unit rows removed', n_removed
    UNION ALL SELECT 13, 'admin_unit_succession rows written', n_succ
  ) v ORDER BY v.ord;
END $$;

COMMENT ON FUNCTION dossier.load_admin_units(boolean, boolean) IS
  'superuser only: load or refresh the administrative-unit catalogue from the installed reference files (idempotent; never deletes rows users added); returns what the catalogue holds and how many rows this run wrote';

-- PostGIS may live in any schema: pin the loader's search_path to it.
DO $$
DECLARE
  postgis_schema name;
BEGIN
  SELECT n.nspname INTO postgis_schema
    FROM pg_catalog.pg_extension e
    JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
   WHERE e.extname OPERATOR(pg_catalog.=) 'postgis';
  IF postgis_schema IS NULL THEN
    RAISE EXCEPTION 'extension "postgis" is not installed'
      USING ERRCODE = 'undefined_object',
            DETAIL = 'dossier requires postgis; the loader is bound to its schema at install time.',
            HINT = 'CREATE EXTENSION dossier CASCADE installs it.';
  END IF;
  EXECUTE pg_catalog.format(
    'ALTER FUNCTION dossier.load_admin_units(boolean, boolean) SET search_path = pg_catalog, %I, pg_temp',
    postgis_schema);
END $$;
