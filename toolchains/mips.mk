# MIPS32 big-endian o32, static glibc: Debian has no big-endian musl
CROSS := mips-linux-gnu-
CC := $(CROSS)gcc
STRIP := $(CROSS)strip
ARCH := mips
# Static executables need no PIC: -mplt makes calls and data references
# direct (non-PIC abicalls), 6% smaller than the default $gp-relative code.
ARCH_CFLAGS := -mplt
QEMU := qemu-mips
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/mips-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
