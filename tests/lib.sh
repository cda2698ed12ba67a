# SPDX-License-Identifier: 0BSD
# Functions for tests/*.test, sourced by runtest.sh in a fresh scratch
# directory per test file.  Toybox style:
#
#   testing NAME COMMAND EXPECTED [INFILE] [STDIN]
#
# runs COMMAND (eval'd in a subshell, stdin from STDIN, the file ./input
# holding INFILE) and compares its stdout with EXPECTED.  EXPECTED, INFILE and
# STDIN take printf %b escapes (\n).  Append "; echo \$?" to check an exit code.
#
#   skip NAME REASON           record a skip with its reason
#   pass NAME / fail NAME MSG  record an outcome decided by the test itself
#   wait_for SECONDS CMD...    until CMD succeeds; 1 on timeout
#   wait_pid_gone SECONDS PID  until PID has exited; 1 on timeout
#   has_applet NAME            the binary under test has that applet
#   qemu_user                  true when running under qemu-user

_hb_n=0

testing() {
	_hb_n=$((_hb_n + 1))
	printf '%b' "${4:-}" > input
	printf '%b' "$3" > expected
	printf '%b' "${5:-}" | ( eval "$2" ) > actual 2> stderr
	if cmp -s expected actual; then
		echo "PASS $1" >> "$RESULTS"
		[ -n "${VERBOSE:-}" ] && echo "PASS: $1"
	else
		echo "FAIL: $TESTNAME: $1"
		echo "  command: $2"
		diff -u expected actual | sed '1,2d; s/^/  /'
		if [ -s stderr ]; then
			echo "  stderr:"
			sed 's/^/  | /' stderr | head -20
		fi
		echo "FAIL $1" >> "$RESULTS"
	fi
	rm -f expected actual
	return 0
}

pass() {
	echo "PASS $1" >> "$RESULTS"
	[ -n "${VERBOSE:-}" ] && echo "PASS: $1"
	return 0
}

fail() {
	echo "FAIL: $TESTNAME: $1: $2"
	echo "FAIL $1" >> "$RESULTS"
	return 0
}

# `check NAME CONDITION...`: pass when the command succeeds.
check() {
	_name=$1
	shift
	if "$@"; then pass "$_name"; else fail "$_name" "false: $*"; fi
}

skip() {
	echo "SKIP: $TESTNAME: $1 ($2)"
	echo "SKIP $1: $2" >> "$RESULTS"
	return 0
}

# The attempts' complaints (a grep of a file not there yet) are dropped
# but the last one's, which decides: a timeout shows why.
wait_for() {
	# in hundredths of a second of sleeping: a tenth of a second at 0.01,
	# then 0.05 up to a second, then 0.2 (each try forks, and a wait that
	# lasts is one the machine is slow for: a tight loop in every file
	# running side by side would take the CPU from what the tests wait for)
	_limit=$(($1 * 100))
	shift
	_slept=0
	while ! "$@" 2>/dev/null; do
		if [ $_limit -le 0 ]; then
			"$@"
			return
		fi
		if [ $_slept -lt 10 ]; then
			_step=1 _pause=0.01
		elif [ $_slept -lt 100 ]; then
			_step=5 _pause=0.05
		else
			_step=20 _pause=0.2
		fi
		_slept=$((_slept + _step))
		_limit=$((_limit - _step))
		sleep $_pause
	done
	return 0
}

_pid_alive() {
	[ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}
_pid_gone() { ! _pid_alive "$1"; }

wait_pid_gone() {
	wait_for "$1" _pid_gone "$2"
}

pid_alive() { _pid_alive "$1"; }

has_applet() {
	case " $(echo $APPLETS) " in *" $1 "*) return 0 ;; esac
	return 1
}

qemu_user() { [ -n "$QEMU" ]; }
# The binary under test is static and plain: no sanitizer runtime (which
# wants /proc and shared libraries), so it runs in a chroot or without /proc.
plain_static() {
	[ "${HB_TARGET:-}" != host ] &&
	! grep -qE '^CONFIG_(DYNAMIC|SANITIZE)=y' "$(dirname "$HUPBOX")/.config" 2>/dev/null
}

tests_done() {
	[ "$_hb_n" -ge 0 ]
}
