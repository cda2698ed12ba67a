# SPDX-License-Identifier: 0BSD
# The part of OpenWrt's rules.mk hupbox's package uses.  tests/recipes.sh
# passes ARCH, TARGET_CROSS, TARGET_CC, TARGET_CFLAGS, TARGET_CPPFLAGS,
# TARGET_LDFLAGS, BUILD_DIR, the CONFIG_HUPBOX_* options and IPKG_DIR.
INCLUDE_DIR := $(TOPDIR)/include
INSTALL_DIR := install -d -m0755
INSTALL_BIN := install -m0755
INSTALL_DATA := install -m0644
CP := cp -fpR
