# SPDX-License-Identifier: 0BSD
# detachpid --session on this arch's real kernel (qemu-user has no
# ptrace): a program on a pty moved into a new dtach session, the pty its
# controlling terminal; the old terminal hangs up; dtach -a on another pty
# types into it; its exit ends the session.  busybox ash.
has_applet detachpid || { skip detachpid-session "detachpid not in this build"; return 0; }
has_applet dtach || { skip detachpid-session "no dtach in this build"; return 0; }
detachpid --help | grep -q -- --session ||
	{ skip detachpid-session "built without CONFIG_DETACHPID_SESSION"; return 0; }
KILL=
trap 'for p in $KILL; do kill -9 $p 2>/dev/null; done' EXIT
trap 'exit 143' INT TERM

cat > prog <<'EOF'
#!/bin/sh
echo $$ > "$1.pid"
echo "started $1"
while read -r line; do
	case $line in
	exit) exit 0 ;;
	*) echo "got: $line" ;;
	esac
done
EOF
chmod +x prog
rm -f hup keys ckeys a.pid c.pid
mkfifo hup keys ckeys
$TOOLS/ptyrun -o a.out -k keys -H hup -- sh -c './prog a; :' > /dev/null 2>&1 &
pty=$!
KILL="$KILL $pty"
if ! wait_for 20 test -s a.pid; then
	fail "detachpid-session" "the program did not start: $(cat a.out)"
	return 0
fi
pid=$(cat a.pid)
KILL="$KILL $pid"
old=$(readlink /proc/$pid/fd/0)
out=$(detachpid -S s $pid 2>&1; echo "rc $?")
new=$(readlink /proc/$pid/fd/0)
testing "moved into a session, the pty its controlling terminal" "echo '$out'" \
	"$pid: SIGHUP ignored; fd 0 $old -> $new; fd 1 $old -> $new; fd 2 $old -> $new; new session; controlling terminal; dtach -a s attaches\nrc 0\n"
# /proc/PID/stat: the session (6th) and the terminal (7th: devpts' major
# 136, the pty's number as minor)
check "its own session, on the new pty" \
	eval '[ "$(cut -d" " -f6,7 /proc/$pid/stat)" = "$pid $((136 * 256 + ${new#/dev/pts/}))" ]'
echo > hup
wait $pty
check "the old terminal hung up: the program lives on" eval '[ -d /proc/$pid ] && ! grep -q "^State:.*Z" /proc/$pid/status'
$TOOLS/ptyrun -o c.out -p c.pid -k ckeys -- dtach -a s > /dev/null 2>&1 &
KILL="$KILL $!"
wait_for 20 test -s c.pid
printf 'hello\r' > ckeys
check "dtach -a types into it and sees its output" wait_for 20 grep -q "got: hello" c.out
printf 'exit\r' > ckeys
check "its exit ends the session" wait_for 20 grep -q "EOF - dtach terminating" c.out
check "the socket is removed" wait_for 20 test ! -e s
