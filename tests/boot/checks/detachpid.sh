# SPDX-License-Identifier: 0BSD
# detachpid on this arch's real kernel (qemu-user has no ptrace): a busybox
# ash job on a pty that hangs up, and targets blocked in read, in
# nanosleep, poll, futex and waitpid, busy in user code, threaded and
# stopped; a script job with -g; the target killed half-way, a second
# detachpid, a signal during the injection.  busybox ash.
has_applet detachpid || { skip detachpid "applet not in this build"; return 0; }

TGT=$TOOLS/detachpid-target
[ -x "$TGT" ] || { skip detachpid "no detachpid-target helper"; return 0; }
KILL=
trap 'for p in $KILL; do kill -9 $p 2>/dev/null; done' EXIT
trap 'exit 143' INT TERM

count() { _c=$(grep -c beat "$1" 2>/dev/null); echo "${_c:-0}"; }
more_beats() {
	_f=$1
	_n=$(($(count "$1") + ${2:-3}))
	wait_for 10 eval '[ "$(count "$_f")" -ge $_n ]'
}
state() { sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' /proc/$1/status 2>/dev/null; }
untraced() { grep -q '^TracerPid:[[:space:]]*0$' /proc/$1/status && [ "$(state $1)" != t ]; }
bg() { "$@" & pid=$!; KILL="$KILL $pid"; }
ready() { wait_for 10 grep -q -e ready -e beat "$1"; }

# A background job of an interactive ash on a pty; the terminal hangs up.
rm -f hup job.pid
mkfifo hup
$TOOLS/ptyrun -o term.out -H hup -i "$TGT beat 50 & echo \$! > $PWD/job.pid
" -- sh -i &
pty=$!
KILL="$KILL $pty"
if wait_for 10 test -s job.pid && wait_for 10 grep -q beat term.out; then
	job=$(cat job.pid)
	KILL="$KILL $job"
	tty=$(readlink /proc/$job/fd/1)
	testing "ash job: detachpid reports what changed" "detachpid $job" \
		"$job: SIGHUP ignored; fd 0 $tty -> /dev/null; fd 1 $tty -> $PWD/nohup.out; fd 2 $tty -> $PWD/nohup.out\n"
	echo > hup
	wait $pty
	check "ash job: goes on writing nohup.out after the hangup" more_beats nohup.out 3
	check "ash job: untraced, running" untraced $job
	kill $job
else
	fail "ash job" "the job did not start: $(cat term.out)"
fi

# -g: a script job whose child does the work; both survive the hangup
rm -f hup job.pid nohup.out
mkfifo hup
printf '%s\n' "$TGT beat 50" "exit 0" > work.sh
$TOOLS/ptyrun -o term.out -H hup -i "sh $PWD/work.sh & echo \$! > $PWD/job.pid
" -- sh -i &
pty=$!
KILL="$KILL $pty"
if wait_for 10 test -s job.pid && wait_for 10 grep -q beat term.out; then
	job=$(cat job.pid)
	kid=$(cat /proc/$job/task/$job/children)
	kid=${kid% }
	KILL="$KILL $job $kid"
	testing "-g: one line per process of the job" "detachpid -g $job | cut -d: -f1" "$job\n$kid\n"
	echo > hup
	wait $pty
	check "-g: the job's worker goes on writing nohup.out after the hangup" more_beats nohup.out 3
	kill $kid $job
else
	fail "-g" "the script job did not start: $(cat term.out)"
fi

# blocked in read() on its own terminal
rm -f term.out nohup.out
bg $TOOLS/ptyrun -o term.out -- $TGT read
wait_for 10 grep -q ready term.out
p=$(cat /proc/$pid/task/$pid/children)
p=${p% }
detachpid $p > /dev/null
check "read() restarts on the new stdin (EBADF from write-only /dev/null)" \
	wait_for 10 grep -q "^read -1 " nohup.out

# detachpid comes after 0.8 s of a 1.5 s sleep (a deliberate pause): the
# sleep must end at 1.5 s, not restart from zero (2.3 s)
bg $TGT sleep 1500 > sleep.out
ready sleep.out
sleep 0.8
detachpid -o sleep2.out $pid > /dev/null
wait $pid
check "nanosleep: no EINTR, slept its full time and no more" \
	eval '[ "$(sed -n "s/^slept //p" sleep2.out)" -ge 1500 ] && [ "$(sed -n "s/^slept //p" sleep2.out)" -lt 2200 ]'

bg $TGT busy > busy.out
ready busy.out
testing "busy loop: injected from user code" \
	"detachpid -v -o busy2.out $pid 2>&1 >/dev/null | grep -c 'in user code'" "1\n"
check "busy loop: beats go to the new file" more_beats busy2.out 2
kill $pid

bg $TGT threads 3 > thr.out
ready thr.out
wait_for 10 eval '[ $(ls /proc/$pid/task | wc -l) = 4 ]'
detachpid -o thr2.out $pid > /dev/null
check "threads: beats go to the new file" more_beats thr2.out
check "threads: 4 threads alive, none traced" eval \
	'[ $(ls /proc/$pid/task | wc -l) = 4 ] && ! grep -q "^TracerPid:[[:space:]]*[1-9]" /proc/$pid/task/*/status'
kill $pid

bg $TGT beat 50 > st.out
ready st.out
kill -STOP $pid
wait_for 10 eval '[ "$(state $pid)" = T ]'
detachpid -o st2.out $pid > /dev/null
check "stopped: continued, beats go to the new file" more_beats st2.out
kill $pid

bg $TGT beat 50 > k.out
ready k.out
detachpid -k -o k2.out $pid > keep.out
restore=$(sed -n 's/^[0-9]*: to restore: //p' keep.out)
check "-k: prints a restore command" test -n "$restore"
$restore > /dev/null
check "-k: the restore command brings output back" more_beats k.out
kill $pid

# ---- races and failures in the middle of an injection ----
tracer() { sed -n 's/^TracerPid:[[:space:]]*//p' /proc/$1/status 2>/dev/null; }
# detachpid holds PID, blocked in the injected open of the FIFO
held() { [ "$(tracer $1)" != 0 ] && [ "$(state $1)" = S ]; }
nopending() { grep -q '^ShdPnd:[[:space:]]*0*$' /proc/$1/status; }
rm -f fifo
mkfifo fifo

bg $TGT threads 2 > kt.out
ready kt.out
detachpid -t 20 -o fifo $pid > kd.out 2>&1 &
d=$!
wait_for 10 held $pid
kill -9 $pid
wait $d
echo $? >> kd.out
testing "target killed during the injection: 3 at once, said so" "cat kd.out" \
	"detachpid: $pid: exited during the injection (killed?)\n3\n"

bg $TGT usr1 50 > u1.out 2> u1.err
ready u1.out
detachpid -t 20 -o fifo $pid > u1d.out 2>&1 &
d=$!
wait_for 10 held $pid
testing "a second detachpid meanwhile: 5, names the first" "detachpid $pid 2>&1; echo \$?" \
	"detachpid: $pid: already traced by $d (detachpid): detach it first\n5\n"
kill -USR1 $pid
wait_for 10 eval 'nopending $pid && held $pid'
cat fifo > u1f.out &
c=$!
wait $d
echo $? >> u1d.out
testing "signal during a blocked injected call: the call runs again, 0" "cat u1d.out" \
	"$pid: SIGHUP ignored; fd 1 $PWD/u1.out -> $PWD/fifo\n0\n"
check "signal during the injection: delivered afterwards" wait_for 10 grep -q "usr1 1$" u1f.out
kill $pid
kill $c 2>/dev/null	# still in open() when detachpid failed
wait $c

for k in poll futex wait; do
	rm -f bl2.out
	bg $TGT block $k 600 > bl.out
	ready bl.out
	detachpid -o bl2.out $pid > /dev/null
	wait $pid
	err=-
	[ $k = futex ] && err=ETIMEDOUT
	testing "blocked in $k: resumes with no error, after its time" \
		"cut -d' ' -f1,3- bl2.out | sed 's/ [0-9]*$//'; awk '{ print (\$NF >= 550) }' bl2.out" \
		"$k $err\n1\n"
done
