# Makefile for the dossier PostgreSQL extension (PGXS).
#
#   make test          install missing Debian packages, build, install, run every suite
#   make demo          the same install, then a persistent demo instance
#   make demo-stop     stop the demo instance
#   make installcheck  pg_regress + isolation against the server named by PG* variables
#   make unit          cmocka unit tests of src/core (ASan + UBSan)
#   make fuzz-smoke    every libFuzzer harness, briefly; make fuzz: for long
#   make bench         benchmarks in bench/ (prints figures, asserts nothing)
#   make tap           TAP tests in test/tap (restart, crash, dump and restore, drivers)
#
# The tree is cut by capability; each name below is a folder under src/core,
# src/pg, sql, expected, test/unit, test/fuzz and docs/reference wherever
# that capability has something there (docs/DEVELOPING.md).  Files are found
# by wildcard, so adding to a capability means adding files.  The order is
# the order the SQL suites run in: each capability after those it uses.
CAPABILITIES = common identifiers catalogue calendar trust cms pdf lifecycle access privacy receipt extension

EXTENSION  = dossier
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" dossier.control)

MODULE_big = dossier
CORE_SRCS  = $(sort $(wildcard src/core/*/*.c))
PG_SRCS    = $(sort $(wildcard src/pg/*/*.c))
CORE_HDRS  = $(wildcard src/core/*/*.h)
PG_HDRS    = $(wildcard src/pg/*/*.h)
CORE_OBJS  = $(CORE_SRCS:.c=.o)
PG_OBJS    = $(PG_SRCS:.c=.o)
OBJS       = $(CORE_OBJS) $(PG_OBJS)

# Includes name their layer: #include "core/cms/cms_verify.h",
# #include "pg/common/dossier.h".
PG_CPPFLAGS = -Isrc
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter -Wno-missing-field-initializers
CORE_LIBS   = -lcrypto -lqpdf -lqrencode
SHLIB_LINK  = $(CORE_LIBS)

# Assertions: make ASSERTS=1 keeps the core's assert() and turns on the
# glue's Assert() (USE_ASSERT_CHECKING); make test builds that way.  Without
# it the core is built with NDEBUG and Assert() is empty, as in a release
# build of PostgreSQL.  build/asserts remembers the choice so that changing
# it rebuilds the objects.
ASSERTS ?= 0
ifeq ($(ASSERTS),1)
$(PG_OBJS): override CFLAGS += -DUSE_ASSERT_CHECKING
else
$(CORE_OBJS): override CFLAGS += -DNDEBUG
endif
$(shell mkdir -p build && (echo '$(ASSERTS)' | cmp -s - build/asserts || echo '$(ASSERTS)' > build/asserts))

