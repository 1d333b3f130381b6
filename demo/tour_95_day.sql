-- demo tour: a day at the one-stop desk (issue 3, "Dossier lifecycle engine")
--
-- Monday 2026-11-16 at the ILLUSTRATIVE one-stop desk of Đà Nẵng (agencies
-- H99… and procedures 9.9000xx of demo/sample.sql): 320 dossiers handed in at
-- the desk, online or by post between 07:30 and 16:50, received, processed
-- through internal steps, sent back for supplements (one twice, so overdue),
-- charged a fee, transferred, refused, withdrawn and stopped, apologised for,
-- resolved and returned, each event at its own time of the day and under the
-- SQL role of whoever acts (desk officer, specialist, leader, clerk of the
-- agency that holds the dossier, each bound to it; the portal, which signs
-- the applicant in with an assertion first, one per transaction).  Then the
-- figures of the day, and a citizen's own view through the portal.
-- Dossiers cannot be deleted (guarded
-- history), so a second run finds the day already played and only shows it.
SET search_path = dossier, public;
SET TimeZone = 'Asia/Ho_Chi_Minh';
SET client_min_messages = warning;
-- the demo replays a day in the past: widen the tolerance for a given event
-- time (superuser only); a live desk keeps the default, minutes
SET dossier.event_time_tolerance = '20000d';
SELECT to_regproc('dossier.transition') IS NOT NULL
   AND to_regclass('dossier.procedure_step') IS NOT NULL
   AND to_regclass('dossier.outbox_status') IS NOT NULL
   AND EXISTS (SELECT 1 FROM dossier.agency WHERE code = 'H99.10') AS ok \gset
\if :ok
\echo '== 9.5 a day at the one-stop desk of Đà Nẵng (illustrative): Monday 2026-11-16'

-- an ILLUSTRATIVE procedure with internal steps (not an official code)
INSERT INTO dossier.procedure AS p (code, name, processing_time, time_unit, issues_result, online_level, note)
VALUES ('9.900021', 'Thủ tục minh họa có bước xử lý nội bộ (illustrative procedure with internal steps)',
        3, 'working_day', true, 'partial',
        'illustrative code and processing time, demo/tour_95_day.sql: shows the internal steps of status 4')
ON CONFLICT (code) DO NOTHING;
INSERT INTO dossier.procedure_step (procedure, step, name, role, note) VALUES
  ('9.900021', 1, 'phân công (leader assigns a specialist)', 'dossier_leader', 'illustrative'),
  ('9.900021', 2, 'thẩm định (specialist review)', 'dossier_specialist', 'illustrative'),
  ('9.900021', 3, 'ký duyệt (leader signs)', 'dossier_leader', 'illustrative'),
  ('9.900021', 4, 'đóng dấu, phát hành (clerk stamps and issues)', 'dossier_clerk', 'illustrative')
ON CONFLICT (procedure, step) DO NOTHING;

-- the day's dossiers: registered on 2026-11-16 by the H99 agencies
CREATE TEMP VIEW day_dossier AS
SELECT * FROM dossier.dossier
WHERE registered_at >= '2026-11-16 00:00+07' AND registered_at < '2026-11-17 00:00+07'
  AND receiving_agency::text LIKE 'H99%';
SELECT EXISTS (SELECT 1 FROM day_dossier) AS played \gset

\if :played
\echo '   (the day was played by an earlier run; its dossiers are kept, here are its figures)'
\else
-- who comes to the desk: n = 1..320, every 80 seconds or so over office hours
CREATE TEMP TABLE plan AS
SELECT n, procedure, agency, channel, owner_citizen, owner_enterprise,
       CASE WHEN m < 230 THEN timestamptz '2026-11-16 07:30+07' + m * interval '1 minute'
            ELSE timestamptz '2026-11-16 13:30+07' + (m - 230) * interval '1 minute' END AS arrive
