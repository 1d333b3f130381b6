# test/tap/006_upgrade.pl
#
# Every released version, filled with data through its own API and updated
# with ALTER EXTENSION dossier UPDATE, equals a fresh install of the default
# version (docs/DEVELOPING.md, "Releasing a version"; docs/dba-guide.md,
# "Upgrade"):
#
#   catalog    the extension's members (pg_identify_object of every
#              deptype 'e' dependency), its configuration tables and their
#              dump conditions, the definition of every object as
#              pg_dump --binary-upgrade --schema-only writes it (the only
#              pg_dump mode that writes extension members: columns in order
#              with types, defaults, NOT NULL and generation, constraints,
#              indexes, triggers, policies and row security, views, functions,
#              operators, casts, event triggers, comments, ACLs and which
#              of them are the extension's initial privileges), the rows the
#              extension ships (those pg_dump leaves out of its
#              configuration tables), and the cluster's roles;
#   data       every row written before the update is still there, column
#              by column, the sequences where they were, every history chain
#              verifies and digests taken before the update still check;
#   restore    a dump taken at the old version restores into the default
#              version with the same rows as the update left;
#   behaviour  an old dossier moves on, a new one is registered, the code
#              allocator and the outbox go on where they stopped, and the
#              whole pg_regress suite (about 40 s) passes on a database
#              created at the old version and updated.
#
# What makes this fail: a change in extension/parts/ without its upgrade
# part in extension/upgrade/<old>--<new>/ (or the reverse, or the two
# differing in a column's position, a default, a comment or a grant), an
# upgrade part that loses or rewrites rows, a released version with no
# update path to the default one, and a released version without a fill
# block below (add one when a version is released).
#
# Rows an upgrade must rewrite on purpose (say, a column encrypted from
# 0.2.0 on) are listed in %rewritten with the reason; their other columns
# are still compared.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;
use IPC::Run;

my $src = $ENV{DOSSIER_SRC}
  or BAIL_OUT('DOSSIER_SRC is not set: run the TAP tests through scripts/run-tap.sh');

# table => { column => reason }: columns an upgrade rewrites on purpose
my %rewritten = ();

# What a database of each released version holds before it is updated: its
# own API, as its users would have called it.  :fixtures is the checkout's
# test/fixtures.
my %fill = ('0.1.0' => <<'SQL');
SET client_min_messages = warning;
SET TimeZone = 'UTC';
SET search_path = dossier, public;
SET dossier.event_time_tolerance = '20000d';   -- fixed past times
-- login roles of the desk, members of the extension's group roles
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'up_desk') THEN
    CREATE ROLE up_desk LOGIN IN ROLE dossier_desk_officer;
    CREATE ROLE up_spec LOGIN IN ROLE dossier_specialist;
    CREATE ROLE up_leader LOGIN IN ROLE dossier_leader;
    CREATE ROLE up_portal LOGIN IN ROLE dossier_portal;
    CREATE ROLE up_importer LOGIN IN ROLE dossier_importer;
  END IF;
END $$;
-- the catalogue, the calendars, the holiday notice and the reasons
INSERT INTO dossier.admin_unit (code, name, short_name, level, parent_code, unit_type, valid_from, note)
VALUES ('01', 'Thành phố Hà Nội', 'Hà Nội', 'province', NULL, 'thành phố', '2025-07-01', 'upgrade test'),
       ('00004', 'Phường Ba Đình', 'Ba Đình', 'commune', '01', 'phường', '2025-07-01', 'upgrade test');
INSERT INTO dossier.admin_unit_succession (old_level, old_province_code, old_district_code, old_commune_code,
                                           new_province_code, new_commune_code, coverage, effective, note)
VALUES ('commune', '01', '001', '00001', '01', '00004', 'whole', '2025-07-01', 'upgrade test');
INSERT INTO dossier.agency (code, name, level) VALUES
  ('G06', 'Bộ Tư pháp', 'central'), ('G06.01', 'Cục Hộ tịch', 'central'),
  ('G06.02', 'Cục Hộ tịch, quốc tịch, chứng thực', 'central');
