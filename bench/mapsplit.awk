# SPDX-License-Identifier: 0BSD
# Who owns the bytes of hupbox: reads a GNU ld link map (-Wl,-Map) and
# prints, for the allocated input sections that survived --gc-sections,
#   origin ORIGIN FILEBYTES BSSBYTES     ORIGIN: applets libcore libc libgcc
#   object OBJECT FILEBYTES              each object, largest first elsewhere
# Origins: applets/*.o (and help.o, their --help texts) and libcore/*.o
# of the build, the C library's libc.a members and crt files (musl; glibc
# on mips), libgcc and gcc's crt.
# mawk has no strtonum.
function hex(s,   i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function origin(f) {
	if (f ~ /applets\//) return "applets"
	# the applets' --help texts, compressed at build time (toolchains/help.awk)
	if (f ~ /(^|\/)help\.o$/) return "applets"
	if (f ~ /libcore\//) return "libcore"
	if (f ~ /ltrans/) return "libcore"
	if (f ~ /libgcc|crtbegin|crtend/) return "libgcc"
	return "libc"
}
function account(name, size, file,   o, key) {
	if (file == "" || size == 0) return
	if (name !~ /^\.(text|rodata|data|bss|tdata|tbss|init|fini|init_array|fini_array|preinit_array|got|sdata|sbss|srodata|rel|ctors|dtors|eh_frame|gcc_except_table|lit)/)
		return
	o = origin(file)
	key = file
	sub(/.*\//, "", key)
	if (name ~ /^\.(bss|tbss|sbss)/) { bss[o] += size; return }
	bytes[o] += size
	obj[o " " key] += size
}
/^Linker script and memory map/ { inmap = 1; next }
!inmap { next }
/^ \*fill\*/ { next }
# " .text.foo  0xADDR  0xSIZE  FILE" on one line, or the name alone when long.
/^ \.[^ ]+$/ { pending = $1; next }
/^ \.[^ ]+ +0x[0-9a-f]+ +0x[0-9a-f]+ / { account($1, hex($3), $4); pending = ""; next }
/^ +0x[0-9a-f]+ +0x[0-9a-f]+ [^ ]/ && pending != "" { account(pending, hex($2), $3); pending = ""; next }
{ pending = "" }
END {
	for (o in bytes) printf "origin %s %d %d\n", o, bytes[o], bss[o]
	for (o in bss) if (!(o in bytes)) printf "origin %s 0 %d\n", o, bss[o]
	for (k in obj) printf "object %s %d\n", k, obj[k]
}