FROM (
  SELECT n, (n - 1) * 430 / 320 AS m,
         p.procedure, p.agency,
         CASE WHEN p.procedure = '9.900004' THEN 'direct'      -- certified copies: in person only
              WHEN n % 11 = 0 THEN 'postal'
              WHEN n % 7 IN (1, 2, 3) OR p.procedure = '9.900006' AND n % 3 <> 0 THEN 'online'
              ELSE 'direct' END::dossier.channel AS channel,
         CASE WHEN p.procedure <> '9.900006' THEN
           -- invented, well-formed personal IDs: born in Đà Nẵng (048) between 1960 and 2005
           format('048%s%s%s', CASE WHEN n % 50 < 40 THEN (n % 2)::text ELSE (2 + n % 2)::text END,
                  lpad(CASE WHEN n % 50 < 40 THEN 60 + n % 40 ELSE n % 6 END::text, 2, '0'),
                  lpad((n * 7919 % 1000000)::text, 6, '0'))::dossier.citizen_id END AS owner_citizen,
         CASE WHEN p.procedure = '9.900006' THEN
           (ARRAY['0400100009', '0401002565', '0401002565-001', '0100233488'])[1 + n % 4]::dossier.tax_code
         END AS owner_enterprise
  FROM generate_series(1, 320) n,
  LATERAL (SELECT CASE n % 10 WHEN 0 THEN '9.900004' WHEN 1 THEN '9.900004' WHEN 2 THEN '9.900004'
                              WHEN 3 THEN '9.900006' WHEN 4 THEN '9.900006' WHEN 5 THEN '9.900007'
                              WHEN 6 THEN '9.900008' WHEN 9 THEN '9.900021'
                              ELSE '9.900010' END::dossier.procedure_code AS procedure) p0,
  LATERAL (SELECT p0.procedure,
                  CASE p0.procedure WHEN '9.900006' THEN 'H99.05' WHEN '9.900007' THEN 'H99.17'
                                    WHEN '9.900008' THEN 'H99.20.01' WHEN '9.900021' THEN 'H99.17'
                                    ELSE 'H99.10' END::dossier.agency_code AS agency) p
) s;

-- the stories of the day, by dossier number
CREATE TEMP TABLE story (n int PRIMARY KEY, name text NOT NULL);
INSERT INTO story VALUES
  (6,   'land dossier transferred to the department (liên thông)'),
  (14,  'enterprise registration refused at reception: papers missing'),
  (15,  'construction permit: two supplement requests, overdue'),
  (26,  'land dossier: land-use fee requested and paid'),
  (36,  'land dossier: one supplement request, back in processing'),
  (45,  'construction permit: applicant withdraws, leader stops'),
  (128, 'criminal record certificate: leader away, apology and new appointment');

-- every event of the day: (dossier n, order k, time, acting role, action, arguments)
CREATE TEMP TABLE event (n int, k int, at timestamptz, role name, action text,
                         on_behalf_of text, note text, to_agency dossier.agency_code,
                         new_appointment timestamptz);
-- the share f of what is left of the office day after arrival
CREATE FUNCTION pg_temp.later(arrive timestamptz, f numeric) RETURNS timestamptz
LANGUAGE sql IMMUTABLE
RETURN date_trunc('minute', arrive + f * (timestamptz '2026-11-16 17:00+07' - arrive));

-- registration: at the desk (received on the spot) or by the portal (online)
INSERT INTO event
SELECT n, 0, arrive, CASE channel WHEN 'online' THEN 'dossier_portal' ELSE 'dossier_desk_officer' END,
       'register', CASE channel WHEN 'online' THEN coalesce(owner_citizen::text, owner_enterprise::text) END,
       NULL, NULL, NULL
