# Reads a musl build's link map (-Wl,-Map with -Wl,--cref) and fails when
# libcore/nostdio.c's fd-2 stand-ins for stdio could be used by more than
# musl's getopt: another libc object referring to them (it would get a
# FILE that is not one), or any of musl's stdio objects linked at all.
# Prints the offenders; exit 1 then.
BEGIN {
	split("fwrite fputs putc __lockfile __unlockfile __stderr_FILE", s)
	for (i in s)
		ours[s[i]] = 1
}
/^Discarded input sections/ { members = 0 }
NR == 1 { members = 1 }
members && /^[^ ].*\.lo\)$/ {
	m = $1
	sub(/.*\(/, "", m)
	sub(/\)$/, "", m)
	if (m ~ /^(std(in|out|err)|__stdio_.*|__stdout_write|__to(read|write)|__(over|u|under)flow|__lockfile|ofl|__fdopen|f?puts|f?putc|fwrite|fflush|v?f?printf|vfprintf)\.lo$/) {
		print "nostdio: the libc's stdio is linked (" m "): libcore/nostdio.c would stand in for part of it"
		bad = 1
	}
}
/^Cross Reference Table/ { cref = 1; next }
cref && /^[^ ]/ { sym = $1; file = $2 }
cref && /^ / { file = $1 }
cref && (sym in ours) && file ~ /\.a\(/ && file !~ /\(getopt\.lo\)$/ {
	print "nostdio: " file " uses " sym ": only musl's getopt may use libcore/nostdio.c's"
	bad = 1
}
END { exit bad }
