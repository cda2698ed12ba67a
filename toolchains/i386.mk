# SPDX-License-Identifier: 0BSD
# i386, static musl (musl-dev:i386); a detachpid test target, not a release target
CROSS_COMPILE ?= i686-linux-gnu-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/i386-linux-musl
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-dev:i386
SETUP_PART := --cross
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
ARCH := i386
ARCH_CFLAGS := 
QEMU := qemu-i386
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/i686-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
