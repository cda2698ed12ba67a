# SPDX-License-Identifier: 0BSD
# hupbox: `make` builds for the host (x86_64, static musl), `make test` tests it.
# `make help` lists every target; README.md's "Packaging" says which
# variables a package recipe may pass (CROSS_COMPILE, CC, CFLAGS, LDFLAGS...).

# The toolchain: toolchains/TARGET.mk, or for a compiler given only by
# CROSS_COMPILE (no TARGET), toolchains/cross.mk with the target named by
# the compiler itself (riscv64-linux-gnu).
ifneq ($(CROSS_COMPILE),)
ifeq ($(origin TARGET),undefined)
TARGET := $(shell $(if $(filter command line,$(origin CC)),$(CC),$(CROSS_COMPILE)gcc) -dumpmachine 2>/dev/null)
ifeq ($(TARGET),)
$(error CROSS_COMPILE=$(CROSS_COMPILE): '$(CROSS_COMPILE)gcc -dumpmachine' fails: is the compiler on PATH?)
endif
endif
endif
TARGET ?= x86_64
TOOLCHAIN := $(or $(wildcard toolchains/$(TARGET).mk),$(if $(CROSS_COMPILE),toolchains/cross.mk))
ifeq ($(TOOLCHAIN),)
$(error unknown TARGET '$(TARGET)': see toolchains/*.mk, or name a compiler with CROSS_COMPILE=PREFIX-)
endif
O ?= build/$(TARGET)
override O := $(patsubst %/,%,$(O))
DEFCONFIG ?= config/defconfig
PYTHON ?= /usr/bin/python3
SCDOC ?= scdoc
HOSTCC ?= cc
WERROR ?=
T ?=
DESTDIR ?=
PREFIX ?=
# A packager's flags, from the command line or the environment: added
# after hupbox's own (HB_CFLAGS, HB_LDFLAGS), never instead of them.
CFLAGS ?=
CPPFLAGS ?=
LDFLAGS ?=

# The build machine's arch, as libcore/arch/ names it (TARGET=host, make fuzz).
HOST_ARCH := $(shell uname -m | sed 's/^i.86$$/i386/; s/^armv.*/arm/; s/^mips.*/mips/')

include $(TOOLCHAIN)
# The target's binutils, where its toolchain file names none.
OBJCOPY ?= $(CROSS_COMPILE)objcopy
OBJDUMP ?= $(CROSS_COMPILE)objdump

CONFIG := $(O)/.config
config_goals := test-asan menuconfig defconfig allnoconfig allyesconfig olddefconfig \
	savedefconfig oldconfig clean distclean help test-all boot-test-all bench dist dist-test \
	fuzz fuzz-pid1 fuzz-replay
building := $(if $(filter $(config_goals),$(MAKECMDGOALS)),,y)

# Kbuild-style output: one line a step (`  CC      applets/flock.o`), the
# commands with V=1, nothing with make -s.
ifeq ($(V),1)
Q :=
show :=
else
Q := @
show = @printf '  %-7s %s\n' '$(1)' '$(patsubst $(O)/%,%,$(2))'
endif
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
show :=
endif

# The version: VERSION, or in a git checkout `git describe`'s form
# (0.2.0-12-gabcdef1).  $(O)/include/version.h is rewritten only when it
# changes, so that a build stays incremental.
HB_VERSION := $(shell sh toolchains/version.sh)
version_h := \#define HB_VERSION "$(HB_VERSION)"
ifneq ($(version_h),$(file <$(O)/include/version.h))
$(shell mkdir -p $(O)/include)
$(file >$(O)/include/version.h,$(version_h))
endif

# Each applet's Kconfig entry and objects are lines of its own source file
# (//config:, //kbuild:), gathered here on every run; each file is
# rewritten only when it changes.
define gather
$(shell mkdir -p $(O) && t=$(2).tmp.$$$$ && sed -n 's|^//$(1):||p' $(sort $(wildcard applets/*.c)) > $$t && \
	{ cmp -s $$t $(2) && rm -f $$t || mv $$t $(2); })
endef
$(call gather,config,$(O)/Kconfig.applets)
$(call gather,kbuild,$(O)/Kbuild.applets)

# Symbols that make sets from the build: detachpid needs libcore/arch/ARCH.c
# (which static musl's start-up uses too, where there is one: HB_ARCH_FILE).
HAVE_DETACHPID_ARCH := $(if $(wildcard libcore/arch/$(ARCH).c),y,n)

# Building needs no Python: with no .config, the shipped defconfig (a full
# .config) is copied; an applet symbol it lacks (a new applet) is added
# with its //config: default, and one whose dependency fails (detachpid on
# an architecture libcore/arch/ lacks) is turned off, each said on stderr
# (toolchains/kconfig.awk; kconfiglib's olddefconfig does the same).
ifeq ($(building),y)
ifeq ($(wildcard $(CONFIG)),)
$(shell mkdir -p $(O) && cp $(DEFCONFIG) $(CONFIG))
endif
$(shell awk -f toolchains/kconfig.awk -v config=$(CONFIG) \
	-v given='HAVE_DETACHPID_ARCH=$(HAVE_DETACHPID_ARCH)' \
	-v why='HAVE_DETACHPID_ARCH=libcore/arch/ has no $(ARCH).c' \
	$(sort $(wildcard applets/*.c)) $(CONFIG) > $(CONFIG).tmp.$$$$ && \
	{ cmp -s $(CONFIG).tmp.$$$$ $(CONFIG) && rm -f $(CONFIG).tmp.$$$$ || mv $(CONFIG).tmp.$$$$ $(CONFIG); } || { rm -f $(CONFIG).tmp.$$$$; exit 1; })
ifneq ($(.SHELLSTATUS),0)
$(error $(CONFIG): cannot complete it from the applets' //config: lines (see above))
endif
endif
-include $(CONFIG)

# Static musl (MUSL, the libc's directory, comes from the toolchain file):
# libcore/musl.c has smaller stand-ins for parts of musl that serve only
# threads, stdio, locales and long strings, and toolchains/musl.awk checks
# in every link map that what they assume still holds (docs/HACKING.md).
MUSL_STATIC := $(if $(CONFIG_DYNAMIC),,$(if $(MUSL),y))
ifeq ($(building)$(filter command line,$(origin CC)),y)
ifneq ($(MUSL),)
ifeq ($(wildcard $(MUSL)/musl-gcc.specs),)
$(error TARGET=$(TARGET) needs musl, not found in $(MUSL): apt-get install $(MUSL_PKG) (or toolchains/setup $(SETUP_PART)))
endif
endif
endif
include Kbuild
-include $(O)/Kbuild.applets

APPLET_SRCS := $(patsubst %.o,%.c,$(filter applets/%,$(sort $(obj-y))))
# and help.o: the applets' --help text, compressed (below)
OBJS := $(addprefix $(O)/,$(sort $(obj-y))) $(O)/help.o

# The compiler's answers to the two questions below are kept in
# $(O)/cc-probe.mk for the same $(CC) (a compiler started twice is most of
# the time a make with nothing to do takes; `make clean` forgets them).
ifeq ($(building),y)
-include $(O)/cc-probe.mk
ifneq ($(PROBED_CC),$(CC))
# -Oz (gcc 12, clang) where the compiler has it: 1% smaller than -Os on x86_64.
OZ := $(shell $(CC) -Oz -E -x c /dev/null >/dev/null 2>&1 && echo -Oz || echo -Os)
# And without loop-invariant motion, a transformation for speed that -Oz
# still makes: values kept in registers across a loop, which then spill
# (smaller without on every target; gcc's name, clang has none).
NO_LIM := $(shell $(CC) -Werror -fno-tree-loop-im -c -o /dev/null -x c /dev/null >/dev/null 2>&1 && echo -fno-tree-loop-im)
define cc_probe_mk
PROBED_CC := $(CC)
OZ := $(OZ)
NO_LIM := $(NO_LIM)
endef
$(file >$(O)/cc-probe.mk,$(cc_probe_mk))
endif
endif
# Nor tail merging, which -Oz also makes: blocks that end alike share one
# tail, and the jumps and register moves that join them cost more than the
# copies they save (smaller without on every target; gcc's, as above).
NO_TAIL_MERGE := $(if $(NO_LIM),-fno-tree-tail-merge)
# And gcc's passes that copy code to save a jump or a register move:
# threading jumps through the blocks that test a known value again (jump
# threading, in the dominator walk and after register allocation), the
# second runs of CSE and combine that -fexpensive-optimizations adds, and
# caller-saved registers kept live across calls.  Each is smaller without
# on every target taken together (docs/HACKING.md, Flags).
NO_COPIES := $(if $(NO_LIM),-fno-thread-jumps -fno-tree-dominator-opts -fno-expensive-optimizations -fno-caller-saves)
CFLAGS_OPT := $(if $(CONFIG_OPTIMIZE_SPEED),-O2,$(OZ) $(NO_LIM) $(NO_TAIL_MERGE) $(NO_COPIES))
ifeq ($(CONFIG_DEBUG),y)
CFLAGS_OPT := -O0 -g
endif
# What hupbox needs (README.md's "Packaging" says why for each); a
# packager's CPPFLAGS and CFLAGS come after, then HB_CFLAGS_LAST, which
# nothing may override.
HB_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra $(if $(WERROR),-Werror) \
	$(CFLAGS_OPT) -ffunction-sections -fdata-sections \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -fno-stack-protector \
	-Ilibcore -I$(O)/include -idirafter $(O)/khdr $(ARCH_CFLAGS) $(SIZE_CFLAGS) \
	$(if $(MUSL_STATIC),$(NO_SSE_CFLAGS)) \
	-DHB_ARCH_$(ARCH) $(if $(filter y,$(HAVE_DETACHPID_ARCH)),-DHB_ARCH_FILE) $(if $(CONFIG_LTO),-flto) $(if $(CONFIG_DYNAMIC),,-fno-pie) \
	$(EXTRA_CFLAGS)
HB_CFLAGS_LAST :=
# A static binary gains nothing from RELRO or separate code pages, and the
# page padding they need is a large part of a small file.
# Nor from position independence: -fno-pie is 1.5% smaller on x86_64.
# A small common page size keeps ld from padding the file up to a page
# boundary before the data, which it does to save at most one page of
# RAM: flash is what a router lacks (up to a page less).
# Input sections sorted by name: the state init and respawn write
# (libcore/hb.h, HB_HOT) comes first in .bss, right after .data, on the
# pages they must write anyway (docs/HACKING.md, memory).
LDFLAGS_STATIC := -static -no-pie -Wl,-z,noseparate-code -Wl,-z,norelro -Wl,--build-id=none -Wl,-z,common-page-size=16 -Wl,--sort-section=name
HB_LDFLAGS := -Wl,--gc-sections $(if $(CONFIG_DYNAMIC),,$(LDFLAGS_STATIC)) \
	$(if $(CONFIG_LTO),-flto $(CFLAGS_OPT)) $(LDFLAGS_ARCH) $(EXTRA_LDFLAGS)
# Static musl: crt1.o, musl's _start, is the only start file it needs.
# gcc's crtbeginS.o and crtendS.o serve C++ constructors, transactional-
# memory clones and unwind frames, none of which hupbox has, and crti.o and
# crtn.o frame .init and .fini code that nothing has (musl calls weak empty
# _init and _fini then; musl.awk checks), nor the sections and GOT they
# brought.
ifeq ($(MUSL_STATIC),y)
HB_LDFLAGS += -nostartfiles
CRT_BEGIN := $(MUSL)/crt1.o
# Where code alignment is only a speed hint (x86: LIBC_CODE_ALIGN := 1 in
# the toolchain file), hupbox links a copy of libc.a whose code sections
# ask for that alignment: musl's 16-byte function alignment pads its
# functions.  Data keeps its alignment (aligned
# SSE loads need it).
ifneq ($(LIBC_CODE_ALIGN),)
LIBC_COPY := $(O)/libc/libc.a
HB_LDFLAGS += -L$(O)/libc
endif
endif
ifeq ($(CONFIG_SANITIZE),y)
ifneq ($(HOST_BUILD),y)
$(error CONFIG_SANITIZE needs TARGET=host)
endif
HB_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
HB_LDFLAGS += -fsanitize=address,undefined
endif
ALL_CFLAGS = $(HB_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(HB_CFLAGS_LAST)
ALL_LDFLAGS = $(HB_LDFLAGS) $(LDFLAGS)

all: $(O)/hupbox

# Everything is rebuilt when the compiler or a flag changes (a toolchain
# file, this Makefile, a packager's CFLAGS): $(O)/flags holds them and is
# rewritten only then, so a stale object never survives a flag change.
# Only by a goal that builds: the others (fuzz, dist, the configuration
# targets) do not work out every flag, and would force a rebuild.
# The build directory's own name is left out: O=$$PWD/build/x86_64 and the
# default are the same build, and must not see each other's flags as changed.
BUILD_FLAGS := $(subst $(O)/,O/,$(CC) $(ALL_CFLAGS) | $(ALL_LDFLAGS) $(CRT_BEGIN))
ifeq ($(building),y)
ifneq ($(BUILD_FLAGS),$(file <$(O)/flags))
$(shell mkdir -p $(O))
$(file >$(O)/flags,$(BUILD_FLAGS))
endif
endif

$(O)/hupbox: $(O)/hupbox.unstripped
ifeq ($(CONFIG_DEBUG),y)
	$(Q)cp $< $@
else
	$(call show,STRIP,$@)
	$(Q)$(STRIP) -s -R .comment -R .note -o $@ $<
endif
	@echo "  $@: $$(wc -c < $@) bytes"

$(O)/hupbox.unstripped: $(OBJS) $(O)/flags $(if $(MUSL_STATIC),toolchains/musl.awk) $(LIBC_COPY)
	$(call show,LD,$(O)/hupbox)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(CRT_BEGIN) $(OBJS) -Wl,-Map,$(O)/hupbox.map -Wl,--cref
ifeq ($(MUSL_STATIC),y)
	$(Q)awk -f toolchains/musl.awk $(O)/hupbox.map || { rm -f $@; exit 1; }
ifneq ($(NO_SSE_CFLAGS),)
	$(Q)if $(OBJDUMP) -d $@ | grep -q '%xmm'; then \
		echo "$@: SSE code is linked, which may need the 16-byte stack alignment that $(NO_SSE_CFLAGS) gives up ($(TOOLCHAIN))" >&2; \
		rm -f $@; exit 1; fi
endif
endif

# A program that calls printf, compiled and linked as hupbox is (its
# flags, crt1.o alone, musl.o, the libc copy) into MUSL_CHECK_DIR:
# musl.awk must refuse its map.  tests/musl.test.
MUSL_CHECK_DIR ?= $(O)/musl-check
# (musl.o's start-up calls into the arch's file: MUSL_OBJS)
MUSL_OBJS = $(O)/libcore/musl.o $(filter $(O)/libcore/arch/%,$(OBJS))
musl-check-printf: $(MUSL_OBJS) $(LIBC_COPY)
	@mkdir -p $(MUSL_CHECK_DIR)
	printf '#include <stdio.h>\nint main(void) { return printf("%%d\\n", 1) < 0; }\n' > $(MUSL_CHECK_DIR)/p.c
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $(MUSL_CHECK_DIR)/p $(CRT_BEGIN) $(MUSL_CHECK_DIR)/p.c $(MUSL_OBJS) \
		-Wl,-Map,$(MUSL_CHECK_DIR)/p.map -Wl,--cref
	awk -f toolchains/musl.awk $(MUSL_CHECK_DIR)/p.map

# musl's strerror() messages for libcore/strerror.c, compressed: made at
# build time from the strerror.lo of the libc.a that is linked (hupbox
# holds none of musl's text); a header without the table, and a warning,
# when that member is not laid out as toolchains/errmsg.sh expects, and
# musl's own strerror() is linked then.
ERRMSG_GEN = OBJDUMP='$(OBJDUMP)' OBJCOPY='$(OBJCOPY)' sh toolchains/errmsg.sh
$(O)/include/errmsg.h: $(wildcard $(MUSL)/libc.a) toolchains/errmsg.sh toolchains/errmsg.awk toolchains/bpe.awk
	@mkdir -p $(dir $@)
	$(call show,GEN,$@)
	$(Q)$(ERRMSG_GEN) $(MUSL)/libc.a $@
$(O)/libcore/strerror.o: $(O)/include/errmsg.h

# libcore/strerror.c checked against musl's strerror() in one program
# (tests/strerror-check.c, linked as hupbox is), its table made from
# ERRMSG_LIBC, and hupbox linked again with that strerror.o (the map
# checked by musl.awk), all into MUSL_CHECK_DIR: tests/strerror.test,
# which also gives an ERRMSG_LIBC without strerror.lo for the fallback.
ERRMSG_LIBC ?= $(MUSL)/libc.a
musl-check-strerror: $(OBJS) $(LIBC_COPY)
	@mkdir -p $(MUSL_CHECK_DIR)
	$(ERRMSG_GEN) $(ERRMSG_LIBC) $(MUSL_CHECK_DIR)/errmsg.h
	$(CC) -I$(MUSL_CHECK_DIR) $(ALL_CFLAGS) -Dstrerror=hb_strerror -c -o $(MUSL_CHECK_DIR)/hb_strerror.o libcore/strerror.c
	$(CC) -I$(MUSL_CHECK_DIR) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $(MUSL_CHECK_DIR)/strerror-check $(CRT_BEGIN) \
		tests/strerror-check.c $(MUSL_CHECK_DIR)/hb_strerror.o $(O)/libcore/bpe.o $(MUSL_OBJS)
	$(CC) -I$(MUSL_CHECK_DIR) $(ALL_CFLAGS) -c -o $(MUSL_CHECK_DIR)/strerror.o libcore/strerror.c
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $(MUSL_CHECK_DIR)/hupbox $(CRT_BEGIN) \
		$(filter-out $(O)/libcore/strerror.o,$(OBJS)) $(MUSL_CHECK_DIR)/strerror.o \
		-Wl,-Map,$(MUSL_CHECK_DIR)/hupbox.map -Wl,--cref
	awk -f toolchains/musl.awk $(MUSL_CHECK_DIR)/hupbox.map

$(O)/libc/libc.a: $(MUSL)/libc.a $(O)/flags
	@mkdir -p $(dir $@)
	$(call show,OBJCOPY,$@)
	$(Q)$(OBJCOPY) --set-section-alignment '.text*=$(LIBC_CODE_ALIGN)' $< $@

# Its string functions are loops that gcc could turn into calls to
# themselves (a packager's -O2 or -O3 too).
$(O)/libcore/musl.o: HB_CFLAGS_LAST += -fno-tree-loop-distribute-patterns -fno-lto

$(O)/%.o: %.c $(O)/include/autoconf.h $(O)/include/applets.h $(O)/flags | $(O)/khdr
	@mkdir -p $(dir $@)
	$(call show,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

# The enabled applets' --help text, and hupbox's own, compressed
# (toolchains/help.awk): each file read with HB_HELP_DUMP, which makes its
# HB_OPTIONS and HB_TEXT a line help.awk reads (libcore/hb.h).  After
# their objects, so that every header they include is made, and remade
# when one changes.
HELP_SRCS = $(APPLET_SRCS) libcore/main.c
HELP_AWK = toolchains/bpe.awk toolchains/help.awk
# $(call help_gen,COMPILER AND FLAGS,FILES): the recipe that writes $@
# (this build's, getopt-check's and the fuzzers')
help_gen = for f in $(2); do $(1) -DHB_HELP_DUMP -E $$f || exit 1; done > $@.dump && \
	{ awk $(HELP_AWK:%=-f %) $@.dump > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }; }
$(O)/help.c: $(patsubst %.c,$(O)/%.o,$(HELP_SRCS)) $(HELP_AWK)
	$(call show,GEN,$@)
	$(Q)$(call help_gen,$(CC) $(ALL_CFLAGS),$(HELP_SRCS))
$(O)/help.o: $(O)/help.c $(O)/flags
	$(call show,CC,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The C view of .config, generated without Python.
AUTOCONF_SED := sed -n -e 's/^CONFIG_\([A-Za-z0-9_]*\)=y$$/\#define CONFIG_\1 1/p' \
	-e 's/^CONFIG_\([A-Za-z0-9_]*\)=\([^y].*\)$$/\#define CONFIG_\1 \2/p'
$(O)/include/autoconf.h: $(CONFIG)
	@mkdir -p $(dir $@)
	$(call show,GEN,$@)
	$(Q)$(AUTOCONF_SED) $< > $@.tmp.$$$$ && mv $@.tmp.$$$$ $@

# The applet table: the //applet: line of every enabled applet.
$(O)/include/applets.h: $(CONFIG) $(APPLET_SRCS) Kbuild $(O)/Kbuild.applets
	@mkdir -p $(dir $@)
	$(call show,GEN,$@)
	$(Q)sed -n 's|^//applet:||p' $(APPLET_SRCS) /dev/null | LC_ALL=C sort > $@.tmp.$$$$ && mv $@.tmp.$$$$ $@

# Kernel headers for musl builds: only linux/, asm/ and asm-generic/ of the
# target's linux-libc-dev, never its glibc headers.
$(O)/khdr:
	@mkdir -p $@
	$(Q)$(if $(KHDR),ln -sfn $(KHDR)/linux $@/linux; ln -sfn $(KHDR)/asm-generic $@/asm-generic; ln -sfn $(KHDR_ASM) $@/asm)

# ---- configuration (kconfiglib) ----
KCONFIG_ENV := KCONFIG_CONFIG=$(CONFIG) HUPBOX_APPLETS_KCONFIG=$(O)/Kconfig.applets srctree=$(CURDIR) \
	HUPBOX_HAVE_DETACHPID_ARCH=$(HAVE_DETACHPID_ARCH)
KCONFIG_CHECK := @$(PYTHON) -c 'import kconfiglib' 2>/dev/null || { \
	echo "kconfiglib not found for $(PYTHON): apt-get install python3-kconfiglib (or toolchains/setup --build)" >&2; exit 1; }

menuconfig oldconfig olddefconfig allnoconfig allyesconfig:
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m $@ config/Kconfig

defconfig:
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig config/Kconfig $(DEFCONFIG)

savedefconfig:
	$(KCONFIG_CHECK)
	$(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig config/Kconfig --out $(O)/defconfig
	@echo "minimal configuration written to $(O)/defconfig"

# ---- tests ----
TOOLS := build/tools
TEST_HELPERS := $(patsubst tests/helpers/%.c,$(TOOLS)/%,$(wildcard tests/helpers/*.c))

$(TOOLS)/%: tests/helpers/%.c
	@mkdir -p $(TOOLS)
	$(call show,HOSTCC,$@)
	$(Q)$(HOSTCC) -O2 -Wall -Wextra $(if $(WERROR),-Werror) -D_GNU_SOURCE -I$(TOOLS) -o $@ $< -lutil
# fmt-check builds libcore's formatter itself
$(TOOLS)/fmt-check: libcore/fmt.c libcore/hb.h
# and getopt-check its option parser, on every applet's option table (each
# #define NAME_OPTIONS(X) list, to its last line, and TABLE(name, list)),
# seconds-check its seconds parser
$(TOOLS)/getopt-check: libcore/getopt.c libcore/bpe.c libcore/parse.c libcore/hb.h $(TOOLS)/options.h $(TOOLS)/getopt-help.c
$(TOOLS)/getopt-help.c: tests/helpers/getopt-check.c libcore/hb.h $(TOOLS)/options.h $(HELP_AWK)
	$(call help_gen,$(HOSTCC) -D_GNU_SOURCE -I$(TOOLS),tests/helpers/getopt-check.c)
$(TOOLS)/options.h: $(wildcard applets/*.c)
	@mkdir -p $(TOOLS)
	awk 'FNR == 1 { on = 0; n = FILENAME; sub(/.*\//, "", n); sub(/\.c$$/, "", n) } \
	     /^#define [A-Z0-9_]+_OPTIONS\(X\)/ { on = 1; list = $$2; sub(/\(.*/, "", list) } \
	     on { print } \
	     on && !/\\$$/ { on = 0; print "TABLE(" n ", " list ")" }' $^ > $@
$(TOOLS)/seconds-check: libcore/parse.c libcore/hb.h
# and signal-race the supervision engine's signal handling
$(TOOLS)/signal-race: libcore/supervise.c libcore/supervise.h libcore/io.c libcore/sig.c libcore/proc.c \
	libcore/parse.c libcore/hb.h

test: $(O)/hupbox $(TEST_HELPERS)
	HUPBOX=$(CURDIR)/$(O)/hupbox QEMU="$(QEMU)" TOOLS=$(CURDIR)/$(TOOLS) \
		HB_TARGET=$(TARGET) HB_SRC=$(CURDIR) HB_TIMES=$(CURDIR)/$(O)/test-times \
		sh tests/runtest.sh $(T)

# The long loops (tests/stress/*.test), same harness with an hour per
# file: CI runs them after `make test`, which stays fast.
stress: $(O)/hupbox $(TEST_HELPERS)
	HUPBOX=$(CURDIR)/$(O)/hupbox QEMU="$(QEMU)" TOOLS=$(CURDIR)/$(TOOLS) \
		HB_TARGET=$(TARGET) HB_SRC=$(CURDIR) TESTDIR=tests/stress \
		HB_TEST_TIMEOUT=$${HB_TEST_TIMEOUT:-3600} sh tests/runtest.sh $(T)

# Every release target in turn under qemu-user, one summary line each
# (make -s: test-all.sh shows a failure's indented lines, not the CC lines).
TARGETS := x86_64 armhf armel aarch64 mipsel mips
test-all:
	@MAKE="$(MAKE) -s" sh tests/test-all.sh $(TARGETS)

# hupbox as PID 1 of Debian's kernel under qemu-system (docs/boot-test.md).
BOOT_HELPERS := $(patsubst tests/helpers/%.c,$(O)/boot/helpers/%,$(wildcard tests/helpers/*.c))
# A helper that only builds for the host is left out of the guest.
$(O)/boot/helpers/%: tests/helpers/%.c | $(O)/khdr
	@mkdir -p $(dir $@)
	@$(CC) $(ARCH_CFLAGS) -O2 -static -D_GNU_SOURCE -I$(O)/include -idirafter $(O)/khdr -o $@ $< -lutil || \
		echo "boot-test: $< does not build for $(TARGET): not in the guest"

boot-test: $(O)/hupbox $(BOOT_HELPERS)
	rm -rf $(O)/boot/root
	$(MAKE) --no-print-directory install-firmware DESTDIR=$(CURDIR)/$(O)/boot/root > /dev/null
	sh tests/boot/boot.sh $(TARGET) $(O)/boot

boot-test-all:
	@MAKE="$(MAKE)" sh tests/boot/all.sh aarch64 armhf mipsel

# The Buildroot and OpenWrt recipes of dist/ built and installed offline
# for mipsel and armhf, the trees checked under qemu-user (tests/recipes.sh).
recipe-test:
	@MAKE="$(MAKE)" sh tests/recipes.sh

# The suite once more on a host build with ASan and UBSan.
test-asan:
	$(MAKE) TARGET=host O=build/host-asan DEFCONFIG=config/host-asan_defconfig test

# Size, start-up and supervision figures beside the tools hupbox replaces,
# into docs/BENCHMARKS.md; builds only under build/bench*.  Fails when over budget.
bench:
	@MAKE="$(MAKE)" sh bench/run.sh

# ---- fuzzing (docs/SECURITY.md, "Hostile tests and fuzzers") ----
# `make fuzz`: libFuzzer (clang) on each harness of tests/fuzz/, then the
# PID-1 fuzz (tests/fuzz/pid1.sh), FUZZ_S seconds in all, shared equally
# among the FUZZ_H named.  `make fuzz-replay`: the same harnesses built
# without libFuzzer, for tests/fuzz.test to replay tests/fuzz/regress/.
FUZZ_S ?= 600
FUZZ_H ?= inittab argv values pid1
FUZZ_CC ?= clang
FUZZ_HARNESSES := inittab argv values
FZ := build/fuzz
FZR := build/fuzz-replay
# libcore but the dispatcher and musl's stand-ins; the applets but init,
# which tests/fuzz/inittab.c includes.
FUZZ_SRCS = $(filter-out libcore/main.c libcore/musl.c,$(wildcard libcore/*.c)) \
	libcore/arch/$(HOST_ARCH).c $(filter-out applets/init.c,$(wildcard applets/*.c))
# hupbox's exits and outputs, replaced by tests/fuzz/stubs.c (fuzz.h)
FUZZ_WRAP := $(foreach f,hb_die hb_help hb_version hb_warn hb_getopt hb_isatty \
	hb_execvp hb_exec sv_fork,-Wl,--wrap=$(f))
FUZZ_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Wall -Wextra $(if $(WERROR),-Werror) -g -O1 \
	-fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
	-Ilibcore -Itests/fuzz -DHB_ARCH_$(HOST_ARCH)

# $(1): build directory, $(2): compiler, $(3): its extra flags
define fuzz_objs
$(1)/include/autoconf.h: config/host-asan_defconfig
	@mkdir -p $$(dir $$@)
	$$(AUTOCONF_SED) $$< > $$@.tmp
	mv $$@.tmp $$@
$(1)/%.o: %.c $(1)/include/autoconf.h Makefile
	@mkdir -p $$(dir $$@)
	$(2) $$(FUZZ_CFLAGS) -I$(1)/include -I$(O)/include $(3) -MMD -MP -c -o $$@ $$<
# the --help text of every applet, as the build makes it (help.awk)
$(1)/help.c: $(wildcard applets/*.c) $(1)/include/autoconf.h libcore/hb.h $(HELP_AWK)
	$$(call help_gen,$(2) $$(FUZZ_CFLAGS) -I$(1)/include -I$(O)/include $(3),$(wildcard applets/*.c))
$(1)/help.o: $(1)/help.c
	$(2) $$(FUZZ_CFLAGS) $(3) -c -o $$@ $$<
$(1)/libfuzz.a: $$(patsubst %.c,$(1)/%.o,$$(FUZZ_SRCS)) $(1)/help.o
	rm -f $$@
	ar rcs $$@ $$^
-include $$(wildcard $(1)/*/*.d $(1)/*/*/*.d)
endef
# clang warns of "str" + n, an idiom of init.c
$(eval $(call fuzz_objs,$(FZ),$(FUZZ_CC),-fsanitize=fuzzer-no-link -Wno-string-plus-int))
$(eval $(call fuzz_objs,$(FZR),$(HOSTCC),))

$(addprefix $(FZ)/,$(FUZZ_HARNESSES)): $(FZ)/%: $(FZ)/tests/fuzz/%.o $(FZ)/tests/fuzz/stubs.o $(FZ)/libfuzz.a
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $(FUZZ_WRAP) -o $@ $^
$(addprefix $(FZR)/,$(FUZZ_HARNESSES)): $(FZR)/%: $(FZR)/tests/fuzz/%.o $(FZR)/tests/fuzz/replay.o \
		$(FZR)/tests/fuzz/stubs.o $(FZR)/libfuzz.a
	$(HOSTCC) -fsanitize=address,undefined $(FUZZ_WRAP) -o $@ $^

fuzz: $(if $(filter-out pid1,$(FUZZ_H)),$(addprefix $(FZ)/,$(filter $(FUZZ_HARNESSES),$(FUZZ_H))))
ifneq ($(filter pid1,$(FUZZ_H)),)
	$(MAKE) --no-print-directory TARGET=host O=build/host-asan DEFCONFIG=config/host-asan_defconfig all
endif
	FUZZ_S=$(FUZZ_S) FUZZ_H="$(FUZZ_H)" FZ=$(FZ) PYTHON="$(PYTHON)" sh tests/fuzz/run.sh
fuzz-pid1:
	$(MAKE) --no-print-directory fuzz FUZZ_H=pid1
fuzz-replay: $(addprefix $(FZR)/,$(FUZZ_HARNESSES))

# ---- man pages ----
# The roff in man/ is generated from docs/man/*.scd by scdoc and committed,
# so that building and installing need no scdoc.
man:
	@command -v $(SCDOC) >/dev/null 2>&1 || { \
		echo "make man: $(SCDOC) not found: apt-get install scdoc (or toolchains/setup --build)" >&2; exit 1; }
	@mkdir -p man
	@for f in docs/man/*.scd; do \
		p=man/$$(basename $$f .scd); echo "  SCDOC   $$p"; \
		{ echo '.\" SPDX-License-Identifier: 0BSD'; $(SCDOC) < $$f; } > $$p.tmp && \
			mv $$p.tmp $$p || { rm -f $$p.tmp; exit 1; }; \
	done

# ---- install ----
# LAYOUT=gnu (default): hupbox and the applets in $(PREFIX)/bin and
# $(PREFIX)/sbin (PREFIX=/usr/local), man pages in $(PREFIX)/share/man.
# LAYOUT=firmware (install-firmware): /bin/hupbox and each applet in its
# usual home, as BusyBox installs.  BINDIR, SBINDIR, MANDIR, DESTDIR and
# FORCE=1 (replace files that are not hupbox) as toolchains/install.sh says.
install uninstall: $(O)/hupbox
	sh toolchains/install.sh $@ $(O)/include/applets.h $(O)/hupbox man
install-firmware uninstall-firmware: $(O)/hupbox
	LAYOUT=firmware sh toolchains/install.sh $(@:-firmware=) $(O)/include/applets.h $(O)/hupbox man

# ---- release ----
# build/hupbox-VERSION.tar.gz: the files git tracks at HEAD (uncommitted
# changes are not in it), with VERSION holding the full version, so that a
# build from the tarball says the same.  Reproducible: names sorted, owner
# 0, every date HEAD's.
DIST := hupbox-$(HB_VERSION)
dist:
	@[ "$$(git rev-parse --show-toplevel 2>/dev/null)" = "$$(pwd -P)" ] || \
		{ echo "make dist: needs a git checkout of hupbox (it packs what git tracks)" >&2; exit 1; }
	$(Q)rm -rf build/dist && mkdir -p build/dist/$(DIST)
	$(Q)git archive --format=tar HEAD | tar -x -C build/dist/$(DIST)
	$(Q)echo '$(HB_VERSION)' > build/dist/$(DIST)/VERSION
	$(Q)tar -C build/dist --sort=name --owner=0 --group=0 --numeric-owner \
		--mtime="@$$(git log -1 --format=%ct)" -cf - $(DIST) | gzip -9n > build/$(DIST).tar.gz
	$(Q)rm -rf build/dist
	@echo "  build/$(DIST).tar.gz"

# The tarball alone, unpacked elsewhere: make and make test there (the
# whole suite, so not part of make test; CI runs it).
dist-test: dist
	@d=$$(mktemp -d "$${TMPDIR:-/tmp}/hupbox-dist.XXXXXX") && \
	trap 'rm -rf "$$d"' EXIT && \
	tar -xzf build/$(DIST).tar.gz -C "$$d" && cd "$$d/$(DIST)" && \
	env -u MAKEFLAGS -u MAKELEVEL $(MAKE) WERROR=$(WERROR) && \
	env -u MAKEFLAGS -u MAKELEVEL $(MAKE) WERROR=$(WERROR) test && \
	v=$$(build/x86_64/hupbox --version) && [ "$$v" = "hupbox $(HB_VERSION)" ] || \
		{ echo "make dist-test: the tarball's hupbox says '$$v', not 'hupbox $(HB_VERSION)'" >&2; exit 1; }
	@echo "dist-test: build/$(DIST).tar.gz builds and passes make test"

clean:
	rm -rf $(O)
distclean:
	rm -rf build

help:
	@echo "make [TARGET=x86_64|armhf|armel|aarch64|mipsel|mips|host] [O=DIR] [V=1]"
	@echo "     [CROSS_COMPILE=PREFIX- CC=... CFLAGS=... LDFLAGS=... STRIP=...]   (README.md: Packaging)"
	@echo "  all (default)      build \$$O/hupbox (O defaults to build/\$$TARGET)"
	@echo "  test [T=APPLET]    run the test suite (under qemu-user for cross targets)"
	@echo "  stress [T=NAME]    the long loops of tests/stress (CI runs them after test)"
	@echo "  test-all           build and test every target, one summary line each"
	@echo "  test-asan          the suite on a host build with ASan+UBSan"
	@echo "  recipe-test        build and install dist/'s Buildroot and OpenWrt recipes (mipsel, armhf)"
	@echo "  boot-test          TARGET=aarch64|armhf|mipsel: boot hupbox as PID 1 under qemu-system"
	@echo "  boot-test-all      boot-test for the three, one summary line each"
	@echo "  fuzz [FUZZ_S=600]  libFuzzer on tests/fuzz/'s harnesses, then init as PID 1 on"
	@echo "                     mutated inittabs: FUZZ_S seconds in all (FUZZ_H=... picks)"
	@echo "  fuzz-pid1          only the PID-1 fuzz"
	@echo "  install uninstall  [DESTDIR=...] [PREFIX=/usr/local] [FORCE=1]: hupbox, links, man pages"
	@echo "  install-firmware   DESTDIR=...: each applet in its usual home (/bin /sbin /usr/bin /usr/sbin)"
	@echo "  man                man/*.[18] from docs/man/*.scd (needs scdoc)"
	@echo "  bench              docs/BENCHMARKS.md: sizes, start-up, supervision vs peers"
	@echo "  dist               build/hupbox-VERSION.tar.gz from what git tracks at HEAD"
	@echo "  dist-test          make and make test from that tarball alone, elsewhere"
	@echo "  menuconfig defconfig allnoconfig allyesconfig olddefconfig savedefconfig"
	@echo "  clean distclean"

.PHONY: all test stress musl-check-printf musl-check-strerror test-all test-asan boot-test boot-test-all bench recipe-test man fuzz fuzz-pid1 fuzz-replay \
	install uninstall install-firmware uninstall-firmware dist dist-test clean distclean help menuconfig oldconfig \
	olddefconfig allnoconfig allyesconfig defconfig savedefconfig
