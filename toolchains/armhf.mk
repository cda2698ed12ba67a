# SPDX-License-Identifier: 0BSD
# ARMv7 hard-float, static musl (musl-dev:armhf)
CROSS := arm-linux-gnueabihf-
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/arm-linux-musleabihf
CC := $(CROSS)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS)strip
ARCH := arm
ARCH_CFLAGS := -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb
QEMU := qemu-arm
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/arm-linux-gnueabihf/include
KHDR_ASM := $(KHDR)/asm
