# SPDX-License-Identifier: 0BSD
# The guest itself: the applets on PATH are hupbox's, the system is up.

for a in $APPLETS; do
	p=$(which "$a")
	check "$a on PATH is hupbox ($p)" test "$(readlink -f "$p")" = /bin/hupbox
done
check "hupbox lists its applets" test -n "$APPLETS"
check "setsid in a check is hupbox's, not busybox's" \
	eval 'setsid --version 2>&1 | grep -q hupbox' 
check "devtmpfs and devpts are mounted" grep -q ' /dev/pts devpts ' /proc/mounts
check "a pty can be opened" $TOOLS/ptyrun -- true
check "the serial console $HB_SERIAL is a tty device" test -c "$HB_SERIAL"