FROM plan;
-- online dossiers are checked and received at the desk, one is refused
INSERT INTO event
SELECT n, 1, pg_temp.later(arrive, 0.05), 'dossier_desk_officer',
       CASE WHEN n = 14 THEN 'refuse' ELSE 'receive' END,
       NULL, CASE WHEN n = 14 THEN 'thiếu giấy đề nghị đăng ký doanh nghiệp (application form missing)' END,
       NULL, NULL
FROM plan WHERE channel = 'online';
-- processing starts, except for a third of the criminal-record requests
INSERT INTO event
SELECT n, 2, pg_temp.later(arrive, 0.1), 'dossier_specialist', 'start_processing', NULL, NULL, NULL, NULL
FROM plan WHERE n <> 14 AND NOT (procedure = '9.900010' AND n % 3 = 0);
-- internal steps: 0 to 4 of them done today
INSERT INTO event
SELECT n, 2 + s, pg_temp.later(arrive, 0.1 + 0.12 * s),
       (ARRAY['dossier_leader', 'dossier_specialist', 'dossier_leader', 'dossier_clerk'])[s],
       CASE WHEN s < 4 THEN 'move_step' ELSE 'resolve' END, NULL, NULL, NULL, NULL
FROM plan, generate_series(1, 4) s
WHERE procedure = '9.900021' AND s <= n % 5;
-- certified copies are signed and handed back within the day
INSERT INTO event
SELECT n, 3, pg_temp.later(arrive, 0.4), 'dossier_leader', 'resolve', NULL, NULL, NULL, NULL
FROM plan WHERE procedure = '9.900004';
-- half of the enterprise registrations are resolved today
INSERT INTO event
SELECT n, 3, pg_temp.later(arrive, 0.5), 'dossier_leader', 'resolve', NULL, NULL, NULL, NULL
FROM plan WHERE procedure = '9.900006' AND n % 4 = 3 AND n <> 14;
-- results returned: at the desk, or electronically through the portal
INSERT INTO event
SELECT p.n, 9, pg_temp.later(p.arrive, 0.8),
       CASE p.channel WHEN 'online' THEN 'dossier_portal' ELSE 'dossier_desk_officer' END,
       'return_result',
       CASE p.channel WHEN 'online' THEN coalesce(p.owner_citizen::text, p.owner_enterprise::text) END,
       NULL, NULL, NULL
FROM plan p
WHERE EXISTS (SELECT 1 FROM event e WHERE e.n = p.n AND e.action = 'resolve')
  AND (p.procedure <> '9.900021' OR p.n % 2 = 0);
-- the stories
INSERT INTO event (n, k, at, role, action, on_behalf_of, note, to_agency, new_appointment) VALUES
  (6,   3, '2026-11-16 11:00+07', 'dossier_desk_officer', 'transfer', NULL,
        'chuyển Sở Nông nghiệp và Môi trường (needs the department''s review)', 'H99.20', NULL),
  (15,  3, '2026-11-16 09:00+07', 'dossier_specialist', 'request_supplement', NULL,
        'bổ sung bản vẽ thiết kế (design drawings missing)', NULL, NULL),
  (15,  4, '2026-11-16 10:30+07', 'dossier_desk_officer', 'supplement_received', NULL, NULL, NULL, NULL),
  (15,  5, '2026-11-16 10:45+07', 'dossier_specialist', 'start_processing', NULL, NULL, NULL, NULL),
  (15,  6, '2026-11-16 15:30+07', 'dossier_specialist', 'request_supplement', NULL,
        'bổ sung văn bản thẩm duyệt PCCC (fire-safety approval missing)', NULL, NULL),
  (26,  3, '2026-11-16 13:40+07', 'dossier_specialist', 'request_payment', NULL,
        'lệ phí cấp giấy chứng nhận (certificate fee)', NULL, NULL),
  (26,  4, '2026-11-16 15:10+07', 'dossier_portal', 'paid', NULL, 'paid online', NULL, NULL),
  (36,  3, '2026-11-16 10:00+07', 'dossier_specialist', 'request_supplement', NULL,
        'bổ sung trích đo địa chính (cadastral survey missing)', NULL, NULL),
  (36,  4, '2026-11-16 14:00+07', 'dossier_desk_officer', 'supplement_received', NULL, NULL, NULL, NULL),
  (36,  5, '2026-11-16 14:20+07', 'dossier_specialist', 'start_processing', NULL, NULL, NULL, NULL),
  (45,  3, '2026-11-16 14:10+07', 'dossier_desk_officer', 'request_withdrawal', NULL,
        'đơn xin rút hồ sơ (the applicant asks to withdraw)', NULL, NULL),
  (45,  4, '2026-11-16 14:40+07', 'dossier_leader', 'stop', NULL, 'dừng xử lý theo đề nghị (stopped on request)', NULL, NULL),
  -- an apology goes out at the latest a working day before the due date
  -- (Decree 61/2018 Art. 19): a criminal record certificate, due in 10 working days
  (128, 3, '2026-11-16 16:40+07', 'dossier_leader', 'apologize', NULL,
        'lãnh đạo đi công tác (the signing leader is away)', NULL, '2026-12-21 10:00+07');
