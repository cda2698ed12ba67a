/* respawn: supervise one command: restart with backoff
 *
 * (stub: being written)
 */
//config:config RESPAWN
//config:	bool "respawn"
//config:	default y
//config:	help
//config:	  supervise one command: restart with backoff
//applet:APPLET(respawn, "usr/sbin")

#include "hb.h"

const char respawn_usage[] =
"Usage: respawn ...\n";

HB_MAIN(respawn)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
