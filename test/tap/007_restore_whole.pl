# test/tap/007_restore_whole.pl
#
# A restore writes the dossiers' history whole or not at all
# (docs/dba-guide.md, "Backup and restore"; src/pg/lifecycle/guard.c):
#
#   without dossier.restore_mode, every way of restoring a dump leaves the
#   five history tables (dossier, dossier_event, guard_log, outbox,
#   dossier_code_counter) empty: a plain pg_restore, which goes on after
#   errors, --exit-on-error, --single-transaction (which writes nothing at
#   all), --data-only --disable-triggers, a plain-format dump through psql,
#   and a dump made with --inserts; the errors name dossier.restore_mode and
#   the command that restores all or nothing;
#
#   with restore mode, pg_restore --single-transaction restores every row,
#   every chain verifies, digests taken before the dump check, the code
#   allocator and the outbox and guard-log sequences go on where they were.
#
# What a plain pg_restore without restore mode does write is measured and
# printed: the catalogue tables (agencies, procedures, calendars, ...) that
# come before or beside the history and carry no guard, and the sequence
# values; docs/dba-guide.md lists them.
#
# It also checks the guards as the roles around a restore: only a superuser
# sets restore mode, a member of dossier_dba cannot load history rows, and
# DDL cannot switch the load guards of the outbox and the counters off
# (the outbox itself stays free to alter).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my @history = qw(dossier dossier_event guard_log outbox dossier_code_counter);

my $node = PostgreSQL::Test::Cluster->new('restore');
$node->init(extra => [ '--locale=C.UTF-8', '--encoding=UTF8' ]);
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	SET search_path = dossier, public;
	INSERT INTO dossier.agency (code, name, level) VALUES
	  ('G06', 'Bộ Tư pháp', 'central'), ('G06.01', 'Cục Hộ tịch', 'central');
	INSERT INTO dossier.procedure (code, name, processing_time, time_unit, supplement_mode) VALUES
	  ('1.000656', 'Đăng ký khai sinh', 3, 'working_day', 'restart');
	INSERT INTO dossier.procedure_step (procedure, step, name, role) VALUES
	  ('1.000656', 1, 'specialist review', 'dossier_specialist');
	SET dossier.event_time_tolerance = '20000d';
	SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000091',
	  at => '2026-06-01 08:00+07', receive => true, note => 'bản sao giấy chứng sinh');
	SELECT dossier.transition(d.code, 'start_processing', at => '2026-06-01 09:00+07'),
	       dossier.transition(d.code, 'request_supplement', at => '2026-06-01 10:00+07',
	                          reason_code => 'missing_papers', reason => 'thiếu bản sao')
	FROM dossier.dossier d;
	SELECT dossier.register_dossier('1.000656', 'G06.01', owner_enterprise => '0100109106',
	  at => '2026-06-01 08:30+07', receive => true);
	SELECT dossier.next_dossier_code('G06', '2026-06-02');
	SELECT dossier.ack_outbox(claim_token) FROM dossier.claim_outbox(2) LIMIT 1;
	BEGIN;
	SELECT dossier.lift_history_guard('TAP 007: a recorded lifting that must survive');
	COMMIT;
	CREATE TABLE public.office (code dossier.agency_code PRIMARY KEY, name text);
	INSERT INTO public.office VALUES ('G06.01', 'Văn phòng');
});
my %count;
for my $t (@history)
{
	$count{$t} = $node->safe_psql('src', "SELECT count(*) FROM dossier.$t");
	cmp_ok($count{$t}, '>', 0, "dossier.$t has rows to dump");
}
my $digests = $node->safe_psql('src',
	q{SELECT string_agg(dossier.history_digest(code), ' ' ORDER BY code) FROM dossier.dossier});

my $tmp = PostgreSQL::Test::Utils::tempdir;
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$tmp/src.dump", '-d', $node->connstr('src') ], 'pg_dump -Fc');
$node->command_ok([ 'pg_dump', '-Fp', '-f', "$tmp/src.sql", '-d', $node->connstr('src') ], 'pg_dump -Fp');
$node->command_ok([ 'pg_dump', '-Fp', '--inserts', '-f', "$tmp/inserts.sql", '-d', $node->connstr('src') ],
	'pg_dump --inserts');

# Run a command; return its exit status and stderr.
sub run_cmd
{
	my ($cmd, %env) = @_;
	local @ENV{ keys %env } = values %env;
	my ($out, $err) = ('', '');
	IPC::Run::run($cmd, '>', \$out, '2>', \$err);
	return ($? >> 8, $err);
}

# Rows of each history table of db, as "table=n ...".
sub history_counts
{
	my ($db) = @_;
	return join(' ', map { "$_=" . $node->safe_psql($db, "SELECT count(*) FROM dossier.$_") } @history);
}
my $none = join(' ', map { "$_=0" } @history);

# ---- without restore mode: nothing of the history ---------------------------

