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
	if (argc > 1) {
		err_msg("extra operand '%s'", argv[1]);
		usage_exit(1);
	}
	if (geteuid() != 0) {
		err_msg("must be run as root");
		return 1;
	}
	sync();
	reboot(RB_POWER_OFF);
	err_msg("%s", strerror(errno));
	return 1;
}
