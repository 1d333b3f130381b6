# test/tap/005_dossier_dump.pl
#
# Dossiers, their history, the outbox, the guard log, the internal steps and
# the lookup tokens of receipt slips survive pg_dump -Fc and pg_restore
# (docs/dba-guide.md, "Backup and restore"): the write guard refuses the
# restore's INSERTs unless a superuser restores with dossier.restore_mode
# on, which warns; afterwards every chain verifies, a digest taken before
# the dump still checks, the tokens printed before the dump still find their
# dossiers, and transitions go on from where they stopped.
#
# What would make this fail: a table not registered with
# pg_extension_config_dump (its rows are missing), the guard letting a plain
# restore write (no error) or blocking the restore mode, restore order
# breaking the hash chain or the foreign keys, or a canonical form that
# depends on something that changes across databases (enum OIDs, time zone).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dossiers');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	INSERT INTO dossier.agency (code, name, level) VALUES
	  ('G06', 'Bộ Tư pháp', 'central'), ('G06.01', 'Cục Hộ tịch', 'central');
	INSERT INTO dossier.procedure (code, name, processing_time, time_unit, supplement_mode) VALUES
	  ('1.000656', 'Đăng ký khai sinh', 3, 'working_day', 'restart');
	INSERT INTO dossier.procedure_step (procedure, step, name, role) VALUES
	  ('1.000656', 1, 'specialist review', 'dossier_specialist'),
	  ('1.000656', 2, 'leader signs', 'dossier_leader');
	SET TimeZone = 'America/New_York';   -- the chain must not depend on it
	SET dossier.event_time_tolerance = '20000d';   -- fixed past times
	SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000091',
	  at => '2026-06-01 08:00+07', receive => true, note => 'bản sao giấy chứng sinh');
	SELECT dossier.transition(d.code, 'start_processing', at => '2026-06-01 09:00+07'),
	       dossier.transition(d.code, 'request_supplement', note => 'gọi điện', at => '2026-06-01 10:00+07',
	                          reason_code => 'missing_papers', reason => 'thiếu bản sao'),
	       dossier.transition(d.code, 'supplement_received', at => '2026-06-02 08:00+07'),
	       dossier.transition(d.code, 'start_processing', at => '2026-06-02 09:00+07'),
	       dossier.transition(d.code, 'move_step', at => '2026-06-02 10:00+07')
	FROM dossier.dossier d;
	SELECT dossier.register_dossier('1.000656', 'G06', owner_enterprise => '0100109106',
	  at => '2026-06-01 08:30+07', receive => true);
	BEGIN;
	SELECT dossier.lift_history_guard('TAP 005: a recorded lifting that must survive the dump');
	COMMIT;
});
my $digests = $node->safe_psql('src',
	q{SELECT string_agg(dossier.history_digest(code), ' ' ORDER BY code) FROM dossier.dossier});
my %count;
my $tokens = $node->safe_psql('src',
	q{SELECT string_agg(dossier || ':' || token, ' ' ORDER BY dossier) FROM dossier.public_token});
for my $t (qw(dossier dossier_event outbox guard_log procedure_step public_token))
{
	$count{$t} = $node->safe_psql('src', "SELECT count(*) FROM dossier.$t");
	cmp_ok($count{$t}, '>', 0, "dossier.$t has rows to dump");
}

my $tmp  = PostgreSQL::Test::Utils::tempdir;
my $file = "$tmp/dossiers.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $file, '-d', $node->connstr('src') ], 'pg_dump -Fc');

# a plain restore is refused by the guard, with its SQLSTATE
$node->safe_psql('postgres', 'CREATE DATABASE plain');
my $plain = system('pg_restore', '--exit-on-error', '-d', $node->connstr('plain'), $file);
isnt($plain, 0, 'pg_restore without dossier.restore_mode fails');
is($node->safe_psql('plain', 'SELECT count(*) FROM dossier.dossier_event'), '0',
	'and writes no history');

# with restore mode, as the superuser running pg_restore
$node->safe_psql('postgres', 'CREATE DATABASE restored');
{
	local $ENV{PGOPTIONS} = '-c dossier.restore_mode=on';
	$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), $file ],
		'pg_restore with dossier.restore_mode=on');
}
for my $t (sort keys %count)
{
	is($node->safe_psql('restored', "SELECT count(*) FROM dossier.$t"), $count{$t},
		"dossier.$t: all $count{$t} rows restored");
}
is($node->safe_psql('restored', 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
	'every chain verifies after the restore');
is($node->safe_psql('restored',
	qq{SELECT bool_and(dossier.check_digest(d)) FROM unnest(string_to_array('$digests', ' ')) d}),
	't', 'digests taken before the dump check on the restored database');
is($node->safe_psql('restored',
	q{SELECT string_agg(dossier || ':' || token, ' ' ORDER BY dossier) FROM dossier.public_token}),
	$tokens, 'the lookup tokens are restored as printed, not drawn again');
is($node->safe_psql('restored', q{
	SELECT count(*) FROM dossier.public_token t, dossier.public_status(t.token) s
	WHERE s.dossier_code OPERATOR(dossier.=) t.dossier}),
	$count{public_token}, 'and each finds its dossier');

# the restored database goes on: steps cache, roles, deadlines, chain
is($node->safe_psql('restored', q{
	SELECT dossier.transition(code, 'resolve') FROM dossier.dossier WHERE owner_citizen IS NOT NULL}),
	'resolved', 'a transition continues the restored history');
is($node->safe_psql('restored', 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
	'and its chain still verifies');

# restore mode lets only INSERT through, and only for superusers
my ($rc, $out, $err) = $node->psql('restored',
	q{SET dossier.restore_mode = on; UPDATE dossier.dossier SET status = '10'});
like($err, qr/VN110|not allowed/, 'restore mode does not let UPDATE through');
$node->safe_psql('restored', 'CREATE ROLE tap_user LOGIN');
($rc, $out, $err) = $node->psql('restored', q{SELECT dossier.is_final('1'); SET ROLE tap_user; SET dossier.restore_mode = on});
like($err, qr/permission denied to set parameter/, 'only superusers set restore mode');

done_testing();
