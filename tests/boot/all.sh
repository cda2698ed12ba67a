#!/bin/sh
# SPDX-License-Identifier: 0BSD
# `make boot-test-all`: boot every target named on the command line in
# turn (build/boot-TARGET, log in build/boot-TARGET/boot-test.log), print
# the failures, then one summary line per target with its boot time and
# PID 1's memory.  Exits 1 when any target failed.
summary=
rc=0
for t in "$@"; do
	o=build/boot-$t
	mkdir -p "$o"
	log=$o/boot-test.log
	if ${MAKE:-make} --no-print-directory TARGET="$t" O="$o" boot-test > "$log" 2>&1; then
		line=$(tail -n 1 "$log")
	else
		rc=1
		line="FAILED: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
		[ "$line" = "FAILED: " ] && line="FAILED: no result (see $log)"
		grep -E '^(FAIL|  (command|stderr|[-+@|])|boot\.sh|make: \*\*\*)|: error:' "$log" |
			sed "s/^/$t: /" | head -n 40
	fi
	boot=$(sed -n 's/^INFO: boot time \([0-9.]*\) s.*/\1/p' "$log" | tail -n 1)
	rss=$(sed -n 's/^INFO: PID 1 .* memory: Rss: \([0-9]*\) kB.*/\1/p' "$log" | tail -n 1)
	wall=$(sed -n 's/^INFO: host: .* boot took \([0-9.]*\)s.*/\1/p' "$log" | tail -n 1)
	extra="boot ${boot:-?} s, PID 1 Rss ${rss:-?} kB, ${wall:-?} s wall"
	summary="$summary$(printf '%-8s %s (%s)' "$t" "$line" "$extra")
"
done
printf '%s' "$summary"
exit $rc
