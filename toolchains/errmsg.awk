# SPDX-License-Identifier: 0BSD
# toolchains/errmsg.sh's compressor.  Input: the bytes of musl's errmsgidx
# (first file) and errmsgstr (second), one decimal number a line; order:
# the object's byte order (1 little-endian, 2 big).  Writes to OUT the C
# header that libcore/strerror.c decodes:
#   ERRMSG_COUNT   entries of errmsgidx: errno values below it have one
#   ERRMSG_LONGEST the longest message's length
#   ERRMSG_END     the bytes below end a message: each is how many errno
#                  values from the message's own on have it (the others,
#                  in between, have the first errno's message), as musl's
#                  table holds none for most; 31 at most
#   errmsg.pair[]  code 127 + i stands for errmsg.pair[i][0] then
#                  errmsg.pair[i][1], each a message byte (' ' to '~') or
#                  a code, as libcore/bpe.c's hb_expand() reads them
#   errmsg.text[]  the messages in errno order, each ended as above (in
#                  a run of more than 30 errno values without a message,
#                  the first errno's is written again)
# Compression is toolchains/bpe.awk's byte-pair encoding, loaded first.
# Prints why on stdout and exits 1 when the input is not laid out as
# errmsg.sh says.
FNR == 1 { file++ }
file == 1 { idx[nidx++] = $1 }
file == 2 { str[nstr++] = $1 }
END {
	end = 32
	first_code = 127
	if (order != 1 && order != 2)
		fail("strerror.lo's byte order is neither little- nor big-endian")
	if (nidx < 2 || nidx % 2)
		fail("errmsgidx is not an array of 16-bit offsets")
	if (!nstr || str[nstr - 1] != 0)
		fail("errmsgstr does not end with a NUL")
	count = nidx / 2
	for (i = 0; i < count; i++)
		off[i] = order == 2 ? idx[2 * i] * 256 + idx[2 * i + 1] : idx[2 * i] + idx[2 * i + 1] * 256
	for (o = 0; o < nstr; o++) {
		if (str[o] && (str[o] < end || str[o] >= first_code))
			fail("a message has a byte below " end " or above 126")
		if (o == 0 || str[o - 1] == 0)
			start[o] = 1
	}
	for (i = 0; i < count; i++) {
		if (!(off[i] in start))
			fail("errmsgidx[" i "] is not the start of a message")
		used[off[i]] = 1
	}
	for (o in start)
		if (!(o in used))
			fail("errmsgstr has a message that no errno has")
	if (!str[off[0]])
		fail("the first errno's message is empty")
	# the messages as sequences of codes: m[i, 1..n[i]]
	longest = 0
	for (i = 0; i < count; i++) {
		n[i] = 0
		if (i && off[i] == off[0])
			continue
		own[i] = 1
		for (o = off[i]; str[o]; o++)
			m[i, ++n[i]] = str[o]
		if (n[i] > longest)
			longest = n[i]
	}
	# codes 127 to 255: the bytes below 32 end a message
	npair = bpe(m, n, count, 129)
	if (!npair)
		fail("no pair of bytes repeats")
	text = 0
	for (i = 0; i < count; i = k) {
		text += n[i in own ? i : 0] + 1
		for (k = i + 1; k < count && k - i < end - 1 && off[k] == off[0]; k++)
			;
	}
	print "/* Generated from " libc "'s strerror.lo by toolchains/errmsg.sh:" > out
	print "   musl's messages for libcore/strerror.c.  Do not edit. */" > out
	print "#define ERRMSG_COUNT " count > out
	print "#define ERRMSG_LONGEST " longest > out
	print "#define ERRMSG_END " end > out
	# one object: one alignment's padding, not two
	print "static const struct {" > out
	print "\tunsigned char pair[" npair "][2];" > out
	print "\tunsigned char text[" text "];" > out
	print "} errmsg = { {" > out
	for (k = 0; k < npair; k++)
		print "\t{ " bpe_left[k] ", " bpe_right[k] " }," > out
	print "}, {" > out
	for (i = 0; i < count; i = k) {
		line = "\t"
		e = i in own ? i : 0
		for (j = 1; j <= n[e]; j++)
			line = line m[e, j] ", "
		for (k = i + 1; k < count && k - i < end - 1 && off[k] == off[0]; k++)
			;
		print line k - i "," > out
	}
	print "} };" > out
	close(out)
}

function fail(why) {
	print why
	failed = 1
	exit 1
}