-- the portal pays on behalf of the owner
UPDATE event e SET on_behalf_of = coalesce(p.owner_citizen::text, p.owner_enterprise::text)
FROM plan p WHERE p.n = e.n AND e.role = 'dossier_portal';

-- staff act as officials of the agency that holds the dossier (docs/roles.md,
-- "Officials and their agency"): one login per staff role and agency, made
-- and bound the first time it is needed; the portal acts for the owner
CREATE FUNCTION pg_temp.official(r name, a dossier.agency_code) RETURNS name
LANGUAGE plpgsql AS $$
DECLARE
  who name;
BEGIN
  IF r = 'dossier_portal' THEN
    RETURN r;
  END IF;
  who := format('demo_%s_%s', replace(r, 'dossier_', ''), lower(replace(a::text, '.', '_')));
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
    EXECUTE format('CREATE ROLE %I LOGIN IN ROLE %I', who, r);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM dossier.official o WHERE o.login = who::regrole) THEN
    PERFORM dossier.bind_official(who::regrole, a, note => 'demo/tour_95_day.sql');
  END IF;
  RETURN who;
END $$;


-- the portal proves who is signed in (docs/reference/access/portal.md): the
-- demo's identity provider signs an assertion for each of the portal's
-- events, with a key registered here (test/fixtures/gen/make_assertions.sh)
SET dossier.portal_audience = 'urn:dossier:demo';
SELECT string_agg(on_behalf_of, ' ' ORDER BY at, n, k) AS portal_subjects
FROM event WHERE role = 'dossier_portal' \gset
\setenv PORTAL_SUBJECTS :portal_subjects
\setenv COUNT 1
\setenv AUD urn:dossier:demo
CREATE TEMP TABLE assertion (name text PRIMARY KEY, v text NOT NULL);
\copy assertion FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh $PORTAL_SUBJECTS' WITH (FORMAT csv, DELIMITER ' ')
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, note)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8'), '2026-01-01',
       'the demo''s identity provider (demo/tour_95_day.sql)'
FROM assertion WHERE name = 'key_ed'
ON CONFLICT (kid) DO UPDATE SET public_key = EXCLUDED.public_key;

-- play the day in time order, each event under the role that acts and in a
-- transaction of its own: the portal signs in once per transaction
DO $day$
DECLARE
  e record;
  p record;
  codes dossier.dossier_code[] := '{}';
  signed text;