# a plain pg_restore goes on after each error: the history tables each refuse
$node->safe_psql('postgres', 'CREATE DATABASE plain');
my ($rc, $err) = run_cmd([ 'pg_restore', '-d', $node->connstr('plain'), "$tmp/src.dump" ]);
isnt($rc, 0, 'plain pg_restore without restore mode fails');
is(history_counts('plain'), $none, 'and writes nothing of the history');
for my $t (@history)
{
	like($err, qr/COPY into dossier\.$t needs dossier\.restore_mode/, "the COPY of $t is refused, naming restore mode");
}
like($err, qr/HINT:  .*PGOPTIONS='-c dossier\.restore_mode=on' pg_restore --single-transaction/,
	'the hint gives the command that restores all or nothing');
unlike($err, qr/Call dossier\.transition/, 'and does not tell a restore to call dossier.transition');
# what it does write: measured, and documented in docs/dba-guide.md
my $written = $node->safe_psql('plain', q{
	SELECT string_agg(c::regclass::text, ' ' ORDER BY c::regclass::text)
	FROM pg_extension e, unnest(e.extconfig) c
	WHERE e.extname = 'dossier' AND c::regclass::oid IN (SELECT oid FROM pg_class WHERE relkind = 'r')
	  AND (xpath('/row/n/text()',
	      query_to_xml(format('SELECT count(*) AS n FROM %s', c::regclass), false, true, '')))[1]::text::int > 0});
note "a plain pg_restore without restore mode wrote rows into: $written";
is($written, 'dossier.agency dossier.calendar dossier.holiday_notice dossier.holiday_notice_day '
	  . 'dossier.procedure dossier.procedure_step dossier.transition_reason',
	'only catalogue and configuration tables (and shipped rows) have rows');
my $seqs = q{SELECT (SELECT last_value FROM dossier.outbox_id_seq) || ' ' || (SELECT last_value FROM dossier.guard_log_id_seq)};
note 'and the sequences outbox_id_seq, guard_log_id_seq are set to ' . $node->safe_psql('plain', $seqs);
is($node->safe_psql('plain', $seqs), $node->safe_psql('src', $seqs),
	'the sequence values are set (no guard can refuse a setval): the only trace of the history');

# --exit-on-error stops at the first history table
$node->safe_psql('postgres', 'CREATE DATABASE stop');
($rc, $err) = run_cmd([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('stop'), "$tmp/src.dump" ]);
isnt($rc, 0, 'pg_restore --exit-on-error without restore mode fails');
is(history_counts('stop'), $none, 'and writes nothing of the history');

# --single-transaction writes nothing at all
$node->safe_psql('postgres', 'CREATE DATABASE single');
($rc, $err) = run_cmd([ 'pg_restore', '--single-transaction', '-d', $node->connstr('single'), "$tmp/src.dump" ]);
isnt($rc, 0, 'pg_restore --single-transaction without restore mode fails');
like($err, qr/needs dossier\.restore_mode/, 'naming restore mode');
is($node->safe_psql('single', q{SELECT count(*) FROM pg_class WHERE relnamespace <> ALL (ARRAY[
	'pg_catalog'::regnamespace, 'information_schema'::regnamespace, 'pg_toast'::regnamespace])}),
	'0', 'and leaves the database as empty as it was');

# a plain-format dump through psql, stopping at the first error, in one transaction
$node->safe_psql('postgres', 'CREATE DATABASE plainsql');
($rc, $err) = run_cmd([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction',
	'-d', $node->connstr('plainsql'), '-f', "$tmp/src.sql" ]);
isnt($rc, 0, 'a plain-format dump through psql without restore mode fails');
like($err, qr/COPY into dossier\.\w+ needs dossier\.restore_mode/, 'naming restore mode');
is($node->safe_psql('plainsql', q{SELECT count(*) FROM pg_extension WHERE extname = 'dossier'}), '0',
	'and writes nothing');

# a dump of INSERT statements: each refused as a direct INSERT, naming restore mode
$node->safe_psql('postgres', 'CREATE DATABASE inserts');
($rc, $err) = run_cmd([ 'psql', '-X', '-q', '-d', $node->connstr('inserts'), '-f', "$tmp/inserts.sql" ]);
is(history_counts('inserts'), $none, 'a dump of INSERTs without restore mode writes nothing of the history');
for my $t (@history)
{
	like($err, qr/direct INSERT on dossier\.$t is not allowed/, "an INSERT into $t is refused");
}
like($err, qr/HINT:  .*inserts? (them )?with dossier\.restore_mode on/, 'the hint names restore mode');

# a data-only restore with triggers disabled: the guards cannot be disabled
$node->safe_psql('postgres', 'CREATE DATABASE dataonly');
$node->safe_psql('dataonly', 'SET client_min_messages = warning; CREATE EXTENSION dossier CASCADE;');
($rc, $err) = run_cmd([ 'pg_restore', '--data-only', '--disable-triggers', '-d', $node->connstr('dataonly'),
	"$tmp/src.dump" ]);
isnt($rc, 0, 'pg_restore --data-only --disable-triggers without restore mode fails');
like($err, qr/would switch off its load guard/, 'DISABLE TRIGGER ALL is refused on the outbox and counters');
is(history_counts('dataonly'), $none, 'and nothing of the history is written');

