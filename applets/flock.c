/* flock: manage file locks from shell scripts (util-linux behaviour)
 *
 * (stub: being written)
 */
//config:config FLOCK
//config:	bool "flock"
//config:	default y
//config:	help
//config:	  manage file locks from shell scripts (util-linux behaviour)
//applet:APPLET(flock, "usr/bin")

#include "hb.h"

const char flock_usage[] =
"Usage: flock ...\n";

HB_MAIN(flock)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
