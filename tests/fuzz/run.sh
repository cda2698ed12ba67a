#!/bin/sh
# SPDX-License-Identifier: 0BSD
# make fuzz: each harness named in FUZZ_H for an equal share of FUZZ_S
# seconds, one after the other (docs/SECURITY.md, "Hostile tests and
# fuzzers").  A libFuzzer harness starts from its seeds (tests/fuzz/NAME/),
# the inputs that once failed (tests/fuzz/regress/NAME/) and what earlier
# runs found ($FZ/corpus/NAME/, where new inputs go), and stops at its
# first crash, hang (-timeout) or sanitizer report; that input is copied
# into tests/fuzz/regress/NAME/, for `make test` to replay once it is
# fixed and committed.  pid1 is tests/fuzz/pid1.py.  Exits 1 when any
# harness failed.
set -u
FZ=${FZ:-build/fuzz}
PYTHON=${PYTHON:-python3}
FUZZ_S=${FUZZ_S:-600}
FUZZ_H=${FUZZ_H:-inittab argv values pid1}
n=$(echo $FUZZ_H | wc -w)
each=$((FUZZ_S / n))
[ "$each" -ge 1 ] || each=1
# the longest input each harness is given
maxlen() { case $1 in inittab) echo 4096 ;; argv) echo 1024 ;; *) echo 256 ;; esac; }
failed=

for h in $FUZZ_H; do
	if [ "$h" = pid1 ]; then
		$PYTHON tests/fuzz/pid1.py "$each" || failed="$failed $h"
		continue
	fi
	corpus=$FZ/corpus/$h
	art=$FZ/artifacts/$h
	regress=tests/fuzz/regress/$h
	rm -rf "$art"
	mkdir -p "$corpus" "$art"
	dirs="$corpus tests/fuzz/$h"
	[ -d "$regress" ] && dirs="$dirs $regress"
	echo "fuzz: $h for ${each}s"
	# shellcheck disable=SC2086
	"$FZ/$h" -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$(maxlen "$h")" -print_final_stats=1 \
		-artifact_prefix="$art/" $dirs > "$FZ/$h.log" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$FZ/$h.log")
	if [ "$rc" -eq 0 ]; then
		echo "fuzz: $h: clean, ${runs:-?} runs, corpus $(ls "$corpus" | wc -l) inputs"
		continue
	fi
	failed="$failed $h"
	grep -E 'ERROR|runtime error|^fuzz:|SUMMARY|Test unit written' "$FZ/$h.log" | head -20
	for f in "$art"/*; do
		[ -f "$f" ] || continue
		mkdir -p "$regress"
		cp "$f" "$regress/"
		echo "fuzz: $h: kept $regress/${f##*/} (replay: $FZ/$h $regress/${f##*/})"
	done
	echo "fuzz: $h FAILED (exit $rc); full log in $FZ/$h.log"
done

if [ -n "$failed" ]; then
	echo "fuzz: FAILED:$failed"
	exit 1
fi
echo "fuzz: all clean ($FUZZ_H)"
