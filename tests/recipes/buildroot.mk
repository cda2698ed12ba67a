# SPDX-License-Identifier: 0BSD
# What Buildroot's generic-package does for a package with
# SITE_METHOD=local, reduced to hupbox's steps: copy the source into the
# build directory, then CONFIGURE_CMDS, BUILD_CMDS and
# INSTALL_TARGET_CMDS, each run with $(@D) the build directory.
# tests/recipes.sh passes ARCH, BUILD_DIR, TARGET_DIR, TARGET_CROSS,
# TARGET_CC, TARGET_CFLAGS, TARGET_LDFLAGS, TARGET_MAKE_ENV,
# BR2_EXTERNAL_HUPBOX_PATH and the BR2_PACKAGE_HUPBOX_* options.

generic-package =
include $(BR2_EXTERNAL_HUPBOX_PATH)/external.mk

D := $(BUILD_DIR)/hupbox-$(HUPBOX_VERSION)

all: $(D)/.stamp_target_installed

$(D)/.stamp_rsynced:
	mkdir -p $(@D)
	tar -C $(HUPBOX_SITE) --exclude=./.git --exclude=./build -cf - . | tar -C $(@D) -xf -
	touch $@
$(D)/.stamp_configured: $(D)/.stamp_rsynced
	$(HUPBOX_CONFIGURE_CMDS)
	touch $@
$(D)/.stamp_built: $(D)/.stamp_configured
	$(HUPBOX_BUILD_CMDS)
	touch $@
$(D)/.stamp_target_installed: $(D)/.stamp_built
	$(HUPBOX_INSTALL_TARGET_CMDS)
	touch $@
