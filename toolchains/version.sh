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
cd "$(dirname "$0")/.." || exit 1
read -r v < VERSION || exit 1
if command -v git > /dev/null &&
   [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
	if d=$(git describe --tags --match "v$v" 2>/dev/null); then
		echo "${d#v}"
		exit 0
	fi
	base=$(git log -1 --format=%H -- VERSION 2>/dev/null)
	head=$(git rev-parse --short HEAD 2>/dev/null)
	if [ -n "$base" ] && [ -n "$head" ]; then
		n=$(git rev-list --count "$base..HEAD")
		[ "$n" -gt 0 ] && v=$v-$n-g$head
	fi
fi
echo "$v"
