# SPDX-License-Identifier: 0BSD
# x86_64, static musl (Debian musl-dev)
CROSS_COMPILE ?= 
# musl's directory: its specs, start files and libc.a (see MUSL in the Makefile)
MUSL := /usr/lib/x86_64-linux-musl
# where a missing musl comes from (the Makefile says so)
MUSL_PKG := musl-tools
SETUP_PART := --build
CC := $(CROSS_COMPILE)gcc -specs $(MUSL)/musl-gcc.specs
STRIP := $(CROSS_COMPILE)strip
OBJCOPY := $(CROSS_COMPILE)objcopy
# musl's functions unpadded (see the Makefile)
LIBC_CODE_ALIGN := 1
ARCH := x86_64
ARCH_CFLAGS := 
# For hupbox's own code only (test helpers and bench programs use floats):
# no SSE registers, so no variadic function saves them; 1% smaller.
# Arrays aligned as the ABI asks, not to 32 bytes for vector loads.
# No jump tables: an entry is an 8-byte address here, so a switch on the
# option constants (dense: their places in the table) is smaller as a
# chain of compares.
SIZE_CFLAGS := -mgeneral-regs-only -malign-data=abi -fno-jump-tables
# The stack aligned to 8 bytes, not 16, as the Linux kernel's x86_64 code
# is: only SSE instructions need 16, and hupbox's code has none (above).
# Static builds only, where the Makefile refuses a link in which musl's
# code has any either (OBJDUMP finds them).
NO_SSE_CFLAGS := -mpreferred-stack-boundary=3
OBJDUMP := $(CROSS_COMPILE)objdump
QEMU := 
# Kernel headers (musl ships none): linux-libc-dev
KHDR := /usr/include
KHDR_ASM := /usr/include/x86_64-linux-gnu/asm
