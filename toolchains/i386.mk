# i386, static musl (musl-dev:i386); a detachpid test target, not a release target
CROSS := i686-linux-gnu-
CC := $(CROSS)gcc -specs /usr/lib/i386-linux-musl/musl-gcc.specs
# The C library, for what libcore does only on musl (libcore/nostdio.c).
LIBC := musl
STRIP := $(CROSS)strip
ARCH := i386
ARCH_CFLAGS := 
QEMU := qemu-i386
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/i686-linux-gnu/include
KHDR_ASM := $(KHDR)/asm
