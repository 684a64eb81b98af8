/* true: do nothing, successfully. Only "true --help" and
 * "true --version" print something (as coreutils); other arguments are ignored. */
#include "util.h"

static const struct prog_help help = {
	"[ignored command line arguments]",
	"Exit with a status code indicating success.\n",
	0, PH_HELP_ALONE,
};

int main(int argc, char **argv)
{
	prog_init("true", argc, argv, &help);
	return 0;
}
