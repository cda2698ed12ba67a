# SPDX-License-Identifier: 0BSD
# flock on a real kernel: conflicts, timeouts, shared locks, release.
has_applet flock || { skip flock "applet not in this build"; return 0; }

: > lk
flock lk sh -c 'echo $$ > holder; exec sleep 100' &
holder=$!
wait_for 5 test -s holder
testing "-n on a held lock exits 1" "flock -n lk true; echo \$?" "1\n"
testing "-E 7 sets the conflict code" "flock -n -E 7 lk true; echo \$?" "7\n"
t0=$(cut -d' ' -f1 /proc/uptime)
testing "-w 0.3 times out with 1" "flock -w 0.3 lk true; echo \$?" "1\n"
t1=$(cut -d' ' -f1 /proc/uptime)
check "-w 0.3 waited at least 0.3 s" awk "BEGIN { exit !($t1 - $t0 >= 0.29) }"
testing "-s while an exclusive lock is held conflicts" "flock -s -n lk true; echo \$?" "1\n"
kill "$(cat holder)"
wait $holder
testing "the lock is free once its holder is killed" "flock -n lk echo got; echo \$?" "got\n0\n"

flock -s lk sh -c 'echo $$ > sholder; exec sleep 100' &
sholder=$!
wait_for 5 test -s sholder
testing "two shared locks coexist" "flock -s -n lk echo shared; echo \$?" "shared\n0\n"
testing "an exclusive lock waits for the shared one" "flock -n lk true; echo \$?" "1\n"
kill "$(cat sholder)"
wait $sholder

# A waiter blocked in flock(2) gets the lock as soon as it is released.
flock lk sh -c 'echo $$ > holder2; exec sleep 100' &
h2=$!
wait_for 5 test -s holder2
flock lk sh -c 'echo waited > waiter' &
w=$!
kill "$(cat holder2)"
wait $h2
wait_pid_gone 10 $w
testing "a blocked waiter gets the released lock" "cat waiter" "waited\n"
testing "the command's exit status is returned" "flock lk sh -c 'exit 5'; echo \$?" "5\n"
