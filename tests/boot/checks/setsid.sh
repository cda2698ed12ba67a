# SPDX-License-Identifier: 0BSD
# setsid on a real kernel: sessions, the serial line as controlling tty.
has_applet setsid || { skip setsid "applet not in this build"; return 0; }

# Fields 6 (session) and 7 (tty_nr) of /proc/PID/stat; comm has no spaces here.
sid_of() { cut -d' ' -f6 "/proc/$1/stat"; }
tty_of() { cut -d' ' -f7 "/proc/$1/stat"; }

testing "-w: the command leads a new session" \
	"setsid -w sh -c 'test \$(cut -d\" \" -f6 /proc/\$\$/stat) = \$\$ && echo leader'" "leader\n"
testing "-w returns the command's status" "setsid -w sh -c 'exit 3'; echo \$?" "3\n"
testing "-w: killed by a signal is 128+N" "setsid -w sh -c 'kill -TERM \$\$'; echo \$?" "143\n"
testing "no command: exit 1" "setsid 2>/dev/null; echo \$?" "1\n"
testing "command not found: exit 127" "setsid -w /nonexistent 2>/dev/null; echo \$?" "127\n"

setsid -f sh -c 'echo $$ > f.pid; exec sleep 100'
rc=$?
wait_for 5 test -s f.pid
check "-f returns 0 at once" test $rc = 0
check "-f: the command runs on, in its own session" \
	test "$(sid_of "$(cat f.pid)")" = "$(cat f.pid)"
kill "$(cat f.pid)"

# Already a process group leader (ptyrun's child leads a session): setsid
# must fork to get a new session.
$TOOLS/ptyrun -o /dev/null -- hupbox setsid -w sh -c 'echo $$ $(cut -d" " -f6 /proc/$$/stat) $(cut -d" " -f7 /proc/$$/stat) > inner' 
read -r ipid isid itty < inner
check "from a session leader, setsid forks into a new session" test "$ipid" = "$isid"
check "... which has no controlling tty" test "$itty" = 0

# -c takes the serial line as controlling terminal: the real device, since
# /dev/console can never be one.
set -- $(stat -L -c '%t %T' "$HB_SERIAL")
maj=$((0x$1)) min=$((0x$2))
want=$(( (min & 255) | (maj << 8) | ((min & ~255) << 12) ))
setsid -c -w sh -c 'cut -d" " -f7 /proc/$$/stat > ctty' < "$HB_SERIAL"
testing "-c makes $HB_SERIAL the controlling tty" "cat ctty" "$want\n"
