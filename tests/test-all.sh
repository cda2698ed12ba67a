#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Build and test every target named on the command line, each under
# qemu-user (x86_64 natively); one summary line per target at the end.
# Logs stay in build/<target>/test.log.  Exits 1 when any target failed.
summary=
rc=0
for t in "$@"; do
	mkdir -p "build/$t"
	log=build/$t/test.log
	if ${MAKE:-make} --no-print-directory TARGET="$t" test > "$log" 2>&1; then
		line=$(tail -n 1 "$log")
	else
		rc=1
		line="FAILED: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)"
		[ "$line" = "FAILED: " ] && line="FAILED: build error (see $log)"
		grep -E '^(FAIL|  )' "$log" | head -n 40
	fi
	summary="$summary$(printf '%-8s %s' "$t" "$line")
"
done
printf '%s' "$summary"
exit $rc
