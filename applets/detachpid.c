/* detachpid: nohup, disown and redirection for a process that is already running
 *
 * (stub: being written)
 */
//config:config DETACHPID
//config:	bool "detachpid"
//config:	default y
//config:	help
//config:	  nohup, disown and redirection for a process that is already running
//applet:APPLET(detachpid, "usr/bin")

#include "hb.h"

const char detachpid_usage[] =
"Usage: detachpid ...\n";

HB_MAIN(detachpid)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
