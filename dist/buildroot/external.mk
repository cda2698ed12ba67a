# SPDX-License-Identifier: 0BSD
include $(sort $(wildcard $(BR2_EXTERNAL_HUPBOX_PATH)/package/*/*.mk))
