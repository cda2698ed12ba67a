# SPDX-License-Identifier: 0BSD
# AArch64, static musl (musl-dev:arm64)
CROSS_COMPILE ?= aarch64-linux-gnu-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/aarch64-linux-musl
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-dev:arm64
SETUP_PART := --cross
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
ARCH := aarch64
ARCH_CFLAGS := 
QEMU := qemu-aarch64
LDFLAGS_ARCH := -Wl,-z,max-page-size=4096
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/aarch64-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
