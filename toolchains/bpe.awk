# SPDX-License-Identifier: 0BSD
# Byte-pair encoding, for toolchains/help.awk (the --help texts) and
# toolchains/errmsg.awk (strerror()'s messages), loaded before each
# (awk -f toolchains/bpe.awk -f ...).  The pair of adjacent bytes seen
# most often (the first seen of equals, so that every awk makes the same
# table) becomes a code, until the codes run out or no pair is seen three
# times (a pair costs two bytes of the table).  The codes are those of
# libcore/bpe.c's hb_expand(): pair K is byte bpe_code(K).

# The byte of pair K: 127 to 255, then 1 to 31.  Pair 138 would be byte
# 10, '\n', a character: it is left unused, as { 0, 0 }.
function bpe_code(k) {
	return k < 129 ? k + 127 : k - 128
}

# Encodes the sequences S[I, 1..N[I]] (I from 0 to COUNT - 1) in place,
# with at most MAX pairs; pair K stands for bpe_left[K] then bpe_right[K].
# Returns the number of pairs.
function bpe(s, n, count, max,    npair, i, j, k, best, c, seen, ab) {
	npair = 0
	while (npair < max) {
		split("", seen)
		best = ""
		for (i = 0; i < count; i++)
			for (j = 1; j < n[i]; j++)
				seen[s[i, j] " " s[i, j + 1]]++
		for (i = 0; i < count; i++)
			for (j = 1; j < n[i]; j++)
				if (seen[k = s[i, j] " " s[i, j + 1]] > (best == "" ? 2 : seen[best]))
					best = k
		if (best == "")
			break
		split(best, ab, " ")
		if (npair == 138) {
			bpe_left[npair] = bpe_right[npair] = 0
			npair++
		}
		c = bpe_code(npair)
		bpe_left[npair] = ab[1]
		bpe_right[npair++] = ab[2]
		for (i = 0; i < count; i++) {
			k = 0
			for (j = 1; j <= n[i]; j++)
				if (j < n[i] && s[i, j] == ab[1] && s[i, j + 1] == ab[2]) {
					s[i, ++k] = c
					j++
				} else
					s[i, ++k] = s[i, j]
			n[i] = k
		}
	}
	return npair
}
