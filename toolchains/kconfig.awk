# SPDX-License-Identifier: 0BSD
# Completes a .config without kconfiglib, as its olddefconfig would for
# the applets: an applet symbol the .config does not mention (a new
# applet) gets its //config: default, and an applet set to y whose
# `depends on` fails is turned off.  Each change is said on stderr.
#
#   awk -f kconfig.awk -v config=.config -v given='SYM=y SYM2=n' \
#       -v why='SYM=reason' applets/*.c .config > new.config
#
# given: symbols make sets (HAVE_DETACHPID_ARCH), whatever the .config
# says; why: what to say when one of them turns an applet off.  Only the
# forms the applets use are understood (bool, default y|n, depends on
# SYM, !SYM, &&, ||); anything else is an error naming the file, for
# `make olddefconfig` (kconfiglib) to handle.

function die(msg) {
	print "hupbox: " msg > "/dev/stderr"
	failed = 1
	exit 1
}

function value(sym) {
	if (sym in forced) return forced[sym]
	if (sym in set) return set[sym]
	return "n"
}

# EXPR: words SYM, !SYM, && and ||, without parentheses.
function holds(expr, file,   n, w, i, any, all, s) {
	n = split(expr, w, /[ \t]+/)
	any = 0; all = 1
	for (i = 1; i <= n; i++) {
		if (w[i] == "") continue
		if (w[i] == "||") { any = any || all; all = 1; continue }
		if (w[i] == "&&") continue
		s = w[i]
		if (s ~ /[()=<>]/) die(file ": 'depends on " expr "': needs kconfiglib (make olddefconfig)")
		if (substr(s, 1, 1) == "!") all = all && value(substr(s, 2)) != "y"
		else all = all && value(s) == "y"
	}
	return any || all
}

BEGIN {
	n = split(given, g, /[ \t]+/)
	for (i = 1; i <= n; i++)
		if (split(g[i], kv, "=") == 2) forced[kv[1]] = kv[2]
	n = split(why, g, /;/)
	for (i = 1; i <= n; i++)
		if ((j = index(g[i], "=")) > 0) reason[substr(g[i], 1, j - 1)] = substr(g[i], j + 1)
}

# The applets' //config: lines.
FILENAME != config {
	if ($0 !~ /^\/\/config:/) next
	line = substr($0, 10)
	if (line ~ /^(config|menuconfig)[ \t]/) {
		split(line, w, /[ \t]+/)
		sym = w[2]; inhelp = 0
		order[++nsyms] = sym; file[sym] = FILENAME; def[sym] = "n"
		next
	}
	if (line ~ /^[^ \t]/) { sym = ""; inhelp = 0; next }
	if (sym == "" || inhelp) next
	sub(/^[ \t]+/, "", line)
	if (line ~ /^help/) { inhelp = 1; next }
	if (line ~ /^bool([ \t]|$)/) next
	if (line ~ /^default[ \t]+[yn][ \t]*$/) { split(line, w, /[ \t]+/); def[sym] = w[2]; next }
	if (line ~ /^depends[ \t]+on[ \t]/) {
		sub(/^depends[ \t]+on[ \t]+/, "", line)
		d = (sym in dep) ? dep[sym] " && " line : line
		dep[sym] = d
		next
	}
	die(FILENAME ": '//config:" substr($0, 10) "': needs kconfiglib (make olddefconfig)")
}

# The .config, kept line for line but for the changes.
{
	text[++nlines] = $0
	if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
		s = substr($0, 8); v = s
		sub(/=.*/, "", s); sub(/^[^=]*=/, "", v)
		set[s] = v; at[s] = nlines
	} else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
		s = $2; sub(/^CONFIG_/, "", s)
		set[s] = "n"; at[s] = nlines
	}
}

END {
	if (failed) exit 1
	# Missing symbols take their defaults first, so that a dependency on
	# a symbol later in the order sees its value; then dependencies are
	# applied until nothing changes (one turned off may turn off another).
	for (i = 1; i <= nsyms; i++) {
		s = order[i]
		if (!(s in set)) {
			added[s] = 1
			set[s] = def[s]
		}
	}
	do {
		changed = 0
		for (i = 1; i <= nsyms; i++) {
			s = order[i]
			if (set[s] != "y" || !(s in dep) || holds(dep[s], file[s]))
				continue
			set[s] = "n"
			changed = 1
			why_ = ""
			n = split(dep[s], w, /[ \t]+/)
			for (j = 1; j <= n; j++) if (w[j] in reason) why_ = why_ " (" reason[w[j]] ")"
			print "hupbox: " config ": CONFIG_" s " off: " file[s] " depends on " \
				dep[s] why_ > "/dev/stderr"
			if (s in at) text[at[s]] = "# CONFIG_" s " is not set"
		}
	} while (changed)
	for (i = 1; i <= nsyms; i++) {
		s = order[i]
		if (s in added && set[s] == def[s])
			print "hupbox: " config ": CONFIG_" s "=" set[s] ", the default of " \
				file[s] " (it was missing)" > "/dev/stderr"
	}
	for (i = 1; i <= nlines; i++) print text[i]
	for (i = 1; i <= nsyms; i++) {
		s = order[i]
		if (s in added) print set[s] == "y" ? "CONFIG_" s "=y" : "# CONFIG_" s " is not set"
	}
}
