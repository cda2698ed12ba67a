#!/bin/sh
# SPDX-License-Identifier: 0BSD
# Boot test: hupbox as PID 1 of Debian's own kernel under qemu-system.
#
#   sh tests/boot/boot.sh TARGET DIR
#
# TARGET is aarch64, armhf or mipsel.  DIR/root must hold an installed
# hupbox (`make install-firmware DESTDIR=DIR/root`), DIR/helpers the test
# helpers built for the target; the initramfs and the console log
# (DIR/console.log, kept for reading) are written next to them.
#
# The kernel and the guest shell (Debian's busybox-static, never the thing
# under test) are fetched once with `apt-get download` into
# ${HUPBOX_BOOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hupbox-boot}.
# HUPBOX_BOOT_TIMEOUT (seconds, default 150) bounds the whole boot;
# HUPBOX_BOOT_INIT=sh boots a shell /init instead of hupbox init (to debug
# the frame or the other applets while init is broken).
#
# Prints the guest's check lines, then "N passed, N failed" (", N skipped");
# exits 1 when anything failed, nothing passed, or the boot hung.
set -u
target=${1:?usage: boot.sh TARGET DIR}
dir=${2:?usage: boot.sh TARGET DIR}
here=$(cd "$(dirname "$0")" && pwd)
cache=${HUPBOX_BOOT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/hupbox-boot}
limit=${HUPBOX_BOOT_TIMEOUT:-150}
init=${HUPBOX_BOOT_INIT:-hupbox}

case $target in
aarch64)
	debarch=arm64 flavor=arm64 tty=ttyAMA0
	set -- qemu-system-aarch64 -M virt -cpu cortex-a53 ;;
armhf)
	debarch=armhf flavor=armmp tty=ttyAMA0
	set -- qemu-system-arm -M virt ;;
mipsel)
	debarch=mipsel flavor=4kc-malta tty=ttyS0
	# -vga none: the Cirrus VGA wants a ROM file qemu-system-data ships.
	set -- qemu-system-mipsel -M malta -vga none ;;
*)
	echo "boot.sh: no boot test for TARGET=$target (aarch64, armhf, mipsel)" >&2
	exit 2 ;;
esac

die() { echo "boot.sh: $target: $*" >&2; exit 1; }
command -v "$1" > /dev/null || die "$1 not found (toolchains/setup installs it)"
command -v cpio > /dev/null || die "cpio not found (toolchains/setup installs it)"
[ -x "$dir/root/bin/hupbox" ] || die "no hupbox in $dir/root/bin"

# ---- kernel and guest shell, fetched once ----
kc=$cache/$debarch
mkdir -p "$kc" || die "cannot create the cache $kc"

