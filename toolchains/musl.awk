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
# that called a stand-in's internal name still call it.  Where
# libcore/musl.c's __init_tls() stands in (it sets up a thread pointer
# and errno, no more): no thread-local storage, none of the thread
# functions that read what it leaves unset, no libc member that reads the
# thread's locale unless libcore/strerror.c's hb_init_locale() sets it,
# and its area at least as large as musl's builtin_tls, which holds
# musl's struct pthread (its size read from the linked libc.a with nm).  And that musl's strerror.lo
# is not linked beside libcore/strerror.c's strerror().  Prints the
# offenders; exit 1 then.
function hot_order(sec, size, file) {
	if (hot_end || size ~ /^0x0+$/)
		return
	if (sec !~ /^\.bss\.__/) {
		early = early " " sec " (" file ")"
		return
	}
	if (early != "") {
		print "musl.awk: sorted before the state init and respawn write (libcore/hb.h, HB_HOT; HB_COLD moves it):" early
		bad = 1
		early = ""
	}
	hot_end = sec == ".bss.__~hot_end"
}
BEGIN {
	split("raise abort pthread_kill pthread_sigqueue", s)
	for (i in s)
		tid[s[i]] = 1
	# libc members whose functions libcore/musl.c defines on every arch
	split("__lctrans __lock strchrnul exit close read write waitpid memcpy memset strlen strcmp strncmp", s)
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
	# uselocale.lo reads only the global locale, which stays C (setlocale
	# is refused below)
	split("libc.lo __init_tls.lo sigaction.lo uselocale.lo", s)
	for (i in s)
		state_user[s[i]] = 1
	# The libc members that read the thread's locale (musl's
	# CURRENT_LOCALE, CURRENT_UTF8 and the MB_CUR_MAX behind it: musl's
	# src/internal/locale_impl.h), which libcore/musl.c's __init_tls()
	# leaves a null pointer unless libcore/strerror.c's hb_init_locale()
	# sets it (its fallback, where musl's strerror.lo is linked): the
	# members of x86_64's libc.a whose code reads the struct pthread's
	# locale, these and no others (aarch64's agree).  A member that
	# calls one of these links it, so the members are enough, and they
	# are the same C on every arch.  The *_l functions read the
	# locale they are given, not the thread's; __lctrans.lo (whose
	# __lctrans_cur reads it) is refused above as replaced; uselocale.lo
	# is the one that sets it.
	split("__ctype_get_mb_cur_max btowc dcngettext fgetwc fnmatch fputwc fputws fwide iconv langinfo mbrtowc mbsrtowcs mbtowc strcoll strerror strfmon strftime strxfrm ungetwc wcrtomb wcscoll wcsftime wcsxfrm wctob", s)
	for (i in s)
		locale_reader[s[i] ".lo"] = 1
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
	libc_a = $1
	sub(/\(.*/, "", libc_a)
	if (m in replaced) {
		print "musl.awk: the libc's " m " is linked: libcore/musl.c stands in for it, under names this musl no longer uses?"
		bad = 1
	}
	if (m ~ /^(std(in|out|err)|__stdio_.*|__stdout_write|__to(read|write)|__(over|u|under)flow|__lockfile|ofl|__fdopen|f?puts|f?putc|fwrite|fflush|v?f?printf)\.lo$/) {
		print "musl.awk: the libc's stdio is linked (" m "): libcore/musl.c's exit() flushes none"
		bad = 1
	}
	if (m ~ /^(setlocale|newlocale|duplocale)\.lo$/) {
		print "musl.awk: " m " is linked: libcore/musl.c's __lctrans() is for the C locale only"
		bad = 1
	}
	if (m ~ /^(atexit|__cxa_atexit|at_quick_exit)\.lo$/) {
		print "musl.awk: " m " is linked: libcore/musl.c's exit() runs no handlers"
		bad = 1
	}
	if (m == "sigaction.lo")
		libc_sigaction = 1
	if (m in locale_reader)
		locale_readers = locale_readers " " m
	if (m ~ /^(pthread_(exit|detach|join)|__synccall|membarrier|dl_iterate_phdr|__tls_get_addr)\.lo$/)
		thread_user = thread_user " " m
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
# Thread-local storage, which libcore/musl.c's __init_tls() does not set
# up (where in use: END), and the size of its area (musl.o's hot .bss
# section, which holds nothing else).
/^\.t(data|bss) +0x[0-9a-f]+ +0x[0-9a-f]+/ && $3 !~ /^0x0+$/ { tls = 1 }
/^ \.bss\.__hb_hot +0x[0-9a-f]+ +0x[0-9a-f]+ .*musl\.o$/ { area = $3 }
# The state a supervisor writes first in .bss, right after .data
# (libcore/hb.h: HB_HOT, musl's own .bss.__ names among it, HB_HOT_END
# last): no input section with something in it and another name may
# sort before one of those (an upper-case name would).
/^\.bss +0x/ { bss = 1; next }
/^\.[^ ]+ +0x/ { bss = 0 }
bss && /^ \.[^ ]+$/ { pend = $1; next }
bss && /^ \.[^ ]+ +0x[0-9a-f]+ +0x[0-9a-f]+ / { hot_order($1, $3, $4); next }
bss && pend != "" && /^ +0x[0-9a-f]+ +0x[0-9a-f]+ [^ ]/ { hot_order(pend, $2, $3); pend = ""; next }
/^Cross Reference Table/ { cref = 1; next }
cref && /^[^ ]/ { sym = $1; file = $2 }
# On x86_64 and aarch64 libcore/musl.c defines sigaction(); musl's is a
# weak alias in sigaction.lo, which something calling __libc_sigaction
# (signal(), abort()) would link beside it without a clash: two
# sigactions, one of them musl's with its thread handling.
cref && /^[^ ]/ && sym == "sigaction" && file ~ /musl\.o$/ { own_sigaction = 1 }
# libcore/strerror.c's strerror(), where toolchains/errmsg.sh made its
# table: musl's strerror.lo (which something calling strerror_l would
# link) beside it would be a second strerror.
cref && /^[^ ]/ && sym == "strerror" && file ~ /strerror\.o$/ { own_strerror = 1 }
cref && /^ / { file = $1 }
cref && (sym in caller) && file ~ /\.lo\)$/ {
	m = file
	sub(/.*\(/, "", m)
	sub(/\)$/, "", m)
	calls[sym, m] = 1
}
# libcore/musl.c's __libc_start_main(), where in use, leaves these unset.
cref && /^[^ ]/ && sym == "__libc_start_main" && file ~ /musl\.o$/ { own_start = 1 }
cref && /^[^ ]/ && sym == "__init_tls" && file ~ /musl\.o$/ { own_tls = 1 }
# The thread's locale is set where libcore/strerror.c defines
# hb_init_locale() (libcore/musl.c's own, weak, does nothing).
cref && /^[^ ]/ && sym == "hb_init_locale" && file ~ /strerror\.o$/ { locale_set = 1 }
# uselocale() for libcore/strerror.c's hb_init_locale() alone: anything
# else could set a locale that libcore/musl.c's __lctrans() does not
# translate for.
cref && /^ / && sym == "uselocale" && file !~ /strerror\.o$/ {
	print "musl.awk: " file " calls uselocale: libcore/musl.c's __lctrans() is for the C locale only"
	bad = 1
}
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
	if (own_tls && ("__init_tls.lo" in linked)) {
		print "musl.awk: the libc's __init_tls.lo is linked beside libcore/musl.c's __init_tls()"
		bad = 1
	}
	if (own_tls && tls) {
		print "musl.awk: the program has thread-local storage, which libcore/musl.c's __init_tls() does not set up"
		bad = 1
	}
	if (own_tls && !locale_set && locale_readers != "") {
		print "musl.awk: linked:" locale_readers ": reads the thread's locale, which libcore/musl.c's __init_tls() leaves unset (libcore/strerror.c's hb_init_locale() sets it only where musl's strerror is linked)"
		bad = 1
	}
	if (own_tls && thread_user != "") {
		print "musl.awk: linked:" thread_user ": libcore/musl.c's __init_tls() sets up no thread list, tid or TLS"
		bad = 1
	}
	if (own_tls) {
		# nm of the one member: of the whole archive it takes a second
		cmd = "t=$(mktemp) && ar p '" libc_a "' __init_tls.lo > \"$t\" && nm -S \"$t\" 2>/dev/null; rm -f \"$t\""
		while ((cmd | getline line) > 0)
			if (split(line, f) == 4 && f[4] == "builtin_tls")
				builtin_tls = f[2]
		close(cmd)
	}
	if (own_tls && (builtin_tls == "" || area == "" || hex(area) < hex(builtin_tls))) {
		print "musl.awk: libcore/musl.c's thread_area (" area ") is smaller than musl's builtin_tls (" builtin_tls "), or either is unknown"
		bad = 1
	}
	if (own_strerror && ("strerror.lo" in linked)) {
		print "musl.awk: musl's strerror.lo is linked beside libcore/strerror.c's strerror()"
		bad = 1
	}
	if (own_sigaction && libc_sigaction) {
		print "musl.awk: musl's sigaction.lo is linked beside libcore/musl.c's sigaction()"
		bad = 1
	}
	exit bad
}

# "0x1a0" or "1a0" as a number (mawk has no strtonum)
function hex(h,    i, n) {
	sub(/^0x/, "", h)
	n = 0
	for (i = 1; i <= length(h); i++)
		n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
	return n
}