INSERT INTO dossier.calendar (name, working_weekdays, note) VALUES ('upgrade_sat', '{1,2,3,4,5,6}', 'works Saturdays');
INSERT INTO dossier.calendar_day (calendar, day, is_working, note) VALUES ('upgrade_sat', '2026-06-06', false, 'closed');
INSERT INTO dossier.procedure (code, name, processing_time, time_unit, supplement_mode) VALUES
  ('1.000656', 'Đăng ký khai sinh', 3, 'working_day', 'restart'),
  ('1.000894', 'Đăng ký kết hôn', 5, 'working_day', 'extend'),
  ('1.000895', 'Đăng ký kết hôn (thay thế)', 5, 'working_day', 'extend');
UPDATE dossier.procedure SET calendar = 'upgrade_sat' WHERE code = '1.000894';
INSERT INTO dossier.procedure_step (procedure, step, name, role) VALUES
  ('1.000656', 1, 'specialist review', 'dossier_specialist'),
  ('1.000656', 2, 'leader signs', 'dossier_leader');
INSERT INTO dossier.agency_succession (old_code, new_code, valid_from, note)
VALUES ('G06.01', 'G06.02', '2026-09-01', 'upgrade test: renamed');
INSERT INTO dossier.procedure_succession (old_code, new_code, valid_from, note)
VALUES ('1.000894', '1.000895', '2026-10-01', 'upgrade test: replaced');
INSERT INTO dossier.transition_reason (action, code, name_vi, note)
VALUES ('request_supplement', 'unreadable_scan', 'Bản quét không đọc được', 'upgrade test');
SELECT dossier.load_holiday_notice(2027, 'upgrade test notice for 2027',
  days_off => '{2027-01-01, 2027-02-04, 2027-02-05, 2027-02-08, 2027-02-09, 2027-02-10,
                2027-04-16, 2027-04-30, 2027-09-02, 2027-09-03}',
  working_days => '{2027-02-20}');
-- the trust store: the PKITS root as an anchor, an intermediate and a CRL
SELECT dossier.load_certificate(pg_read_binary_file(:'fixtures' || '/pkits/certs/TrustAnchorRootCertificate.crt'),
                                true, 'upgrade test root');
SELECT dossier.load_certificate(pg_read_binary_file(:'fixtures' || '/pkits/certs/GoodCACert.crt'));
SELECT dossier.load_crl(pg_read_binary_file(:'fixtures' || '/pkits/crls/TrustAnchorRootCRL.crl'));
-- dossiers in several statuses, each moved by the role whose job it is
SET ROLE up_desk;
SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000091',
  at => '2026-06-01 01:00', receive => true, note => 'bản sao giấy chứng sinh') AS a \gset
SELECT dossier.register_dossier('1.000656', 'G06', owner_enterprise => '0100109106',
  at => '2026-06-01 01:30', receive => true) AS b \gset
SELECT dossier.register_dossier('1.000894', 'G06.01', owner_citizen => '079195000001',
  at => '2026-06-01 02:00') AS c \gset
SELECT dossier.register_dossier('1.000894', 'G06.01', owner_citizen => '001087012345',
  at => '2026-06-01 02:30', receive => true) AS d \gset
SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000092',
  at => '2026-06-01 03:00', receive => true) AS e \gset
SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000093',
  at => '2026-06-01 03:10') AS f \gset
SELECT dossier.transition(:'f', 'refuse', at => '2026-06-01 03:20', reason_code => 'not_competent',
  reason => 'không thuộc thẩm quyền');
SET ROLE up_spec;
SELECT dossier.transition(:'a', 'start_processing', at => '2026-06-01 04:00');
SELECT dossier.transition(:'a', 'request_supplement', note => 'gọi điện', at => '2026-06-01 05:00',
  reason_code => 'unreadable_scan', reason => 'bản quét mờ');
SELECT dossier.transition(:'e', 'start_processing', at => '2026-06-01 04:30');
SELECT dossier.transition(:'e', 'request_supplement', at => '2026-06-01 06:00',
  reason_code => 'missing_papers', reason => 'thiếu bản sao');
