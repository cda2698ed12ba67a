# SPDX-License-Identifier: 0BSD
# hupbox init as PID 1: the system start, respawn, backoff, crash-loop
# parking, orphan reaping.  Shutdown and power-off are checked by the
# shutdown entries themselves and by the host (tests/boot/boot.sh).
[ -n "$HB_INIT" ] || { skip init "PID 1 is not hupbox init (HUPBOX_BOOT_INIT=sh)"; return 0; }
S=$HB_STATE

testing "sysinit entries ran in order, each waited for, then wait" \
	"cat $S/order.at-once" \
	"sysinit 1 begin\nsysinit 1 end\nsysinit 2 begin\nsysinit 2 end\nsysinit 3 begin\nsysinit 3 end\nwait begin\nwait end\n"

check "every respawn entry started" \
	wait_for 10 test -s $S/svc.pid -a -s $S/stubborn.pid -a -s $S/extra.pid
testing "respawn entries start after the wait entry ended" \
	"cat $S/svc.after $S/stubborn.after" "wait end\nwait end\n"
testing "respawn entries run in their own session" \
	"cut -d' ' -f6 /proc/\$(cat $S/svc.pid)/stat" "$(cat $S/svc.pid)\n"

# Killed services come back at once (the first restart has no delay).
for sv in svc stubborn; do
	old=$(cat $S/$sv.pid)
	kill -KILL "$old"
	check "$sv is restarted after SIGKILL" \
		wait_for 5 sh -c "test \"\$(cat $S/$sv.pid)\" != $old && test -d /proc/\$(cat $S/$sv.pid)"
done

# The backoff entry crashes at once: 6 starts, 0 0.2 0.4 0.4 0.4 s apart,
# then it is parked; the loop entry is parked after 3 starts 0.05 s apart.
# Parked is shown as no start for three times the longest delay.  The
# delays are init's own (its "restart in" notes in the kernel log); the
# measured gaps are held only to being no shorter, as a loaded host's
# emulation can make them any longer.
count() { if [ -e "$1" ]; then wc -l < "$1"; else echo 0; fi; }
check "the crashing entry started 6 times" \
	wait_for 20 eval 'test $(count $S/backoff.starts) -ge 6'
check "the crash loop started 3 times" \
	wait_for 20 eval 'test $(count $S/loop.starts) -ge 3'
sleep 1.2
testing "the crashing entry is parked after exactly 6 starts" \
	"count $S/backoff.starts" "6\n"
testing "the crash loop is parked after exactly 3 starts" \
	"count $S/loop.starts" "3\n"
gaps=$(awk 'NR > 1 { printf "%.2f ", $1 - prev } { prev = $1 }' $S/backoff.starts)
echo "INFO: init: restart gaps of the crashing entry: $gaps s (inittab: 0 0.2 0.4 0.4 0.4)"
testing "init schedules the inittab's backoff for the crashing entry" \
	"dmesg | grep -o \"crash backoff' exited (status [0-9]*): restart in [^ ]*\" | sed 's/.* //' | head -n 5 | tr '\\n' ' '" \
	"0s 0.2s 0.4s 0.4s 0.4s "
check "no restart came sooner than its delay" awk -v g="$gaps" 'BEGIN {
	n = split(g, a, " "); split("0 0.2 0.4 0.4 0.4", w, " ")
	if (n != 5) exit 1
	for (i = 1; i <= 5; i++) if (a[i] < w[i] - 0.02) exit 1
}'

# Orphans: their parent exits at once, so they become PID 1's children,
# which must reap them (no zombie left).
sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 0.5 & done; echo $(jobs -p) > orphans'
set -- $(cat orphans)
check "8 orphans were started" test $# = 8
ppids=$(for p; do sed -n 's/^PPid:[[:space:]]*//p' /proc/$p/status; done | sort -u)
check "orphans are re-parented to PID 1" test "$ppids" = 1
gone() { for p in $*; do [ ! -e /proc/$p ] || return 1; done; }
check "PID 1 reaps all orphans (no zombies left)" wait_for 10 gone "$@"

# TSTP pauses respawning until CONT.
kill -TSTP 1
old=$(cat $S/svc.pid)
kill -KILL "$old"
sleep 0.5
testing "after TSTP, a killed service is not restarted" "cat $S/svc.pid" "$old\n"
kill -CONT 1
check "after CONT, it is restarted" \
	wait_for 5 sh -c "test \"\$(cat $S/svc.pid)\" != $old"

# HUP reloads the inittab: a new line starts, a removed one is stopped,
# an unchanged one keeps running untouched.
svc=$(cat $S/svc.pid) extra=$(cat $S/extra.pid)
sed -e '/service extra$/d' -e 's|^::once:/tests/guest.sh$|::respawn:/tests/sv.sh service added\n&|' \
	/etc/inittab > inittab.new && cat inittab.new > /etc/inittab
kill -HUP 1
check "after HUP, a new respawn line starts" wait_for 5 test -s $S/added.pid
check "... a removed line's process is stopped" wait_for 5 eval "! test -e /proc/$extra"
sleep 0.3
testing "... and not restarted" "wc -l < $S/extra.starts" "1\n"
testing "... an unchanged line keeps its process" "cat $S/svc.pid" "$svc\n"

# Idle: every entry is running, parked or done, so PID 1 must sleep in the
# kernel without a timer (BusyBox init: 0 wake-ups; tini: one a second).
switches() { awk '/ctxt_switches/ { n += $2 } END { print n }' /proc/1/status; }
a=$(switches)
sleep 1.5
b=$(switches)
check "PID 1 does not wake up while idle (1.5 s: $a -> $b context switches)" test "$a" = "$b"
