#!/usr/bin/env bash
# bench/producers.sh: a corpus of signed PDFs as offices make them, from
# real producers and signers, with each file's expected verdict
# cross-checked by other verifiers (issue 14 item 5, the corpus; the
# performance goal of that item is not this script's).
#
# Self-contained, like bench/verify_pdf.sh: installs (unless SKIP_BUILD=1),
# starts a throwaway server, makes a PKI (a root and an RSA-2048 leaf with
# the openssl CLI), then builds the documents:
#
#   scan-N.pdf     N scanned pages (PAGES, default "1 5 20"): each an A4 page
#                  rendered by Ghostscript at 300 dpi, given paper grey and
#                  scanner noise by Pillow, saved as JPEG and assembled by
#                  img2pdf, as a digitizing desk's scanner software does
#   office.pdf     a three-page text document written by Ghostscript's
#                  pdfwrite with its fonts embedded (-dEmbedAllFonts), as an
#                  office suite exports one
#
# and signs each one with every signer:
#
#   pdfsig         poppler's pdfsig -add-signature (NSS database), the
#                  signer's name in an appearance with an embedded font
#   podofo         PoDoFo's podofosign, with a visible annotation on page 1
#                  (two lines of text), two SignerInfos of the same signer
#   signpdf        @signpdf (npm, installed into a temporary directory; the
#                  signer skipped when npm cannot install it), on the file
#                  rewritten by qpdf with classic cross-reference tables
#                  (its plain placeholder reads no other)
#   dossier        test/fixtures/gen/make_pdf.sh's signed.pdf padded to the
#                  document's size (the project's own generator cannot sign
#                  another file: a stand-in of the same size)
#
# and a copy of each signed file with one byte of its signed range changed
# (expected: tampered).  Every file is then checked by
#
#   verify_pdf     dossier.verify_pdf_summary(pdf, now(), false), the root
#                  the only anchor (no revocation data: a soft check)
#   pdfsig         pdfsig with the root trusted in its NSS database: the
#                  last signature's "Signature is Valid"
#   openssl        openssl cms -verify of the last signature's CMS over its
#                  byte ranges, the root as CA file (-purpose any)
#   qpdf           qpdf --check (0 or 3: readable)
#
# and a line per file says whether the expected verdict (valid, or tampered
# for the changed copies) agrees with all of them, with the time
# verify_pdf_summary took (one call, for the record; bench/verify_pdf.sh is
# the benchmark).  Prints figures and a table; asserts nothing.
#
#   bench/producers.sh
# KEEP_DIR=DIR keeps the signed files and the root certificate there.
#
#   PAGES="1 5" KEEP_DIR=/tmp/corpus SKIP_BUILD=1 PG_BINDIR=/work/pg/usr/lib/postgresql/15/bin bench/producers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
repo=$(pwd)
PAGES=${PAGES:-"1 5 20"}

if [ -z "${SKIP_BUILD:-}" ]; then
  ensure_deps
  build_and_install
fi
for tool in img2pdf gs podofosign pdfsig certutil pk12util qpdf openssl; do
  command -v "$tool" >/dev/null || { echo "producers.sh needs $tool" >&2; exit 1; }
done
/usr/bin/python3 -c 'import PIL' 2>/dev/null || { echo "producers.sh needs python3-pil" >&2; exit 1; }

