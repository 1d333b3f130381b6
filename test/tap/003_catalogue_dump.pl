# test/tap/003_catalogue_dump.pl
#
# A filled reference catalogue survives pg_dump -Fc and pg_restore into a new
# database: the loader's administrative units and successions, the agencies,
# procedures and administrative-unit versions users added, and the daily
# dossier-code counters (docs/reference/catalogue/catalogue.md, docs/dba-guide.md "Backup and
# restore").  Then the loader, run on the restored database, writes nothing,
# and allocation continues where it stopped.
#
# What would make this fail: a catalogue table not registered with
# pg_extension_config_dump (its rows are not dumped: the user rows are
# missing, the loader writes its rows again, or numbering restarts at 0001),
# a registration with a filter that drops rows (the row counts differ), or
# table data restored in an order that breaks the agency foreign key or the
# admin_unit overlap trigger (pg_restore fails).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('catalogue');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
});

# The loader's report as "item=rows;...", and one of its rows.
sub load_report
{
	my ($db) = @_;
	return $node->safe_psql($db, q{
		SELECT string_agg(item || '=' || rows, ';')
		FROM dossier.load_admin_units(with_boundaries => false)});
}

sub report_item
{
	my ($report, $item) = @_;
	return $report =~ /(?:^|;)\Q$item\E=(\d+)(?:;|$)/ ? $1 : 'missing';
}

my $first = load_report('src');
cmp_ok(report_item($first, 'admin_unit rows written'), '>', 0,
	'the loader fills admin_unit');
cmp_ok(report_item($first, 'admin_unit_succession rows written'), '>', 0,
	'the loader fills admin_unit_succession');

# rows users add (illustrative agency codes: H99 is no real province's)
$node->safe_psql('src', q{
	INSERT INTO dossier.agency (code, name, level, admin_unit_code, admin_unit_valid_from) VALUES
	  ('G06', 'Bộ Tư pháp', 'central', NULL, NULL),
	  ('H99', 'Ủy ban nhân dân thành phố Đà Nẵng', 'province', '48', '2025-07-01'),
	  ('000.00.10.H99', 'Sở Tư pháp', 'province', '48', '2025-07-01'),
	  ('H99.60', 'Ủy ban nhân dân phường Hải Châu', 'commune', '20242', '2025-07-01'),
	  ('H98.30', 'Ủy ban nhân dân quận Hải Châu', 'district', '492', '-infinity');
	INSERT INTO dossier.procedure (code, name, processing_time, time_unit, issues_result, online_level) VALUES
	  ('1.000656', 'Đăng ký khai sinh', 1, 'working_day', true, 'full'),
	  ('1.000656.000.00.00.h56', 'Đăng ký khai sinh (local variant)', 0.5, 'working_day', true, 'partial'),
	  ('3.000123', 'Thủ tục không có kết quả', 30, 'calendar_day', false, 'none');
	-- a version of their own: close the loader's 2025 row of commune 00097
	-- and open the next one in one statement (the overlap trigger allows it)
	WITH closed AS (
	  UPDATE dossier.admin_unit SET valid_to = '2028-01-01'
	  WHERE code = '00097' AND valid_from = '2025-07-01' RETURNING *)
	INSERT INTO dossier.admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from, note)
	SELECT code, 'Phường Mới', 'Mới', level, parent_code, 'phường', '2028-01-01', 'added by a user'
	FROM closed;
	-- a day of the default calendar, a year's holiday notice, and a DBA
	-- correction of a shipped year (the shipped notice stays beside it)
	INSERT INTO dossier.calendar_day (calendar, day, is_working, note)
	VALUES ('default', '2026-03-10', false, 'a local festival');
	SELECT dossier.load_holiday_notice(2027, 'test notice for 2027',
	  '{2027-01-01, 2027-02-04, 2027-02-05, 2027-02-08, 2027-02-09}', '{2027-02-20}');
	SELECT dossier.load_holiday_notice(2026, 'test correction of 2026', '{2026-01-01, 2026-02-16}');
	-- where a code went: a district's work to a commune, a local variant replacing the national code
	INSERT INTO dossier.agency_succession (old_code, new_code, valid_from, note)
	VALUES ('H98.30', 'H99.60', '2025-07-01', 'districts abolished');
	INSERT INTO dossier.procedure_succession (old_code, new_code, valid_from, note)
	VALUES ('1.000656', '1.000656.000.00.00.H56', '2026-01-01', 'a local variant');
	-- an identity provider's public key for portal assertions (RFC 8032's
	-- test key 1; docs/reference/access/portal.md)
	INSERT INTO dossier.portal_key (kid, issuer, algorithm, public_key, valid_from, note)
	VALUES ('sso-2026', 'https://sso.example.vn', 'EdDSA',
	        E'-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n',
	        '2026-01-01', 'the province''s VNeID gateway');
});

# and dossier codes allocated for two agencies and days
for my $i (1 .. 3)
{
	$node->safe_psql('src', q{SELECT dossier.next_dossier_code('H99.60', '2025-07-15')});
}
$node->safe_psql('src', q{SELECT dossier.next_dossier_code('H98.30', '2025-06-30')});

