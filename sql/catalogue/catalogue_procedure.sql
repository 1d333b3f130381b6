-- dossier.procedure: the procedure catalogue and its constraints
SET search_path = dossier, public;

INSERT INTO procedure (code, name, processing_time, time_unit, issues_result, online_level)
VALUES ('1.000656', 'Đăng ký khai sinh', 1, 'working_day', true, 'full'),
       ('1.000656.000.00.00.h56', 'Đăng ký khai sinh (local variant)', 0.5, 'working_day', true, 'partial'),
       ('2.000001', 'Cấp bản sao trích lục', 4, 'working_hour', true, 'none'),
       ('3.000123', 'Thủ tục không có kết quả', 30, 'calendar_day', false, 'none');
-- the code column is a procedure_code: canonical form, local variants next to
-- their national code
SELECT code, national_code(code), is_local(code), processing_time, time_unit,
       issues_result, online_level
FROM procedure ORDER BY code;
SELECT count(*) FROM procedure WHERE code >= '1.000656' AND code < '1.000657';
-- defaults
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('2.000002', 'Mặc định', 3, 'working_day');
SELECT issues_result, online_level FROM procedure WHERE code = '2.000002';

-- constraint violations
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000657', 'Zero', 0, 'working_day');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000657', 'Negative', -1, 'working_day');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000657', 'No time', NULL, 'working_day');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000657', 'Weeks', 2, 'week');
INSERT INTO procedure (code, name, processing_time, time_unit, online_level) VALUES ('1.000657', 'Online', 2, 'working_day', 'level4');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.00065', 'Bad code', 2, 'working_day');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000656', 'Duplicate', 2, 'working_day');
-- the variant was typed in lower case above; stored canonical, it is a duplicate here
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000656.000.00.00.H56', 'Duplicate', 2, 'working_day');
INSERT INTO procedure (code, name, processing_time, time_unit) VALUES ('1.000658', '', 2, 'working_day');
SELECT count(*) FROM procedure;

-- enum values, in order
SELECT enum_range(NULL::duration_unit), enum_range(NULL::online_level);

-- configuration table: pg_dump keeps its rows
SELECT 'dossier.procedure'::regclass = ANY (extconfig) AS dumped FROM pg_extension WHERE extname = 'dossier';

DELETE FROM procedure;
