#!/usr/bin/env bash
# bench/verify_pdf.sh: time of dossier.verify_pdf per signed PDF of 100 KB,
# 1 MB and 10 MB, against two floors and a reference verifier (issue 4).
#
# Self-contained (scripts/bench.sh runs only bench/*.sql): installs, starts a
# throwaway server as scripts/bench.sh does, makes a PKI (root, CA, leaf,
# CRLs: test/fixtures/gen/make_pki.sh's layout, with the openssl CLI) and,
# per size, signed.pdf of test/fixtures/gen/make_pdf.sh signed by the leaf
# with PAD_BYTES of comments in its page content.  Then, per size:
#
#   verify_pdf   dossier.verify_pdf(pdf, at, true) in one backend, ITER
#                calls (re-evaluated per row), median of ROUNDS rounds: the
#                whole path (qpdf structure, revisions, ByteRange, CMS,
#                chain with CRLs, the verdict)
#   floor        in the same backend: pgcrypto digest(pdf, 'sha256') over
#                the whole file (the signed bytes plus the 8 KB gap) plus
#                dossier.verify_cms of a small content signed by the same
#                leaf (one RSA-2048 verification, the chain with CRLs): the
#                least any verifier must do in-process
#   qpdf         bench/qpdf_floor.c on the same file, ITER calls, median of
#                ROUNDS: qpdf reads it from memory, parses the catalog, the
#                fields and each signature dictionary (its hex /Contents
#                too), and releases it: the least a qpdf-based verifier must
#                spend on structure before any cryptography
#   openssl      the CLI once per document: `openssl dgst -sha256` of the
#                file and `openssl cms -verify` of the CMS over the signed
#                bytes (process start-up included), median of RUNS
#   pdfsig       poppler's pdfsig once per document, median of RUNS
#
# and prints the ratios verify_pdf / floor (goal <= 1.5), verify_pdf /
# (floor + qpdf) and pdfsig / verify_pdf (goal >= 20).  Environment: SIZES (bytes of padding, default
# "100000 1000000 10000000"), ITER (default 200, 20 for 10 MB), ROUNDS
# (default 5), RUNS (default 11), SKIP_BUILD=1 to skip make install.
# Prints figures; asserts nothing.
#
#   bench/verify_pdf.sh
#   PG_BINDIR=/opt/pgA/usr/lib/postgresql/15/bin SKIP_BUILD=1 bench/verify_pdf.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

SIZES=${SIZES:-"100000 1000000 10000000"}
ROUNDS=${ROUNDS:-5}
RUNS=${RUNS:-11}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
tmpdir=$(mktemp -d /tmp/dossier-bench-pdf.XXXXXX)
trap 'stop_instance "$tmpdir"; as_root rm -rf "$tmpdir"' EXIT
start_instance "$tmpdir"
export PGHOST=$tmpdir PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c "ALTER SYSTEM SET jit = off" -c "SELECT pg_reload_conf()" >/dev/null
"${psql[@]}" -d postgres -c "CREATE DATABASE dossier_bench"
"${psql[@]}" -d dossier_bench -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE"
db=(-d dossier_bench)

echo "== machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $("$PG_BINDIR/postgres" --version), $(openssl version), $(pdfsig -v 2>&1 | head -1)"