# apt-get download PACKAGE into $dl; prints the .deb's path.
# The names are per process: two boots may fetch into one cache at once.
dl=$kc/dl.$$
trap 'rm -rf "$dl" "$kc/vmlinuz.$$" "$kc/busybox.$$"' EXIT
download() {
	rm -rf "$dl" && mkdir -p "$dl" || return 1
	# _apt cannot write into a root-owned cache: apt warns and downloads
	# unsandboxed, which is harmless, so only a failure is shown.
	# A stale package index names a version the mirror no longer has:
	# refresh it once (a failing foreign index is not fatal) and retry.
	(cd "$dl" && apt-get download "$1" > log 2>&1) ||
		{ apt-get update -q > "$dl/update.log" 2>&1
		  (cd "$dl" && apt-get download "$1" > log 2>&1); } ||
		{ cat "$dl/log" >&2; return 1; }
	ls "$dl"/*.deb
}

# The arm64 image of Debian 12 is a plain Image, which -kernel takes as is.
# Older ones were gzip'd and newer ones may be EFI zboot (a PE file whose
# payload is compressed): qemu before 9.1 boots neither, so unpack both.
unpack_kernel() {
	magic=$(od -An -tx1 -N2 "$1" | tr -d ' \n')
	zimg=$(dd if="$1" bs=1 skip=4 count=4 2>/dev/null)
	if [ "$magic" = 1f8b ]; then
		gzip -dc < "$1" > "$1.raw" && mv "$1.raw" "$1"
	elif [ "$magic" = 4d5a ] && [ "$zimg" = zimg ]; then
		off=$(od -An -tu4 -j8 -N4 "$1" | tr -d ' ')
		size=$(od -An -tu4 -j12 -N4 "$1" | tr -d ' ')
		comp=$(dd if="$1" bs=1 skip=24 count=8 2>/dev/null | tr -d '\0')
		case $comp in
		gzip) un="gzip -dc" ;; zstd) un="zstd -dc" ;; lzma) un="xz -dc --format=lzma" ;;
		xzkern) un="xz -dc" ;; *) echo "unknown zboot compression '$comp'" >&2; return 1 ;;
		esac
		tail -c +$((off + 1)) "$1" | head -c "$size" | $un > "$1.raw" &&
			mv "$1.raw" "$1"
	fi
}

if [ ! -s "$kc/vmlinuz" ]; then
	# The metapackage names the current versioned image package.
	kernel_pkg() {
		apt-cache depends "linux-image-$flavor:$debarch" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^:]*\).*/\1/p' | head -n 1
	}
	pkg=$(kernel_pkg)
	[ -n "$pkg" ] || { apt-get update -q > /dev/null 2>&1; pkg=$(kernel_pkg); }
	[ -n "$pkg" ] || die "apt-cache knows no linux-image-$flavor:$debarch (dpkg --add-architecture $debarch; apt-get update)"
	echo "boot.sh: $target: fetching $pkg:$debarch into $kc" >&2
	deb=$(download "$pkg:$debarch") || die "apt-get download $pkg:$debarch failed"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards './boot/vmlinuz-*' > "$kc/vmlinuz.$$" &&
		unpack_kernel "$kc/vmlinuz.$$" && [ -s "$kc/vmlinuz.$$" ] ||
		die "no vmlinuz in $deb"
	mv "$kc/vmlinuz.$$" "$kc/vmlinuz"
	basename "$deb" > "$kc/vmlinuz.deb"
	rm -rf "$dl"
fi
if [ ! -s "$kc/busybox" ]; then
	echo "boot.sh: $target: fetching busybox-static:$debarch into $kc" >&2
	deb=$(download "busybox-static:$debarch") || die "apt-get download busybox-static:$debarch failed"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO ./bin/busybox > "$kc/busybox.$$" &&
		[ -s "$kc/busybox.$$" ] || die "no bin/busybox in $deb"
	chmod 755 "$kc/busybox.$$" && mv "$kc/busybox.$$" "$kc/busybox"
	rm -rf "$dl"
fi

# ---- initramfs: hupbox and its links, the guest shell, the tests ----
root=$dir/root
mkdir -p "$root/etc" "$root/tests/checks" "$root/proc" "$root/sys" \
	"$root/run" "$root/tmp" "$root/root" || die "cannot fill $root"