BEGIN
  FOR e IN SELECT * FROM pg_temp.event ORDER BY at, n, k LOOP
    SELECT * INTO p FROM pg_temp.plan WHERE n = e.n;
    IF e.role = 'dossier_portal' THEN
      DELETE FROM pg_temp.assertion
      WHERE name = (SELECT min(name) FROM pg_temp.assertion WHERE name LIKE e.on_behalf_of || '\_%')
      RETURNING v INTO signed;
    END IF;
    PERFORM set_config('role', pg_temp.official(e.role,
              CASE WHEN e.action = 'register' THEN p.agency
                   ELSE (SELECT d.agency FROM dossier.dossier d WHERE d.code = codes[e.n]) END), true);
    IF e.role = 'dossier_portal' THEN
      PERFORM dossier.portal_login(signed);
    END IF;
    IF e.action = 'register' THEN
      codes[e.n] := dossier.register_dossier(p.procedure, p.agency,
                      owner_citizen => p.owner_citizen, owner_enterprise => p.owner_enterprise,
                      channel => p.channel, on_behalf_of => e.on_behalf_of, at => e.at,
                      receive => p.channel <> 'online');
    ELSE
      -- a refusal, a supplement request and a stop state their reason (Mẫu 02, 03)
      PERFORM dossier.transition(codes[e.n], e.action::dossier.dossier_action,
                                 note => CASE WHEN e.action NOT IN ('refuse', 'request_supplement', 'stop') THEN e.note END,
                                 to_agency => e.to_agency, new_appointment => e.new_appointment,
                                 on_behalf_of => e.on_behalf_of, at => e.at,
                                 reason_code => CASE e.action WHEN 'refuse' THEN 'invalid_papers'
                                                              WHEN 'request_supplement' THEN 'missing_papers'
                                                              WHEN 'stop' THEN 'withdrawn' END,
                                 reason => CASE WHEN e.action IN ('refuse', 'request_supplement', 'stop') THEN e.note END);
    END IF;
    PERFORM set_config('role', 'none', true);
    COMMIT;
  END LOOP;
END
$day$;
\endif

\echo '-- the dossiers of the day, by status'
SELECT status_code(status) AS code, status, status_name_vi(status) AS name_vi, count(*) AS dossiers
FROM day_dossier GROUP BY status ORDER BY 1;

\echo '-- by procedure and channel'
SELECT d.procedure, left(p.name, 44) AS name,
       count(*) FILTER (WHERE d.channel = 'direct') AS direct,
       count(*) FILTER (WHERE d.channel = 'online') AS online,
       count(*) FILTER (WHERE d.channel = 'postal') AS postal,
       count(*) FILTER (WHERE d.status = 'result_returned') AS returned
FROM day_dossier d JOIN dossier.procedure p ON p.code = d.procedure
GROUP BY d.procedure, p.name ORDER BY 1;

\echo '-- the stories of the day'
SELECT d.code, d.status, d.agency, d.supplement_requests AS suppl,
       to_char(d.due_at, 'DD/MM HH24:MI') AS due, to_char(d.appointment_at, 'DD/MM HH24:MI') AS appointment,
       (SELECT e.note FROM dossier.dossier_event e WHERE e.dossier = d.code AND e.note IS NOT NULL
        ORDER BY e.seq DESC LIMIT 1) AS last_note
FROM day_dossier d
WHERE EXISTS (SELECT 1 FROM dossier.dossier_event e WHERE e.dossier = d.code AND e.note IS NOT NULL)
ORDER BY d.registered_at, d.code;

\echo '-- overdue at the end of the day (17:00), and on Friday 17:00 if nothing else happens'
SELECT d.code, d.procedure, d.status, d.supplement_requests AS suppl,
       to_char(d.due_at, 'DD/MM HH24:MI') AS due, to_char(d.appointment_at, 'DD/MM HH24:MI') AS appointment,
       timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, '2026-11-16 17:00+07') AS at_monday_close
FROM day_dossier d
WHERE timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, '2026-11-16 17:00+07') IN ('overdue', 'in_progress_overdue')
ORDER BY d.code;
SELECT d.procedure, count(*) FILTER (WHERE t = 'on_time') AS on_time,
       count(*) FILTER (WHERE t = 'in_progress') AS in_progress,
       count(*) FILTER (WHERE t = 'in_progress_overdue') AS in_progress_overdue,
       count(*) FILTER (WHERE t = 'overdue') AS overdue,
       count(*) FILTER (WHERE t = 'not_received') AS not_received
