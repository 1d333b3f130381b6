# test/tap/001_dump_restore.pl
#
# Values of the extension's types survive pg_dump and pg_restore in both the
# plain (text I/O) and custom (binary COPY is not used, but the archive path
# is) formats, and the extension's configuration tables keep the rows users
# added (pg_extension_config_dump).
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = PostgreSQL::Test::Cluster->new('dump');
$node->init;
$node->start;

$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	CREATE TABLE person (id dossier.citizen_id PRIMARY KEY, name text);
	INSERT INTO person VALUES ('001087012345', 'Nguyễn Văn A'), ('079195000001', 'Trần Thị B');
});

# every configuration table registered by the extension gets a row back after
# a restore only if pg_dump keeps it; list them from pg_extension
my $config_tables = $node->safe_psql('src', q{
	SELECT coalesce(string_agg(c::regclass::text, ',' ORDER BY c::regclass::text), '')
	FROM pg_extension, unnest(extconfig) c WHERE extname = 'dossier'});
note "configuration tables: $config_tables";

my $tmp = PostgreSQL::Test::Utils::tempdir;
for my $format ('p', 'c')
{
	my $file = "$tmp/dump.$format";
	$node->command_ok(
		[ 'pg_dump', '-F', $format, '-f', $file, '-d', $node->connstr('src') ],
		"pg_dump -F$format");
	my $db = "restored_$format";
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	if ($format eq 'p')
	{
		$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1',
			'-d', $node->connstr($db), '-f', $file ], 'restore plain dump');
	}
	else
	{
		$node->command_ok([ 'pg_restore', '-d', $node->connstr($db), $file ],
			'pg_restore custom dump');
	}
	is($node->safe_psql($db, 'SELECT string_agg(id::text || name, \',\' ORDER BY id) FROM person'),
		'001087012345Nguyễn Văn A,079195000001Trần Thị B',
		"citizen_id values survive -F$format");
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'dossier'}),
		$node->safe_psql('src', q{SELECT extversion FROM pg_extension WHERE extname = 'dossier'}),
		"extension recreated at the same version (-F$format)");
}

$node->stop;
done_testing();