# a rerun on the source writes nothing: what the restored database is held to
my $rerun = load_report('src');
is(report_item($rerun, 'admin_unit rows written'), '0', 'rerun on the source writes no admin_unit row');
is(report_item($rerun, 'admin_unit_succession rows written'), '0',
	'rerun on the source writes no admin_unit_succession row');

# the tables pg_dump must keep, from pg_extension
my @config_tables = split /\n/, $node->safe_psql('src', q{
	SELECT c::regclass::text FROM pg_extension, unnest(extconfig) c
	WHERE extname = 'dossier' ORDER BY 1});
note 'configuration tables: ' . join(', ', @config_tables);
for my $table ('dossier.admin_unit', 'dossier.admin_unit_succession', 'dossier.agency',
	'dossier.dossier_code_counter', 'dossier.procedure')
{
	ok((grep { $_ eq $table } @config_tables), "$table is registered with pg_extension_config_dump");
}

# Row count of a table in a database.
sub row_count
{
	my ($db, $table) = @_;
	return $node->safe_psql($db, "SELECT count(*) FROM $table");
}

# What must come back unchanged, as text.
my $versions = "versions of commune 00097, the loader's and the user's";
my %user_rows = (
	'agencies users added' => q{
		SELECT string_agg(concat_ws('|', code, name, level, admin_unit_code,
		                            admin_unit_valid_from, admin_unit_level),
		                  E'\n' ORDER BY code)
		FROM dossier.agency},
	'procedures users added' => q{
		SELECT string_agg(concat_ws('|', code, name, processing_time, time_unit,
		                            issues_result, online_level),
		                  E'\n' ORDER BY code)
		FROM dossier.procedure},
	$versions => q{
		SELECT string_agg(concat_ws('|', code, name, valid_from, valid_to, note,
		                            coalesce(source, 'user')),
		                  E'\n' ORDER BY valid_from)
		FROM dossier.admin_unit WHERE code = '00097'},
	'public holidays and calendar days' => q{
		SELECT string_agg(concat_ws('|', day, is_working, kind, source, reference), E'\n' ORDER BY day)
		FROM dossier.public_holiday WHERE day BETWEEN '2026-01-01' AND '2027-12-31'},
	'portal keys' => q{
		SELECT string_agg(concat_ws('|', kid, issuer, algorithm, md5(public_key), valid_from, valid_until, note),
		                  E'\n' ORDER BY kid)
		FROM dossier.portal_key},
	'dossier-code counters' => q{
		SELECT string_agg(concat_ws('|', agency, to_char(day, 'YYYY-MM-DD'), last_value),
		                  E'\n' ORDER BY agency::text, day)
		FROM dossier.dossier_code_counter},
);
my %src_rows = map { $_ => $node->safe_psql('src', $user_rows{$_}) } keys %user_rows;
like($src_rows{'agencies users added'}, qr/^H99\.10\|Sở Tư pháp\|province\|48\|2025-07-01\|province$/m,
	'agencies are stored in the modern form with their generated level')
  or diag $src_rows{'agencies users added'};

my $tmp  = PostgreSQL::Test::Utils::tempdir;
my $file = "$tmp/catalogue.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $file, '-d', $node->connstr('src') ],
	'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
{
	# the dossier-code counters are history: a restore writes them only in
	# restore mode, all or nothing (docs/dba-guide.md, "Backup and restore")
	local $ENV{PGOPTIONS} = '-c dossier.restore_mode=on';
	$node->command_ok([ 'pg_restore', '--exit-on-error', '--single-transaction', '-d', $node->connstr('restored'), $file ],
		'pg_restore into a new database, in restore mode');
}

# trust store: 004_trust_store_dump.pl; dossiers, their history and lookup
# tokens: 005_dossier_dump.pl; officials and the personal-data log:
# 011_access_dump.pl; portal keys and spent assertions are empty here
for my $table (grep { !m{^dossier\.(?:trust_|dossier$|dossier_event$|guard_log$|outbox$|procedure_step$|official$|official_log$|personal_data_access$|portal_key$|portal_assertion_used$|public_token$)} } @config_tables)
{
	my $n = row_count('src', $table);
	cmp_ok($n, '>', 0, "$table has rows to dump");
	is(row_count('restored', $table), $n, "$table: all $n rows restored");
}
for my $what (sort keys %user_rows)
{
	is($node->safe_psql('restored', $user_rows{$what}), $src_rows{$what},
		"$what: back unchanged");
}

# the loader finds everything in place
my $restored = load_report('restored');
is(report_item($restored, 'admin_unit rows written'), '0',
	'loader on the restored database writes no admin_unit row');
is(report_item($restored, 'admin_unit rows removed'), '0',
	'loader on the restored database removes no admin_unit row');
is(report_item($restored, 'admin_unit_succession rows written'), '0',
	'loader on the restored database writes no admin_unit_succession row');
is($node->safe_psql('restored', $user_rows{$versions}), $src_rows{$versions},
	'the version a user closed stays closed after the loader ran');

# allocation continues after the last number handed out before the dump
is($node->safe_psql('restored', q{SELECT dossier.next_dossier_code('H99.60', '2025-07-15')}),
	'000.00.60.H99-250715-0004', 'the restored counter continues at 0004');

$node->stop;
done_testing();
