-- Conventions every object of the extension keeps (docs/DEVELOPING.md):
-- each function, type, table, operator and operator class has a comment;
-- SECURITY DEFINER functions pin their search_path; the comparisons behind
-- btree operators are LEAKPROOF.

-- functions without a comment
SELECT p.oid::regprocedure AS uncommented_function
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'dossier'
WHERE obj_description(p.oid, 'pg_proc') IS NULL
ORDER BY 1::text;

-- base types and enums without a comment
SELECT t.oid::regtype AS uncommented_type
FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'dossier'
WHERE obj_description(t.oid, 'pg_type') IS NULL
ORDER BY 1::text;

-- tables and views without a comment
SELECT c.oid::regclass AS uncommented_relation
FROM pg_class c
JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e'
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'dossier'
WHERE c.relkind IN ('r', 'v', 'm', 'p') AND obj_description(c.oid, 'pg_class') IS NULL
ORDER BY 1::text;

-- SECURITY DEFINER functions must set search_path
SELECT p.oid::regprocedure AS definer_without_search_path
FROM pg_proc p
WHERE p.pronamespace = 'dossier'::regnamespace AND p.prosecdef
  AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%')
ORDER BY 1::text;

-- C functions declare their parallel safety explicitly: none is left at the
-- default (unsafe) unless listed here with a reason
SELECT p.oid::regprocedure AS parallel_unsafe_c_function
FROM pg_proc p
WHERE p.pronamespace = 'dossier'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'c')
  AND p.proparallel = 'u'
  AND p.oid::regprocedure::text NOT IN (
    -- trigger functions write or refuse rows: never in a parallel worker
    'dossier.dossier_guard()', 'dossier.guard_log_guard()', 'dossier.history_load_guard()',
    -- writers: they insert and update, which parallel workers cannot
    'dossier.lift_history_guard(text)',
    -- records the assertion's jti (portal_login.c)
    'dossier.portal_login(text)',
    'dossier.register_dossier(dossier.procedure_code,dossier.agency_code,dossier.citizen_id,dossier.tax_code,dossier.channel,text,timestamp with time zone,dossier.dossier_code,text,boolean)',
    'dossier.transition(dossier.dossier_code,dossier.dossier_action,text,integer,dossier.agency_code,timestamp with time zone,text,timestamp with time zone,text,text)',
    'dossier.import_dossier(dossier.procedure_code,dossier.agency_code,dossier.citizen_id,dossier.tax_code,dossier.channel,text,timestamp with time zone,dossier.dossier_code,text,boolean,text)',
    'dossier.import_transition(dossier.dossier_code,dossier.dossier_action,text,integer,dossier.agency_code,timestamp with time zone,text,timestamp with time zone,text,text,text)')
ORDER BY 1::text;

-- every type has btree and hash operator classes
SELECT t.typname AS type_missing_opclass, am.amname
FROM pg_type t CROSS JOIN (VALUES ('btree'), ('hash')) am(amname)
WHERE t.typnamespace = 'dossier'::regnamespace AND t.typtype = 'b' AND t.typcategory <> 'A'
  AND NOT EXISTS (SELECT 1 FROM pg_opclass o JOIN pg_am a ON a.oid = o.opcmethod
                  WHERE o.opcintype = t.oid AND a.amname = am.amname AND o.opcdefault)
ORDER BY 1, 2;

-- operators and operator classes without a comment
SELECT pg_describe_object(d.classid, d.objid, 0) AS uncommented_operator_or_opclass
FROM pg_depend d
JOIN pg_extension e ON d.refobjid = e.oid AND e.extname = 'dossier'
WHERE d.deptype = 'e' AND d.classid IN ('pg_operator'::regclass, 'pg_opclass'::regclass)
  AND obj_description(d.objid, d.classid::regclass::text) IS NULL
ORDER BY 1;

-- the comparison functions behind the btree operators of our types (each
-- operator's function and the family's three-way comparison) are LEAKPROOF,
-- so that quals on these columns can still use an index under row-level
-- security or in a security-barrier view
SELECT DISTINCT f.fn::regprocedure::text AS btree_comparison_not_leakproof
FROM pg_opfamily fam
JOIN pg_am a ON a.oid = fam.opfmethod AND a.amname = 'btree'
JOIN LATERAL (SELECT o.oprcode, ao.amoplefttype, ao.amoprighttype
              FROM pg_amop ao JOIN pg_operator o ON o.oid = ao.amopopr
              WHERE ao.amopfamily = fam.oid
              UNION ALL
              SELECT ap.amproc, ap.amproclefttype, ap.amprocrighttype
              FROM pg_amproc ap
              WHERE ap.amprocfamily = fam.oid AND ap.amprocnum = 1) f(fn, lefttype, righttype) ON true
JOIN pg_proc p ON p.oid = f.fn
JOIN pg_type t ON t.oid IN (f.lefttype, f.righttype)
WHERE t.typnamespace = 'dossier'::regnamespace AND NOT p.proleakproof
ORDER BY 1;

-- schema dossier holds the extension's objects only: after every suite
-- has run, none of its tables, views, functions or types is outside the
-- extension (a user's table belongs in the user's schema, and DROP SCHEMA
-- dossier after DROP EXTENSION must find it empty: docs/dba-guide.md, "Removal")
SELECT o.what AS in_schema_dossier_but_not_in_the_extension
FROM (SELECT 'pg_class'::regclass, c.oid, c.oid::regclass::text FROM pg_class c
      WHERE c.relnamespace = 'dossier'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p', 'f')
      UNION ALL
      SELECT 'pg_proc'::regclass, p.oid, p.oid::regprocedure::text FROM pg_proc p
      WHERE p.pronamespace = 'dossier'::regnamespace
      UNION ALL
      SELECT 'pg_type'::regclass, t.oid, t.oid::regtype::text FROM pg_type t
      WHERE t.typnamespace = 'dossier'::regnamespace AND t.typrelid = 0 AND t.typcategory <> 'A') o(classid, objid, what)
WHERE NOT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'dossier'
                  WHERE d.classid = o.classid AND d.objid = o.objid AND d.deptype = 'e')
ORDER BY 1;
