-- The Vietnamese lunar calendar (âm lịch), computed astronomically at UTC+7
-- (src/core/calendar/lunar.c, docs/reference/calendar/calendar.md): Tết and
-- the Hùng Kings' day are lunar dates (Labour Code 2019 Art. 112).

CREATE FUNCTION dossier.to_lunar(
    civil_date date,
    OUT year integer,
    OUT month integer,
    OUT day integer,
    OUT leap boolean)
  RETURNS record
  AS 'MODULE_PATHNAME', 'dossier_to_lunar'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.to_lunar(date) IS
  'the Vietnamese lunar date (UTC+7 meridian) of a civil date from 1968-01-01 to 2100-12-31: lunar year (the one whose month 1 holds Tết), month 1-12, day 1-30, and whether the month is the year''s leap month; VN206 outside that range';

CREATE FUNCTION dossier.from_lunar(
    year integer,
    month integer,
    day integer,
    leap boolean DEFAULT false)
  RETURNS date
  AS 'MODULE_PATHNAME', 'dossier_from_lunar'
  LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION dossier.from_lunar(integer, integer, integer, boolean) IS
  'the civil date of a Vietnamese lunar date (UTC+7 meridian); leap => true names the leap month after month `month`; VN205 for a date that does not exist (a leap month the year lacks, day 30 of a 29-day month), VN206 outside 1968-01-01 to 2100-12-31';
