-- NIST PKITS (test/fixtures/pkits, see SOURCE.md): all 246 path-validation
-- cases of pkits.json, each run through dossier.verify_certificate against a
-- trust store that holds exactly that case's anchor, CRLs and (for every
-- other case) intermediates, at 2013-06-01.  The corpus' certificates are
-- valid 2010-2030 and its CRLs issued by 2011-01-01, but its DSA cases (4.1.4,
-- 4.1.5) use 1024-bit DSA keys and dsaWithSHA1, which the crypto policy
-- accepts only before 2014-01-01 (X509V_SUNSET_SMALL_KEYS; SHA-1 until
-- 2016-01-01): 2013-06-01 is a time at which every MANIFEST expectation holds,
-- with the policy unchanged.  The expected verdict is the MANIFEST.tsv one; a
-- case that differs must be listed in pkits_deviation with its reason, and a
-- listed case that stops differing is reported too.
SET client_min_messages = warning;
SET TimeZone = 'UTC';

-- fixtures, read by psql on the client side (cwd is the checkout)
CREATE TEMP TABLE pkits_b64 (name text, b64 text);
\copy pkits_b64 FROM PROGRAM 'cd test/fixtures/pkits && for f in certs/*.crt crls/*.crl; do echo "$f $(base64 -w0 "$f")"; done' WITH (FORMAT csv, DELIMITER ' ')
CREATE TEMP TABLE pkits_file AS
  SELECT regexp_replace(name, '^.*/', '') AS name, decode(b64, 'base64') AS der FROM pkits_b64;
CREATE TEMP TABLE pkits_manifest (file text, source_repo text, source_path text, source_commit text,
  license text, expected text, expected_per_signature text, how_known text, trust_context text);
\copy pkits_manifest FROM 'test/fixtures/pkits/MANIFEST.tsv' WITH (FORMAT csv, DELIMITER E'\t', QUOTE E'\x01', HEADER true)
\set pkits_json `cat test/fixtures/pkits/pkits.json`

CREATE TEMP TABLE pkits_case AS
SELECT n AS ord, c->>'id' AS id, c->>'name' AS name, c->>'cert' AS cert,
       (c->>'path_len')::int AS path_len,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(c->'other_certs', '[]'))) AS other_certs,
       ARRAY(SELECT jsonb_array_elements_text(coalesce(c->'crls', '[]'))) AS crls,
       coalesce((c->>'revocation')::boolean, true) AS require_revocation,
       CASE WHEN c->'params' ? 'user_initial_policy_set'
            THEN ARRAY(SELECT jsonb_array_elements_text(c->'params'->'user_initial_policy_set')) END AS policies,
       coalesce((c->'params'->>'initial_explicit_policy')::boolean, false) AS explicit_policy,
       coalesce((c->'params'->>'initial_policy_mapping_inhibit')::boolean, false) AS inhibit_mapping,
       coalesce((c->'params'->>'initial_any_policy_inhibit')::boolean, false) AS inhibit_any,
       c->'error'->>'class' AS error_class,
       m.expected
FROM jsonb_array_elements(:'pkits_json'::jsonb) WITH ORDINALITY AS j(c, n)
LEFT JOIN pkits_manifest m
  ON split_part(split_part(m.expected_per_signature, ';', 1), ' ', 3) = c->>'name';

-- the corpus is complete: 246 cases, each with its expectation and files
SELECT count(*) AS cases, count(expected) AS with_expectation,
       count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM pkits_file f WHERE f.name = cert)) AS missing_leaf,
       count(*) FILTER (WHERE EXISTS (SELECT 1 FROM unnest(other_certs || crls) x
                                      WHERE NOT EXISTS (SELECT 1 FROM pkits_file f WHERE f.name = x))) AS missing_other
FROM pkits_case;

-- pkits.json's error classes agree with the manifest's verdicts
SELECT coalesce(error_class, '(none)') AS error_class, expected, count(*)
FROM pkits_case GROUP BY 1, 2 ORDER BY 1, 2;

CREATE TEMP TABLE pkits_result (ord bigint PRIMARY KEY, v dossier.certificate_verdict);

-- one case: reset the trust tables, load the case, verify
CREATE FUNCTION pg_temp.run_case(c pkits_case, at timestamptz DEFAULT '2013-06-01 00:00:00+00')
RETURNS dossier.certificate_verdict
LANGUAGE plpgsql AS $$
DECLARE
  inter bytea[];
