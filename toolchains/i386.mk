# SPDX-License-Identifier: 0BSD
# i386, static musl (musl-dev:i386); a detachpid test target, not a release target
CROSS := i686-linux-gnu-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/i386-linux-musl
CC := $(CROSS)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS)strip
ARCH := i386
ARCH_CFLAGS := 
QEMU := qemu-i386
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/i686-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
