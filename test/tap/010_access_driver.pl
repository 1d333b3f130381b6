# test/tap/010_access_driver.pl
#
# The documented roles work from an ordinary driver, with parameters and no
# search path set by the client (issue 13 section 8;
# docs/reference/access/access.md, "Drivers").  A driver sends its
# parameters untyped ("unknown") over the extended query protocol; the
# operators of the extension's types live in schema dossier, so without it on
# the search path WHERE code = $1 fails with "operator does not exist:
# dossier.dossier_code = unknown".  dossier.bind_official gives an official's
# login role, in the database, the default search path "$user", dossier,
# public; dossier.configure_login does it for the other roles.
#
# test/driver/driver_params.c (libpq, PQexecParams with paramTypes = NULL)
# and, when Debian's python3-psycopg is installed, test/driver/driver_psycopg.py
# (psycopg 3, server-side parameters) run the same statements: reading by
# code, by agency and by subtree, the history, allowed_actions, a
# registration and a transition.  scripts/run-tap.sh builds the C program
# (make driver) and copies both into $TESTDIR/driver.
#
# What would make this fail: bind_official or configure_login not setting
# the search path, an operator the types lack for an unknown right-hand side,
# row-level security hiding the official's own rows, or the agency check
# refusing the official's own registration or transition.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $driver_dir = "$ENV{TESTDIR}/driver";
my $c_driver = "$driver_dir/driver_params";
ok(-x $c_driver, 'the libpq driver program was built (make driver)')
  or BAIL_OUT("$c_driver is missing: run scripts/run-tap.sh, which builds it");

my $node = PostgreSQL::Test::Cluster->new('driver');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE desk');
$node->safe_psql('desk', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	INSERT INTO dossier.agency (code, name, level) VALUES ('G10', 'Bộ Nội vụ (TAP)', 'central');
	INSERT INTO dossier.procedure (code, name, processing_time, time_unit)
	VALUES ('9.100001', 'Thủ tục thử (TAP)', 5, 'working_day');
	CREATE ROLE officer_c LOGIN IN ROLE dossier_desk_officer;
	CREATE ROLE officer_py LOGIN IN ROLE dossier_desk_officer;
	CREATE ROLE auditor_c LOGIN IN ROLE dossier_auditor;
	SELECT dossier.bind_official('officer_c', 'G10');
	SELECT dossier.bind_official('officer_py', 'G10');
});
# two dossiers in processing, one for each driver
$node->safe_psql('desk', q{
	SELECT dossier.register_dossier('9.100001', 'G10', owner_citizen => o::dossier.citizen_id, receive => true)
	FROM unnest('{001099001001,001099001002}'::text[]) o;
	SELECT dossier.transition(code, 'start_processing') FROM dossier.dossier ORDER BY code});
my @codes = split /\n/, $node->safe_psql('desk', 'SELECT code FROM dossier.dossier ORDER BY code');
is(scalar @codes, 2, 'two dossiers to work on');

# run a driver as a role; the result lines as a hash label => outcome
sub drive
{
	my ($cmd, $role, $code, $owner) = @_;
	my $conninfo = $node->connstr('desk') . " user=$role";
	my ($out, $err) = ('', '');
	IPC::Run::run([ @$cmd, $conninfo, $code, 'G10', $owner ], '>', \$out, '2>', \$err)
	  or diag("driver failed: $err");
	my %r = map { /^(\w+): (.*)$/ ? ($1 => $2) : () } split /\n/, $out;
	return \%r;
}

# the statements an official's driver makes, and what each must give
sub check_official
{
	my ($what, $r, $n) = @_;
	is($r->{search_path}, 'ok "$user", dossier, public', "$what: the login's search path came from bind_official");
	is($r->{by_code}, 'ok processing', "$what: WHERE code = \$1");
	is($r->{by_agency}, "ok $n", "$what: WHERE agency = \$1 sees the agency's $n dossiers");
	is($r->{subtree}, "ok $n", "$what: WHERE agency <\@ \$1");
	is($r->{history}, 'ok 3', "$what: the history of a dossier by code");
	like($r->{allowed}, qr/^ok \{.*request_payment.*\}$/, "$what: allowed_actions(code => \$1)");
	like($r->{register}, qr/^ok 000\.00\.00\.G10-\d{6}-\d{4}$/, "$what: register_dossier(\$1, owner_citizen => \$2)");
	is($r->{transition}, 'ok payment_requested', "$what: transition(\$1, \$2)");
}

# an unconfigured login fails as the issue says: the symptom is real
my $r = drive([$c_driver], 'auditor_c', $codes[0], '001099001003');
is($r->{by_code}, 'error 42883 operator does not exist: dossier.dossier_code = unknown',
	'without dossier on its search path, WHERE code = $1 fails (the symptom of issue 13)');

# libpq, as an official bound by bind_official
check_official('libpq', drive([$c_driver], 'officer_c', $codes[0], '001099001003'), 2);

# another documented role, configured by the DBA's function
$node->safe_psql('desk', q{SELECT dossier.configure_login('auditor_c')});
$r = drive([$c_driver], 'auditor_c', $codes[0], '001099001003');
is($r->{by_code}, 'ok payment_requested', 'libpq as an auditor after configure_login: WHERE code = $1');
like($r->{transition}, qr/^error 42501 /, 'and the auditor may read, not act');

# psycopg 3, when Debian's python3-psycopg is there (scripts/lib.sh installs it)
SKIP:
{
	skip 'python3-psycopg is not installed', 8
	  unless system('/usr/bin/python3', '-c', 'import psycopg') == 0;
	check_official('psycopg',
		drive([ '/usr/bin/python3', "$driver_dir/driver_psycopg.py" ], 'officer_py', $codes[1], '001099001004'),
		3);
}

done_testing();
