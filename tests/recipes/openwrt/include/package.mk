# SPDX-License-Identifier: 0BSD
# The part of OpenWrt's package.mk hupbox's package uses: BuildPackage
# expands Package/NAME for its fields, runs Build/Prepare, Configure,
# Compile and Install (PKG_INSTALL=1) as recipes, then Package/NAME/install
# into IPKG_DIR, and writes the ALTERNATIVES field to IPKG_DIR/alternatives
# as the package's control file would carry it.  As in OpenWrt, the
# Build/* texts are expanded once by the call and once more as recipes.
PKG_BUILD_DIR ?= $(BUILD_DIR)/$(PKG_NAME)-$(PKG_VERSION)
PKG_INSTALL_DIR ?= $(PKG_BUILD_DIR)/ipkg-install

define BuildPackage
$(eval $(Package/$(1)))
all: $(PKG_BUILD_DIR)/.packaged
$(PKG_BUILD_DIR)/.prepared:
	$(Build/Prepare)
	touch $$@
$(PKG_BUILD_DIR)/.configured: $(PKG_BUILD_DIR)/.prepared
	$(Build/Configure)
	touch $$@
$(PKG_BUILD_DIR)/.built: $(PKG_BUILD_DIR)/.configured
	$(Build/Compile)
	$(Build/Install)
	touch $$@
$(PKG_BUILD_DIR)/.packaged: $(PKG_BUILD_DIR)/.built
	mkdir -p $(IPKG_DIR)
	$(call Package/$(1)/install,$(IPKG_DIR))
	echo '$(ALTERNATIVES)' > $(IPKG_DIR)/../alternatives
	touch $$@
endef