tmpdir=$(mktemp -d /tmp/dossier-producers.XXXXXX)
trap 'stop_instance "$tmpdir/pg"; as_root rm -rf "$tmpdir"' EXIT
mkdir -p "$tmpdir/pg" "$tmpdir/w" "$tmpdir/out"
chmod 755 "$tmpdir"
start_instance "$tmpdir/pg"
export PGHOST=$tmpdir/pg PGPORT=5432 PGUSER=postgres
psql=("$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -c "CREATE DATABASE dossier_producers"
"${psql[@]}" -d dossier_producers -c "SET client_min_messages = warning" -c "CREATE EXTENSION dossier CASCADE"
w=$tmpdir/w out=$tmpdir/out

echo "== $(pdfsig -v 2>&1 | head -1), podofosign $(dpkg-query -W -f='${Version}' libpodofo-utils), img2pdf $(img2pdf --version 2>&1 | awk '{print $2}'), $(gs --version | sed 's/^/Ghostscript /'), $(openssl version | cut -d' ' -f1-2)"

# ---- the PKI: a root and a leaf ------------------------------------------
cat > "$w/ext.cnf" <<'CNF'
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$w/root.key" -out "$w/root.pem" -days 3650 \
  -subj "/CN=dossier producers root/O=dossier bench/C=VN" \
  -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -keyout "$w/leaf.key" -out "$w/leaf.csr" \
  -subj "/CN=Nguyen Van A/O=UBND xa dossier bench/C=VN" 2>/dev/null
openssl x509 -req -in "$w/leaf.csr" -CA "$w/root.pem" -CAkey "$w/root.key" -CAcreateserial \
  -days 365 -extfile "$w/ext.cnf" -extensions leaf -out "$w/leaf.pem" 2>/dev/null
openssl pkcs12 -export -in "$w/leaf.pem" -inkey "$w/leaf.key" -certfile "$w/root.pem" -name signer \
  -out "$w/leaf.p12" -passout pass: -certpbe AES-256-CBC -keypbe AES-256-CBC
mkdir "$w/nss"
certutil -N -d "sql:$w/nss" --empty-password
pk12util -i "$w/leaf.p12" -d "sql:$w/nss" -W '' >/dev/null
certutil -A -d "sql:$w/nss" -n root -t "CT,C,C" -i "$w/root.pem"
"${psql[@]}" -d dossier_producers -c "SELECT dossier.load_certificate(decode('$(openssl x509 -in "$w/root.pem" -outform DER | base64 -w0)', 'base64'), true, 'producers root') IS NOT NULL AS root" >/dev/null

# ---- the documents -------------------------------------------------------
# page_ps N: a PostScript page of an administrative form, page N
page_ps() {
  cat <<PS
/Helvetica-Bold findfont 16 scalefont setfont 60 780 moveto (CONG HOA XA HOI CHU NGHIA VIET NAM) show
/Helvetica findfont 12 scalefont setfont 160 760 moveto (Doc lap - Tu do - Hanh phuc) show
/Helvetica-Bold findfont 14 scalefont setfont 150 720 moveto (DON DE NGHI CAP GIAY PHEP XAY DUNG - trang $1) show
/Times-Roman findfont 11 scalefont setfont
0 1 40 { /i exch def 60 690 i 15 mul sub moveto (Dong ) show i 20 string cvs show
  (: noi dung ho so, thong tin nguoi de nghi, dia chi, dien tich, so to, so thua ...) show } for
showpage
PS
}
gs -q -dNOPAUSE -dBATCH -sDEVICE=pdfwrite -dEmbedAllFonts=true -dSubsetFonts=true \
  -sOutputFile="$w/office.pdf" -c "$(page_ps 1; page_ps 2; page_ps 3)"
docs=(office)
maxpages=0
for n in $PAGES; do [ "$n" -gt "$maxpages" ] && maxpages=$n; done
for ((p = 1; p <= maxpages; p++)); do
  gs -q -dNOPAUSE -dBATCH -sDEVICE=pnggray -r300 -sPAPERSIZE=a4 -dFIXEDMEDIA \
    -sOutputFile="$w/page$p.png" -c "$(page_ps "$p")"
done
/usr/bin/python3 - "$w" "$maxpages" <<'PY'
# paper grey and scanner noise, then JPEG as scanner software saves it
import random, sys
from PIL import Image, ImageFilter
w, n = sys.argv[1], int(sys.argv[2])
random.seed(14)
noise = Image.effect_noise((2480, 3508), 24).convert('L')
for p in range(1, n + 1):
    page = Image.open(f'{w}/page{p}.png').convert('L').resize((2480, 3508))
    page = Image.blend(page.point(lambda v: 235 if v > 200 else v), noise, 0.18)
    page = page.filter(ImageFilter.GaussianBlur(0.6)).rotate(random.uniform(-0.4, 0.4), fillcolor=235)
    page.save(f'{w}/page{p}.jpg', quality=90, dpi=(300, 300))
PY
for n in $PAGES; do
  imgs=()
  for ((p = 1; p <= n; p++)); do imgs+=("$w/page$p.jpg"); done
  img2pdf --pagesize A4 -o "$w/scan-$n.pdf" "${imgs[@]}"
  docs+=("scan-$n")
done

# ---- the signers ---------------------------------------------------------
npm_dir=$w/npm
if command -v npm >/dev/null && mkdir -p "$npm_dir" && (cd "$npm_dir" && npm init -y >/dev/null &&
     npm install --no-audit --no-fund --silent @signpdf/signpdf@3 @signpdf/signer-p12@3 \
       @signpdf/placeholder-plain@3 >/dev/null 2>&1); then
  cp test/fixtures/gen/signpdf_sign.js "$npm_dir/"
  openssl pkcs12 -export -in "$w/leaf.pem" -inkey "$w/leaf.key" -certfile "$w/root.pem" \
    -out "$npm_dir/signer.p12" -passout pass: -certpbe AES-256-CBC -keypbe AES-256-CBC
  have_signpdf=true
else
  echo "== @signpdf could not be installed: its signer is skipped"
  have_signpdf=false
fi
for d in "${docs[@]}"; do
  in=$w/$d.pdf
  pdfsig -nssdir "sql:$w/nss" -add-signature -nick signer -reason "So hoa ho so" \
    -new-signature-field-name Chuky "$in" "$out/$d.pdfsig.pdf" >/dev/null 2>&1
  podofosign -in "$in" -out "$out/$d.podofo.pdf" -cert "$w/leaf.pem" -pkey "$w/leaf.key" \
    -digest SHA256 -reason "So hoa ho so" -annot-position 1,120,240,70,20 -annot-print \
    -annot-text "2,4,Da ky: Nguyen Van A" -annot-text "2,10,UBND xa, $(date -u +%Y-%m-%d)" >/dev/null
  # @signpdf's plain placeholder reads classic cross-reference tables only:
  # the file is rewritten by qpdf first, as an application using it must
  if $have_signpdf; then
    qpdf --object-streams=disable "$in" "$w/$d.classic.pdf" || [ $? -eq 3 ]
    (cd "$npm_dir" && node signpdf_sign.js "$w/$d.classic.pdf" "$out/$d.signpdf.pdf" signer.p12) ||
      echo "== @signpdf failed on $d.pdf"
  fi
  pad=$(( $(stat -c %s "$in") - 4000 ))
  [ "$pad" -gt 0 ] || pad=0
  PAD_BYTES=$pad ONLY_SIGNED=1 SIGNER_CERT=$w/leaf.pem SIGNER_KEY=$w/leaf.key \
    bash test/fixtures/gen/make_pdf.sh "$w/gen-$d" >/dev/null
  cp "$w/gen-$d/signed.pdf" "$out/$d.dossier.pdf"
done
# one byte of the first signed range changed (the page content, past the header)
for f in "$out"/*.pdf; do
  t=${f%.pdf}.tampered.pdf
  cp "$f" "$t"
  pos=$(( $(grep -boa 'endobj' "$t" | sed -n 2p | cut -d: -f1) - 3 ))
  b=$(od -An -tx1 -j "$pos" -N1 "$t" | tr -d ' ')
  printf "\\x$(printf '%02x' $(( 0x$b ^ 0x01 )))" | dd of="$t" bs=1 seek="$pos" conv=notrunc status=none
done

# ---- the verifiers -------------------------------------------------------
# last_cms FILE: the last signature's CMS (DER) into $w/cms.der and its
# signed bytes into $w/tbs; false when there is none
last_cms() {
  /usr/bin/python3 - "$1" "$w" <<'PY'
import re, sys
d = open(sys.argv[1], 'rb').read()
m = list(re.finditer(rb'/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]', d))
if not m:
    sys.exit(1)
a, b, c, e = (int(x) for x in m[-1].groups())
# the /Contents with its zero padding: openssl reads the DER or BER (NSS
# writes indefinite lengths) and ignores the zeros after it
open(sys.argv[2] + '/cms.der', 'wb').write(bytes.fromhex(d[a + b:c].strip()[1:-1].decode()))
open(sys.argv[2] + '/tbs', 'wb').write(d[a:a + b] + d[c:c + e])
PY
}
printf '%-30s %9s %-9s %-10s %-9s %-8s %-6s %-5s %8s\n' file bytes expected verify_pdf pdfsig openssl qpdf agree ms
agree_all=0 total=0
for f in $(ls "$out"/*.pdf | sort); do
  name=$(basename "$f")
  expected=valid
  case $name in *.tampered.pdf) expected=tampered ;; esac
  read -r got ms < <("${psql[@]}" -d dossier_producers -At -F ' ' <<SQL
\\set pdf \`base64 -w0 "$f"\`
SELECT set_config('producers.t0', clock_timestamp()::text, false) AS t0 \\gset
SELECT s.worst_verdict,
       round(extract(epoch FROM clock_timestamp() - current_setting('producers.t0')::timestamptz) * 1000, 1)
FROM dossier.verify_pdf_summary(decode(:'pdf', 'base64'), now(), false) s;
SQL
  )
  ps=$(pdfsig -nssdir "sql:$w/nss" "$f" 2>/dev/null | grep 'Signature Validation' | tail -1 |
       grep -q 'Signature is Valid' && echo valid || echo invalid)
  if last_cms "$f" && openssl cms -verify -binary -inform DER -in "$w/cms.der" -content "$w/tbs" \
       -CAfile "$w/root.pem" -purpose any -out /dev/null >/dev/null 2>&1; then os=valid; else os=invalid; fi
  qpdf --check "$f" >/dev/null 2>&1 && qc=ok || { [ $? -eq 3 ] && qc=warn || qc=error; }
  ok=no
  others=invalid
  [ "$expected" = valid ] && others=valid
  if [ "$got" = "$expected" ] && [ "$ps" = "$others" ] && [ "$os" = "$others" ]; then
    ok=yes
    agree_all=$((agree_all + 1))
  fi
  total=$((total + 1))
  printf '%-30s %9d %-9s %-10s %-9s %-8s %-6s %-5s %8s\n' "$name" "$(stat -c %s "$f")" "$expected" "$got" "$ps" "$os" "$qc" "$ok" "$ms"
done
echo "== $agree_all of $total files: verify_pdf, pdfsig and openssl cms agree with the expected verdict"
if [ -n "${KEEP_DIR:-}" ]; then
  mkdir -p "$KEEP_DIR"
  cp "$out"/*.pdf "$w/root.pem" "$KEEP_DIR"/
  echo "== the files and the root are kept in $KEEP_DIR"
fi