SET ROLE up_desk;
SELECT dossier.transition(:'a', 'supplement_received', at => '2026-06-02 01:00');
SET ROLE up_spec;
SELECT dossier.transition(:'a', 'start_processing', at => '2026-06-02 02:00');
SELECT dossier.transition(:'a', 'move_step', at => '2026-06-02 03:00');
SET ROLE up_leader;
SELECT dossier.transition(:'a', 'resolve', at => '2026-06-02 04:00');
SELECT dossier.transition(:'d', 'stop', at => '2026-06-02 04:30', reason_code => 'other', reason => 'dừng');
SELECT dossier.transition(:'b', 'transfer', to_agency => 'G06.01', at => '2026-06-02 05:00');
SET ROLE up_desk;
SELECT dossier.transition(:'a', 'return_result', at => '2026-06-03 01:00');
SET ROLE up_portal;
SELECT dossier.register_dossier('1.000894', 'G06.01', owner_citizen => '001099000094', channel => 'online',
  on_behalf_of => '001099000094', at => '2026-06-03 02:00');
-- a migration: a dossier and an event from another system
SET ROLE up_importer;
SELECT dossier.import_dossier('1.000656', 'G06', owner_citizen => '001099000095', at => '2026-03-02 01:00',
  code => '000.00.00.G06-260302-0042', receive => true, source => 'motcua export 2026-05-30') AS h \gset
SELECT dossier.import_transition(:'h', 'start_processing', at => '2026-03-03 02:00',
  source => 'motcua export 2026-05-30');
RESET ROLE;
SELECT dossier.next_dossier_code('G06', '2026-06-04');
-- the outbox: some messages delivered, one failing, one dead, the rest a backlog
SELECT claim_token AS t1 FROM dossier.claim_outbox(4) LIMIT 1 \gset
SELECT dossier.ack_outbox(:'t1');
SELECT claim_token AS t2, id AS failing FROM dossier.claim_outbox(1) \gset
SELECT dossier.fail_outbox(:'t2', :failing, 'HTTP 503 from DVCQG') IS NOT NULL AS retry_scheduled;
SET dossier.outbox_max_attempts = 1;
SELECT claim_token AS t3, id AS dying FROM dossier.claim_outbox(1) \gset
SELECT dossier.fail_outbox(:'t3', :dying, 'HTTP 400: MaCoQuan unknown');
RESET dossier.outbox_max_attempts;
-- a recorded lifting of the history guard
BEGIN;
SELECT dossier.lift_history_guard('upgrade test: a recorded lifting that must survive') > 0 AS lifted;
COMMIT;
-- a user's table in its own schema, with the extension's types and operators
CREATE TABLE public.office (code dossier.agency_code PRIMARY KEY, head dossier.citizen_id, name text);
CREATE INDEX office_head_idx ON public.office (head);
INSERT INTO public.office VALUES ('G06.01', '001099000091', 'Văn phòng'), ('G06.02', NULL, 'Phòng mới');
SQL

my $node = PostgreSQL::Test::Cluster->new('upgrade');
$node->init(extra => [ '--locale=C.UTF-8', '--encoding=UTF8' ]);
$node->start;

my $default = $node->safe_psql('postgres',
	q{SELECT default_version FROM pg_available_extensions WHERE name = 'dossier'});
my @released = split /\n/, $node->safe_psql('postgres', qq{
	SELECT version FROM pg_available_extension_versions
	WHERE name = 'dossier' AND version <> '$default' ORDER BY string_to_array(version, '.')::int[]});
note "default version $default, released versions: @released";
cmp_ok(scalar(@released), '>', 0, 'at least one released version to update from');

# ---- helpers ---------------------------------------------------------------

