/* init: a tiny PID 1 reading a BusyBox-format inittab
 *
 * (stub: being written)
 */
//config:config INIT
//config:	bool "init"
//config:	default y
//config:	help
//config:	  a tiny PID 1 reading a BusyBox-format inittab
//applet:APPLET(init, "sbin")

#include "hb.h"

const char init_usage[] =
"Usage: init ...\n";

HB_MAIN(init)
{
	(void)argc;
	(void)argv;
	hb_die(1, "not implemented yet");
}