cp "$kc/busybox" "$root/bin/busybox" && ln -sfn busybox "$root/bin/sh" &&
	cp "$here/inittab" "$root/etc/inittab" && cp "$here/inittab.final" "$root/tests/" &&
	cp "$here/guest.sh" "$here/sv.sh" "$here/shinit.sh" "$here/guestlib.sh" "$here/../lib.sh" "$root/tests/" &&
	cp "$here"/checks/*.sh "$root/tests/checks/" ||
	die "cannot fill $root"
# Test helpers (tests/helpers/*.c, built for the target by make): $TOOLS.
if [ -d "$dir/helpers" ]; then
	mkdir -p "$root/tests/bin" && cp "$dir"/helpers/* "$root/tests/bin/" ||
		die "cannot copy the helpers"
fi
chmod 755 "$root"/tests/*.sh "$root"/tests/checks/*.sh
case $init in
hupbox) rdinit=/sbin/init ;;
sh) rdinit=/tests/shinit.sh ;;
*) die "HUPBOX_BOOT_INIT must be hupbox or sh" ;;
esac
[ -e "$root$rdinit" ] || die "no $rdinit in the initramfs (is the init applet enabled?)"

# Two newc entries by hand: /dev/console must exist before devtmpfs is
# mounted (the kernel opens it for PID 1's stdio), and cpio could only copy
# a real device node, which needs root to create.
newc() { # NAME MODE(hex) RDEVMAJOR RDEVMINOR
	# ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj rdevmin namesize check
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		$((0x$2)) $((0x$2)) 0 0 1 0 0 0 0 "$3" "$4" $((${#1} + 1)) 0 "$1"
	pad=$(( (4 - (110 + ${#1} + 1) % 4) % 4 ))	# header is 110 bytes
	[ $pad -eq 0 ] || head -c $pad /dev/zero
}
img=$dir/initramfs.cpio.gz
{
	newc dev 41ed 0 0 && newc dev/console 2180 5 1
	(cd "$root" && find . -mindepth 1 ! -path ./dev | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet)
} | gzip -1 > "$img" || die "cannot pack $img"

# ---- boot ----
log=$dir/console.log
start=$(date +%s.%N)
timeout -k 5 "$limit" "$@" -m 256 -smp 1 -display none -monitor none \
	-serial stdio -nic none -no-reboot -kernel "$kc/vmlinuz" -initrd "$img" \
	-append "console=$tty rdinit=$rdinit panic=-1 quiet printk.devkmsg=on" \
	< /dev/null > "$log.raw" 2>&1
rc=$?
end=$(date +%s.%N)
tr -d '\r' < "$log.raw" > "$log" && rm -f "$log.raw"

# ---- results ----
# Guest lines: "PASS: ...", "FAIL: ...", "SKIP: ...", "INFO: ..." and the
# guest driver's "N passed, N failed"; the shutdown entries print after it.
res=$dir/results
grep -E '^(PASS|FAIL|SKIP): ' "$log" > "$res"
grep -E '^(PASS|FAIL|SKIP|INFO): ' "$log"
host() { echo "$1: host: $2" | tee -a "$res"; }

summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	host FAIL "boot did not end within ${limit}s (hung; see $log)"
elif [ $rc -ne 0 ]; then
	host FAIL "$1 exited $rc (see $log)"
elif grep -q 'reboot: Power down' "$log"; then
	host PASS "the guest powered off and qemu ended"
else
	host FAIL "qemu ended without a power-off ($(grep -m1 -E 'Kernel panic|reboot: ' "$log"))"
fi
# The grace: from the last shutdown entry to the restart entry init waits
# its grace (inittab: 1 s) for a service that ignores TERM.  Then the
# power-off: from the new init's SIGUSR2 to the kernel's last line, with
# nothing left to wait for.
secs() { sed -n "s/^$1 \\([0-9.]*\\) s.*/\\1/p" "$log" | tail -n 1; }
asked=$(secs 'INFO: shutdown entry 2 ran at')
restarted=$(secs 'INFO: the restart entry runs at')
off=$(secs 'INFO: asking PID 1 to power off at')
down=$(sed -n 's/^\[ *\([0-9.]*\)\] reboot: Power down.*/\1/p' "$log" | tail -n 1)
# timed WHAT FROM TO MIN MAX: TO - FROM, seconds read off the log, is
# within MIN and MAX.
timed() {
	[ "$init" = hupbox ] || return 0
	if [ -z "$2" ] || [ -z "$3" ]; then
		[ $rc -ne 0 ] || host FAIL "$1: not in the log"
		return 0
	fi
	took=$(echo "$2 $3" | awk '{ printf "%.2f", $2 - $1 }')
	if awk "BEGIN { exit !($took >= $4 && $took <= $5) }"; then
		host PASS "$1: ${took}s (want $4 to $5 s)"
	else
		host FAIL "$1: ${took}s (want $4 to $5 s)"
	fi
}
timed "the last shutdown entry to the restart entry, grace 1 s for a TERM-proof service" "$asked" "$restarted" 0.95 5
timed "the restarted init's SIGUSR2 to power-off" "$off" "$down" 0 3
# init announces the power-off on the console before the kernel's last
# line.  (qemu's serial lines never hold output back, so this does not
# exercise init's wait for the console queue to empty.)
if [ "$init" = hupbox ] && [ $rc -eq 0 ]; then
	if awk '/^init: requesting poweroff/ { said = 1 }
		/reboot: Power down/ { down = 1; exit !said } END { if (!down) exit 1 }' "$log"; then
		host PASS "init's 'requesting poweroff' is on the console before the kernel's power-down"
	else
		host FAIL "init's 'requesting poweroff' is not on the console before the kernel's power-down"
	fi
fi
if [ -z "$summary" ]; then
	host FAIL "the guest driver printed no 'N passed, N failed' line"
else
	host PASS "guest driver finished: $summary"
fi

passed=$(grep -c '^PASS' "$res")
failed=$(grep -c '^FAIL' "$res")
skipped=$(grep -c '^SKIP' "$res")
secs=$(echo "$start $end" | awk '{ printf "%.1f", $2 - $1 }')
echo "INFO: host: $target boot took ${secs}s wall time (console log: $log)"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