FROM day_dossier d, LATERAL (SELECT timeliness(d.due_at, d.ended_at, d.paused_at, d.supplement_requests, '2026-11-20 17:00+07') AS t) x
GROUP BY d.procedure ORDER BY 1;

\echo '-- the history of the dossier with two supplement requests'
SELECT e.seq, to_char(e.at, 'HH24:MI') AS at, e.action, e.to_status, e.actor,
       to_char(e.due_at, 'DD/MM HH24:MI') AS due,
       e.prev_hash = coalesce(lag(e.hash) OVER (ORDER BY e.seq), decode(repeat('00', 32), 'hex')) AS chained
FROM dossier.dossier_event e
WHERE e.dossier = (SELECT code FROM day_dossier WHERE supplement_requests = 2 ORDER BY code LIMIT 1)
ORDER BY e.seq;

\echo '-- every history chain verified, and the DVCQG outbox'
SELECT count(*) AS dossiers, sum(events) AS events, count(*) FILTER (WHERE ok) AS chains_ok,
       count(*) FILTER (WHERE NOT ok) AS broken
FROM dossier.verify_history();
SELECT pending, claimed, failing, delivered FROM dossier.outbox_status;

\echo '-- a citizen signs in through the portal: their own dossiers, and the timeline of one, without the officials'' notes'
SET dossier.portal_audience = 'urn:dossier:demo';
SELECT owner_citizen AS citizen FROM day_dossier
WHERE supplement_requests = 1 AND owner_citizen IS NOT NULL ORDER BY code LIMIT 1 \gset
\setenv PORTAL_SUBJECTS :citizen
\setenv COUNT 1
\setenv AUD urn:dossier:demo
CREATE TEMP TABLE citizen_assertion (name text PRIMARY KEY, v text NOT NULL);
\copy citizen_assertion FROM PROGRAM 'bash test/fixtures/gen/make_assertions.sh $PORTAL_SUBJECTS' WITH (FORMAT csv, DELIMITER ' ')
INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, note)
SELECT 'ed1', 'https://sso.example.vn', 'EdDSA', convert_from(decode(v, 'base64'), 'UTF8'), '2026-01-01',
       'the demo''s identity provider (demo/tour_95_day.sql)'
FROM citizen_assertion WHERE name = 'key_ed'
ON CONFLICT (kid) DO UPDATE SET public_key = EXCLUDED.public_key;
SELECT v AS signed FROM citizen_assertion WHERE name = :'citizen' || '_01' \gset
BEGIN;
SET LOCAL ROLE dossier_portal;
SELECT count(*) AS dossiers_seen_before_signing_in FROM dossier.dossier;
SELECT dossier.portal_login(:'signed') AS signed_in;
SELECT code, procedure, status, to_char(appointment_at, 'DD/MM HH24:MI') AS appointment, timeliness, actions
FROM dossier.my_dossiers();
SELECT seq, to_char(at, 'DD/MM HH24:MI') AS at, action, to_status, reason_name, reason, by_applicant
FROM dossier.my_timeline((SELECT code FROM dossier.my_dossiers() WHERE status <> 'result_returned' ORDER BY code LIMIT 1));
COMMIT;

\echo '-- the desk cannot hand back a result of a stopped dossier:'
SELECT code AS stopped FROM day_dossier WHERE status = 'stopped' ORDER BY code LIMIT 1 \gset
\set ON_ERROR_STOP 0
SELECT dossier.transition(:'stopped', 'return_result');
\set ON_ERROR_STOP 1
\else
\echo '== 9.5 a day at the one-stop desk: skipped, the lifecycle is not in this build yet'
\endif
