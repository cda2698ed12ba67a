# SPDX-License-Identifier: 0BSD
# Sourced by every guest check after /tests/lib.sh.
#
# lib.sh's wait_for reads the clock with GNU date's %N, which the guest
# may not have; here the clock is /proc/uptime, read at every attempt
# (under qemu-system a `sh -c` costs tens of ms, so counting naps would
# make a "5 s" wait last minutes).  As lib.sh's, only the last attempt's
# complaints are shown.
_hb_cs() { # uptime in centiseconds
	read -r _u _ < /proc/uptime
	_u=${_u%.*}${_u#*.}
	while [ "${_u#0}" != "$_u" ]; do _u=${_u#0}; done
	echo "${_u:-0}"
}
wait_for() {
	_end=$(( $(_hb_cs) + $1 * 100 ))
	shift
	while ! "$@" 2>/dev/null; do
		if [ "$(_hb_cs)" -ge "$_end" ]; then
			"$@"
			return
		fi
		sleep 0.01
	done
	return 0
}
