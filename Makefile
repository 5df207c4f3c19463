# Makefile - memdrill: build, set-up, tests, fuzzers and benchmarks.
#
#   make            build ./memdrill (needs the packages: make deps)
#   make run        install missing packages, build, import cards/, drill
#   make check      install missing packages, build, run every test layer
#   make fuzz       build the libFuzzer harnesses (clang)
#   make bench      run the benchmark scripts in bench/
#   make install    install the binary, man page, completions and data
#   make uninstall  remove what make install put there
#
# Objects go to $(O) (default build/); `make O=build/asan SAN=1` is the
# AddressSanitizer + UndefinedBehaviorSanitizer flavour the tests also run.
# Installation honours PREFIX (/usr/local), BINDIR, DATADIR, MANDIR and
# DESTDIR; the binary looks for its data in $(DATADIR)/memdrill.
#
# Each folder of C is one static library with one responsibility
# (docs/architecture.md); includes name their folder ("util/sbuf.h") and
# tests/layout/check-layers enforces who may include whom.

VERSION = 0.1.0
O ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKGS = sqlite3 libcmark-gfm ncursesw

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
INSTALL ?= install

# pkg-config runs once per make invocation (simply expanded).
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN = -Wall -Wextra -Werror
# No build path reaches a binary: __FILE__ and the debug info name
# sources relative to the top of the tree.
MAPFLAGS = -ffile-prefix-map=$(CURDIR)=.
ALL_CPPFLAGS = -I. -D_GNU_SOURCE -DMEMDRILL_VERSION='"$(VERSION)"' $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARN) $(MAPFLAGS) -MMD -MP $(PKG_CFLAGS) $(CFLAGS) \
	$(SANFLAGS)
# sim/ is libc only: no package flags.
SIM_CFLAGS = -std=gnu11 $(WARN) $(MAPFLAGS) -MMD -MP $(CFLAGS) $(SANFLAGS)
LIBS = $(PKG_LIBS) -lm

ifeq ($(SAN),1)
CFLAGS = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ifeq ($(FUZZ),1)
CC = clang
CFLAGS = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined
endif

