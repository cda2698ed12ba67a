# SPDX-License-Identifier: 0BSD
# MIPS32 little-endian o32, static musl (musl-dev:mipsel)
CROSS_COMPILE ?= mipsel-linux-gnu-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/mipsel-linux-musl
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-dev:mipsel
SETUP_PART := --cross
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
ARCH := mips
# Static executables need no PIC: -mplt makes calls and data references
# direct (non-PIC abicalls), 6% smaller than the default $gp-relative code.
ARCH_CFLAGS := -mplt
QEMU := qemu-mipsel
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/mipsel-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
