# SPDX-License-Identifier: 0BSD
# ARMv5TE soft-float, Thumb (12% smaller than ARM code), static musl (musl-dev:armel)
CROSS_COMPILE ?= arm-linux-gnueabi-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/arm-linux-musleabi
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-dev:armel
SETUP_PART := --cross
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
ARCH := arm
ARCH_CFLAGS := -march=armv5te -mthumb -mfloat-abi=soft
QEMU := qemu-arm
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/arm-linux-gnueabi/include
KHDR_ASM := $(KHDR)/asm