# ---- a PKI: root -> CA -> leaf, CRLs (the layout of make_pki.sh) ----------
pki=$tmpdir/pki
mkdir -p "$pki"
(
  cd "$pki"
  cat > ext.cnf <<'CNF'
[root]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ca]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
  for ca in root ca; do
    mkdir -p $ca/new; : > $ca/index; echo 1000 > $ca/serial
    printf '[ca]\ndefault_ca = d\n[d]\ndir = %s\ndatabase = $dir/index\nserial = $dir/serial\nnew_certs_dir = $dir/new\ncertificate = $dir/cert.pem\nprivate_key = $dir/key.pem\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n' \
      "$pki/$ca" > $ca/ca.cnf
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $ca/key.pem 2>/dev/null
  done
  openssl req -new -key root/key.pem -subj "/CN=bench root" -out root/req.pem
  openssl ca -batch -notext -selfsign -config root/ca.cnf -keyfile root/key.pem -in root/req.pem \
    -extfile ext.cnf -extensions root -startdate 20250101000000Z -enddate 20491231000000Z -out root/cert.pem 2>/dev/null
  openssl req -new -key ca/key.pem -subj "/CN=bench CA" -out ca/req.pem
  openssl ca -batch -notext -config root/ca.cnf -in ca/req.pem -extfile ext.cnf -extensions ca \
    -startdate 20250101000000Z -enddate 20491231000000Z -out ca/cert.pem 2>/dev/null
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf.key 2>/dev/null
  openssl req -new -key leaf.key -subj "/CN=bench signer" -out leaf.req
  openssl ca -batch -notext -config ca/ca.cnf -in leaf.req -extfile ext.cnf -extensions leaf \
    -startdate 20250101000000Z -enddate 20491231000000Z -out leaf.pem 2>/dev/null
  for ca in root ca; do
    openssl ca -batch -config $ca/ca.cnf -gencrl -crl_lastupdate 20250601000000Z \
      -crl_nextupdate 20491231000000Z -out $ca/crl.pem 2>/dev/null
  done
  head -c 1000 /dev/urandom > small.bin
  openssl cms -sign -binary -in small.bin -signer leaf.pem -inkey leaf.key -certfile ca/cert.pem \
    -outform DER -out small.p7s -nosmimecap
)
b64() { base64 -w0 "$1"; }
"${psql[@]}" "${db[@]}" <<SQL >/dev/null
SET client_min_messages = warning;
SELECT dossier.load_certificate(decode('$(b64 "$pki/root/cert.pem")', 'base64'), true, 'bench root');
SELECT dossier.load_certificate(decode('$(b64 "$pki/ca/cert.pem")', 'base64'));
SELECT dossier.load_crl(decode('$(b64 "$pki/root/crl.pem")', 'base64'));
SELECT dossier.load_crl(decode('$(b64 "$pki/ca/crl.pem")', 'base64'));
CREATE TABLE small (content bytea, sig bytea);
INSERT INTO small VALUES (decode('$(b64 "$pki/small.bin")', 'base64'), decode('$(b64 "$pki/small.p7s")', 'base64'));
CREATE TABLE doc (size int PRIMARY KEY, pdf bytea);
ALTER TABLE doc ALTER COLUMN pdf SET STORAGE EXTERNAL;  -- no compression: both sides detoast a copy
SQL

# median of numbers on stdin
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
# milliseconds of one run of a command
ms_of() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N); echo "scale=3; ($t1 - $t0) / 1000000" | bc; }

# the qpdf floor, built here (libqpdf-dev is a build dependency)
cc -O2 -o "$tmpdir/qpdf_floor" bench/qpdf_floor.c -lqpdf

printf '\n%-9s %10s | %10s %10s %8s | %8s %8s | %10s %10s | %10s %8s\n' size bytes verify_pdf floor ratio \
  qpdf ratio "openssl" "dgst+cms" pdfsig ratio
printf '%-9s %10s | %10s %10s %8s | %8s %8s | %10s %10s | %10s %8s\n' "" "" "ms/doc" "ms/doc" "≤1.5" \
  "ms/doc" "v/(f+q)" "dgst ms" "ms" "ms/doc" "≥20"
