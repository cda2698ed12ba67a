# SPDX-License-Identifier: 0BSD
# nohup on a real pseudo-terminal, with a real hangup.
has_applet nohup || { skip nohup "applet not in this build"; return 0; }

umask 022
$TOOLS/ptyrun -o term -- nohup sh -c 'echo out; echo err >&2' 
testing "on a terminal, output goes to nohup.out" "cat nohup.out" "out\nerr\n"
testing "nohup.out is created 0600" "stat -c %a nohup.out" "600\n"
testing "the terminal shows nohup's notice" \
	"tr -d '\\r' < term" \
	"nohup: ignoring input and appending output to 'nohup.out'\n"
rm -f nohup.out

# When the session leader of a terminal exits, its foreground process group
# gets SIGHUP; a job of a non-interactive shell is in that group.  The
# control case shows the hangup really reaches the job.
# The outer shell (the session leader) exits only once the job runs.
job() { # NAME PREFIX
	$TOOLS/ptyrun -o /dev/null -- sh -c "$2 sh -c 'echo up > $1.up; sleep 0.5; echo alive > $1' &
		echo \$! > $1.pid
		while [ ! -e $1.up ]; do sleep 0.01; done"
}
job plain ""
job kept nohup
wait_pid_gone 5 "$(cat plain.pid)"
wait_pid_gone 5 "$(cat kept.pid)"
check "a job without nohup dies with its terminal (control)" test ! -e plain
testing "a job under nohup survives its terminal's hangup" "cat kept" "alive\n"
testing "its output went to nohup.out" "test -e nohup.out && echo yes" "yes\n"

testing "no operand: exit 125" "nohup 2>/dev/null; echo \$?" "125\n"
testing "command not found: exit 127" "nohup /nonexistent 2>/dev/null; echo \$?" "127\n"
