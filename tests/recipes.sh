#!/bin/sh
# SPDX-License-Identifier: 0BSD
# The recipes under dist/, run offline: Buildroot's br2-external package
# (dist/buildroot) and OpenWrt's package (dist/openwrt/hupbox), each built
# and installed for mipsel and armhf as those build systems would, with
# the variables they pass (TARGET_CC, TARGET_CFLAGS, TARGET_LDFLAGS,
# TARGET_DIR, PKG_BUILD_DIR, PKG_INSTALL_DIR, ...).  tests/recipes/ holds
# the few parts of Buildroot and OpenWrt that the recipes use.  The
# toolchain is Debian's cross gcc with musl-dev:ARCH, wrapped as a musl
# toolchain with its kernel headers in its sysroot.  The installed trees
# are checked: the binary runs under qemu-user with the applets chosen,
# each link is where it belongs, foreign links are replaced or left as the
# recipe says.
#
#   sh tests/recipes.sh [mipsel] [armhf]      (make recipe-test)
#
# Prints one line per check and `N passed, N failed`; exits 1 on a failure.

SRC=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hupbox-recipes.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
[ $# -gt 0 ] || set -- mipsel armhf
passed=0 failed=0
MAKE=${MAKE:-make}
unset MAKEFLAGS MAKELEVEL

ok() { passed=$((passed + 1)); echo "PASS: $*"; }
no() { failed=$((failed + 1)); echo "FAIL: $*"; }
check() { n=$1; shift; if "$@"; then ok "$n"; else no "$n"; fi; }
# `same NAME EXPECTED ACTUAL`
same() {
	if [ "$2" = "$3" ]; then ok "$1"; else
		no "$1"; printf '  expected: %s\n  actual:   %s\n' "$(echo "$2" | tr '\n' ' ')" "$(echo "$3" | tr '\n' ' ')"
	fi
}
home() { sed -n "s|^//applet:APPLET($1, \"\([^\"]*\)\").*|\1|p" "$SRC/applets/$1.c"; }
ALL=$(sed -n 's|^//applet:APPLET(\([a-z0-9_]*\),.*|\1|p' "$SRC"/applets/*.c | LC_ALL=C sort)
up() { echo "$1" | tr a-z A-Z; }

# One option per applet in each recipe, and their defaults as the
# Kconfig of each build system gives them (kconfiglib).
for a in $ALL; do
	grep -q "^config BR2_PACKAGE_HUPBOX_$(up $a)\$" "$SRC/dist/buildroot/package/hupbox/Config.in" ||
		no "buildroot: no option for $a"
	grep -q "config HUPBOX_$(up $a)\$" "$SRC/dist/openwrt/hupbox/Makefile" ||
		no "openwrt: no option for $a"
done
# `defaults FILE ARCHSYM PREFIX`: the applet options that default to y.
defaults() {
	BR2_EXTERNAL_HUPBOX_PATH=$SRC/dist/buildroot /usr/bin/python3 - "$@" <<'PY'
import sys, kconfiglib
kc = kconfiglib.Kconfig(sys.argv[1], warn=False)
for name in sys.argv[2].split():
    kc.syms[name].set_value(2)
print(" ".join(s.name[len(sys.argv[3]):].lower() for s in kc.unique_defined_syms
               if s.name.startswith(sys.argv[3]) and s.str_value == "y"))
PY
}
if /usr/bin/python3 -c 'import kconfiglib' 2>/dev/null; then
	{ echo 'config BR2_USE_MMU'; echo '	bool "mmu"'; echo 'config BR2_mipsel'; echo '	bool "mipsel"'
	  echo 'source "$BR2_EXTERNAL_HUPBOX_PATH/Config.in"'; } > "$WORK/br.kconfig"
	br_defaults=$(defaults "$WORK/br.kconfig" "BR2_USE_MMU BR2_mipsel BR2_PACKAGE_HUPBOX" BR2_PACKAGE_HUPBOX_)
	{ echo 'config PACKAGE_hupbox'; echo '	bool "hupbox"'; echo 'config mipsel'; echo '	bool "mipsel"'
	  sed -n '/^define Package\/hupbox\/config/,/^endef/p' "$SRC/dist/openwrt/hupbox/Makefile" | sed '1d;$d'; } > "$WORK/owrt.kconfig"
	owrt_defaults=$(defaults "$WORK/owrt.kconfig" "PACKAGE_hupbox mipsel" HUPBOX_)
	want=$(echo "$ALL" | grep -vx init | tr '\n' ' ' | sed 's/ $//')
	same "buildroot Config.in: every applet on by default but init" "$want" "$(echo $br_defaults | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
	same "openwrt config: every applet on by default but init (procd is PID 1)" "$want" "$(echo $owrt_defaults | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
	# An architecture libcore/arch/ has no ptrace layer for (riscv64, ...).
	want=$(echo "$ALL" | grep -vx -e init -e detachpid | tr '\n' ' ' | sed 's/ $//')
	same "buildroot Config.in: no detachpid where libcore/arch has no layer" "$want" \
		"$(defaults "$WORK/br.kconfig" "BR2_USE_MMU BR2_PACKAGE_HUPBOX" BR2_PACKAGE_HUPBOX_ | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
	same "openwrt config: no detachpid where libcore/arch has no layer" "$want" \
		"$(defaults "$WORK/owrt.kconfig" "PACKAGE_hupbox" HUPBOX_ | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
else
	echo "SKIP: the recipes' Kconfig defaults (kconfiglib not importable: apt-get install python3-kconfiglib)"
	owrt_defaults=$(echo "$ALL" | grep -vx init)
fi
check "openwrt example.init is sh" sh -n "$SRC/dist/openwrt/hupbox/files/example.init"

# `toolchain ARCH`: a musl cross toolchain under $WORK/tc-ARCH, as a
# packager's: PREFIX-gcc with musl and kernel headers in its sysroot.
toolchain() {
	case $1 in
	mipsel) triplet=mipsel-linux-gnu musl=/usr/lib/mipsel-linux-musl qemu=qemu-mipsel ;;
	armhf) triplet=arm-linux-gnueabihf musl=/usr/lib/arm-linux-musleabihf qemu=qemu-arm ;;
	*) echo "recipes.sh: unknown arch '$1' (mipsel or armhf)" >&2; exit 2 ;;
	esac
	tc=$WORK/tc-$1
	mkdir -p "$tc/bin" "$tc/khdr"
	for d in linux asm-generic asm; do ln -sfn "/usr/$triplet/include/$d" "$tc/khdr/$d"; done
	printf '#!/bin/sh\nexec %s-gcc -specs %s/musl-gcc.specs -idirafter %s/khdr "$@"\n' \
		"$triplet" "$musl" "$tc" > "$tc/bin/$1-hbtest-linux-musl-gcc"
	chmod +x "$tc/bin/$1-hbtest-linux-musl-gcc"
	ln -sfn "$(command -v "$triplet-strip")" "$tc/bin/$1-hbtest-linux-musl-strip"
	CROSS=$tc/bin/$1-hbtest-linux-musl-
	[ -f "$musl/libc.a" ] && command -v "$triplet-gcc" >/dev/null && command -v "$qemu" >/dev/null ||
		{ echo "recipes.sh: $1 needs $triplet-gcc, musl-dev:$1 and $qemu (toolchains/setup)" >&2; exit 2; }
}

for arch in "$@"; do
	toolchain "$arch"
	case $arch in
	mipsel) br_arch=mipsel owrt_arch=mipsel
		# OpenWrt ramips/mt7621 and ath79 (24Kc) compile flags, less its own
		# gcc patch's -fhonour-copts and a soft-float libc's -msoft-float.
		owrt_cflags="-Os -pipe -mno-branch-likely -mips32r2 -mtune=24kc -fno-caller-saves -fno-plt -mips16 -minterlink-mips16" ;;
	armhf) br_arch=arm owrt_arch=arm
		owrt_cflags="-Os -pipe -mcpu=cortex-a7 -mfpu=neon-vfpv4 -fno-caller-saves -fno-plt -mfloat-abi=hard -mthumb" ;;
	esac
	br_cflags="-D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 -Os -g0 -D_FORTIFY_SOURCE=1"

	# ---- Buildroot: every applet but setsid (armhf) or respawn
	# (mipsel), init on; a TARGET_DIR where BusyBox is installed already.
	off=$([ "$arch" = armhf ] && echo setsid || echo respawn)
	on=$(echo "$ALL" | grep -vx "$off")
	T=$WORK/br-$arch/target
	mkdir -p "$T/bin" "$T/sbin" "$T/usr/bin"
	echo busybox > "$T/bin/busybox"
	for a in init:sbin:../bin/busybox nohup:usr/bin:../../bin/busybox "$off:$(home $off):$(home $off | sed 's|[^/][^/]*|..|g')/bin/busybox" ls:bin:busybox; do
		n=${a%%:*} r=${a#*:}; d=${r%%:*}
		mkdir -p "$T/$d" && ln -sfn "${r#*:}" "$T/$d/$n"
	done
	opts=$(for a in $on; do printf 'BR2_PACKAGE_HUPBOX_%s=y ' "$(up $a)"; done)
	log=$WORK/br-$arch.log
	if $MAKE -f "$SRC/tests/recipes/buildroot.mk" BR2_EXTERNAL_HUPBOX_PATH="$SRC/dist/buildroot" \
		ARCH=$br_arch BUILD_DIR="$WORK/br-$arch/build" TARGET_DIR="$T" \
		TARGET_CROSS="$CROSS" TARGET_CC="${CROSS}gcc" TARGET_CFLAGS="$br_cflags" TARGET_LDFLAGS= \
		TARGET_MAKE_ENV="PATH=$PATH" BR2_PACKAGE_HUPBOX=y $opts > "$log" 2>&1; then
		ok "buildroot $arch: build and install"
	else
		no "buildroot $arch: build and install"; tail -n 15 "$log" | sed 's/^/  | /'
	fi
	check "buildroot $arch: TARGET_CFLAGS reach the compiler" \
		grep -q -e "-D_FORTIFY_SOURCE=1" "$WORK/br-$arch/build/hupbox-$(sed -n 's/^HUPBOX_VERSION = //p' "$SRC/dist/buildroot/package/hupbox/hupbox.mk")/build/br/flags"
	same "buildroot $arch: hupbox --list under $qemu" "$on" "$($qemu "$T/bin/hupbox" --list 2>&1)"
	links=$(cd "$T" && for a in $on; do d=$(home $a); printf '%s/%s -> %s\n' "$d" "$a" "$(readlink "$d/$a")"; done)
	same "buildroot $arch: each applet a relative link in its usual home (BusyBox's replaced)" \
		"$(for a in $on; do d=$(home $a); printf '%s/%s -> %s/bin/hupbox\n' "$d" "$a" "$(echo $d | sed 's|[^/][^/]*|..|g')"; done)" "$links"
	same "buildroot $arch: BusyBox's other links kept ($off, ls)" \
		"busybox busybox" "$(readlink "$T/$(home $off)/$off" | sed 's|.*/||') $(readlink "$T/bin/ls")"
	same "buildroot $arch: no man pages in the firmware layout" "" "$(cd "$T" && find . -path '*/man/*')"
	same "buildroot $arch: flock through its link under $qemu" "locked" \
		"$($qemu "$T/usr/bin/flock" "$WORK/lock-$arch" echo locked 2>&1)"

	# ---- OpenWrt: the menu's defaults (init off).
	on=$(echo $owrt_defaults | tr ' ' '\n' | LC_ALL=C sort)
	opts=$(for a in $on; do printf 'CONFIG_HUPBOX_%s=y ' "$(up $a)"; done)
	B=$WORK/owrt-$arch/build I=$WORK/owrt-$arch/ipkg
	log=$WORK/owrt-$arch.log
	if $MAKE -C "$SRC/dist/openwrt/hupbox" TOPDIR="$SRC/tests/recipes/openwrt" \
		ARCH=$owrt_arch BUILD_DIR="$B" IPKG_DIR="$I" \
		TARGET_CROSS="$CROSS" TARGET_CC="${CROSS}gcc" TARGET_CFLAGS="$owrt_cflags" TARGET_CPPFLAGS= \
		TARGET_LDFLAGS="-L$WORK/staging/usr/lib -L$WORK/staging/lib -Wl,-z,now -Wl,-z,relro" \
		$opts > "$log" 2>&1; then
		ok "openwrt $arch: build and install"
	else
		no "openwrt $arch: build and install"; tail -n 15 "$log" | sed 's/^/  | /'
	fi
	P=$B/hupbox-$(sed -n 's/^PKG_VERSION:=//p' "$SRC/dist/openwrt/hupbox/Makefile")
	check "openwrt $arch: TARGET_CFLAGS and TARGET_LDFLAGS reach the compiler" \
		grep -q -e "${owrt_cflags##* }.*-Wl,-z,relro" "$P/build/openwrt/flags"
	same "openwrt $arch: PKG_INSTALL_DIR holds the firmware layout" \
		"$({ for a in $on; do echo "$(home $a)/$a"; done; echo bin/hupbox; } | LC_ALL=C sort)" \
		"$(cd "$P/ipkg-install" 2>/dev/null && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort)"
	same "openwrt $arch: the package holds bin/hupbox alone" "bin/hupbox" \
		"$(cd "$I" 2>/dev/null && find . ! -type d | sed 's|^\./||')"
	same "openwrt $arch: an ALTERNATIVES entry per applet, init left to procd" \
		"$(for a in $on; do echo "150:/$(home $a)/$a:/bin/hupbox"; done | LC_ALL=C sort)" \
		"$(tr ' ' '\n' < "$WORK/owrt-$arch/alternatives" | grep . | LC_ALL=C sort)"
	same "openwrt $arch: hupbox --list under $qemu" "$on" "$($qemu "$I/bin/hupbox" --list 2>&1)"
	# opkg makes each alternative a link to its target; argv[0] is the link.
	got=$(tr ' ' '\n' < "$WORK/owrt-$arch/alternatives" | grep . | LC_ALL=C sort -t: -k2 | while IFS=: read -r prio link target; do
		echo "$link $($qemu -0 "$link" "$I$target" --help 2>&1 | head -n 1 | cut -d' ' -f1-2)"
	done)
	same "openwrt $arch: each alternative runs its applet" \
		"$(for a in $on; do echo "/$(home $a)/$a Usage: $a"; done | LC_ALL=C sort)" "$got"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
