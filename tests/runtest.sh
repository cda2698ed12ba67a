#!/bin/sh
# SPDX-License-Identifier: 0BSD
# hupbox test driver.
#
#   HUPBOX=path/to/hupbox [QEMU=qemu-arm] [TOOLS=dir] [TESTDIR=dir] \
#	[HB_TEST_JOBS=N] [HB_TIMES=file] sh tests/runtest.sh [NAME...]
#
# Runs TESTDIR/NAME.test (every .test there when no NAME is given; TESTDIR
# is tests/ by default, tests/stress for `make stress`) with each applet
# reachable by its own name on PATH: symbolic links to $HUPBOX, or, when
# $QEMU is set, small wrappers that run it under qemu-user with the right
# argv[0].  HUPBOX may also be another multi-call binary (busybox, toybox)
# to compare behaviour, or "system" to test whatever is on PATH already.
#
# A file whose first line is "# applet: NAME" runs only when the binary
# has applet NAME, whatever the file is called.
#
# Prints one block per failing test (with a diff), one line per skip (with
# its reason), each file's run time in seconds, and last exactly
# "N passed, N failed" (", N skipped" after it when any were skipped).
# Exits 1 when anything failed.

TESTS=$(cd "$(dirname "$0")" && pwd)
# Not exported to the test files: tests/harness.test runs this script again.
_dir=${TESTDIR:-$TESTS}
unset TESTDIR
TESTDIR=$(cd "$_dir" && pwd) || exit 1
# Nor is the times record, which is this run's only.
TIMES_RECORD=${HB_TIMES:-}
unset HB_TIMES
: "${HUPBOX:?set HUPBOX to the binary under test}"
QEMU=${QEMU:-}
TOOLS=${TOOLS:-$TESTS/../build/tools}
HB_TEST_TIMEOUT=${HB_TEST_TIMEOUT:-300}
export TESTS QEMU TOOLS HUPBOX HB_TEST_TIMEOUT

# Files run HB_TEST_JOBS at a time: by default one more than the CPUs,
# since a test file spends most of its time waiting for the processes it
# watches, not computing.  Each file's output is held until it ends and
# then printed whole, so that files running together do not interleave.
JOBS=${HB_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 1) + 1))}

# Milliseconds since the epoch; a file's time is a difference of two.
now_ms() { date +%s%3N; }

# run_file NAME: one file, its output to $WORK/out.NAME then stdout, its
# time to $WORK/time.NAME.
run_file() {
	name=$1
	file=$TESTDIR/$name.test
	out=$WORK/out.$name
	if [ ! -f "$file" ]; then
		echo "FAIL: no test file $file"
		echo "FAIL $name: no test file" >> "$RESULTS"
		return
	fi
	# An applet's tests run only when the binary has that applet.
	applet=$(sed -n '1s/^# applet: *\([^ ]*\) *$/\1/p' "$file")
	if [ -n "$applet" ]; then
		case " $(echo $APPLETS) " in
		*" $applet "*) ;;
		*)
			echo "SKIP: $name: applet $applet not in this build"
			echo "SKIP $name: applet $applet not in this build" >> "$RESULTS"
			return ;;
		esac
	fi
	dir=$WORK/t.$name
	mkdir -p "$dir"
	t0=$(now_ms)
	(cd "$dir" && TESTNAME=$name timeout -k 10 "$HB_TEST_TIMEOUT" \
		sh -c '. "$TESTS/lib.sh"; . "$1"; tests_done' sh "$file") > "$out" 2>&1
	rc=$?
	t1=$(now_ms)
	echo "$((t1 - t0))" > "$WORK/time.$name"
	if [ $rc -ne 0 ]; then
		if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
			echo "FAIL: $name: timed out after ${HB_TEST_TIMEOUT}s"
		else
			echo "FAIL: $name: test file exited $rc"
		fi >> "$out"
		echo "FAIL $name: test file did not finish (exit $rc)" >> "$RESULTS"
	fi
	cat "$out"
}

# Run by xargs: sh runtest.sh --run-file WORK TESTDIR NAME (the rest of
# the environment is exported below).
if [ "${1-}" = --run-file ]; then
	WORK=$2 TESTDIR=$3
	run_file "$4"
	exit 0
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hupbox-test.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
BIN=$WORK/bin
RESULTS=$WORK/results
mkdir -p "$BIN"
: > "$RESULTS"
export BIN RESULTS

# The applets to test: what the binary says it has.
case $HUPBOX in
system) APPLETS="nohup setsid flock" ;;
*/busybox*) APPLETS=$($QEMU "$HUPBOX" --list) ;;
*/toybox*) APPLETS=$($QEMU "$HUPBOX") ;;
*) APPLETS=$($QEMU "$HUPBOX" --list) ;;
esac || {
	echo "FAIL: cannot run '$HUPBOX --list'${QEMU:+ under $QEMU}"
	echo "FAIL startup" >> "$RESULTS"
}
export APPLETS

link_applet() {
	if [ -n "$QEMU" ]; then
		printf '#!/bin/sh\nexec %s -0 %s %s "$@"\n' "$QEMU" "$1" "$HUPBOX" > "$BIN/$1"
		chmod +x "$BIN/$1"
	else
		ln -s "$HUPBOX" "$BIN/$1"
	fi
}
if [ "$HUPBOX" != system ]; then
	for a in $APPLETS; do
		link_applet "$a"
	done
	[ -e "$BIN/hupbox" ] || link_applet hupbox
fi
PATH=$BIN:$PATH
export PATH

if [ $# -eq 0 ]; then
	# The longest files first, so that none runs alone at the end: by
	# their times in the last run when HB_TIMES names that record (make
	# test keeps it in the build directory), new files first, else the
	# largest first.
	set -- $(cd "$TESTDIR" && ls -S *.test | sed 's/\.test$//')
	if [ -n "$TIMES_RECORD" ] && [ -s "$TIMES_RECORD" ]; then
		set -- $(printf '%s\n' "$@" | awk 'NR == FNR { ms[$1] = $2; next }
			{ print ($1 in ms ? ms[$1] : 999999999), $1 }' "$TIMES_RECORD" - |
			sort -s -k1,1nr | cut -d' ' -f2)
	fi
	record_times=$TIMES_RECORD
fi

start_all=$(now_ms)
printf '%s\n' "$@" | xargs -P "$JOBS" -n 1 sh "$TESTS/runtest.sh" --run-file "$WORK" "$TESTDIR"

# Each file's time, in the order given, then the whole run's.
total=$(($(now_ms) - start_all))
for name; do
	[ -f "$WORK/time.$name" ] || continue
	ms=$(cat "$WORK/time.$name")
	printf 'time: %-12s %4d.%ds\n' "$name" $((ms / 1000)) $((ms % 1000 / 100))
done
printf 'time: %-12s %4d.%ds\n' total $((total / 1000)) $((total % 1000 / 100))
if [ -n "${record_times:-}" ]; then
	for name; do
		[ -f "$WORK/time.$name" ] && echo "$name $(cat "$WORK/time.$name")"
	done > "$record_times.tmp" && mv "$record_times.tmp" "$record_times"
fi

passed=$(grep -c '^PASS ' "$RESULTS")
failed=$(grep -c '^FAIL ' "$RESULTS")
skipped=$(grep -c '^SKIP ' "$RESULTS")
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