# The install script of the version under development is assembled from its
# parts, and so is each upgrade script into it, from the parts in
# extension/upgrade/<from>--<to>/; install scripts of released versions are
# frozen files (docs/DEVELOPING.md, "Releasing a version").
INSTALL_PARTS   = $(sort $(wildcard extension/parts/*.sql))
UPGRADES        = $(notdir $(wildcard extension/upgrade/*--*))
UPGRADE_SCRIPTS = $(foreach u,$(UPGRADES),extension/$(EXTENSION)--$(u).sql)
DATA_built      = extension/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_SCRIPTS)
DATA            = $(filter-out $(DATA_built),$(wildcard extension/$(EXTENSION)--*.sql))

# pg_regress suites: sql/<capability>/<name>.sql, run as <capability>/<name>
# in the order of CAPABILITIES; pg_regress writes results/<capability>/,
# which it does not create itself.
REGRESS       = $(foreach c,$(CAPABILITIES),$(patsubst sql/%.sql,%,$(sort $(wildcard sql/$(c)/*.sql))))
REGRESS_PREP  = results-dirs
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
$(OBJS): $(CORE_HDRS) $(PG_HDRS) build/asserts

# The layer rules, checked on every build (scripts/check-layers.sh): no core
# file includes a PostgreSQL header or calls the glue, no basename appears
# twice under src/, no two files depend on each other in a circle.
all: check-layers
check-layers: $(OBJS)
	@scripts/check-layers.sh $(OBJS)

results-dirs:
	@mkdir -p $(addprefix results/,$(CAPABILITIES))

# PL/pgSQL raises the extension's SQLSTATEs as '@ERRCODE_NAME@', replaced
# here with the code src/pg/common/sqlstate.h defines: one registry for C and
# SQL.  A name the registry lacks stops the build.
SQLSTATE_H = src/pg/common/sqlstate.h
define assemble-sql
	sed -n "s/^#define \(ERRCODE_[A-Z0-9_]*\)[[:space:]]*MAKE_SQLSTATE('\(.\)','\(.\)','\(.\)','\(.\)','\(.\)').*/s|@\1@|\2\3\4\5\6|g/p" \
	  $(SQLSTATE_H) > $@.sed
	cat $(1) | sed -f $@.sed > $@.tmp
	rm -f $@.sed
	@if grep -n '@ERRCODE_' $@.tmp; then \
	  echo "$@: an @ERRCODE_...@ above is not in $(SQLSTATE_H)" >&2; rm -f $@.tmp; exit 1; fi
	mv $@.tmp $@
endef
extension/$(EXTENSION)--$(EXTVERSION).sql: $(INSTALL_PARTS) $(SQLSTATE_H)
	$(call assemble-sql,$(INSTALL_PARTS))
.SECONDEXPANSION:
$(UPGRADE_SCRIPTS): extension/$(EXTENSION)--%.sql: $$(sort $$(wildcard extension/upgrade/%/*.sql)) $(SQLSTATE_H)
	$(call assemble-sql,$(sort $(wildcard extension/upgrade/$*/*.sql)))

# Reference data the catalogue loader reads at run time (see docs/reference/catalogue/catalogue.md).
DATA_DIR = $(datadir)/$(EXTENSION)
install: install-refdata
install-refdata:
	$(MKDIR_P) '$(DESTDIR)$(DATA_DIR)/admin-units'
	$(INSTALL_DATA) $(wildcard data/admin-units/*) '$(DESTDIR)$(DATA_DIR)/admin-units/'

installcheck-regress: results-dirs
	$(pg_regress_installcheck) $(REGRESS_OPTS) $(REGRESS)

installcheck-isolation:
	$(pg_isolation_regress_installcheck) $(ISOLATION_OPTS) $(ISOLATION)

# ---- unit tests and fuzzers: src/core only, built with sanitizers --------
# The core is compiled once per flavour into an archive (build/san for the
# unit tests, build/fuzz with libFuzzer's coverage) and each test or harness
# links it.  Both keep assert() on.
SAN_CC     ?= clang
SAN_FLAGS   = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=all -Wall -Wextra -Werror -Wno-unused-parameter -Isrc
UNIT_SRCS   = $(sort $(wildcard test/unit/*/test_*.c))
UNIT_BINS   = $(addprefix build/unit/,$(notdir $(UNIT_SRCS:.c=)))
FUZZ_SRCS   = $(sort $(wildcard test/fuzz/*/fuzz_*.c))
FUZZ_BINS   = $(addprefix build/fuzz/,$(notdir $(FUZZ_SRCS:.c=)))
SAN_OBJS    = $(patsubst src/%.c,build/san/%.o,$(CORE_SRCS))
FUZZCOV_OBJS = $(patsubst src/%.c,build/fuzzcov/%.o,$(CORE_SRCS))

build/san/%.o: src/%.c $(CORE_HDRS)
	@mkdir -p $(dir $@)
	$(SAN_CC) $(SAN_FLAGS) -c -o $@ $<
build/fuzzcov/%.o: src/%.c $(CORE_HDRS)
	@mkdir -p $(dir $@)
	clang $(SAN_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/libcore-san.a: $(SAN_OBJS)
	rm -f $@ && ar rcs $@ $^
build/libcore-fuzz.a: $(FUZZCOV_OBJS)
	rm -f $@ && ar rcs $@ $^

vpath test_%.c $(sort $(dir $(UNIT_SRCS)))
vpath fuzz_%.c $(sort $(dir $(FUZZ_SRCS)))

build/unit/%: %.c build/libcore-san.a $(wildcard test/unit/*.h test/unit/*/*.h)
	@mkdir -p build/unit
	$(SAN_CC) $(SAN_FLAGS) -Itest/unit -o $@ $< build/libcore-san.a -lcmocka $(CORE_LIBS)

build/fuzz/%: %.c build/libcore-fuzz.a
	@mkdir -p build/fuzz
	clang $(SAN_FLAGS) -fsanitize=fuzzer -o $@ $< build/libcore-fuzz.a $(CORE_LIBS)

unit-build: $(UNIT_BINS)
fuzz-build: $(FUZZ_BINS)

unit: unit-build
	@scripts/run-unit.sh $(UNIT_BINS)

FUZZ_SECONDS ?= 600
fuzz-smoke: fuzz-build
	@scripts/run-fuzz.sh 5 $(FUZZ_SRCS)
fuzz: fuzz-build
	@scripts/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_SRCS)

# ---- a driver's view: libpq with untyped parameters ----------------------
# test/driver/driver_params.c sends parameters as a driver does
# (PQexecParams, paramTypes = NULL); test/tap/010_access_driver.pl runs it
# (scripts/run-tap.sh builds it and copies it beside the TAP tests).
DRIVER_SRCS = $(sort $(wildcard test/driver/*.c))
DRIVER_BINS = $(addprefix build/driver/,$(notdir $(DRIVER_SRCS:.c=)))
build/driver/%: test/driver/%.c
	@mkdir -p build/driver
	$(CC) -Wall -Wextra -Werror -O1 -I$(shell $(PG_CONFIG) --includedir) -o $@ $< \
	  -L$(shell $(PG_CONFIG) --libdir) -lpq
driver: $(DRIVER_BINS)

# ---- the two commands -----------------------------------------------------
test:
	@scripts/test.sh

demo:
	@scripts/demo.sh start

demo-stop:
	@scripts/demo.sh stop

bench:
	@scripts/bench.sh

.PHONY: check-layers results-dirs install-refdata installcheck-regress installcheck-isolation unit unit-build \
        fuzz fuzz-smoke fuzz-build driver test demo demo-stop bench

tap:
	@scripts/run-tap.sh
.PHONY: tap