for size in $SIZES; do
  dir=$tmpdir/pdf-$size
  mkdir -p "$dir"
  PAD_BYTES=$size ONLY_SIGNED=1 SIGNER_CERT=$pki/leaf.pem SIGNER_KEY=$pki/leaf.key \
    SIGNER_CHAIN=$pki/ca/cert.pem bash test/fixtures/gen/make_pdf.sh "$dir"
  f=$dir/signed.pdf
  bytes=$(stat -c %s "$f")
  iter=${ITER:-$([ "$size" -ge 10000000 ] && echo 20 || echo 200)}
  base64 -w0 "$f" > "$dir/b64"
  as_root chmod 755 "$tmpdir" "$dir"; as_root chmod 644 "$dir/b64"
  "${psql[@]}" "${db[@]}" -c "INSERT INTO doc VALUES ($size, decode(pg_read_file('$dir/b64'), 'base64'))"
  # the verdict must be valid, else the timing means nothing
  verdict=$("${psql[@]}" "${db[@]}" -Atc "SELECT string_agg(verdict, ',') FROM doc, dossier.verify_pdf(pdf, '2030-06-01', true) WHERE size = $size")
  [ "$verdict" = valid ] || { echo "unexpected verdict $verdict for $size"; exit 1; }

  # in-process: ROUNDS rounds of ITER calls each, verify_pdf then the floor
  out=$("${psql[@]}" "${db[@]}" -At <<SQL
SET client_min_messages = warning;
CREATE TEMP TABLE t (what text, ms float8);
DO \$\$
DECLARE
  t0 timestamptz; n int;
BEGIN
  FOR r IN 1..$ROUNDS LOOP
    t0 := clock_timestamp();
    SELECT count(*) INTO n FROM generate_series(1, $iter) g, doc d,
      LATERAL dossier.verify_pdf(d.pdf, '2030-06-01'::timestamptz + g * interval '0', true) v
    WHERE d.size = $size AND v.verdict = 'valid';
    INSERT INTO t VALUES ('verify_pdf', extract(epoch FROM clock_timestamp() - t0) * 1000 / $iter);
    t0 := clock_timestamp();
    SELECT count(*) INTO n FROM generate_series(1, $iter) g, doc d, small s,
      -- depends on g, so the planner cannot push it down to one evaluation per d row
      LATERAL (SELECT digest(CASE WHEN g > 0 THEN d.pdf END, 'sha256') AS h) x,
      LATERAL dossier.verify_cms(s.content, s.sig, '2030-06-01'::timestamptz + g * interval '0', true) v
    WHERE d.size = $size AND v.verdict = 'valid' AND x.h IS NOT NULL;
    INSERT INTO t VALUES ('floor', extract(epoch FROM clock_timestamp() - t0) * 1000 / $iter);
  END LOOP;
END \$\$;
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE what = 'verify_pdf'),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) FILTER (WHERE what = 'floor') FROM t;
SQL
)
  v_ms=${out%%|*}; f_ms=${out##*|}

  q_ms=$("$tmpdir/qpdf_floor" "$f" "$iter" "$ROUNDS")

  # the openssl CLI on the same file: digest, and CMS verification of the signed bytes
  read -r _ b c d <<< "$(grep -ao '/ByteRange \[[0-9 ]*\]' "$f" | head -1 | tr -d '[]' | cut -d' ' -f2-)"
  # (head before tail, never tail | head: no SIGPIPE under pipefail)
  { head -c $((10#$b)) "$f"; head -c $((10#$c + 10#$d)) "$f" | tail -c +$((10#$c + 1)); } > "$dir/tbs"
  lt=$((10#$b + 1)); gt=$((10#$c - 1))
  head -c "$gt" "$f" | tail -c +$((lt + 1)) | xxd -r -p > "$dir/cms.der"
  cat "$pki/root/cert.pem" "$pki/ca/cert.pem" > "$dir/chain.pem"
  openssl cms -verify -binary -inform DER -in "$dir/cms.der" -content "$dir/tbs" \
    -CAfile "$dir/chain.pem" -purpose any -out /dev/null 2>/dev/null \
    || { echo "openssl cms -verify refuses the $size signature"; exit 1; }
  dg=$(for i in $(seq "$RUNS"); do ms_of openssl dgst -sha256 "$f"; done | median)
  cm=$(for i in $(seq "$RUNS"); do ms_of openssl cms -verify -binary -inform DER -in "$dir/cms.der" \
         -content "$dir/tbs" -CAfile "$dir/chain.pem" -purpose any -out /dev/null; done | median)
  ps=$(for i in $(seq "$RUNS"); do ms_of pdfsig "$f"; done | median)

  printf '%-9s %10d | %10.2f %10.2f %8.2f | %8.2f %8.2f | %10.1f %10.1f | %10.1f %8.1f\n' \
    "$((size / 1000)) KB" "$bytes" "$v_ms" "$f_ms" "$(echo "$v_ms / $f_ms" | bc -l)" \
    "$q_ms" "$(echo "$v_ms / ($f_ms + $q_ms)" | bc -l)" \
    "$dg" "$(echo "$dg + $cm" | bc -l)" "$ps" "$(echo "$ps / $v_ms" | bc -l)"
done
echo
echo "verify_pdf and floor: median of $ROUNDS rounds of in-process calls (200 per round, 20 at 10 MB);"
echo "qpdf: bench/qpdf_floor.c, the same rounds and calls, in its own process;"
echo "openssl and pdfsig: median of $RUNS runs of the CLI, process start-up included."
