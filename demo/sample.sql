-- demo/sample.sql: an ILLUSTRATIVE sample for the demo database, loaded by
-- scripts/demo.sh after the catalogue.  Rerunnable: every insert is an
-- upsert.  Each section runs only when the objects it needs are in this
-- build, so the file keeps working while types land on other branches.
--
-- Nothing here is an official code: agency IDs use the level-1 group H99,
-- which no province has; procedure codes use the block 9.9000xx; citizens and
-- enterprises are invented.  Processing times follow the legal texts cited in
-- each note, as read by the demo's authors: check the national procedure
-- database (Cơ sở dữ liệu quốc gia về TTHC) before relying on them.
SET client_min_messages = warning;
-- the identifier types' operators live in schema dossier
SET search_path = dossier, public;

CREATE SCHEMA IF NOT EXISTS demo;
COMMENT ON SCHEMA demo IS 'illustrative sample data of the dossier demo (demo/sample.sql)';

---------------------------------------------------------------- procedures
SELECT to_regclass('dossier.procedure') IS NOT NULL AS have_procedure \gset
\if :have_procedure
INSERT INTO dossier.procedure AS p (code, name, processing_time, time_unit, issues_result, online_level, note)
VALUES
  ('9.900001', 'Đăng ký khai sinh (birth registration)', 1, 'working_day', true, 'full',
   'illustrative code; on receipt, or the next working day if received after 15:00 (Luật Hộ tịch 2014 Art. 16, Decree 123/2015)'),
  ('9.900002', 'Đăng ký kết hôn (marriage registration)', 5, 'working_day', true, 'partial',
   'illustrative code; on receipt, up to 5 working days when facts must be verified (Luật Hộ tịch 2014 Art. 18)'),
  ('9.900003', 'Đăng ký khai tử (death registration)', 1, 'working_day', true, 'full',
   'illustrative code; on receipt (Luật Hộ tịch 2014 Art. 34)'),
  ('9.900004', 'Chứng thực bản sao từ bản chính (certified copy)', 1, 'working_day', true, 'none',
   'illustrative code; the same day, or the next working day if requested after 15:00 (Decree 23/2015 Art. 21)'),
  ('9.900005', 'Đăng ký thành lập hộ kinh doanh (business household registration)', 3, 'working_day', true, 'full',
   'illustrative code; 3 working days (Decree 01/2021 Art. 87)'),
  ('9.900006', 'Đăng ký thành lập doanh nghiệp (enterprise registration)', 3, 'working_day', true, 'full',
   'illustrative code; 3 working days (Luật Doanh nghiệp 2020 Art. 26)'),
  ('9.900007', 'Cấp giấy phép xây dựng nhà ở riêng lẻ (construction permit, individual house)', 15, 'working_day', true, 'partial',
   'illustrative code; 15 days for an individual house (Luật Xây dựng Art. 102, as amended 2020)'),
  ('9.900008', 'Đăng ký đất đai, cấp Giấy chứng nhận lần đầu (first land-use certificate)', 20, 'working_day', true, 'partial',
   'illustrative code; at most 20 working days (Decree 101/2024 Art. 22)'),
  ('9.900009', 'Đăng ký thường trú (permanent residence registration)', 7, 'working_day', true, 'full',
   'illustrative code; 7 working days (Luật Cư trú 2020 Art. 22)'),
  ('9.900010', 'Cấp Phiếu lý lịch tư pháp (criminal record certificate)', 10, 'working_day', true, 'full',
   'illustrative code; 10 days (Luật Lý lịch tư pháp 2009 Art. 48)'),
  ('9.900011', 'Giải quyết khiếu nại lần đầu (first-instance complaint)', 30, 'calendar_day', true, 'none',
   'illustrative code; 30 days from acceptance (Luật Khiếu nại 2011 Art. 28)'),
  ('9.900001.000.00.00.H99', 'Đăng ký khai sinh (local variant, Đà Nẵng)', 1, 'working_day', true, 'full',
   'illustrative local variant of 9.900001 under the illustrative agency H99')
ON CONFLICT (code) DO UPDATE
  SET name = EXCLUDED.name, processing_time = EXCLUDED.processing_time,
      time_unit = EXCLUDED.time_unit, issues_result = EXCLUDED.issues_result,
      online_level = EXCLUDED.online_level, note = EXCLUDED.note
  WHERE (p.name, p.processing_time, p.time_unit, p.issues_result, p.online_level, p.note)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.processing_time, EXCLUDED.time_unit,
                          EXCLUDED.issues_result, EXCLUDED.online_level, EXCLUDED.note);
\endif

