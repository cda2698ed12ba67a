#!/bin/sh
# SPDX-License-Identifier: 0BSD
# HUPBOX_BOOT_INIT=sh: a shell stands in for hupbox init as PID 1, to prove
# the boot frame or test the other applets while init is broken.  It runs
# the first sysinit step and the guest driver, then powers off; the init
# checks skip themselves.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin:/tests/bin:/bb
/tests/sv.sh sysinit 1
/tests/guest.sh
/bin/busybox poweroff -f
