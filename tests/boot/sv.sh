#!/bin/sh
# SPDX-License-Identifier: 0BSD
# The guest's inittab entries (tests/boot/inittab) are all this one script:
#
#   sv.sh sysinit N       step N of the system start (1 mounts and installs)
#   sv.sh wait            the `wait` entry
#   sv.sh service NAME    a long-running respawn service
#   sv.sh stubborn NAME   a service that ignores SIGTERM
#   sv.sh crash NAME      a respawn entry that exits 1 at once
#   sv.sh shutdown N      shutdown entry N: reports what it sees
#   sv.sh restart         the restart entry, exec'd as PID 1 on QUIT: reports
#                         what it sees, then a new init (inittab.final)
#   sv.sh final           that init's once entry: reports, then power off
#
# State goes to /run/hb: NAME.pid, NAME.starts (uptime of every start),
# order (one line per sysinit/wait step begin and end).  The checks read it.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin:/tests/bin:/bb
S=/run/hb

uptime_s() { read -r up _ < /proc/uptime; echo "$up"; }
# r NAME COND: a PASS or FAIL line for the restart checks
r() { if eval "$2"; then echo "PASS: restart: $1"; else echo "FAIL: restart: $1"; fi; }

case $1 in
sysinit)
	if [ "$2" = 1 ]; then
		/bin/busybox mkdir -p /proc /sys /dev /run /tmp
		/bin/busybox mount -t proc proc /proc
		/bin/busybox mount -t sysfs sysfs /sys
		/bin/busybox mount -t devtmpfs devtmpfs /dev
		/bin/busybox mkdir -p /dev/pts /dev/shm
		/bin/busybox mount -t devpts devpts /dev/pts
		/bin/busybox mkdir -p /bb "$S"
		/bin/busybox --install -s /bb
		uptime_s > $S/init.start
	fi
	echo "sysinit $2 begin" >> $S/order
	# Long enough that an init which did not wait would start the next
	# step (or a respawn entry) before this one ends.
	sleep 0.1
	echo "sysinit $2 end" >> $S/order
	;;
wait)
	echo "wait begin" >> $S/order
	sleep 0.1
	echo "wait end" >> $S/order
	;;
service|stubborn)
	uptime_s >> $S/$2.starts
	echo $$ > $S/$2.pid.tmp && mv $S/$2.pid.tmp $S/$2.pid
	# What this start saw of the system start: it must come after it all.
	tail -n 1 $S/order > $S/$2.after
	[ "$1" = stubborn ] && trap '' TERM
	exec sleep 100000
	;;
crash)
	uptime_s >> $S/$2.starts
	exit 1
	;;
shutdown)
	# BusyBox's order: shutdown lines run one after the other, before the
	# TERM to every process.  Results go to the console: the guest driver
	# has printed its summary by now, the host counts these lines.
	uptime_s > $S/shutdown.$2
	if [ "$2" = 1 ]; then
		if [ -d /proc/"$(cat $S/svc.pid)" ] && [ -d /proc/"$(cat $S/stubborn.pid)" ]; then
			echo "PASS: shutdown: the services still run when the shutdown entries start"
		else
			echo "FAIL: shutdown: a service was stopped before the shutdown entries"
		fi
		sleep 0.2
		uptime_s > $S/shutdown.1.end
	elif [ -e $S/shutdown.1.end ]; then
		echo "PASS: shutdown: entry 2 runs after entry 1 ended"
	else
		echo "FAIL: shutdown: entry 2 runs before entry 1 ended"
	fi
	echo "INFO: shutdown entry $2 ran at $(cat $S/shutdown.$2) s"
	;;
restart)
	# PID 1 now: after the shutdown entries, TERM, grace and KILL.
	echo "INFO: the restart entry runs at $(uptime_s) s"
	r "the restart entry runs as PID 1" '[ $$ -eq 1 ]'
	r "after both shutdown entries" '[ -e $S/shutdown.1.end ] && [ -e $S/shutdown.2 ]'
	r "every service is gone, the TERM-proof one too" \
		'[ ! -d /proc/"$(cat $S/svc.pid)" ] && [ ! -d /proc/"$(cat $S/stubborn.pid)" ]'
	# BusyBox's init re-enables it before the exec, for the new init
	# to decide (hupbox's own turns it off again: final below)
	r "Ctrl-Alt-Del reboots at once again" '[ "$(cat /proc/sys/kernel/ctrl-alt-del)" = 1 ]'
	exec /bin/hupbox init -f /tests/inittab.final
	;;
final)
	r "the new init is hupbox's, as PID 1" '[ "$(readlink /proc/1/exe)" = /bin/hupbox ]'
	r "and turned Ctrl-Alt-Del's reboot off again" '[ "$(cat /proc/sys/kernel/ctrl-alt-del)" = 0 ]'
	echo "INFO: asking PID 1 to power off at $(uptime_s) s"
	kill -USR2 1
	;;
*)
	echo "sv.sh: unknown role $1" >&2
	exit 2
	;;
esac
