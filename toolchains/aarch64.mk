# AArch64, static musl (musl-dev:arm64)
CROSS := aarch64-linux-gnu-
CC := $(CROSS)gcc -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs
# The C library, for what libcore does only on musl (libcore/nostdio.c).
LIBC := musl
STRIP := $(CROSS)strip
ARCH := aarch64
ARCH_CFLAGS := 
QEMU := qemu-aarch64
LDFLAGS_ARCH := -Wl,-z,max-page-size=4096
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/aarch64-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
