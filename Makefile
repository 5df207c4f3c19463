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

VERSION = 0.1.0
O ?= build
CC ?= cc
CFLAGS ?= -O2 -g
PKGS = sqlite3 libcmark-gfm ncursesw

WARN = -Wall -Wextra -Werror
BASE_CFLAGS = -std=gnu11 $(WARN) -MMD -MP -D_GNU_SOURCE
DRILL_CFLAGS = $(BASE_CFLAGS) -Isim -Idrill \
	-DMEMDRILL_VERSION='"$(VERSION)"' -DMEMDRILL_SRCDIR='"$(CURDIR)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
SIM_CFLAGS = $(BASE_CFLAGS) -Isim
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm

ifeq ($(SAN),1)
CFLAGS = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all
endif
ifeq ($(FUZZ),1)
CC = clang
CFLAGS = -O1 -g -fno-omit-frame-pointer
SANFLAGS = -fsanitize=fuzzer-no-link,address,undefined
endif

DRILL_SRC := $(filter-out drill/main.c,$(wildcard drill/*.c))
SIM_SRC := $(wildcard sim/*.c)
UNIT_SRC := $(wildcard tests/unit/test-*.c)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz-*.c)

DRILL_OBJ := $(DRILL_SRC:%.c=$(O)/%.o)
SIM_OBJ := $(SIM_SRC:%.c=$(O)/%.o)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(O)/fuzz/%)
LIBMMSIM := $(O)/libmmsim.a

.PHONY: all deps run check unit fuzz fuzzers bench clean help kmod
.DEFAULT_GOAL := all

all: memdrill

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

memdrill: $(O)/memdrill
	cp $< $@

$(O)/memdrill: $(O)/drill/main.o $(DRILL_OBJ) $(LIBMMSIM)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LIBS)

$(LIBMMSIM): $(SIM_OBJ)
	rm -f $@
	ar rcs $@ $^

$(O)/drill/%.o: drill/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(DRILL_CFLAGS) -c -o $@ $<

$(O)/sim/%.o: sim/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(SIM_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(DRILL_CFLAGS) -Itests/unit -c -o $@ $<

$(O)/tests/%: $(O)/tests/%.o $(DRILL_OBJ) $(LIBMMSIM)
	$(CC) $(CFLAGS) $(SANFLAGS) -o $@ $^ $(LIBS)

unit: $(UNIT_BIN) $(O)/memdrill

$(O)/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(SANFLAGS) $(DRILL_CFLAGS) -c -o $@ $<

$(O)/fuzz/%: $(O)/fuzz/%.o $(DRILL_OBJ) $(LIBMMSIM)
	$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

fuzzers: $(FUZZ_BIN)

fuzz:
	$(MAKE) O=build/fuzz FUZZ=1 fuzzers

deps:
	@scripts/install-deps

kmod:
	$(MAKE) -C kmod

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
