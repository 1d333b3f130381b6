# test/tap/011_access_dump.pl
#
# Officials' bindings, their log and the auditors' openings of personal data
# survive pg_dump -Fc and pg_restore (docs/dba-guide.md, "Binding
# officials"): the tables are registered with pg_extension_config_dump; a
# binding names its role by OID, which pg_dump writes as the role's name, so
# the restored binding points at the same role (roles come first, from
# pg_dumpall -g); and the restored official acts within its agency, and
# only there.
#
# What would make this fail: a table not registered for the dump, a binding
# dumped as a bare OID, the append-only trigger refusing the restore's rows,
# or the binding cache not seeing the restored rows.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('bindings');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	INSERT INTO dossier.agency (code, name, level) VALUES ('G11', 'Bộ A (TAP)', 'central'), ('G12', 'Bộ B (TAP)', 'central');
	INSERT INTO dossier.procedure (code, name, processing_time, time_unit)
	VALUES ('9.110001', 'Thủ tục thử (TAP)', 5, 'working_day');
	CREATE ROLE tap_officer LOGIN IN ROLE dossier_desk_officer;
	CREATE ROLE tap_auditor LOGIN IN ROLE dossier_auditor;
	SELECT dossier.bind_official('tap_officer', 'G11', note => 'Quyết định 1/QĐ');
	SELECT dossier.register_dossier('9.110001', 'G11', owner_citizen => '001099001101', receive => true);
});
my $code = $node->safe_psql('src', 'SELECT code FROM dossier.dossier');
$node->safe_psql('src', "SET ROLE tap_auditor; SELECT dossier.open_personal_data('$code', 'TAP 011: a complaint')");

my %count;
for my $t (qw(official official_log personal_data_access))
{
	$count{$t} = $node->safe_psql('src', "SELECT count(*) FROM dossier.$t");
	cmp_ok($count{$t}, '>', 0, "dossier.$t has rows to dump");
}

my $tmp  = PostgreSQL::Test::Utils::tempdir;
my $file = "$tmp/bindings.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $file, '-d', $node->connstr('src') ], 'pg_dump -Fc');
# the binding is dumped by the role's name, not its OID
my $script = `pg_restore -f - -t official --data-only $file 2>&1`;
like($script, qr/tap_officer\ttap_officer\tG11/, 'the dump names the bound role');

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
is($node->safe_psql('restored', q{SELECT role_name_now::text || ' ' || agency || ' ' || coalesce(problem, 'in use')
	FROM dossier.official_status}), 'tap_officer G11 in use', 'the restored binding names the same role and works');

# the restored official acts within its agency, and only there
is($node->safe_psql('restored', "SET ROLE tap_officer; SELECT dossier.transition('$code', 'start_processing')"),
	'processing', 'the official acts on its agency\'s dossier in the restored database');
my ($rc, $out, $err) = $node->psql('restored',
	q{SET ROLE tap_officer; SELECT dossier.register_dossier('9.110001', 'G12', owner_citizen => '001099001102')});
like($err, qr/permission denied to register a dossier at agency G12/, 'and nowhere else');

done_testing();
