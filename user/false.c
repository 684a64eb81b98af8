/* false: do nothing, unsuccessfully. Only "false --help" and
 * "false --version" print something (as coreutils); other arguments are ignored. */
#include "util.h"

static const struct prog_help help = {
	"[ignored command line arguments]",
	"Exit with a status code indicating failure.\n",
	1, PH_HELP_ALONE,
};

int main(int argc, char **argv)
{
	prog_init("false", argc, argv, &help);
	return 1;
}
