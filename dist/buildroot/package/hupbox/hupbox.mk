# SPDX-License-Identifier: 0BSD
################################################################################
#
# hupbox
#
################################################################################

HUPBOX_VERSION = 0.1.0
# This tree's own checkout; a release would set HUPBOX_SITE to the
# tarball's address instead.
HUPBOX_SITE = $(BR2_EXTERNAL_HUPBOX_PATH)/../..
HUPBOX_SITE_METHOD = local
HUPBOX_LICENSE = 0BSD
HUPBOX_LICENSE_FILES = LICENSE

HUPBOX_APPLETS = NOHUP SETSID FLOCK DETACHPID DTACH RESPAWN INIT

# detachpid's ptrace layer (libcore/arch/) by Buildroot's ARCH.
HUPBOX_ARCH = $(strip \
	$(if $(filter arm armeb,$(ARCH)),arm, \
	$(if $(filter mips mipsel,$(ARCH)),mips, \
	$(if $(filter i386 i486 i586 i686,$(ARCH)),i386, \
	$(ARCH)))))

# The packager's variables as hupbox's Makefile takes them (README,
# "Packaging"): the toolchain named by CROSS_COMPILE and CC, the target's
# flags added to those hupbox needs.
HUPBOX_MAKE_OPTS = \
	O=$(@D)/build/br CROSS_COMPILE="$(TARGET_CROSS)" ARCH=$(HUPBOX_ARCH) \
	CC="$(TARGET_CC)" STRIP="$(TARGET_CROSS)strip" \
	CFLAGS="$(TARGET_CFLAGS)" LDFLAGS="$(TARGET_LDFLAGS)"

# The shipped defconfig with each applet as chosen in menuconfig.
define HUPBOX_CONFIGURE_CMDS
	mkdir -p $(@D)/build/br
	sed $(foreach a,$(HUPBOX_APPLETS),-e 's/^.*CONFIG_$(a)[= ].*/$(if $(BR2_PACKAGE_HUPBOX_$(a)),CONFIG_$(a)=y,# CONFIG_$(a) is not set)/') \
		$(@D)/config/defconfig > $(@D)/build/br/.config
endef

define HUPBOX_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(HUPBOX_MAKE_OPTS)
endef

# The firmware layout: /bin/hupbox and each applet in its usual home.
# FORCE=1: an applet enabled here replaces BusyBox's link, whichever
# package Buildroot installed first.
define HUPBOX_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(HUPBOX_MAKE_OPTS) \
		install-firmware DESTDIR=$(TARGET_DIR) FORCE=1
endef

$(eval $(generic-package))
