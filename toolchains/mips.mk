# SPDX-License-Identifier: 0BSD
# MIPS32 big-endian o32, static glibc: Debian has no big-endian musl
CROSS_COMPILE ?= mips-linux-gnu-
CC := $(CROSS_COMPILE)gcc
STRIP := $(CROSS_COMPILE)strip
ARCH := mips
# Static executables need no PIC: -mplt makes calls and data references
# direct (non-PIC abicalls), 6% smaller than the default $gp-relative code.
# glibc's 32-bit ABI: 64-bit off_t and struct flock (the fcntl64 layout that
# libcore's hb_fcntl() hands to the kernel, as musl always has them).
ARCH_CFLAGS := -mplt -D_FILE_OFFSET_BITS=64
QEMU := qemu-mips
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/mips-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
