# Makefile for the dossier PostgreSQL extension (PGXS).
#
#   make test          install missing Debian packages, build, install, run every suite
#   make demo          the same install, then a persistent demo instance
#   make demo-stop     stop the demo instance
#   make installcheck  pg_regress + isolation against the server named by PG* variables
#   make unit          cmocka unit tests of src/core (ASan + UBSan)
#   make fuzz-smoke    every libFuzzer harness, briefly; make fuzz: for long
#   make bench         benchmarks in bench/ (prints figures, asserts nothing)
#   make tap           TAP tests in test/tap (restart, crash, dump and restore)
#
# Source files are found by wildcard, so adding a concern means adding files:
# src/core/*.c, src/pg/*.c, extension/parts/*.sql, sql/*.sql, test/unit/test_*.c,
# test/fuzz/fuzz_*.c, test/isolation/specs/*.spec.

EXTENSION  = dossier
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" dossier.control)

MODULE_big = dossier
CORE_SRCS  = $(sort $(wildcard src/core/*.c))
PG_SRCS    = $(sort $(wildcard src/pg/*.c))
OBJS       = $(CORE_SRCS:.c=.o) $(PG_SRCS:.c=.o)

PG_CPPFLAGS = -Isrc/core -Isrc/pg
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers \
              -Wno-sign-compare
CORE_LIBS   = -lcrypto -lqpdf
SHLIB_LINK  = $(CORE_LIBS)

# The install script of the current version is assembled from its parts;
# scripts of released versions and upgrade scripts are kept as files.
INSTALL_PARTS = $(sort $(wildcard extension/parts/*.sql))
DATA_built    = extension/$(EXTENSION)--$(EXTVERSION).sql
DATA          = $(filter-out $(DATA_built),$(wildcard extension/$(EXTENSION)--*.sql))

REGRESS       = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS  = --load-extension=postgis --load-extension=pgcrypto \
                --load-extension=$(EXTENSION)
ISOLATION     = $(sort $(basename $(notdir $(wildcard test/isolation/specs/*.spec))))
ISOLATION_OPTS = --inputdir=test/isolation --outputdir=output_iso \
                 --load-extension=postgis --load-extension=pgcrypto \
                 --load-extension=$(EXTENSION)

EXTRA_CLEAN = build results regression.diffs regression.out output_iso

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies (Debian's server is built without
# --enable-depend): a changed struct must rebuild every object that may use
# it, or a stale object reads it with the old layout.
$(OBJS): $(wildcard src/core/*.h src/pg/*.h)

$(DATA_built): $(INSTALL_PARTS)
	cat $^ > $@

# Reference data the catalogue loader reads at run time (see docs/catalogue.md).
DATA_DIR = $(datadir)/$(EXTENSION)
install: install-refdata
install-refdata:
	$(MKDIR_P) '$(DESTDIR)$(DATA_DIR)/admin-units'
	$(INSTALL_DATA) $(wildcard data/admin-units/*) '$(DESTDIR)$(DATA_DIR)/admin-units/'

installcheck-regress:
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS)

installcheck-isolation:
	$(pg_isolation_regress_installcheck) $(ISOLATION_OPTS) $(ISOLATION)

# ---- unit tests and fuzzers: src/core only, built with sanitizers --------
SAN_CC     ?= clang
SAN_FLAGS   = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter -Isrc/core
UNIT_SRCS   = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS   = $(patsubst test/unit/%.c,build/unit/%,$(UNIT_SRCS))
FUZZ_SRCS   = $(sort $(wildcard test/fuzz/fuzz_*.c))
FUZZ_BINS   = $(patsubst test/fuzz/%.c,build/fuzz/%,$(FUZZ_SRCS))

build/unit/%: test/unit/%.c $(CORE_SRCS) $(wildcard src/core/*.h test/unit/*.h)
	@mkdir -p build/unit
	$(SAN_CC) $(SAN_FLAGS) -o $@ $< $(CORE_SRCS) -lcmocka $(CORE_LIBS)

build/fuzz/%: test/fuzz/%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	@mkdir -p build/fuzz
	clang $(SAN_FLAGS) -fsanitize=fuzzer -o $@ $< $(CORE_SRCS) $(CORE_LIBS)

unit-build: $(UNIT_BINS)
fuzz-build: $(FUZZ_BINS)

unit: unit-build
	@scripts/run-unit.sh $(UNIT_BINS)

FUZZ_SECONDS ?= 600
fuzz-smoke: fuzz-build
	@scripts/run-fuzz.sh 5 $(FUZZ_BINS)
fuzz: fuzz-build
	@scripts/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# ---- the two commands -----------------------------------------------------
test:
	@scripts/test.sh

demo:
	@scripts/demo.sh start

demo-stop:
	@scripts/demo.sh stop

bench:
	@scripts/bench.sh

.PHONY: install-refdata installcheck-regress installcheck-isolation unit unit-build \
        fuzz fuzz-smoke fuzz-build test demo demo-stop bench

tap:
	@scripts/run-tap.sh
.PHONY: tap