------------------------------------------------------------------ agencies
-- Thành phố Đà Nẵng (code 48 since 2025-07-01): its People's Committee,
-- departments, and the People's Committees of a few communes.
SELECT to_regclass('dossier.agency') IS NOT NULL AS have_agency \gset
\if :have_agency
INSERT INTO dossier.agency AS a (code, name, level, admin_unit_code, admin_unit_valid_from, note)
VALUES
  ('H99',       'Ủy ban nhân dân thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code'),
  ('H99.05',    'Sở Tài chính thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code'),
  ('H99.10',    'Sở Tư pháp thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code'),
  ('H99.17',    'Sở Xây dựng thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code'),
  ('H99.20',    'Sở Nông nghiệp và Môi trường thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code'),
  ('H99.20.01', 'Văn phòng Đăng ký đất đai thành phố Đà Nẵng', 'province', '48', '2025-07-01', 'illustrative code; land registration office under the department'),
  ('H99.60',    'Ủy ban nhân dân phường Hải Châu', 'commune', '20242', '2025-07-01', 'illustrative code'),
  ('H99.61',    'Ủy ban nhân dân phường Thanh Khê', 'commune', '20209', '2025-07-01', 'illustrative code'),
  ('H99.62',    'Ủy ban nhân dân phường Sơn Trà', 'commune', '20263', '2025-07-01', 'illustrative code'),
  ('H99.63',    'Ủy ban nhân dân phường Hội An', 'commune', '20410', '2025-07-01', 'illustrative code'),
  ('H99.64',    'Ủy ban nhân dân xã Hòa Vang', 'commune', '20320', '2025-07-01', 'illustrative code'),
  ('H99.65',    'Ủy ban nhân dân đặc khu Hoàng Sa', 'commune', '20333', '2025-07-01', 'illustrative code')
ON CONFLICT (code) DO UPDATE
  SET name = EXCLUDED.name, level = EXCLUDED.level, admin_unit_code = EXCLUDED.admin_unit_code,
      admin_unit_valid_from = EXCLUDED.admin_unit_valid_from, note = EXCLUDED.note
  WHERE (a.name, a.level, a.admin_unit_code, a.admin_unit_valid_from, a.note)
        IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.admin_unit_code,
                          EXCLUDED.admin_unit_valid_from, EXCLUDED.note);
\endif

------------------------------------------------------------------ citizens
CREATE TABLE IF NOT EXISTS demo.citizen (
  id        dossier.citizen_id PRIMARY KEY,
  full_name text NOT NULL,
  commune   text,
  note      text
);
COMMENT ON TABLE demo.citizen IS 'invented citizens of the demo; IDs are well-formed but not real';
INSERT INTO demo.citizen (id, full_name, commune, note) VALUES
  ('048090001234', 'Nguyễn Văn An',   '20242', 'invented; born 1990, male, birth registered in Đà Nẵng (048)'),
  ('048195004321', 'Trần Thị Bình',   '20209', 'invented; born 1995, female'),
  ('049301000777', 'Lê Thị Cúc',      '20410', 'invented; born 2001, female, birth registered in Quảng Nam (049)'),
  ('001088012345', 'Phạm Minh Đức',   '20263', 'invented; born 1988, male, birth registered in Hà Nội (001)'),
  ('048212000042', 'Võ Hoàng Em',     '20320', 'invented; born 2012, male')
ON CONFLICT (id) DO NOTHING;

--------------------------------------------------------------- enterprises
SELECT to_regtype('dossier.tax_code') IS NOT NULL AS have_tax_code \gset
\if :have_tax_code
CREATE TABLE IF NOT EXISTS demo.enterprise (
  tax_code dossier.tax_code PRIMARY KEY,
  name     text NOT NULL,
  commune  text,
  note     text
);
COMMENT ON TABLE demo.enterprise IS 'invented enterprises of the demo; tax codes have valid check digits but are not real registrations';
INSERT INTO demo.enterprise (tax_code, name, commune, note) VALUES
  ('0400100009',     'Công ty TNHH Minh Họa Sông Hàn', '20242', 'invented'),
  ('0401002565',     'Công ty Cổ phần Ví Dụ Ngũ Hành Sơn', '20285', 'invented'),
  ('0401002565-001', 'Chi nhánh Hội An, Công ty Cổ phần Ví Dụ Ngũ Hành Sơn', '20410', 'invented branch'),
  ('0100233488',     'an enterprise with a valid Hà Nội tax code (example from docs/domain.md §4)', NULL, 'code from docs/domain.md §4')
ON CONFLICT (tax_code) DO NOTHING;
\endif

SELECT (SELECT count(*) FROM demo.citizen) AS citizens,
       (SELECT count(*) FROM dossier.procedure WHERE code >= '9.900000' AND code < '9.901000') AS procedures
\gset
\echo '   sample:' :citizens 'citizens,' :procedures 'procedures'
