# SPDX-License-Identifier: 0BSD
# Any toolchain named only by CROSS_COMPILE, with no toolchains/TARGET.mk:
#   make CROSS_COMPILE=riscv64-linux-gnu-           (O is build/riscv64-linux-gnu)
#   make CROSS_COMPILE=mipsel-openwrt-linux-musl- CC=... CFLAGS=...
# The compiler's own C library (a musl sysroot, or glibc) is linked
# statically, with its own kernel headers; libcore/musl.c's stand-ins and
# the crt1.o-only start are for the toolchain files that name MUSL.
CC := $(CROSS_COMPILE)gcc
STRIP := $(CROSS_COMPILE)strip
OBJCOPY := $(CROSS_COMPILE)objcopy
# The CPU part of the compiler's triplet, as libcore/arch/ names it
# (arm, i386, mips for MIPS32; an architecture it has no file for builds
# without detachpid).
CPU := $(firstword $(subst -, ,$(shell $(CC) -dumpmachine 2>/dev/null)))
ARCH := $(shell echo '$(CPU)' | sed 's/^i[3-6]86$$/i386/; s/^arm.*/arm/; s/^mips64.*/mips64/; s/^mips.*/mips/')
# 32-bit glibc: 64-bit off_t and struct flock, as musl always has them
# (libcore's hb_fcntl() hands the fcntl64 layout to the kernel).
ARCH_CFLAGS := -D_FILE_OFFSET_BITS=64
# make test runs it under qemu-user unless it is the host's own CPU.
QEMU := $(if $(filter $(CPU),$(shell uname -m)),,qemu-$(shell echo '$(CPU)' | \
	sed 's/^i[3-6]86$$/i386/; s/^arm.*eb$$/armeb/; s/^arm.*/arm/; s/^powerpc64le$$/ppc64le/; s/^powerpc64$$/ppc64/; s/^powerpc$$/ppc/'))
