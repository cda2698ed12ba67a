# SPDX-License-Identifier: 0BSD
# The text of every applet's --help, compressed at build time for
# libcore/getopt.c's hb_help().  Input: the applets as `cc -E
# -DHB_HELP_DUMP` writes them, where each HB_OPTIONS(VAR, ...) (libcore/
# hb.h) becomes one line
#   hb_help_dump VAR (USAGE) (NAME) (ARG) (HELP) (DEFAULT) ... (TRAILER) hb_help_end
# each ( ) holding C string literals.  Output, on stdout: a C file with
#   hb_help_pair[]  code i stands for the bytes hb_help_pair[i][0] then
#                   [1], each a character or a code (hb_help() says which
#                   bytes are codes)
#   VAR_help[]      for each table: its usage text, then for each entry
#                   its help line, then the trailer, each ended by a NUL
# An entry's help line is what --help prints after the option: its HELP,
# with " (default DEFAULT)" when it has one; the standard line for "help"
# and "version" when it has none; empty (left out of --help: an alias)
# otherwise.
# Compression is byte-pair encoding, as toolchains/errmsg.awk's: the pair
# of adjacent bytes seen most often (the first seen of equals, so that
# every awk makes the same table) becomes a code, until the codes run out
# or no pair is seen three times (a pair costs two bytes of the table).
# The text may hold '\n' and the characters from ' ' to '~'; the other
# bytes but NUL are the codes: 1 to 31, 127 to 255.
# With -v plain=1: no C, but each string as it is before compression, a
# line each: VAR, a tab, the string with each '\n' as "\n" (tests/
# help.test).
BEGIN {
	# as libcore/getopt.c's hb_help() has them
	HELP_COLUMN = 26
	HELP_BUFFER = 4096
	for (i = 32; i < 127; i++)
		ord[sprintf("%c", i)] = i
	ntab = 0
	nstr = 0
}

/hb_help_dump/ { table($0) }

# LINE's hb_help_dump ... hb_help_end: a table, its strings added
function table(line,    n, k, h, d) {
	line = substr(line, index(line, "hb_help_dump") + length("hb_help_dump"))
	sub(/^[ \t]+/, "", line)
	if (!match(line, /^[A-Za-z_][A-Za-z0-9_]*/))
		fail("hb_help_dump without a table's name")
	var = substr(line, 1, RLENGTH)
	at = RLENGTH + 1
	n = 0
	while ((s = group(line)) != "\001end")
		val[n++] = s
	if (n < 2 || (n - 2) % 4)
		fail(var ": not a usage, entries of four strings, and a trailer")
	tabvar[ntab] = var
	tabfirst[ntab] = nstr
	add(val[0])
	# what hb_help() writes at most: the text, "\nOptions:\n", and each
	# line's " -x, --NAME ARG" and the spaces to the help column
	size = length(val[0]) + 10 + length(val[n - 1])
	for (k = 1; k < n - 1; k += 4) {
		h = val[k + 2]
		d = val[k + 3]
		if (h == "" && d != "")
			fail(var ": --" val[k] " has a default but no help line")
		if (h == "" && val[k] == "help")
			h = "display this help"
		if (h == "" && val[k] == "version")
			h = "display version"
		if (d != "")
			h = h " (default " d ")"
		if (h != "")
			size += HELP_COLUMN + 9 + length(val[k]) + length(val[k + 1]) + length(h)
		add(h)
	}
	add(val[n - 1])
	if (size > HELP_BUFFER)
		fail(var ": --help could take " size " bytes, more than hb_help()'s buffer (" HELP_BUFFER ")")
	tablast[ntab++] = nstr
}

