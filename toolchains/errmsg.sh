#!/bin/sh
# SPDX-License-Identifier: 0BSD
# errmsg.sh LIBC OUT: writes OUT, the C header that libcore/strerror.c
# decodes: the messages of the strerror() in static musl's LIBC, read from
# its strerror.lo at build time (hupbox ships none of musl's text) and
# compressed by toolchains/errmsg.awk (with toolchains/bpe.awk).  OBJDUMP
# and OBJCOPY, from the environment (the Makefile's), are the target's
# binutils.
#
# What it relies on, as musl 1.2 builds strerror.lo: two local objects,
# errmsgstr (every message, each ended by a NUL) and errmsgidx (for each
# errno below its count, a 16-bit offset into errmsgstr in the object's
# byte order; an errno without a message has the offset of the first,
# "no error information" one), neither with relocations.  When any of it
# is not so, OUT gets no table, libcore/strerror.c then defines only what
# musl's own strerror() needs (hb_init_locale()) and musl's is linked: one
# warning, never a broken build.
libc=$1 out=$2
: "${OBJDUMP:=objdump}" "${OBJCOPY:=objcopy}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/errmsg.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT

fallback() {
	echo "warning: $libc: $1: musl's own strerror() is linked (toolchains/errmsg.sh)" >&2
	printf '/* %s: %s: no table, musl'\''s own strerror() is linked */\n' "$libc" "$1" > "$tmp/h"
	mv "$tmp/h" "$out"
	exit 0
}

[ -f "$libc" ] || fallback "no such file"
ar p "$libc" strerror.lo > "$tmp/o" 2>/dev/null && [ -s "$tmp/o" ] || fallback "no member strerror.lo"
# ELF, and its byte order (1: little-endian, 2: big)
set -- $(od -An -tu1 -N6 "$tmp/o")
[ "$1 $2 $3 $4" = "127 69 76 70" ] || fallback "strerror.lo is not ELF"
order=$6
$OBJDUMP -t "$tmp/o" > "$tmp/syms" 2>/dev/null || fallback "$OBJDUMP -t cannot read strerror.lo"
# errmsgidx and errmsgstr, each to a file of its bytes, one a line
for name in errmsgidx errmsgstr; do
	set -- $(awk -v n="$name" '$NF == n && $(NF-3) == "O" { print $(NF-2), $1, $(NF-1) }' "$tmp/syms")
	[ $# = 3 ] || fallback "strerror.lo has no object $name"
	$OBJDUMP -r -j "$1" "$tmp/o" 2>/dev/null | grep -q '^RELOCATION RECORDS' &&
		fallback "$name has relocations"
	$OBJCOPY -O binary --only-section="$1" "$tmp/o" "$tmp/sec" 2>/dev/null || fallback "$OBJCOPY cannot copy $1"
	od -An -v -tu1 "$tmp/sec" | awk -v from="$2" -v size="$3" '
		function hex(h,    i, n) {
			n = 0
			for (i = 1; i <= length(h); i++)
				n = n * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
			return n
		}
		BEGIN { from = hex(from); to = from + hex(size) }
		{ for (i = 1; i <= NF; i++) if (at >= to) exit; else if (at++ >= from) print $i }
		END { if (at < to) exit 1 }' > "$tmp/$name" || fallback "cannot read $1"
done
why=$(awk -v order="$order" -v out="$tmp/h" -v libc="$libc" -f "${0%/*}/bpe.awk" -f "${0%/*}/errmsg.awk" "$tmp/errmsgidx" "$tmp/errmsgstr") ||
	fallback "${why:-toolchains/errmsg.awk fails}"
mv "$tmp/h" "$out"
