# SPDX-License-Identifier: 0BSD
# The system compiler against glibc, dynamically linked: for sanitizer and
# debug builds of the suite, never for shipping.
CROSS_COMPILE ?= 
CC := cc
STRIP := strip
ARCH := $(shell uname -m | sed 's/^i.86$$/i386/; s/^armv.*/arm/; s/^mips.*/mips/')
ARCH_CFLAGS :=
QEMU :=
HOST_BUILD := y
