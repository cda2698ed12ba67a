#!/bin/sh
# SPDX-License-Identifier: 0BSD
# hupbox's version, for the Makefile: the VERSION file's, and in a git
# checkout of hupbox how far HEAD is past it, as `git describe` says it:
# 0.2.0-12-gabcdef1, twelve commits after the tag v0.2.0 or, with no such
# tag, after the commit that last changed VERSION.  Uncommitted changes do
# not count: the version changes only with a commit, so a build stays
# incremental.  A release tarball's VERSION holds the full string
# (make dist), and a tarball unpacked inside another git tree is not
# taken for a checkout.
case $0 in */*) cd "${0%/*}/.." ;; *) cd .. ;; esac || exit 1
read -r v < VERSION || exit 1
# The answer is kept in the git directory, by VERSION, HEAD and the tag:
# make asks at every run, and the history walk below is most of its time
# when nothing is to be built.
top= gitdir= head=
command -v git > /dev/null && { read -r top; read -r gitdir; read -r head; } <<EOF
$(git rev-parse --show-toplevel --absolute-git-dir HEAD 2>/dev/null)
EOF
if [ -n "$head" ] && [ "$top" = "$(pwd -P)" ]; then
	key="$v:$head:$(git rev-parse -q --verify "refs/tags/v$v^{commit}" 2>/dev/null)"
	cache=$gitdir/hupbox-version
	if [ -f "$cache" ] && { read -r k; read -r d; } < "$cache" && [ "$k" = "$key" ]; then
		echo "$d"
		exit 0
	fi
	if d=$(git describe --tags --match "v$v" 2>/dev/null); then
		v=${d#v}
	else
		base=$(git log -1 --format=%H -- VERSION 2>/dev/null)
		head=$(git rev-parse --short HEAD 2>/dev/null)
		if [ -n "$base" ] && [ -n "$head" ]; then
			n=$(git rev-list --count "$base..HEAD")
			[ "$n" -gt 0 ] && v=$v-$n-g$head
		fi
	fi
	# a read-only checkout keeps no answer, and loses nothing else
	printf '%s\n%s\n' "$key" "$v" > "$cache.$$" 2>/dev/null &&
		mv -f "$cache.$$" "$cache" 2>/dev/null || rm -f "$cache.$$" 2>/dev/null
fi
echo "$v"
