#!/bin/sh
# SPDX-License-Identifier: 0BSD
# `make install` and `make uninstall`: hupbox, a relative symbolic link per
# applet, and the man pages.
#
#   sh toolchains/install.sh install|uninstall APPLETS_H BINARY MANSRC
#
# APPLETS_H is $(O)/include/applets.h (lines `APPLET(name, "dir")`, dir the
# applet's usual home), BINARY the built hupbox, MANSRC the directory of
# roff pages (NAME.1, NAME.8).  The environment chooses where:
#
#   LAYOUT=gnu (default)  hupbox in $BINDIR, each applet in $BINDIR or, when
#                         its usual home is an sbin, $SBINDIR; pages in
#                         $MANDIR/manN.  PREFIX defaults to /usr/local,
#                         BINDIR to $PREFIX/bin, SBINDIR to $PREFIX/sbin,
#                         MANDIR to $PREFIX/share/man.
#   LAYOUT=firmware       hupbox in /bin, each applet in its usual home
#                         (/bin, /sbin, /usr/bin, /usr/sbin), as BusyBox's
#                         `make CONFIG_PREFIX=DIR install`; pages only when
#                         MANDIR is given.
#
# every path under DESTDIR.  A file that is not hupbox's is never replaced
# or removed unless FORCE=1: the binary's path is hupbox's when it holds a
# regular file (an earlier hupbox), a link's when it is the binary or a
# link to it (as `hupbox --install` decides), a page's when it names
# hupbox.  Each file left is named and install exits 1.  Nothing is
# written through a symbolic link: a file is replaced by rename(2) or
# removed first, and a directory under DESTDIR that is a symbolic link
# leading outside DESTDIR is refused (an image's absolute `bin -> /usr/bin`
# would otherwise send files into the build host's /usr/bin).
#
# POSIX sh and utilities, and mktemp, readlink and test's -ef, which dash,
# bash and BusyBox have.
set -u

me=install
die() { echo "$me: $*" >&2; exit 1; }

[ $# -eq 4 ] || die "usage: install.sh install|uninstall APPLETS_H BINARY MANSRC"
action=$1 applets_h=$2 binary=$3 mansrc=$4
case $action in install|uninstall) ;; *) die "unknown action '$action'" ;; esac
me=$action
[ -r "$applets_h" ] || die "cannot read '$applets_h': build first"

DESTDIR=${DESTDIR:-}
FORCE=${FORCE:-}
case ${LAYOUT:-gnu} in
gnu)
	PREFIX=${PREFIX-/usr/local}
	BINDIR=${BINDIR:-$PREFIX/bin}
	SBINDIR=${SBINDIR:-$PREFIX/sbin}
	MANDIR=${MANDIR-$PREFIX/share/man} ;;
firmware)
	BINDIR=/bin
	MANDIR=${MANDIR:-} ;;
*) die "unknown LAYOUT '$LAYOUT' (gnu or firmware)" ;;
esac
for d in "$BINDIR" ${SBINDIR:+"$SBINDIR"} ${MANDIR:+"$MANDIR"}; do
	case $d in /*) ;; *) die "'$d' is not an absolute path" ;; esac
done

# These set a variable rather than print, so that nothing forks per link.
# `link_dir HOME`: $ldir, the directory of an applet's link from its usual
# home.
link_dir() {
	if [ "${LAYOUT:-gnu}" = firmware ]; then
		ldir=/$1
	else
		case $1 in *sbin) ldir=$SBINDIR ;; *) ldir=$BINDIR ;; esac
	fi
}

# `canon PATH`: $canon, PATH with no empty, `.` or trailing components (no
# `..` handling: PREFIX and the homes have none that matter); empty for /.
canon() {
	_rest=$1/ canon=
	while [ -n "$_rest" ]; do
		_c=${_rest%%/*} _rest=${_rest#*/}
		case $_c in ''|.) ;; *) canon=$canon/$_c ;; esac
	done
}