# Print a unified diff of two texts as a diagnostic; return whether they are equal.
sub same_text
{
	my ($got, $want, $name, $got_label, $want_label, $hint) = @_;
	return pass($name) if $got eq $want;
	my $dir = PostgreSQL::Test::Utils::tempdir;
	PostgreSQL::Test::Utils::append_to_file("$dir/$want_label", $want);
	PostgreSQL::Test::Utils::append_to_file("$dir/$got_label", $got);
	my ($out, $err) = ('', '');
	IPC::Run::run([ 'diff', '-u', "$dir/$want_label", "$dir/$got_label" ], '>', \$out, '2>', \$err);
	my @lines = split /\n/, $out;
	splice(@lines, 200, scalar(@lines) - 200, '... (diff cut at 200 lines)') if @lines > 200;
	fail($name);
	diag(join("\n", "--- $want_label", "+++ $got_label", @lines[ 2 .. $#lines ]));
	diag($hint) if $hint;
	return 0;
}

# The first n lines of a file, if it exists.
sub head_of
{
	my ($file, $n) = @_;
	return '' unless -f $file;
	my @lines = split /^/m, PostgreSQL::Test::Utils::slurp_file($file);
	return join('', @lines > $n ? @lines[ 0 .. $n - 1 ] : @lines);
}

# One row per line, sorted, from a query that returns one text column.
sub lines_of
{
	my ($db, $sql) = @_;
	return $node->safe_psql($db, "SELECT coalesce(string_agg(l, E'\\n' ORDER BY l COLLATE \"C\"), '') FROM ($sql) q(l)");
}

# The schema as pg_dump --binary-upgrade --schema-only writes it, cut to the
# entries that name dossier (the extension, its schema and members, their
# comments and ACLs), without what differs between any two databases (OIDs,
# relfilenodes, frozen xids, the restrict key, dropped columns), entries
# sorted so that creation order does not matter.
sub schema_dump
{
	my ($db) = @_;
	my ($dump, $err) = ('', '');
	IPC::Run::run([ 'pg_dump', '--schema-only', '--binary-upgrade', '-d', $node->connstr($db) ],
		'>', \$dump, '2>', \$err)
	  or die "pg_dump $db failed: $err";
	my @kept;
	for my $entry (split /^(?=--\n-- Name: )/m, $dump)
	{
		next unless $entry =~ /\A--\n-- Name: ([^\n]*)\n--\n/;
		my $header = $1;
		next unless $header =~ /dossier/;
		next if $header =~ /; Type: SEQUENCE SET;/;    # a value, compared with the data
		my @out;
		my $skipping = 0;
		for my $line (split /\n/, $entry)
		{
			if ($skipping)
			{
				$skipping = 0 if $line =~ /;$/;
				next;
			}
			if ($line =~ /^UPDATE pg_catalog\.pg_(class|attribute)$/)
			{
				$skipping = 1;
				next;
			}
			next if $line =~ /^-- For binary upgrade/;
			next if $line =~ /^SELECT pg_catalog\.binary_upgrade_set_(?!record_init_privs)/;
			next if $line =~ /pg\.dropped/;
			next if $line =~ /^\\(un)?restrict /;
			$line =~ s/,$//;    # a dropped last column leaves its neighbour's comma
			# configuration tables, conditions and required extensions are
			# compared by name in other sections
			$line =~ s/^(SELECT pg_catalog\.binary_upgrade_create_empty_extension\('[^']*', '[^']*', \w+, '[^']*'), .*$/$1, ...);/;
			push @out, $line;
		}
		# a run of GRANTs follows the order of the ACL, which is the order
		# the grants were made in, not a difference in privileges
		my @sorted;
		while (@out)
		{
			my @run;
			push @run, shift @out while @out && $out[0] =~ /^GRANT /;
			push @sorted, (@run ? sort(@run) : shift @out);
		}
		my $text = join("\n", @sorted);
		$text =~ s/\n{3,}/\n\n/g;
		push @kept, $text;
	}
	return join("\n", sort @kept);
}

# Everything about the extension that a fresh install and an update must
# agree on, as named sections of text.
sub describe_extension
{
	my ($db) = @_;
	my %d;
	$d{extension} = $node->safe_psql($db, q{
		SELECT format('version %s, relocatable %s, schema %s, requires %s', e.extversion, e.extrelocatable,
		              e.extnamespace::regnamespace,
		              (SELECT string_agg(r.extname, ', ' ORDER BY r.extname) FROM pg_depend d
		               JOIN pg_extension r ON r.oid = d.refobjid
		               WHERE d.classid = 'pg_extension'::regclass AND d.objid = e.oid
		                 AND d.refclassid = 'pg_extension'::regclass))
		FROM pg_extension e WHERE e.extname = 'dossier'});
	$d{members} = lines_of($db, q{
		SELECT i.type || ' ' || i.identity
		FROM pg_depend d, pg_identify_object(d.classid, d.objid, d.objsubid) i
		WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'dossier')});
	$d{'configuration tables'} = lines_of($db, q{
		SELECT c::regclass::text || ' ' || coalesce(nullif(cond, ''), '(all rows)')
		FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u(c, cond)
		WHERE e.extname = 'dossier'});
	$d{'schema dump'} = schema_dump($db);
	# the rows the extension ships: all rows of a member table that is not
	# a configuration table, the rows a configuration table's condition
	# leaves out of pg_dump
	my @tables = split /\n/, $node->safe_psql($db, q{
		SELECT c.oid::regclass::text || E'\t' || coalesce(u.cond, '-')
		FROM pg_depend d JOIN pg_class c ON c.oid = d.objid AND d.classid = 'pg_class'::regclass
		LEFT JOIN (SELECT x.c, x.cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(c, cond)
		           WHERE e.extname = 'dossier') u ON u.c = c.oid
		WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
		  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'dossier')
		  AND c.relkind IN ('r', 'p')
		ORDER BY 1});
	my @shipped;
	for (@tables)
	{
		my ($table, $cond) = split /\t/;
		next if $cond eq '';    # every row is the user's
		my $where = $cond eq '-' ? 'true' : 'NOT (' . ($cond =~ s/^\s*WHERE\s+//ir) . ')';
		push @shipped, "$table:\n"
		  . lines_of($db, "SELECT t::text FROM $table t WHERE $where");
	}
	$d{'shipped rows'} = join("\n", @shipped);
	return \%d;
}

# The roles of the cluster other than PostgreSQL's, with their attributes,
# comments and memberships.
sub describe_roles
{
	return lines_of('postgres', q{
		SELECT format('%s login=%s inherit=%s comment=%s member of=%s', r.rolname, r.rolcanlogin, r.rolinherit,
		              shobj_description(r.oid, 'pg_authid'),
		              (SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
		               JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid))
		FROM pg_roles r WHERE r.rolname !~ '^pg_' AND r.rolname <> current_user});
}

# Every row of every member table and of the user's table, column by column
# for the columns given (all of them when none are), and the sequences.
sub snapshot_data
{
	my ($db, $columns) = @_;
	my %cols = $columns ? %$columns : ();
	if (!$columns)
	{
		for (split /\n/, $node->safe_psql($db, q{
			SELECT c.oid::regclass::text || E'\t' || string_agg(quote_ident(a.attname), ',' ORDER BY a.attnum)
			FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
			WHERE c.relkind = 'r'
			  AND (c.oid IN (SELECT objid FROM pg_depend WHERE classid = 'pg_class'::regclass AND deptype = 'e'
			                   AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'dossier'))
			       OR c.oid = 'public.office'::regclass)
			GROUP BY c.oid}))
		{
			my ($t, $c) = split /\t/;
			$cols{$t} = [ split /,/, $c ];
		}
	}
	my %rows;
	for my $t (sort keys %cols)
	{
		my @c = grep { !exists $rewritten{$t}{$_} } @{ $cols{$t} };
		my $list = join(', ', @c);
		$rows{$t} = lines_of($db, "SELECT ROW($list)::text FROM $t");
	}
	for my $s (split /\n/, $node->safe_psql($db, q{
		SELECT c.oid::regclass FROM pg_class c JOIN pg_depend d ON d.objid = c.oid AND d.classid = 'pg_class'::regclass
		WHERE c.relkind = 'S' AND d.deptype = 'e'
		  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'dossier')}))
	{
		$rows{"sequence $s"} = $node->safe_psql($db, "SELECT last_value || ' ' || is_called FROM $s");
	}
	return (\%cols, \%rows);
}

# The pg_regress suites of the checkout, in the Makefile's order.
sub regress_suites
{
	open my $mk, '<', "$src/Makefile" or die "cannot read $src/Makefile: $!";
	my ($caps) = map { /^CAPABILITIES\s*=\s*(.*)$/ ? $1 : () } <$mk>;
	close $mk;
	my @suites;
	for my $cap (split ' ', $caps)
	{
		for my $file (sort glob("$src/sql/$cap/*.sql"))
		{
			push @suites, $file =~ s{^\Q$src\E/sql/(.*)\.sql$}{$1}r;
		}
	}
	return @suites;
}

# ---- each released version, filled, then updated --------------------------

my %upgraded;
for my $v (@released)
{
	my $db = 'upgraded_' . ($v =~ tr/./_/r);
	ok(exists $fill{$v}, "version $v has a fill block in this test")
	  or next;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, qq{
		SET client_min_messages = warning;
		CREATE EXTENSION dossier VERSION '$v' CASCADE;});
	my ($rc, $out, $err) = $node->psql($db, $fill{$v},
		extra_params => [ '-v', 'ON_ERROR_STOP=1', '-v', "fixtures=$src/test/fixtures" ]);
	is($rc, 0, "version $v filled through its API") or diag($err
		  . "\nThe fill runs ${v}'s SQL on the library just built, as a database does between make install "
		  . "and ALTER EXTENSION UPDATE: the library must keep serving ${v}'s functions.");

	my $digests = $node->safe_psql($db,
		q{SELECT string_agg(dossier.history_digest(code), ' ' ORDER BY code) FROM dossier.dossier});
	my ($columns, $before) = snapshot_data($db);
	cmp_ok($node->safe_psql($db, 'SELECT count(*) FROM dossier.dossier_event'), '>=', 20,
		"version $v: a history to carry over");

	# a dump taken at the old version, for the restore into the default one below
	my $dump = PostgreSQL::Test::Utils::tempdir . "/$db.dump";
	$node->command_ok([ 'pg_dump', '-Fc', '-f', $dump, '-d', $node->connstr($db) ], "pg_dump of $v");

	($rc, $out, $err) = $node->psql($db, 'ALTER EXTENSION dossier UPDATE');
	is($rc, 0, "ALTER EXTENSION dossier UPDATE from $v") or diag($err);
	is($node->safe_psql($db, q{SELECT extversion FROM pg_extension WHERE extname = 'dossier'}),
		$default, "$v updated to $default");

	# data: every row and every sequence as it was
	my (undef, $after) = snapshot_data($db, $columns);
	for my $t (sort keys %$before)
	{
		same_text($after->{$t} // '(missing)', $before->{$t}, "$v: $t unchanged by the update",
			"$t after update", "$t before update");
	}
	is($node->safe_psql($db, 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
		"$v: every history chain verifies after the update");
	is($node->safe_psql($db,
		qq{SELECT bool_and(dossier.check_digest(d)) FROM unnest(string_to_array('$digests', ' ')) d}),
		't', "$v: digests taken before the update check after it");
	$upgraded{$v} = $db;

	# the dump of the old version restores into a fresh install of the
	# default one (CREATE EXTENSION in the dump names no version) with the
	# same rows as the update gave
	my $restored = "restored_$db";
	$node->safe_psql('postgres', "CREATE DATABASE $restored");
	{
		local $ENV{PGOPTIONS} = '-c dossier.restore_mode=on -c client_min_messages=error';
		$node->command_ok([ 'pg_restore', '--single-transaction', '-d', $node->connstr($restored), $dump ],
			"the dump of $v restores into $default with dossier.restore_mode");
	}
	my (undef, $from_dump) = snapshot_data($restored, $columns);
	for my $t (sort keys %$before)
	{
		same_text($from_dump->{$t} // '(missing)', $after->{$t}, "$v dump restored into $default: $t as updated",
			"$t restored from the $v dump", "$t updated");
	}
	is($node->safe_psql($restored, 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
		"$v dump restored into $default: every chain verifies");
}

# the roles as the updates left them, before a fresh install can add any
my $roles_after_updates = describe_roles();

# ---- a fresh install of the default version --------------------------------

$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;});
my $fresh = describe_extension('fresh');
same_text($roles_after_updates, describe_roles(), 'the updates create and comment the roles a fresh install does',
	'roles after a fresh install', 'roles after the updates');