BEGIN
  DELETE FROM dossier.trust_anchor;
  DELETE FROM dossier.trust_intermediate;
  DELETE FROM dossier.trust_crl;
  PERFORM dossier.load_certificate(der, true, 'PKITS anchor')
    FROM pkits_file WHERE name = 'TrustAnchorRootCertificate.crt';
  PERFORM dossier.load_crl(der) FROM pkits_file WHERE name = 'TrustAnchorRootCRL.crl';
  PERFORM dossier.load_crl(f.der) FROM unnest(c.crls) x JOIN pkits_file f ON f.name = x;
  -- odd cases pass their intermediates, even ones find them in the table
  IF c.ord % 2 = 0 THEN
    PERFORM dossier.load_certificate(f.der) FROM unnest(c.other_certs) x JOIN pkits_file f ON f.name = x;
  ELSE
    inter := ARRAY(SELECT f.der FROM unnest(c.other_certs) WITH ORDINALITY x(n, i)
                   JOIN pkits_file f ON f.name = x.n ORDER BY x.i);
  END IF;
  RETURN dossier.verify_certificate((SELECT der FROM pkits_file WHERE name = c.cert),
                                    at, inter, c.require_revocation,
                                    c.policies, c.explicit_policy, c.inhibit_mapping, c.inhibit_any);
END
$$;

DO $$
DECLARE
  c pkits_case;
BEGIN
  FOR c IN SELECT * FROM pkits_case ORDER BY ord LOOP
    INSERT INTO pkits_result VALUES (c.ord, pg_temp.run_case(c));
  END LOOP;
END
$$;

-- known, documented deviations (docs/reference/trust/trust_store.md): none at
-- present; a case that cannot match is listed here with what it gets and why,
-- as INSERT INTO pkits_deviation VALUES ('name', 'verdict got', 'reason')
CREATE TEMP TABLE pkits_deviation (name text PRIMARY KEY, got text, reason text);

CREATE TEMP VIEW pkits_outcome AS
SELECT c.ord, c.id, c.name, c.expected, (r.v).verdict AS got, (r.v).indication,
       (r.v).sub_indication, (r.v).errors, d.got AS deviation_got
FROM pkits_case c JOIN pkits_result r USING (ord)
LEFT JOIN pkits_deviation d ON d.name = c.name;

-- summary per PKITS section: cases, as expected, listed deviations
SELECT '4.' || substr(id, 2, 2)::int AS section, count(*) AS cases,
       count(*) FILTER (WHERE got = expected) AS as_expected,
       count(*) FILTER (WHERE got <> expected AND got = deviation_got) AS listed_deviation,
       count(*) FILTER (WHERE got <> expected AND got IS DISTINCT FROM deviation_got) AS mismatch
FROM pkits_outcome GROUP BY substr(id, 2, 2)::int ORDER BY substr(id, 2, 2)::int;

-- expected vs got per verdict, with the sub-indications seen
SELECT expected, got, indication, coalesce(sub_indication, '-') AS sub_indication, count(*)
FROM pkits_outcome GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4;

-- mismatches: must be empty
SELECT id, name, expected, got, sub_indication, errors
FROM pkits_outcome
WHERE got <> expected AND got IS DISTINCT FROM deviation_got
ORDER BY ord;

-- every listed deviation still deviates, as listed (a fix shows up here)
SELECT d.name, o.expected, o.got, o.got = d.got AS still_deviates, d.reason
FROM pkits_deviation d LEFT JOIN pkits_outcome o USING (name)
ORDER BY d.name;

-- revoked cases say so from a CRL, and carry the entry's time and reason
-- (one revocation, 4.15.4, is in a delta CRL, which OpenSSL does not expose)
SELECT count(*) AS revoked, count((r.v).revocation_time) AS with_time,
       count((r.v).revocation_reason) AS with_reason,
       count(*) FILTER (WHERE (r.v).revocation_source = 'crl') AS from_crl
FROM pkits_result r WHERE (r.v).verdict = 'revoked';
SELECT c.id, c.name, (r.v).revocation_time, (r.v).revocation_reason
FROM pkits_case c JOIN pkits_result r USING (ord)
WHERE (r.v).verdict = 'revoked' AND (r.v).revocation_time IS NULL ORDER BY c.ord;

-- valid cases name the PKITS anchor and a chain of path_len certificates
SELECT count(*) AS valid,
       count(*) FILTER (WHERE (r.v).anchor = 'CN=Trust Anchor,O=Test Certificates 2011,C=US') AS anchored,
       count(*) FILTER (WHERE (r.v).chain_length = c.path_len) AS chain_of_path_len,
       count(*) FILTER (WHERE (r.v).revocation_status = 'good') AS revocation_good,
       count(*) FILTER (WHERE (r.v).errors = '{}') AS without_errors
FROM pkits_case c JOIN pkits_result r USING (ord) WHERE (r.v).verdict = 'valid';

-- the validation time, not the policy, makes the DSA cases valid: at
-- 2026-06-01 the same chains fail the crypto policy (4.1.5's keys included,
-- whose size comes from the inherited parameters)
SELECT c.name, (v).verdict, (v).sub_indication
FROM pkits_case c, pg_temp.run_case(c, '2026-06-01 00:00:00+00') v
WHERE c.name IN ('valid_dsa_signatures_test4', 'valid_dsa_parameter_inheritance_test5')
ORDER BY c.ord;

DELETE FROM dossier.trust_anchor;
DELETE FROM dossier.trust_intermediate;
DELETE FROM dossier.trust_crl;
