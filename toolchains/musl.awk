# SPDX-License-Identifier: 0BSD
# Reads a static musl build's link map (-Wl,-Map with -Wl,--cref) and fails
# when libcore/musl.c's stand-ins could serve more than they were made for:
# any of musl's stdio objects linked (its exit() flushes none), locale code
# that could make its catalogue-less __lctrans() wrong, or
# pthread_create, after which its no-op __lock() would be wrong, or
# atexit, or what reads the cached thread id (raise, abort) that a child of
# hb_fork()'s bare clone() has wrong; and .init or .fini code, as crti.o and crtn.o are not linked,
# or .fini_array entries, which its exit() does not run, or .init_array
# entries, or a libc member that reads what its __libc_start_main() leaves
# unset (musl's internal state but what __init_tls sets, the program's name).  And that the
# stand-ins are in effect: musl.c replaces functions by musl's own names,
# internal ones among them (__lctrans, __lock, __strchrnul), which no
# musl release promises to keep.  Rather than a version named in a
# comment, each link checks the names: no libc member whose work a
# stand-in does may be linked (it is when a name moved), and the members
# that called a stand-in's internal name still call it.  Prints the
# offenders; exit 1 then.
BEGIN {
	split("raise abort pthread_kill pthread_sigqueue", s)
	for (i in s)
		tid[s[i]] = 1
	# libc members whose functions libcore/musl.c defines on every arch
	split("__lctrans __lock strchrnul exit close memcpy memset strlen strcmp strncmp", s)
	for (i in s)
		replaced[s[i] ".lo"] = 1
	# what musl's __libc_start_main() sets and libcore/musl.c's does not
	# (libc.auxv, libc.page_size, libc.secure, the program's name), and
	# the libc members that may refer to it: libc.lo defines it,
	# __init_tls.lo sets the thread parts of __libc, and sigaction.lo
	# (where libcore/musl.c keeps musl's) reads only whether a thread ran
	split("__libc __progname __progname_full", s)
	for (i in s)
		unset_state[s[i]] = 1
	split("libc.lo __init_tls.lo sigaction.lo", s)
	for (i in s)
		state_user[s[i]] = 1
	# internal name: the libc member that calls it
	caller["__lctrans"] = "strerror.lo"
	caller["__strchrnul"] = "strchr.lo"
	caller["__lock"] = "_Fork.lo"
}
NR == 1 { members = 1 }
/^Discarded input sections/ { members = 0 }
members && /^[^ ].*\.lo\)$/ {
	m = $1
	sub(/.*\(/, "", m)
	sub(/\)$/, "", m)
	linked[m] = 1
	if (m in replaced) {
		print "musl.awk: the libc's " m " is linked: libcore/musl.c stands in for it, under names this musl no longer uses?"
		bad = 1
	}
	if (m ~ /^(std(in|out|err)|__stdio_.*|__stdout_write|__to(read|write)|__(over|u|under)flow|__lockfile|ofl|__fdopen|f?puts|f?putc|fwrite|fflush|v?f?printf)\.lo$/) {
		print "musl.awk: the libc's stdio is linked (" m "): libcore/musl.c's exit() flushes none"
		bad = 1
	}
	if (m ~ /^(setlocale|uselocale|newlocale|duplocale)\.lo$/) {
		print "musl.awk: " m " is linked: libcore/musl.c's __lctrans() is for the C locale only"
		bad = 1
	}
	if (m ~ /^(atexit|__cxa_atexit|at_quick_exit)\.lo$/) {
		print "musl.awk: " m " is linked: libcore/musl.c's exit() runs no handlers"
		bad = 1
	}
	if (m == "sigaction.lo")
		libc_sigaction = 1
	if (m ~ /^(pthread_create|thrd_create)\.lo$/) {
		print "musl.awk: " m " is linked: libcore/musl.c's __lock() is for a single thread only"
		bad = 1
	}
}
# Linked without crti.o and crtn.o (the Makefile): no code may go in .init
# or .fini, which they frame.
/^ \.(init|fini) +0x[0-9a-f]+ +0x[0-9a-f]+ / && $3 !~ /^0x0+$/ {
	print "musl.awk: " $4 " has " $1 " code: link crti.o and crtn.o again"
	bad = 1
}
# Nor in .fini_array, which libcore/musl.c's exit() does not run, nor in
# .init_array, which its __libc_start_main() does not (where it is in use:
# END).
/^\.fini_array +0x[0-9a-f]+ +0x[0-9a-f]+/ && $3 !~ /^0x0+$/ {
	print "musl.awk: .fini_array is not empty: libcore/musl.c's exit() does not run it"
	bad = 1
}
/^\.init_array +0x[0-9a-f]+ +0x[0-9a-f]+/ && $3 !~ /^0x0+$/ { constructors = 1 }
/^Cross Reference Table/ { cref = 1; next }
cref && /^[^ ]/ { sym = $1; file = $2 }
# On x86_64 and aarch64 libcore/musl.c defines sigaction(); musl's is a
# weak alias in sigaction.lo, which something calling __libc_sigaction
# (signal(), abort()) would link beside it without a clash: two
# sigactions, one of them musl's with its thread handling.
cref && /^[^ ]/ && sym == "sigaction" && file ~ /musl\.o$/ { own_sigaction = 1 }
cref && /^ / { file = $1 }
cref && (sym in caller) && file ~ /\.lo\)$/ {
	m = file
	sub(/.*\(/, "", m)
	sub(/\)$/, "", m)
	calls[sym, m] = 1
}
# libcore/musl.c's __libc_start_main(), where in use, leaves these unset.
cref && /^[^ ]/ && sym == "__libc_start_main" && file ~ /musl\.o$/ { own_start = 1 }
cref && /^ / && (sym in unset_state) {
	m = file
	sub(/.*\(/, "", m)
	sub(/\)$/, "", m)
	if (!(m in state_user))
		unset_users = unset_users "musl.awk: " file " uses " sym ", which libcore/musl.c's __libc_start_main() leaves unset\n"
}
# libcore/proc.c's hb_fork() is a bare clone(): in its child the
# thread id musl caches is the parent's, which these use.  ARM's libgcc
# raises SIGFPE for a division by zero, a bug wherever it happens.
cref && /^ / && (sym in tid) && file !~ /libgcc\.a\(_dvmd/ {
	print "musl.awk: " file " uses " sym ": a child of hb_fork() has a stale cached thread id"
	bad = 1
}
END {
	for (sym in caller)
		if ((caller[sym] in linked) && !calls[sym, caller[sym]]) {
			print "musl.awk: the libc's " caller[sym] " no longer calls " sym ": libcore/musl.c's stand-in is not in effect"
			bad = 1
		}
	if (own_start && unset_users != "") {
		printf "%s", unset_users
		bad = 1
	}
	if (own_start && constructors) {
		print "musl.awk: .init_array is not empty: libcore/musl.c's __libc_start_main() does not run it"
		bad = 1
	}
	if (own_sigaction && libc_sigaction) {
		print "musl.awk: musl's sigaction.lo is linked beside libcore/musl.c's sigaction()"
		bad = 1
	}
	exit bad
}