for my $v (sort keys %upgraded)
{
	my $got = describe_extension($upgraded{$v});
	for my $section (sort keys %$fresh)
	{
		same_text($got->{$section}, $fresh->{$section}, "$v updated = fresh $default: $section",
			"$section of $v updated", "$section of fresh $default",
			"Lines with - come from a fresh install only (extension/parts/), lines with + from the update "
			  . "only (extension/dossier--$v.sql, then extension/upgrade/$v--$default/): a change made "
			  . "in one of the two places needs its twin in the other, at the same column position.");
	}

	# behaviour on the updated data
	my $db = $upgraded{$v};
	my $old_max = $node->safe_psql($db, 'SELECT max(id) FROM dossier.outbox');
	is($node->safe_psql($db, q{
		SET dossier.event_time_tolerance = '20000d';
		SELECT dossier.transition('000.00.00.G06-260601-0003', 'supplement_received', at => '2026-06-05 01:00')}),
		'received', "$v: an old dossier moves on after the update");
	is($node->safe_psql($db, q{
		SET dossier.event_time_tolerance = '20000d';
		SELECT dossier.register_dossier('1.000656', 'G06', owner_citizen => '001099000096',
		                                at => '2026-06-01 09:00', receive => true)}),
		'000.00.00.G06-260601-0005', "$v: a new registration takes the next code of its agency and day");
	is($node->safe_psql($db, q{SELECT dossier.next_dossier_code('G06', '2026-06-04')}),
		'000.00.00.G06-260604-0002', "$v: the allocator goes on where it stopped");
	is($node->safe_psql($db, qq{
		SELECT bool_and(payload ->> 'MaHoSo' = dossier::text) AND bool_or(id <= $old_max) AND bool_or(id > $old_max)
		FROM dossier.claim_outbox(1000)}),
		't', "$v: the outbox hands out the backlog from before the update and the messages after it");
	is($node->safe_psql($db, 'SELECT count(*) FROM dossier.verify_history() WHERE NOT ok'), '0',
		"$v: the chains still verify after new events");
}

