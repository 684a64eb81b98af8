/* poweroff: flush the file systems and switch the machine off
 * (reboot(RB_POWER_OFF)). Only root may. */
#include "util.h"
#include <sys/reboot.h>

int main(int argc, char **argv)
{
	prog_init_bare("poweroff", "Flush the file systems and switch the machine off (root only).\n",
		       argc, argv);
	if (geteuid() != 0) {
		err_msg("must be run as root");
		return 1;
	}
	sync();
	reboot(RB_POWER_OFF);
	err_msg("%s", strerror(errno));
	return 1;
}