# `relative FROM TO`: $rel, TO as a path relative to directory FROM, both
# canonical.
relative() {
	_from=$1/ _to=$2
	_common=/
	while :; do
		_next=${_from#"$_common"}
		_next=${_next%%/*}
		[ -n "$_next" ] || break
		case $_to/ in "$_common$_next"/*) _common=$_common$_next/ ;; *) break ;; esac
	done
	_rest=${_from#"$_common"} rel=
	while [ -n "$_rest" ]; do
		_rest=${_rest#*/} rel=../$rel
	done
	rel=$rel${_to#"$_common"}
}

# `safe_dir DIR`: DESTDIR/DIR exists (created one component at a time) and
# every component under DESTDIR stays inside DESTDIR.
root_real= outside=
if [ -n "$DESTDIR" ]; then
	mkdir -p "$DESTDIR" && root_real=$(cd "$DESTDIR" && pwd -P) ||
		die "cannot use DESTDIR '$DESTDIR'"
fi
safe_dir() {
	path=$DESTDIR
	rest=${1#/}
	while [ -n "$rest" ]; do
		path=$path/${rest%%/*}
		case $rest in */*) rest=${rest#*/} ;; *) rest= ;; esac
		if [ -L "$path" ] && [ -n "$DESTDIR" ]; then
			real=$(cd "$path" 2>/dev/null && pwd -P) ||
				{ echo "$me: '$path' is a symbolic link to no directory" >&2; return 1; }
			case $real/ in "$root_real"/*) ;; *)
				case " $outside " in *" $path "*) ;; *)
					echo "$me: '$path' leads outside DESTDIR (to '$real')" >&2
					outside="$outside $path" ;;
				esac
				return 1 ;;
			esac
		elif [ ! -e "$path" ]; then
			[ "$action" = install ] || return 1
			mkdir "$path" || return 1
		elif [ ! -d "$path" ]; then
			echo "$me: '$path' is not a directory" >&2; return 1
		fi
	done
}

canon "$BINDIR"
bin=$canon/hupbox
dbin=$DESTDIR$bin
failed=0

# `place SRC DEST`: SRC's content as DEST, by rename: a symbolic link at
# DEST is replaced, never followed.
place() {
	tmp=$(mktemp "${2%/*}/.hupbox.XXXXXX") &&
	cat "$1" > "$tmp" && chmod "$3" "$tmp" && mv -f "$tmp" "$2" ||
		{ rm -f "$tmp"; echo "$me: cannot write '$2'" >&2; return 1; }
}

refuse() {
	if [ "$action" = install ]; then
		echo "$me: not replacing '$1': it is not hupbox (FORCE=1 replaces it)" >&2
		failed=1
	else
		echo "$me: leaving '$1': it is not hupbox's"
	fi
}

# The links, decided before the binary changes: a hard link to an earlier
# binary is hupbox's too.
links=$(sed -n 's/^APPLET(\([a-z0-9_]*\), *"\([^"]*\)").*/\1 \2/p' "$applets_h")
[ -n "$links" ] || echo "$me: no applets in '$applets_h'" >&2
plan=
for l in $(echo "$links" | sed 's/ /=/'); do
	name=${l%%=*} home=${l#*=}
	link_dir "$home"
	canon "$ldir"
	dir=$canon
	relative "$dir" "$bin"
	target=$rel
	f=$DESTDIR$dir/$name
	if [ -L "$f" ] && [ "$(readlink "$f")" = "$target" ]; then
		state=ours
	elif [ ! -e "$f" ] && [ ! -L "$f" ]; then
		state=absent
	elif [ "$f" -ef "$dbin" ] && [ ! -L "$dbin" ]; then
		state=ours
	elif [ "$FORCE" = 1 ]; then
		state=forced
	else
		state=foreign
	fi
	plan="$plan$dir $name $target $state
"
done

# The binary.
if [ -L "$dbin" ] || { [ -e "$dbin" ] && [ ! -f "$dbin" ]; }; then
	bin_ours=$FORCE
else
	bin_ours=1
fi
if [ "$action" = install ]; then
	if [ "$bin_ours" != 1 ]; then
		refuse "$dbin"
	elif safe_dir "${bin%/*}"; then
		if [ -L "$dbin" ] || ! cmp -s "$binary" "$dbin"; then
			place "$binary" "$dbin" 0755 || failed=1
		fi
	else
		failed=1
	fi
elif [ ! -L "$dbin" ] && [ -f "$dbin" ]; then
	safe_dir "${bin%/*}" && rm -f "$dbin" || failed=1
elif [ -e "$dbin" ] || [ -L "$dbin" ]; then
	refuse "$dbin"
fi

while read -r dir name target state; do
	[ -n "$dir" ] || continue
	f=$DESTDIR$dir/$name
	case $action/$state in
	install/ours)
		[ -L "$f" ] && [ "$(readlink "$f")" = "$target" ] && continue ;;
	install/foreign)
		refuse "$f"; continue ;;
	uninstall/ours)
		safe_dir "$dir" && rm -f "$f" || failed=1
		continue ;;
	uninstall/foreign|uninstall/forced)
		refuse "$f"; continue ;;
	uninstall/absent)
		continue ;;
	esac
	safe_dir "$dir" || { failed=1; continue; }
	# ln -s into a symbolic link to a directory would put the link inside it.
	rm -f "$f" && [ ! -e "$f" ] && [ ! -L "$f" ] && ln -s "$target" "$f" ||
		{ echo "$me: cannot link '$f'" >&2; failed=1; }
done <<EOF
$plan
EOF

# The man pages: hupbox.1 and each applet's.
if [ -n "$MANDIR" ]; then
	for name in hupbox $(echo "$links" | sed 's/ .*//'); do
		for src in "$mansrc/$name".[18]; do
			[ -f "$src" ] || continue
			sec=${src##*.}
			canon "$MANDIR/man$sec"
			dir=$canon
			f=$DESTDIR$dir/$name.$sec
			if [ -L "$f" ] || { [ -e "$f" ] && ! grep -q hupbox "$f"; }; then
				[ "$FORCE" = 1 ] && [ "$action" = install ] || { refuse "$f"; continue; }
			fi
			if [ "$action" = uninstall ]; then
				[ ! -e "$f" ] || { safe_dir "$dir" && rm -f "$f"; } || failed=1
			elif ! cmp -s "$src" "$f" || [ -L "$f" ]; then
				safe_dir "$dir" && place "$src" "$f" 0644 || failed=1
			fi
		done
	done
fi
exit $failed