# ---- the whole pg_regress suite on a database created at each released version

my @suites = regress_suites();
my $bindir = $node->config_data('--bindir');
for my $v (sort keys %upgraded)
{
	$node->safe_psql('postgres', 'DROP DATABASE IF EXISTS contrib_regression');
	$node->safe_psql('postgres', 'CREATE DATABASE contrib_regression');
	$node->safe_psql('contrib_regression', qq{
		SET client_min_messages = warning;
		CREATE EXTENSION postgis;
		CREATE EXTENSION pgcrypto;
		CREATE EXTENSION dossier VERSION '$v';
		ALTER EXTENSION dossier UPDATE;});
	my $outdir = PostgreSQL::Test::Utils::tempdir;
	mkdir "$outdir/results";
	mkdir "$outdir/results/$_" for map { m{^([^/]+)/} ? $1 : () } @suites;
	my ($out, $err) = ('', '');
	# the suites name fixtures relative to the checkout
	my $ok = IPC::Run::run(
		[
			$ENV{PG_REGRESS}, "--bindir=$bindir", "--inputdir=$src", "--outputdir=$outdir",
			'--use-existing', '--dbname=contrib_regression', '--host=' . $node->host,
			'--port=' . $node->port, @suites
		],
		'>', \$out, '2>', \$err,
		init => sub { chdir $src or die "chdir $src: $!" });
	ok($ok, "all " . scalar(@suites) . " pg_regress suites pass on a database created at $v and updated")
	  or diag($out . $err . head_of("$outdir/regression.diffs", 200));
}

$node->stop;
done_testing();
