/* nohup: run a command immune to hangups (POSIX, GNU coreutils behaviour)
 *
 * (stub: being written)
 */
//config:config NOHUP
//config:	bool "nohup"
//config:	default y
//config:	help
//config:	  run a command immune to hangups (POSIX, GNU coreutils behaviour)
//applet:APPLET(nohup, "usr/bin")

#include "hb.h"

const char nohup_usage[] =
"Usage: nohup ...\n";

HB_MAIN(nohup)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
