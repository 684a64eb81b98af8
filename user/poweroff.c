/* poweroff: flush the file systems and switch the machine off
 * (reboot(RB_POWER_OFF)). Only root may. */
#include "util.h"
#include <sys/reboot.h>

static const struct prog_help help = {
	"",
	"Flush the file systems and switch the machine off (root only).\n",
	1, 0,
};

int main(int argc, char **argv)
{
	prog_init("poweroff", argc, argv, &help);
	no_operands(argc, argv);
	if (geteuid() != 0) {
		err_msg("must be run as root");
		return 1;
	}
	sync();
	reboot(RB_POWER_OFF);
	err_msg("%s", strerror(errno));
	return 1;
}
