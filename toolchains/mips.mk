# MIPS32 big-endian o32, static glibc: Debian has no big-endian musl
CROSS := mips-linux-gnu-
CC := $(CROSS)gcc
STRIP := $(CROSS)strip
ARCH := mips
ARCH_CFLAGS := 
QEMU := qemu-mips
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/mips-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
