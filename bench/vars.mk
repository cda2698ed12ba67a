# SPDX-License-Identifier: 0BSD
# Prints how a target compiles and links, for bench/run.sh:
#   make -s -f bench/vars.mk TARGET=armhf  ->  CC ARCH_CFLAGS|STRIP|LDFLAGS_ARCH|MUSL
include toolchains/$(TARGET).mk
print:
	@echo '$(CC) $(ARCH_CFLAGS)|$(STRIP)|$(LDFLAGS_ARCH)|$(MUSL)'
