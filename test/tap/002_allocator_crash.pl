# test/tap/002_allocator_crash.pl
#
# dossier.next_dossier_code keeps its promise across a server crash and a
# clean restart: numbers of committed codes never repeat and have no gaps
# (docs/reference/identifiers/dossier_code.md, "Guarantees").  A number handed to a
# transaction that the crash kills is not committed, so it is handed out again
# after recovery, right after the last committed number.
#
# What would make this fail: a counter that does not survive crash recovery
# (an unlogged or temporary table: numbering restarts at 0001 and committed
# codes repeat), or one that is not transactional (a sequence: the number of
# the killed transaction is lost, and a sequence even logs 32 values ahead,
# so numbering would jump).
#
# The node runs with fsync = off, as PostgreSQL::Test::Cluster sets it up:
# an immediate stop kills the server processes, not the operating system, so
# what was written before the crash is still in the files.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $agency = 'H56.22.17';
my $day    = '2024-02-29';
my $alloc  = qq{INSERT INTO issued
	SELECT dossier.next_dossier_code('$agency', '$day') RETURNING code};

my $node = PostgreSQL::Test::Cluster->new('allocator');
$node->init;
$node->start;

$node->safe_psql('postgres', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
	-- no unique key: a repeated code must show up in the checks below, not
	-- abort the test at the INSERT
	CREATE TABLE issued (code dossier.dossier_code NOT NULL);
});

# The codes in issued (every one of them committed), as "0001,0002,...".
sub issued_sequences
{
	return $node->safe_psql('postgres', q{
		SELECT coalesce(string_agg(lpad(dossier.sequence(code)::text, 4, '0'), ','
		                           ORDER BY dossier.sequence(code)), '')
		FROM issued});
}

# Every code in issued is different, and the numbers are 1 .. n without a gap.
sub check_no_repeat_no_gap
{
	my ($n, $when) = @_;
	is($node->safe_psql('postgres',
			q{SELECT count(*) || ' ' || count(DISTINCT dossier.sequence(code)) || ' '
			         || coalesce(min(dossier.sequence(code)), 0) || ' '
			         || coalesce(max(dossier.sequence(code)), 0) FROM issued}),
		"$n $n 1 $n",
		"$when: $n committed codes, no number twice, numbered 1 to $n");
}

# three allocations, each committed on its own
for my $i (1 .. 3)
{
	is($node->safe_psql('postgres', $alloc),
		sprintf('000.17.22.H56-240229-%04d', $i),
		"committed allocation $i");
}

# a fourth, handed out in a transaction that is still open when the server dies
my $bg = $node->background_psql('postgres', on_error_stop => 1);
$bg->query_safe('BEGIN');
is($bg->query_safe($alloc), '000.17.22.H56-240229-0004',
	'open transaction holds number 4');
is($node->safe_psql('postgres', q{
		SELECT last_value FROM dossier.dossier_code_counter
		WHERE agency::text = 'H56.22.17' AND day = '2024-02-29'}),
	'3', 'number 4 is not committed: other sessions still see 3');

$node->stop('immediate');
# the session's server is gone; psql exits when told to
$bg->quit;

my $log_offset = -s $node->logfile;
$node->start;
ok($node->log_contains('database system was not properly shut down; automatic recovery in progress',
		$log_offset),
	'the restart went through crash recovery');

is(issued_sequences(), '0001,0002,0003',
	'after the crash: the three committed codes, not the uncommitted one');
is($node->safe_psql('postgres', $alloc), '000.17.22.H56-240229-0004',
	'after the crash: the next code is 0004, the number the crash freed');
check_no_repeat_no_gap(4, 'after the crash');

# the legacy and the modern spelling of the agency share one sequence
is($node->safe_psql('postgres', q{INSERT INTO issued
		SELECT dossier.next_dossier_code('000.17.22.H56', '2024-02-29') RETURNING code}),
	'000.17.22.H56-240229-0005', 'after the crash: the legacy spelling continues at 0005');

# a clean restart changes nothing either
$node->restart;
is($node->safe_psql('postgres', $alloc), '000.17.22.H56-240229-0006',
	'after a clean restart: the sequence continues at 0006');
check_no_repeat_no_gap(6, 'after a clean restart');
is($node->safe_psql('postgres', q{
		SELECT last_value FROM dossier.dossier_code_counter
		WHERE agency::text = 'H56.22.17' AND day = '2024-02-29'}),
	'6', 'the counter holds the last committed number');

$node->stop;
done_testing();
