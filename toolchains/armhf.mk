# SPDX-License-Identifier: 0BSD
# ARMv7 hard-float, static musl (musl-dev:armhf)
CROSS_COMPILE ?= arm-linux-gnueabihf-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/arm-linux-musleabihf
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-dev:armhf
SETUP_PART := --cross
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
ARCH := arm
ARCH_CFLAGS := -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb
QEMU := qemu-arm
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/arm-linux-gnueabihf/include
KHDR_ASM := $(KHDR)/asm
