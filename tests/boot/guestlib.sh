# SPDX-License-Identifier: 0BSD
# Sourced by every guest check after /tests/lib.sh.
#
# lib.sh's wait_for counts 10 ms naps, which assumes the polled command
# costs nothing; under qemu-system a `sh -c` costs tens of ms, so a "5 s"
# wait could last minutes.  In the guest it is bounded by the clock.  As
# lib.sh's, only the last attempt's complaints are shown.
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
