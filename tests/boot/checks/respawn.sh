# SPDX-License-Identifier: 0BSD
# respawn on a real kernel: what qemu-user cannot show (it refuses
# PR_SET_CHILD_SUBREAPER, so tests/respawn.test skips orphan reaping there).
has_applet respawn || { skip respawn "applet not in this build"; return 0; }

# The child orphans three processes (each subshell exits at once, its
# sleep lives on), then lives on itself: the orphans must come to respawn,
# and be reaped by it once they are killed.  (Not a fifo they open: one
# still on its way to open() when the writer closes would wait for ever.)
respawn -p child.pid -- sh -c 'for i in 1 2 3; do (sleep 1000 &); done; exec sleep 100' &
rp=$!
check "respawn started its child" wait_for 10 test -s child.pid
kids() { cat /proc/$rp/task/*/children 2>/dev/null | wc -w; }
check "orphans are re-parented to respawn (child subreaper)" \
	wait_for 10 eval '[ "$(kids)" -eq 4 ]'
for k in $(cat /proc/$rp/task/*/children); do
	[ "$k" = "$(cat child.pid)" ] || kill -KILL "$k"
done
check "and reaped: only the child is left" wait_for 10 eval '[ "$(kids)" -eq 1 ]'

old=$(cat child.pid)
kill -KILL "$old"
check "a killed child is restarted" \
	wait_for 5 eval '[ -s child.pid ] && [ "$(cat child.pid)" != "$old" ]'
kill -TERM $rp
wait $rp
testing "TERM stops the child; respawn exits with its status" "echo $?" "143\n"
