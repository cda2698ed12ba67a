# ARMv7 hard-float, static musl (musl-dev:armhf)
CROSS := arm-linux-gnueabihf-
CC := $(CROSS)gcc -specs /usr/lib/arm-linux-musleabihf/musl-gcc.specs
# The C library, for what libcore does only on musl (libcore/nostdio.c).
LIBC := musl
STRIP := $(CROSS)strip
ARCH := arm
ARCH_CFLAGS := -march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard -mthumb
QEMU := qemu-arm
# Kernel headers (musl ships none): linux-libc-dev-*-cross
KHDR := /usr/arm-linux-gnueabihf/include
KHDR_ASM := $(KHDR)/asm
