# Makefile - memdrill: build, set-up, tests, fuzzers and benchmarks.
#
#   make            build ./memdrill (needs the packages: make deps)
#   make run        install missing packages, build, import cards/, drill
#   make check      install missing packages, build, run every test layer
#   make fuzz       build the libFuzzer harnesses (clang)
#   make bench      run the benchmark scripts in bench/
#
# Objects go to $(O) (default build/); `make O=build/asan SAN=1` is the
# AddressSanitizer + UndefinedBehaviorSanitizer flavour the tests also run.
#
# Each folder of C is one static library with one responsibility
# (docs/architecture.md); includes name their folder ("util/sbuf.h") and
# tests/layout/check-layers enforces who may include whom.

VERSION = 0.1.0
O ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKGS = sqlite3 libcmark-gfm ncursesw

# pkg-config runs once per make invocation (simply expanded).
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN = -Wall -Wextra -Werror
ALL_CPPFLAGS = -I. -D_GNU_SOURCE -DMEMDRILL_VERSION='"$(VERSION)"' \
	-DMEMDRILL_SRCDIR='"$(CURDIR)"' $(CPPFLAGS)
ALL_CFLAGS = -std=gnu11 $(WARN) -MMD -MP $(PKG_CFLAGS) $(CFLAGS) $(SANFLAGS)
# sim/ is libc only: no package flags.
SIM_CFLAGS = -std=gnu11 $(WARN) -MMD -MP $(CFLAGS) $(SANFLAGS)
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

.PHONY: all deps run check unit fuzz fuzzers bench clean help kmod layout
.DEFAULT_GOAL := all

all: memdrill

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

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

$(O)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(SIM_CFLAGS) -c -o $@ $<

$(O)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CPPFLAGS) -Itests/unit $(ALL_CFLAGS) -c -o $@ $<

# A group: engine/simhost.c still calls cli/'s msg_*() (on the layout
# check's moving list), and a test links no command that pulls msg.o in.
$(O)/tests/%: $(O)/tests/%.o $(LIBFILES)
	$(CC) $(CFLAGS) $(SANFLAGS) $(LDFLAGS) -o $@ $< \
		-Wl,--start-group $(LIBFILES) -Wl,--end-group $(LIBS)

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

run: deps
	$(MAKE) all
	./memdrill import
	./memdrill

check: deps
	$(MAKE) all unit
	$(MAKE) O=build/asan SAN=1 unit
	tests/run-all

bench: all
	@for b in bench/*.sh; do echo "== $$b"; sh $$b || exit 1; done

clean:
	rm -rf build memdrill
	-$(MAKE) -C kmod clean 2>/dev/null

-include $(shell find $(O) -name '*.d' 2>/dev/null)
