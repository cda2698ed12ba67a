/* setsid: run a program in a new session (util-linux behaviour)
 *
 * (stub: being written)
 */
//config:config SETSID
//config:	bool "setsid"
//config:	default y
//config:	help
//config:	  run a program in a new session (util-linux behaviour)
//applet:APPLET(setsid, "usr/bin")

#include "hb.h"

const char setsid_usage[] =
"Usage: setsid ...\n";

HB_MAIN(setsid)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
