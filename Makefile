# SPDX-License-Identifier: 0BSD
# hupbox: `make` builds for the host (x86_64, static musl), `make test` tests it.
# `make help` lists every target.

TARGET ?= x86_64
O ?= build/$(TARGET)
override O := $(patsubst %/,%,$(O))
DEFCONFIG ?= config/defconfig
PYTHON ?= /usr/bin/python3
HOSTCC ?= cc
WERROR ?=
T ?=
DESTDIR ?=
PREFIX ?=

ifeq ($(wildcard toolchains/$(TARGET).mk),)
$(error unknown TARGET '$(TARGET)': see toolchains/*.mk)
endif
include toolchains/$(TARGET).mk

CONFIG := $(O)/.config
config_goals := test-asan menuconfig defconfig allnoconfig allyesconfig olddefconfig \
	savedefconfig oldconfig clean distclean help test-all boot-test-all bench

# Building needs no Python: with no .config, the shipped defconfig (a full
# .config) is copied.
ifeq ($(filter $(config_goals),$(MAKECMDGOALS)),)
ifeq ($(wildcard $(CONFIG)),)
$(shell mkdir -p $(O) && cp $(DEFCONFIG) $(CONFIG))
endif
endif
-include $(CONFIG)
# Static musl (MUSL, the libc's directory, comes from the toolchain file):
# libcore/musl.c has smaller stand-ins for parts of musl that serve only
# threads, stdio, locales and long strings, and toolchains/musl.awk checks
# in every link map that what they assume still holds (docs/HACKING.md).
MUSL_STATIC := $(if $(CONFIG_DYNAMIC),,$(if $(MUSL),y))
include Kbuild

OBJS := $(addprefix $(O)/,$(sort $(obj-y)))
APPLET_SRCS := $(patsubst %.o,%.c,$(filter applets/%,$(sort $(obj-y))))

# -Oz (gcc 12, clang) where the compiler has it: 1% smaller than -Os on x86_64.
OZ := $(shell $(CC) -Oz -E -x c /dev/null >/dev/null 2>&1 && echo -Oz || echo -Os)
CFLAGS_OPT := $(if $(CONFIG_OPTIMIZE_SPEED),-O2,$(OZ))
ifeq ($(CONFIG_DEBUG),y)
CFLAGS_OPT := -O0 -g
endif
CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra $(if $(WERROR),-Werror) \
	$(CFLAGS_OPT) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector \
	-Ilibcore -I$(O)/include -idirafter $(O)/khdr $(ARCH_CFLAGS) $(SIZE_CFLAGS) \
	-DHB_ARCH_$(ARCH) $(if $(CONFIG_LTO),-flto) $(if $(CONFIG_DYNAMIC),,-fno-pie) \
	$(EXTRA_CFLAGS)
# A static binary gains nothing from RELRO or separate code pages, and the
# page padding they need is a large part of a small file.
# Nor from position independence: -fno-pie is 1.5% smaller on x86_64.
# A small common page size keeps ld from padding the file up to a page
# boundary before the data, which it does to save at most one page of
# RAM: flash is what a router lacks (up to a page less).
LDFLAGS_STATIC := -static -no-pie -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none -Wl,-z,common-page-size=16
LDFLAGS := -Wl,--gc-sections $(if $(CONFIG_DYNAMIC),,$(LDFLAGS_STATIC)) \
	$(if $(CONFIG_LTO),-flto $(CFLAGS_OPT)) $(LDFLAGS_ARCH) $(EXTRA_LDFLAGS)
# Static musl: crt1.o, musl's _start, is the only start file it needs.
# gcc's crtbeginS.o and crtendS.o serve C++ constructors, transactional-
# memory clones and unwind frames, none of which hupbox has, and crti.o and
# crtn.o frame .init and .fini code that nothing has (musl calls weak empty
# _init and _fini then; musl.awk checks), nor the sections and GOT they
# brought.
ifeq ($(MUSL_STATIC),y)
LDFLAGS += -nostartfiles
CRT_BEGIN := $(MUSL)/crt1.o
# Where code alignment is only a speed hint (x86: LIBC_CODE_ALIGN := 1 in
# the toolchain file), hupbox links a copy of libc.a whose code sections
# ask for that alignment: musl's 16-byte function alignment pads its
# functions.  Data keeps its alignment (aligned
# SSE loads need it).
ifneq ($(LIBC_CODE_ALIGN),)
LIBC_COPY := $(O)/libc/libc.a
LDFLAGS += -L$(O)/libc
endif
endif
ifeq ($(CONFIG_SANITIZE),y)
ifneq ($(HOST_BUILD),y)
$(error CONFIG_SANITIZE needs TARGET=host)
endif
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif

all: $(O)/hupbox

# Everything is rebuilt when the compiler or a flag changes (a toolchain
# file, this Makefile, EXTRA_CFLAGS): $(O)/flags holds them and is
# rewritten only then, so a stale object never survives a flag change.
BUILD_FLAGS := $(CC) $(CFLAGS) | $(LDFLAGS) $(CRT_BEGIN)
ifneq ($(BUILD_FLAGS),$(file <$(O)/flags))
$(shell mkdir -p $(O))
$(file >$(O)/flags,$(BUILD_FLAGS))
endif

$(O)/hupbox: $(O)/hupbox.unstripped
ifeq ($(CONFIG_DEBUG),y)
	cp $< $@
else
	$(STRIP) -s -R .comment -R .note -o $@ $<
endif
	@echo "  $@: $$(wc -c < $@) bytes"

$(O)/hupbox.unstripped: $(OBJS) $(O)/flags $(if $(MUSL_STATIC),toolchains/musl.awk) $(LIBC_COPY)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CRT_BEGIN) $(OBJS) -Wl,-Map,$(O)/hupbox.map -Wl,--cref
ifeq ($(MUSL_STATIC),y)
	awk -f toolchains/musl.awk $(O)/hupbox.map || { rm -f $@; exit 1; }
endif

# A program that calls printf, compiled and linked as hupbox is (its
# flags, crt1.o alone, musl.o, the libc copy) into MUSL_CHECK_DIR:
# musl.awk must refuse its map.  tests/musl.test.
MUSL_CHECK_DIR ?= $(O)/musl-check
musl-check-printf: $(O)/libcore/musl.o $(LIBC_COPY)
	@mkdir -p $(MUSL_CHECK_DIR)
	printf '#include <stdio.h>\nint main(void) { return printf("%%d\\n", 1) < 0; }\n' > $(MUSL_CHECK_DIR)/p.c
	$(CC) $(CFLAGS) $(LDFLAGS) -o $(MUSL_CHECK_DIR)/p $(CRT_BEGIN) $(MUSL_CHECK_DIR)/p.c $(O)/libcore/musl.o \
		-Wl,-Map,$(MUSL_CHECK_DIR)/p.map -Wl,--cref
	awk -f toolchains/musl.awk $(MUSL_CHECK_DIR)/p.map

$(O)/libc/libc.a: $(MUSL)/libc.a $(O)/flags
	@mkdir -p $(dir $@)
	$(OBJCOPY) --set-section-alignment '.text*=$(LIBC_CODE_ALIGN)' $< $@

# Its string functions are loops that gcc could turn into calls to themselves.
$(O)/libcore/musl.o: CFLAGS += -fno-tree-loop-distribute-patterns -fno-lto

$(O)/%.o: %.c $(O)/include/autoconf.h $(O)/include/applets.h $(O)/flags | $(O)/khdr
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

# The C view of .config, generated without Python.
$(O)/include/autoconf.h: $(CONFIG)
	@mkdir -p $(dir $@)
	sed -n -e 's/^CONFIG_\([A-Za-z0-9_]*\)=y$$/#define CONFIG_\1 1/p' \
		-e 's/^CONFIG_\([A-Za-z0-9_]*\)=\([^y].*\)$$/#define CONFIG_\1 \2/p' $< > $@.tmp
	mv $@.tmp $@

# The applet table: the //applet: line of every enabled applet.
$(O)/include/applets.h: $(CONFIG) $(APPLET_SRCS) Kbuild
	@mkdir -p $(dir $@)
	sed -n 's|^//applet:||p' $(APPLET_SRCS) /dev/null | LC_ALL=C sort > $@.tmp
	mv $@.tmp $@

# Kernel headers for musl builds: only linux/, asm/ and asm-generic/ of the
# target's linux-libc-dev, never its glibc headers.
$(O)/khdr:
	@mkdir -p $@
	$(if $(KHDR),ln -sfn $(KHDR)/linux $@/linux; ln -sfn $(KHDR)/asm-generic $@/asm-generic; ln -sfn $(KHDR_ASM) $@/asm)

# ---- configuration (kconfiglib) ----
$(O)/Kconfig.applets: $(wildcard applets/*.c)
	@mkdir -p $(O)
	sed -n 's|^//config:||p' $^ > $@

KCONFIG_ENV := KCONFIG_CONFIG=$(CONFIG) HUPBOX_APPLETS_KCONFIG=$(O)/Kconfig.applets srctree=$(CURDIR)
KCONFIG_CHECK := @$(PYTHON) -c 'import kconfiglib' 2>/dev/null || { \
	echo "kconfiglib not found for $(PYTHON): apt-get install python3-kconfiglib (or toolchains/setup --build)" >&2; exit 1; }

menuconfig oldconfig olddefconfig allnoconfig allyesconfig: $(O)/Kconfig.applets
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m $@ config/Kconfig

defconfig: $(O)/Kconfig.applets
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig config/Kconfig $(DEFCONFIG)

savedefconfig: $(O)/Kconfig.applets
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig config/Kconfig --out $(O)/defconfig
	@echo "minimal configuration written to $(O)/defconfig"

# ---- tests ----
TOOLS := build/tools
TEST_HELPERS := $(patsubst tests/helpers/%.c,$(TOOLS)/%,$(wildcard tests/helpers/*.c))

$(TOOLS)/%: tests/helpers/%.c
	@mkdir -p $(TOOLS)
	$(HOSTCC) -O2 -Wall -Wextra $(if $(WERROR),-Werror) -D_GNU_SOURCE -o $@ $< -lutil
# fmt-check builds libcore's formatter itself
$(TOOLS)/fmt-check: libcore/fmt.c libcore/hb.h
# and getopt-check its option parser, seconds-check its seconds parser
$(TOOLS)/getopt-check: libcore/getopt.c libcore/parse.c libcore/hb.h
$(TOOLS)/seconds-check: libcore/parse.c libcore/hb.h

test: $(O)/hupbox $(TEST_HELPERS)
	HUPBOX=$(CURDIR)/$(O)/hupbox QEMU="$(QEMU)" TOOLS=$(CURDIR)/$(TOOLS) \
		HB_TARGET=$(TARGET) HB_SRC=$(CURDIR) \
		sh tests/runtest.sh $(T)

# The long loops (tests/stress/*.test), same harness with an hour per
# file: CI runs them after `make test`, which stays fast.
stress: $(O)/hupbox $(TEST_HELPERS)
	HUPBOX=$(CURDIR)/$(O)/hupbox QEMU="$(QEMU)" TOOLS=$(CURDIR)/$(TOOLS) \
		HB_TARGET=$(TARGET) HB_SRC=$(CURDIR) TESTDIR=tests/stress \
		HB_TEST_TIMEOUT=$${HB_TEST_TIMEOUT:-3600} sh tests/runtest.sh $(T)

# Every release target in turn under qemu-user, one summary line each.
TARGETS := x86_64 armhf armel aarch64 mipsel mips
test-all:
	@MAKE="$(MAKE)" sh tests/test-all.sh $(TARGETS)

# hupbox as PID 1 of Debian's kernel under qemu-system (docs/boot-test.md).
BOOT_HELPERS := $(patsubst tests/helpers/%.c,$(O)/boot/helpers/%,$(wildcard tests/helpers/*.c))
# A helper that only builds for the host is left out of the guest.
$(O)/boot/helpers/%: tests/helpers/%.c | $(O)/khdr
	@mkdir -p $(dir $@)
	@$(CC) $(ARCH_CFLAGS) -O2 -static -D_GNU_SOURCE -idirafter $(O)/khdr -o $@ $< -lutil || \
		echo "boot-test: $< does not build for $(TARGET): not in the guest"

boot-test: $(O)/hupbox $(BOOT_HELPERS)
	rm -rf $(O)/boot/root
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(O)/boot/root PREFIX= > /dev/null
	sh tests/boot/boot.sh $(TARGET) $(O)/boot

boot-test-all:
	@MAKE="$(MAKE)" sh tests/boot/all.sh aarch64 armhf mipsel

# The suite once more on a host build with ASan and UBSan.
test-asan:
	$(MAKE) TARGET=host O=build/host-asan DEFCONFIG=config/host-asan_defconfig test

# Size, start-up and supervision figures beside the tools hupbox replaces,
# into docs/BENCHMARKS.md; builds only under build/bench*.  Fails when over budget.
bench:
	@MAKE="$(MAKE)" sh bench/run.sh

# ---- install ----
# hupbox in $(PREFIX)/bin, each applet a relative symbolic link in its usual
# home (bin, sbin, usr/bin, usr/sbin), as BusyBox installs.
install: $(O)/hupbox
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 $(O)/hupbox "$(DESTDIR)$(PREFIX)/bin/hupbox"
	sed -n 's/^APPLET(\([a-z0-9_]*\), *"\([^"]*\)").*/\1 \2/p' $(O)/include/applets.h | \
	while read name dir; do \
		install -d "$(DESTDIR)$(PREFIX)/$$dir" && \
		ln -sfn "$$(echo $$dir | sed 's|[^/][^/]*|..|g')/bin/hupbox" \
			"$(DESTDIR)$(PREFIX)/$$dir/$$name" || exit 1; \
	done

clean:
	rm -rf $(O)
distclean:
	rm -rf build

help:
	@echo "make [TARGET=x86_64|armhf|armel|aarch64|mipsel|mips|host] [O=DIR]"
	@echo "  all (default)      build \$$O/hupbox (O defaults to build/\$$TARGET)"
	@echo "  test [T=APPLET]    run the test suite (under qemu-user for cross targets)"
	@echo "  stress [T=NAME]    the long loops of tests/stress (CI runs them after test)"
	@echo "  test-all           build and test every target, one summary line each"
	@echo "  test-asan          the suite on a host build with ASan+UBSan"
	@echo "  boot-test          TARGET=aarch64|armhf|mipsel: boot hupbox as PID 1 under qemu-system"
	@echo "  boot-test-all      boot-test for the three, one summary line each"
	@echo "  install            DESTDIR=... PREFIX=...: hupbox and its links"
	@echo "  bench              docs/BENCHMARKS.md: sizes, start-up, supervision vs peers"
	@echo "  menuconfig defconfig allnoconfig allyesconfig olddefconfig savedefconfig"
	@echo "  clean distclean"

.PHONY: all test stress musl-check-printf test-all test-asan boot-test boot-test-all bench install clean distclean help menuconfig oldconfig \
	olddefconfig allnoconfig allyesconfig defconfig savedefconfig