# The next "( literals )" of LINE from position `at`: its string; "\001end"
# at hb_help_end.
function group(line,    c, s) {
	while (substr(line, at, 1) == " ")
		at++
	if (substr(line, at, 11) == "hb_help_end")
		return "\001end"
	if (substr(line, at, 1) != "(")
		fail("unexpected '" substr(line, at, 20) "' in a table")
	at++
	s = ""
	for (;;) {
		c = substr(line, at++, 1)
		if (c == ")")
			return s
		if (c == "\"")
			s = s literal(line)
		else if (c != " ")
			fail("not a string literal: '" substr(line, at - 1, 20) "'")
	}
}

# The rest of a C string literal from `at`, past its closing quote.
function literal(line,    s, c, e, v, k) {
	s = ""
	for (;;) {
		c = substr(line, at++, 1)
		if (c == "")
			fail("unterminated string literal")
		if (c == "\"")
			return s
		if (c != "\\") {
			s = s c
			continue
		}
		e = substr(line, at++, 1)
		if (e == "n")
			s = s "\n"
		else if (e == "\\" || e == "\"" || e == "'")
			s = s e
		else
			fail("escape '\\" e "' in help text: only \\n, \\\\, \\\" and \\' are read")
	}
}

# Adds S to the strings as a sequence of bytes: str[nstr, 1..len[nstr]].
function add(s,    i, c, n) {
	if (plain) {
		gsub(/\n/, "\\n", s)
		print var "\t" s
	}
	n = length(s)
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\n")
			str[nstr, i] = 10
		else if (c in ord)
			str[nstr, i] = ord[c]
		else
			fail("a byte that is not '\\n' or ' ' to '~' in help text: " s)
	}
	len[nstr++] = n
}

# The byte of hb_help_pair[K]: 127 to 255 for the first, then 1 to 31
# (libcore/getopt.c's hb_expand()); [138] would be '\n', and stays
# unused.
function code(k) {
	return k < 129 ? k + 127 : k - 128
}

END {
	if (failed)
		exit 1
	if (plain)
		exit 0
	ncode = 0
	while (ncode < 160) {
		split("", seen)
		best = ""
		for (i = 0; i < nstr; i++)
			for (j = 1; j < len[i]; j++)
				seen[str[i, j] " " str[i, j + 1]]++
		for (i = 0; i < nstr; i++)
			for (j = 1; j < len[i]; j++)
				if (seen[k = str[i, j] " " str[i, j + 1]] > (best == "" ? 2 : seen[best]))
					best = k
		if (best == "")
			break
		split(best, ab, " ")
		if (ncode == 138) {
			left[ncode] = right[ncode] = 0
			ncode++
		}
		c = code(ncode)
		left[ncode] = ab[1]
		right[ncode++] = ab[2]
		for (i = 0; i < nstr; i++) {
			k = 0
			for (j = 1; j <= len[i]; j++)
				if (j < len[i] && str[i, j] == ab[1] && str[i, j + 1] == ab[2]) {
					str[i, ++k] = c
					j++
				} else
					str[i, ++k] = str[i, j]
			len[i] = k
		}
	}
	print "/* Generated by toolchains/help.awk from the applets' option tables"
	print "   (HB_OPTIONS): their --help text, byte-pair encoded, for hb_help()"
	print "   in libcore/getopt.c.  Do not edit. */"
	# byte-aligned, as they are read: gcc aligns a large array for speed
	printf "const unsigned char hb_help_pair[%d][2] __attribute__((aligned(1))) = {\n", ncode ? ncode : 1
	for (k = 0; k < ncode; k++)
		printf "\t{ %d, %d },\n", left[k], right[k]
	if (!ncode)
		print "\t{ 0, 0 }"
	print "};"
	for (t = 0; t < ntab; t++) {
		printf "const unsigned char %s_help[] __attribute__((aligned(1))) = {", tabvar[t]
		for (i = tabfirst[t]; i < tablast[t]; i++) {
			line = "\n\t"
			for (j = 1; j <= len[i]; j++)
				line = line str[i, j] ", "
			printf "%s0,", line
		}
		print "\n};"
	}
}

function fail(why) {
	print "toolchains/help.awk: " why > "/dev/stderr"
	failed = 1
	exit 1
}
