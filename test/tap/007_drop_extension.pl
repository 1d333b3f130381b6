# test/tap/007_drop_extension.pl
#
# Removing the extension leaves exactly what docs/dba-guide.md ("Removal")
# says, and its steps remove that too, down to the roles:
#
#   DROP EXTENSION dossier CASCADE removes every member (types, functions,
#   tables with the dossiers and their history, event triggers) and their
#   grants; PostgreSQL keeps the schema dossier, which CREATE EXTENSION made
#   from the control file but cannot make a member of the extension living
#   in it, with its comment and the USAGE granted to the nine group roles;
#   that grant is what makes DROP ROLE fail.  DROP SCHEMA dossier removes it.
#   The roles are the cluster's: they go once no database has the extension,
#   after DROP OWNED BY for privileges the DBA granted them (here a table of
#   their own and SET on a parameter).  postgis and pgcrypto, installed by
#   CASCADE, stay.
#
# Each stage lists by query what is left, and the last finds nothing of
# the extension in any database nor in the cluster.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my @roles = qw(dossier_analyst dossier_auditor dossier_clerk dossier_dba dossier_desk_officer
  dossier_importer dossier_leader dossier_portal dossier_public dossier_specialist dossier_sync);
my $role_list = join(', ', @roles);

my $node = PostgreSQL::Test::Cluster->new('drop');
$node->init(extra => [ '--locale=C.UTF-8', '--encoding=UTF8' ]);
$node->start;

# What of the extension a database holds: its schema (with its ACL and
# comment), objects in it, the extension, dependencies of its objects on
# the cluster's roles.
sub left_in
{
	my ($db) = @_;
	return $node->safe_psql($db, q{
		SELECT coalesce(string_agg(what, E'\n' ORDER BY what), '')
		FROM (
		  SELECT 'extension ' || extname FROM pg_extension WHERE extname = 'dossier'
		  UNION ALL
		  SELECT format('schema %s acl %s comment %s', n.nspname, n.nspacl,
		                obj_description(n.oid, 'pg_namespace') IS NOT NULL)
		  FROM pg_namespace n WHERE n.nspname = 'dossier'
		  UNION ALL
		  SELECT 'object ' || pg_describe_object(classid, objid, 0)
		  FROM (SELECT 'pg_class'::regclass, oid FROM pg_class WHERE relnamespace::regnamespace::text = 'dossier'
		        UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc WHERE pronamespace::regnamespace::text = 'dossier'
		        UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type WHERE typnamespace::regnamespace::text = 'dossier') o(classid, objid)
		  UNION ALL
		  SELECT 'event trigger ' || evtname FROM pg_event_trigger WHERE evtname LIKE 'dossier%'
		  UNION ALL
		  SELECT format('privilege of %s on %s', d.refobjid::regrole, pg_describe_object(d.classid, d.objid, d.objsubid))
		  FROM pg_shdepend d
		  WHERE d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
		    AND d.refclassid = 'pg_authid'::regclass AND d.refobjid::regrole::text LIKE 'dossier\_%'
		) q(what)});
}

# What of the extension the cluster holds: its roles, their settings and
# privileges on shared objects.
sub left_in_cluster
{
	return $node->safe_psql('postgres', q{
		SELECT coalesce(string_agg(what, E'\n' ORDER BY what), '')
		FROM (
		  SELECT 'role ' || rolname FROM pg_roles WHERE rolname LIKE 'dossier\_%'
		  UNION ALL
		  SELECT 'parameter privilege ' || parname || ' ' || paracl::text FROM pg_parameter_acl
		  WHERE parname LIKE 'dossier.%'
		  UNION ALL
		  SELECT 'setting ' || array_to_string(setconfig, ',') FROM pg_db_role_setting
		  WHERE array_to_string(setconfig, ',') LIKE '%dossier.%'
		  UNION ALL
		  SELECT format('privilege of %s in database %s', d.refobjid::regrole, d.dbid)
		  FROM pg_shdepend d WHERE d.refclassid = 'pg_authid'::regclass
		    AND d.refobjid::regrole::text LIKE 'dossier\_%' AND d.deptype <> 'p'
		) q(what)});
}