# The libraries, in link order: a library may use only those after it.
LIBDIRS = cli tui engine core sim util
lib_src = $(wildcard $(1)/*.c)
lib_obj = $(patsubst %.c,$(O)/%.o,$(call lib_src,$(1)))
LIBCLI_SRC := $(filter-out cli/main.c,$(wildcard cli/*.c))
$(foreach d,$(filter-out cli,$(LIBDIRS)),\
	$(eval $(d)_OBJ := $(call lib_obj,$(d))))
cli_OBJ := $(LIBCLI_SRC:%.c=$(O)/%.o)
# sim/ builds libmmsim.a; every other folder libFOLDER.a.
lib_name = $(if $(filter sim,$(1)),mmsim,$(1))
LIBFILES := $(foreach d,$(LIBDIRS),$(O)/lib$(call lib_name,$(d)).a)

UNIT_SRC := $(wildcard tests/unit/test-*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(O)/fuzz/%)

.PHONY: all deps run check unit fuzz fuzzers bench clean help kmod layout \
	install uninstall FORCE
.DEFAULT_GOAL := all

# ./memdrill is the default build's; another $(O) (make O=build/asan
# SAN=1) keeps its binary there, so a sanitizer build never replaces it
ifeq ($(O),build)
all: memdrill
else
all: $(O)/memdrill
endif

help:
	@sed -n '2,16p' Makefile | sed 's/^# \{0,1\}//'

# Only the default build is copied to ./memdrill (the sanitizer and fuzz
# flavours stay in their own $(O)).
memdrill: $(O)/memdrill
	cp $< $@

$(O)/memdrill: $(O)/cli/main.o $(LIBFILES)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

define lib_rule
$(O)/lib$(call lib_name,$(1)).a: $$($(1)_OBJ)
	@rm -f $$@
	$$(AR) rcs $$@ $$^
endef
$(foreach d,$(LIBDIRS),$(eval $(call lib_rule,$(d))))

# util/paths.o has BINDIR and DATADIR compiled in (where the data is): the
# stamp changes with them, so `make install PREFIX=/usr` after a plain
# `make` rebuilds it instead of installing a binary that looks elsewhere.
PATHS_DEFS = -DMEMDRILL_BINDIR='"$(BINDIR)"' \
	-DMEMDRILL_DATADIR='"$(DATADIR)/memdrill"'
$(O)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(BINDIR) $(DATADIR)' | cmp -s - $@ || \
		echo '$(BINDIR) $(DATADIR)' >$@
$(O)/util/paths.o: $(O)/paths.stamp
$(O)/util/paths.o: ALL_CPPFLAGS += $(PATHS_DEFS)
FORCE:

$(O)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(SIM_CFLAGS) -c -o $@ $<

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%: $(O)/tests/%.o $(LIBFILES)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $< $(LIBFILES) $(LIBS)

unit: $(UNIT_BIN) $(O)/memdrill

$(O)/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/fuzz/%: $(O)/fuzz/%.o $(LIBFILES)
	$(CC) $(CFLAGS) $(LDFLAGS) -fsanitize=fuzzer,address,undefined \
		-o $@ $^ $(LIBS)

fuzzers: $(FUZZ_BIN)

fuzz:
	$(MAKE) O=build/fuzz FUZZ=1 fuzzers

deps:
	@scripts/install-deps

kmod:
	$(MAKE) -C kmod

# Who may include whom (docs/architecture.md); also a test in make check.
layout:
	@tests/layout/check-layers

# The data the binary finds in $(DATADIR)/memdrill (util/paths.h).
DATA_CARDS := $(wildcard cards/*.md)
DATA_LABS := $(wildcard labs/*.md)
DATA_SCN := $(wildcard labs/scenarios/*.scn)
DATA_EX := $(wildcard labs/exercises/*/*.c labs/exercises/*/*/*.c)
DATA_KMOD := kmod/Kbuild kmod/Makefile $(wildcard kmod/*.c kmod/*.h)
DATA := $(DESTDIR)$(DATADIR)/memdrill

install: $(O)/memdrill
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
		$(DATA)/cards $(DATA)/labs/scenarios $(DATA)/kmod $(DATA)/engine
	$(INSTALL) -m 0755 $(O)/memdrill $(DESTDIR)$(BINDIR)/memdrill
	$(INSTALL) -m 0644 docs/memdrill.1 $(DESTDIR)$(MANDIR)/man1/memdrill.1
	$(INSTALL) -m 0644 completion/memdrill.bash \
		$(DESTDIR)$(BASHCOMPDIR)/memdrill
	$(INSTALL) -m 0644 completion/_memdrill $(DESTDIR)$(ZSHCOMPDIR)/_memdrill
	$(INSTALL) -m 0644 $(DATA_CARDS) $(DATA)/cards
	$(INSTALL) -m 0644 $(DATA_LABS) $(DATA)/labs
	$(INSTALL) -m 0644 $(DATA_SCN) $(DATA)/labs/scenarios
	for f in $(DATA_EX); do \
		$(INSTALL) -d $(DATA)/$${f%/*} && \
		$(INSTALL) -m 0644 $$f $(DATA)/$$f || exit 1; \
	done
	$(INSTALL) -m 0644 $(DATA_KMOD) $(DATA)/kmod
	$(INSTALL) -m 0755 engine/guest-helpers $(DATA)/engine/guest-helpers
	$(INSTALL) -m 0644 docs/config.example $(DATA)/config.example

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/memdrill $(DESTDIR)$(MANDIR)/man1/memdrill.1 \
		$(DESTDIR)$(BASHCOMPDIR)/memdrill $(DESTDIR)$(ZSHCOMPDIR)/_memdrill
	rm -rf $(DATA)

run: deps
	$(MAKE) all
	-./memdrill import
	./memdrill

check: deps
	$(MAKE) all unit
	$(MAKE) O=build/asan SAN=1 unit
	tests/run-all

bench: all
	@for b in bench/*.sh; do case $$b in */lib.sh) continue ;; esac; \
		echo "== $$b"; sh $$b || exit 1; done

clean:
	rm -rf build memdrill
	-$(MAKE) -C kmod clean 2>/dev/null

-include $(shell find $(O) -path $(O)/cache -prune -o -name '*.d' -type f -print 2>/dev/null)
