#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Guest test driver: run by init (an inittab `once` entry) when the system
# is up.  Runs every /tests/checks/*.sh sourced after /tests/lib.sh (the
# host suite's own functions: testing, check, pass, fail, skip, wait_for),
# each in a scratch directory with TESTNAME set to the file's name.
# Prints one line per check (FAIL and SKIP lines come from lib.sh, PASS
# lines from here), the boot time and PID 1's memory, then
# "N passed, N failed", and last asks PID 1 to restart (SIGQUIT).
export PATH=/bin:/sbin:/usr/bin:/usr/sbin:/tests/bin:/bb
export TESTS=/tests TOOLS=/tests/bin QEMU= HB_STATE=/run/hb
export RESULTS=/run/results
export APPLETS="$(hupbox --list 2>/dev/null)"
# The serial line behind /dev/console (ttyAMA0, ttyS0): a real terminal
# that can become a controlling tty, which /dev/console cannot.
read -r HB_SERIAL _ < /sys/class/tty/console/active
HB_SERIAL=/dev/$HB_SERIAL
export HB_SERIAL
# PID 1 is hupbox's init unless the boot runs HUPBOX_BOOT_INIT=sh.
HB_INIT=
[ "$(readlink /proc/1/exe)" = /bin/hupbox ] && HB_INIT=1
export HB_INIT
: > "$RESULTS"
# Debian's busybox sh runs its own applets before searching PATH (it is
# built with FEATURE_SH_STANDALONE), so its setsid and init would shadow
# hupbox's.  Every check sources these functions, which name hupbox's
# applets by path; a nested `sh -c` must say `hupbox setsid` itself.  Only
# shadowed names get one: `f &` forks a subshell that runs f, so $! would
# not be the applet's pid.
for a in $APPLETS; do
	busybox --list | grep -qx "$a" && p=$(which "$a") && echo "$a() { $p \"\$@\"; }"
done > /run/applets.sh

uptime_s() { read -r up _ < /proc/uptime; echo "$up"; }
echo "INFO: guest driver starts at $(uptime_s) s"
# What the system start had done when this `once` entry began.
cp $HB_STATE/order $HB_STATE/order.at-once

for file in /tests/checks/*.sh; do
	name=${file##*/}
	name=${name%.sh}
	before=$(wc -l < "$RESULTS")
	t0=$(uptime_s)
	mkdir -p "/tmp/t.$name"
	(cd "/tmp/t.$name" && TESTNAME=$name timeout -s KILL 90 \
		sh -c '. /tests/lib.sh; . /tests/guestlib.sh; . /run/applets.sh; . "$1"' sh "$file")
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "FAIL: $name: check file exited $rc (137: killed after 90 s)"
		echo "FAIL $name: check file exited $rc" >> "$RESULTS"
	fi
	sed -n "$((before + 1)),\$s/^PASS /PASS: $name: /p" "$RESULTS"
	echo "INFO: $name checks took $(echo "$t0 $(uptime_s)" | awk '{ printf "%.2f", $2 - $1 }') s"
done

# Kernel start to the first start of the first respawn entry.
if [ -s $HB_STATE/init.start ]; then
	echo "INFO: the first sysinit entry started at $(cat $HB_STATE/init.start) s"
fi
if [ -s $HB_STATE/svc.starts ]; then
	echo "INFO: boot time $(head -n 1 $HB_STATE/svc.starts) s (kernel start to the first respawned service)"
fi
if [ -n "$HB_INIT" ]; then
	# The status counters are per-thread caches synced every 64 faults,
	# so a process this small can show 4 kB there; smaps_rollup walks
	# the page tables.
	echo "INFO: PID 1 (hupbox init) memory: $(grep -E '^(Rss|Pss|Anonymous):' /proc/1/smaps_rollup | tr -s ' \t' ' ' | tr '\n' ' ')/ status: $(grep -E '^(VmRSS|RssAnon):' /proc/1/status | tr -s ' \t' ' ' | tr '\n' ' ')"
	# where they are: the .data page, .bss (anon), the stack
	echo "INFO: PID 1's private pages by mapping: $(awk '/^[0-9a-f]+-[0-9a-f]+ / { m = $6 == "" ? "anon" : $6; sub(/.*\//, "", m) }
		/^Anonymous:/ && $2 { printf "%s %s kB; ", m, $2 }' /proc/1/smaps)"
fi

passed=$(grep -c '^PASS ' "$RESULTS")
failed=$(grep -c '^FAIL ' "$RESULTS")
skipped=$(grep -c '^SKIP ' "$RESULTS")
echo "INFO: guest driver ends at $(uptime_s) s"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
# hupbox's init: QUIT, so the shutdown and then the restart entry, which
# starts a new init that powers off (tests/boot/sv.sh).  The shell init
# powers off itself when this script returns.
if [ -n "$HB_INIT" ]; then
	echo "INFO: asking PID 1 to restart at $(uptime_s) s"
	kill -QUIT 1
fi
exit 0