# two databases use the extension; officials log in as members of its roles
for my $db ('a', 'b')
{
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, q{
		SET client_min_messages = warning;
		CREATE EXTENSION dossier CASCADE;
		INSERT INTO dossier.agency (code, name, level) VALUES ('G06', 'Bộ Tư pháp', 'central');
		INSERT INTO dossier.procedure (code, name, processing_time, time_unit)
		VALUES ('1.000656', 'Đăng ký khai sinh', 3, 'working_day');
		-- the DBA's own table and grant to one of the extension's roles
		CREATE TABLE public.office (code dossier.agency_code PRIMARY KEY, name text);
		INSERT INTO public.office VALUES ('G06', 'Văn phòng Bộ');
		GRANT SELECT ON public.office TO dossier_analyst;});
}
$node->safe_psql('postgres', q{
	CREATE ROLE tap_desk LOGIN IN ROLE dossier_desk_officer;
	CREATE ROLE tap_analyst LOGIN IN ROLE dossier_analyst;
	GRANT SET ON PARAMETER dossier.outbox_max_attempts TO dossier_dba;   -- as docs/dba-guide.md suggests
	ALTER ROLE dossier_dba SET dossier.outbox_max_attempts = 5;});
for my $db ('a', 'b')
{
	$node->safe_psql($db, q{SELECT dossier.bind_official('tap_desk', 'G06')});
	is($node->safe_psql($db, q{
		SET ROLE tap_desk;
		SELECT dossier.status_code(dossier.transition(
		  dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000091'), 'receive'))}),
		'2', "database $db: a desk officer registers and receives a dossier");
	is($node->safe_psql($db, q{SET ROLE tap_analyst; SELECT count(*) FROM dossier.dossier_deidentified}), '1',
		"database $db: an analyst reads it");
}

# DROP EXTENSION: the members go, the schema and its grants stay
$node->safe_psql('a', 'DROP EXTENSION dossier CASCADE');
my $schema_left = 'schema dossier acl {'
  . join(',', 'postgres=UC/postgres', map { "$_=U/postgres" }
	  qw(dossier_desk_officer dossier_specialist dossier_leader dossier_clerk dossier_analyst
	  dossier_auditor dossier_dba dossier_portal dossier_importer dossier_public dossier_sync))
  . '} comment t';
my $privs_left = join("\n", sort map { "privilege of $_ on schema dossier" } @roles);
is(left_in('a'), join("\n", sort("privilege of dossier_analyst on table office", split(/\n/, $privs_left),
	$schema_left)),
	'after DROP EXTENSION dossier CASCADE: the empty schema dossier, its comment and grants, and the DBA\'s own grant');
my ($rc, $out, $err) = $node->psql('a', 'DROP ROLE dossier_desk_officer');
like($err, qr/cannot be dropped because some objects depend on it/, 'so DROP ROLE fails');
like($err, qr/privileges for schema dossier/, 'naming the schema dossier');
is($node->safe_psql('a', 'SELECT count(*) FROM public.office'), '1',
	'CASCADE dropped the user table\'s column of an extension type, not the table');
is($node->safe_psql('a', q{SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute
	WHERE attrelid = 'public.office'::regclass AND attnum > 0 AND NOT attisdropped}), 'name',
	'(its column code is gone)');

# DROP SCHEMA dossier: nothing of the extension left in the database
$node->safe_psql('a', 'DROP SCHEMA dossier');
is(left_in('a'), 'privilege of dossier_analyst on table office',
	'after DROP SCHEMA dossier: only the DBA\'s own grant');
is($node->safe_psql('a', q{SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension WHERE extname <> 'plpgsql'}),
	'pgcrypto,postgis', 'postgis and pgcrypto, installed by CASCADE, stay');

# the roles cannot go while another database uses the extension
($rc, $out, $err) = $node->psql('postgres', "DROP ROLE $role_list");
isnt($rc, 0, 'DROP ROLE fails while database b has the extension');
$node->safe_psql('b', 'DROP EXTENSION dossier CASCADE');
$node->safe_psql('b', 'DROP SCHEMA dossier');

# nor while they hold privileges the DBA granted: DROP OWNED BY in each database
($rc, $out, $err) = $node->psql('a', "DROP ROLE $role_list");
like($err, qr/privileges for table office|privileges for parameter dossier\.outbox_max_attempts/,
	'DROP ROLE still fails on the DBA\'s own grants to the roles');
$node->safe_psql($_, "DROP OWNED BY $role_list") for ('a', 'b');
$node->safe_psql('postgres', "DROP ROLE $role_list");
pass('DROP ROLE of the nine roles succeeds');

is(left_in($_), '', "nothing of the extension is left in database $_") for ('a', 'b', 'postgres');
is(left_in_cluster(), '', 'nor in the cluster: roles, parameter privileges, settings');
is($node->safe_psql('postgres', q{SELECT string_agg(rolname, ',' ORDER BY rolname) FROM pg_roles
	WHERE rolname LIKE 'tap\_%'}), 'tap_analyst,tap_desk', 'the officials\' login roles are the DBA\'s to drop');

$node->stop;
done_testing();
