# ARMv5TE soft-float, Thumb (12% smaller than ARM code), static musl (musl-dev:armel)
CROSS := arm-linux-gnueabi-
CC := $(CROSS)gcc -specs /usr/lib/arm-linux-musleabi/musl-gcc.specs
# The C library, for what libcore does only on musl (libcore/nostdio.c).
LIBC := musl
STRIP := $(CROSS)strip
ARCH := arm
ARCH_CFLAGS := -march=armv5te -mthumb -mfloat-abi=soft
QEMU := qemu-arm
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/arm-linux-gnueabi/include
KHDR_ASM := $(KHDR)/asm