# ---- with restore mode: everything, and it goes on ---------------------------

$node->safe_psql('postgres', 'CREATE DATABASE restored');
($rc, $err) = run_cmd([ 'pg_restore', '--single-transaction', '-d', $node->connstr('restored'), "$tmp/src.dump" ],
	PGOPTIONS => '-c dossier.restore_mode=on');
is($rc, 0, 'PGOPTIONS=-c dossier.restore_mode=on pg_restore --single-transaction succeeds') or diag($err);
is(history_counts('restored'), history_counts('src'), 'every history row is restored');
is($node->safe_psql('restored', 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
	'every chain verifies');
is($node->safe_psql('restored',
	qq{SELECT bool_and(dossier.check_digest(d)) FROM unnest(string_to_array('$digests', ' ')) d}),
	't', 'digests taken before the dump check on the restored database');
for my $db ('src', 'restored')
{
	$node->safe_psql($db, q{
		SET dossier.event_time_tolerance = '20000d';
		SELECT dossier.transition(code, 'supplement_received', at => '2026-06-02 08:00+07')
		FROM dossier.dossier WHERE owner_citizen IS NOT NULL;
		SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000092',
		  at => '2026-06-01 11:00+07', receive => true);
		BEGIN;
		SELECT dossier.lift_history_guard('TAP 007: a second lifting after the restore');
		COMMIT;});
}
for my $q (
	[ q{SELECT string_agg(code::text, ' ' ORDER BY code) FROM dossier.dossier}, 'the allocator goes on where it was' ],
	[ q{SELECT dossier.next_dossier_code('G06', '2026-06-02')}, 'next_dossier_code goes on where it was' ],
	[ q{SELECT max(id) FROM dossier.outbox}, 'the outbox sequence goes on where it was' ],
	[ q{SELECT max(id) FROM dossier.guard_log}, 'the guard-log sequence goes on where it was' ])
{
	is($node->safe_psql('restored', $q->[0]), $node->safe_psql('src', $q->[0]), $q->[1]);
}
is($node->safe_psql('restored', 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
	'the chains verify after new events');

# ---- the guards as the roles around a restore --------------------------------

$node->safe_psql('restored', q{
	CREATE ROLE tap_dba LOGIN IN ROLE dossier_dba;});
my ($code, $out);
# (a call loads the library, which defines the setting)
($code, $out, $err) = $node->psql('restored', q{SELECT dossier.is_final('1'); SET ROLE tap_dba; SET dossier.restore_mode = on});
like($err, qr/permission denied to set parameter "dossier\.restore_mode"/, 'a member of dossier_dba cannot set restore mode');
($code, $out, $err) = $node->psql('restored', q{
	\set VERBOSITY verbose
	SET ROLE tap_dba;
	INSERT INTO dossier.dossier_code_counter VALUES ('G06', '2026-07-01', 5)});
like($err, qr/42501/, 'nor load counter rows (no privilege)');
($code, $out, $err) = $node->psql('restored', q{
	\set VERBOSITY verbose
	INSERT INTO dossier.dossier_code_counter VALUES ('G06', '2026-07-01', 5)});
like($err, qr/VN110: direct INSERT on dossier\.dossier_code_counter is not allowed/,
	'a superuser\'s INSERT into the counters without restore mode is VN110');
($code, $out, $err) = $node->psql('restored', qq{
	\\set VERBOSITY verbose
	COPY dossier.outbox (dossier, seq, idempotency_key, payload, created_at, next_attempt_at) FROM stdin;
000.00.00.G06-260601-0009	1	x:1:00	{}	2026-06-01	2026-06-01
\\.
});
like($err, qr/VN140: COPY into dossier\.outbox needs dossier\.restore_mode/, 'a COPY into the outbox is VN140');
is($node->safe_psql('restored', q{
	SET client_min_messages = error;
	SET dossier.restore_mode = on;
	INSERT INTO dossier.dossier_code_counter VALUES ('G06', '2026-07-01', 5) RETURNING last_value}),
	'5', 'with restore mode a superuser loads a counter row');
($code, $out, $err) = $node->psql('restored', q{
	\set VERBOSITY verbose
	ALTER TABLE dossier.outbox DISABLE TRIGGER outbox_load_guard});
like($err, qr/VN110: ALTER TABLE on dossier\.outbox would switch off its load guard/, 'the load guard cannot be disabled');
($code, $out, $err) = $node->psql('restored', q{
	\set VERBOSITY verbose
	DROP TRIGGER dossier_code_counter_load_guard ON dossier.dossier_code_counter});
like($err, qr/VN110: DROP TRIGGER .* is not allowed/, 'nor dropped');
is($node->safe_psql('restored', q{
	ALTER TABLE dossier.outbox ADD COLUMN extra int;
	ALTER TABLE dossier.outbox DROP COLUMN extra;
	SELECT tgenabled FROM pg_trigger WHERE tgname = 'outbox_load_guard'}),
	'A', 'the outbox stays free to alter otherwise, and its load guard stays enabled always');

$node->stop;
done_testing();
