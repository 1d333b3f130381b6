# test/tap/004_trust_store_dump.pl
#
# The trust store survives pg_dump -Fc and pg_restore: the rows of
# dossier.trust_anchor, trust_intermediate, trust_crl and trust_ocsp
# (registered with pg_extension_config_dump) come back byte for byte, the fill triggers accept
# them on restore (they are schema-qualified, so restore's empty search_path
# does not break them), and a certificate verifies the same on the restored
# database.  The certificates, the CRLs and the OCSP response are made here
# with the openssl CLI.
#
# What would make this fail: a trust table not registered (no rows back), a
# trigger that cannot run during restore (pg_restore fails), or a verdict that
# differs after the restore.
use strict;
use warnings;
use PostgreSQL::Test::Cluster;
use PostgreSQL::Test::Utils;
use Test::More;

my $tmp = PostgreSQL::Test::Utils::tempdir;

# a root, an intermediate, a leaf and the intermediate's CRL
sub run_openssl
{
	my @cmd = ('openssl', @_);
	system(@cmd) == 0 or die "failed: @cmd";
}
my $days = '-days';
run_openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=TAP Root',
	'-keyout', "$tmp/root.key", '-out', "$tmp/root.pem", $days, '3650',
	'-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
run_openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=TAP CA',
	'-keyout', "$tmp/ca.key", '-out', "$tmp/ca.csr");
open(my $ext, '>', "$tmp/ext.cnf") or die;
print $ext "[ca]\nbasicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n"
  . "[leaf]\nbasicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n";
close $ext;
run_openssl('x509', '-req', '-in', "$tmp/ca.csr", '-CA', "$tmp/root.pem", '-CAkey', "$tmp/root.key",
	'-set_serial', '2', $days, '3000', '-extfile', "$tmp/ext.cnf", '-extensions', 'ca',
	'-out', "$tmp/ca.pem");
run_openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=TAP Signer',
	'-keyout', "$tmp/leaf.key", '-out', "$tmp/leaf.csr");
run_openssl('x509', '-req', '-in', "$tmp/leaf.csr", '-CA', "$tmp/ca.pem", '-CAkey', "$tmp/ca.key",
	'-set_serial', '3', $days, '2000', '-extfile', "$tmp/ext.cnf", '-extensions', 'leaf',
	'-out', "$tmp/leaf.pem");
# an empty CRL of the CA and one of the root, with openssl ca
for my $who ('ca', 'root')
{
	open(my $idx, '>', "$tmp/$who.index") or die;
	close $idx;
	open(my $cnf, '>', "$tmp/$who.cnf") or die;
	print $cnf "[ca]\ndefault_ca=d\n[d]\ndatabase=$tmp/$who.index\n"
	  . "certificate=$tmp/$who.pem\nprivate_key=$tmp/$who.key\ndefault_md=sha256\n"
	  . "default_crl_days=3650\n";
	close $cnf;
	run_openssl('ca', '-batch', '-config', "$tmp/$who.cnf", '-gencrl', '-out', "$tmp/$who.crl");
}
# an OCSP response of the CA, signed by the CA itself, saying the leaf is good
open(my $cidx, '>', "$tmp/ca.index") or die;
print $cidx "V\t491231000000Z\t\t03\tunknown\t/CN=TAP Signer\n";
close $cidx;
run_openssl('ocsp', '-index', "$tmp/ca.index", '-rsigner', "$tmp/ca.pem", '-rkey', "$tmp/ca.key",
	'-CA', "$tmp/ca.pem", '-issuer', "$tmp/ca.pem", '-cert', "$tmp/leaf.pem",
	'-respout', "$tmp/leaf.ors", '-ndays', '3650');

sub slurp_hex
{
	my ($f) = @_;
	open(my $fh, '<', $f) or die "$f: $!";
	local $/;
	return unpack('H*', <$fh>);
}

my $node = PostgreSQL::Test::Cluster->new('trust');
$node->init;
$node->start;
$node->safe_psql('postgres', 'CREATE DATABASE src');
$node->safe_psql('src', q{
	SET client_min_messages = warning;
	CREATE EXTENSION dossier CASCADE;
});
$node->safe_psql('src', sprintf(q{
	SELECT dossier.load_certificate('\x%s', true, 'root');
	SELECT dossier.load_certificate('\x%s');
	SELECT dossier.load_crl('\x%s');
	SELECT dossier.load_crl('\x%s');
	SELECT dossier.load_ocsp_response('\x%s');},
	slurp_hex("$tmp/root.pem"), slurp_hex("$tmp/ca.pem"),
	slurp_hex("$tmp/ca.crl"), slurp_hex("$tmp/root.crl"), slurp_hex("$tmp/leaf.ors")));

my $leaf = slurp_hex("$tmp/leaf.pem");
my $verdict_sql = qq{
	SELECT concat_ws('|', verdict, indication, array_to_string(chain, ' > '), anchor, revocation_status,
	                 revocation_source)
	FROM dossier.verify_certificate('\\x$leaf')};
my $before = $node->safe_psql('src', $verdict_sql);
is($before, 'valid|TOTAL_PASSED|CN=TAP Signer > CN=TAP CA > CN=TAP Root|CN=TAP Root|good|ocsp',
	'the generated leaf is valid against the stored root, CA, CRLs and OCSP response');

my $rows_sql = q{
	SELECT string_agg(t || ':' || md5(d::text), ',' ORDER BY t, md5(d::text)) FROM (
	  SELECT 'anchor' t, der d FROM dossier.trust_anchor
	  UNION ALL SELECT 'intermediate', der FROM dossier.trust_intermediate
	  UNION ALL SELECT 'crl', der FROM dossier.trust_crl
	  UNION ALL SELECT 'ocsp', der FROM dossier.trust_ocsp) s};
my $src_rows = $node->safe_psql('src', $rows_sql);

my $file = "$tmp/trust.dump";
$node->command_ok([ 'pg_dump', '-Fc', '-f', $file, '-d', $node->connstr('src') ], 'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), $file ],
	'pg_restore into a new database');
is($node->safe_psql('restored', $rows_sql), $src_rows, 'every trust row is back, byte for byte');
is($node->safe_psql('restored', $verdict_sql), $before, 'the same verdict after the restore');

# another backend's cache follows a committed change
$node->safe_psql('restored', 'DELETE FROM dossier.trust_anchor');
like($node->safe_psql('restored', $verdict_sql), qr/^untrusted\|INDETERMINATE\|/,
	'without the anchor the leaf is untrusted');

$node->stop;
done_testing();
