# scripts/lib.sh: helpers shared by test.sh, demo.sh and bench.sh.
#
# Sourced, not run.  Works as root (CI) or as a user with sudo.

PG_MAJOR=15
PG_BINDIR=${PG_BINDIR:-/usr/lib/postgresql/$PG_MAJOR/bin}
export PG_CONFIG=$PG_BINDIR/pg_config

# The Debian packages the tree needs, and why.
DEB_PACKAGES=(
  make gcc clang                          # build; clang for libFuzzer and sanitizers
  postgresql-$PG_MAJOR                    # server, pgcrypto, pg_regress runtime
  postgresql-server-dev-$PG_MAJOR         # PGXS, pg_regress, pg_isolation_regress
  postgresql-$PG_MAJOR-postgis-3          # required extension: postgis
  postgresql-$PG_MAJOR-postgis-3-scripts
  libcmocka-dev                           # unit tests of src/core
  libssl-dev                              # OpenSSL: digests, X.509, CMS, revocation
  libqpdf-dev                             # qpdf C API: PDF objects and revisions (src/core/pdf/)
  qpdf                                    # the CLI makes test PDFs (test/fixtures/gen/make_pdf.sh)
  libqrencode-dev                         # QR codes of receipt slips and posters (src/core/receipt/)
  librsvg2-bin                            # rsvg-convert renders QR codes for zbarimg (test/unit/receipt/test_qr_svg.c)
  zbar-tools                              # zbarimg reads them back: a decoder independent of libqrencode
  poppler-utils                           # pdfsig: a reference verifier for benchmarks, signs test PDFs
  libpodofo-utils                         # podofosign signs test PDFs (test/fixtures/gen/make_producers.sh)
  libnss3-tools                           # certutil, pk12util: the NSS database pdfsig signs test PDFs from
  openssl                                 # the CLI makes test PKIs in the suites
  libclang-rt-14-dev                      # sanitizer and libFuzzer runtimes
  libipc-run-perl                         # TAP tests (PostgreSQL::Test::Cluster)
  libpq-dev                               # test/driver/driver_params.c: a driver's untyped parameters
  python3-psycopg                         # test/driver/driver_psycopg.py: psycopg 3, as an application uses it
)

# Run a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Run a command as the postgres OS user (the server refuses to run as root).
as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

# Install whichever of DEB_PACKAGES are missing; print what it does.
ensure_deps() {
  local missing=() p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
      || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    echo "== all required Debian packages are installed"
    return 0
  fi
  echo "== installing missing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "${missing[@]}"
}

# Build with warnings as errors and install into the PostgreSQL tree.
build_and_install() {
  echo "== building and installing the extension"
  make -s PG_CONFIG="$PG_CONFIG" all
  as_root make -s PG_CONFIG="$PG_CONFIG" install
}

# Start a server as postgres with data in $1/data and its socket in $1.
# Unix socket only; fsync off unless $2 is "durable".
start_instance() {
  local dir=$1 durable=${2:-}
  local extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "$durable" = durable ] && extra=""
  as_root chown postgres: "$dir"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    as_postgres "$PG_BINDIR/initdb" -D "$dir/data" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log"; return 1; }
  fi
  as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s \
    -o "-c listen_addresses='' -k $dir -p 5432 $extra -c max_connections=50 -c max_prepared_transactions=10" \
    start
}

# Stop the server whose data lives in $1/data, if it runs.
stop_instance() {
  local dir=$1
  [ -f "$dir/data/postmaster.pid" ] || return 0
  as_postgres "$PG_BINDIR/pg_ctl" -D "$dir/data" -m fast -w -s stop || true
}
