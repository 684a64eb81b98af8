/* false: do nothing, unsuccessfully. Only "false --help" and
 * "false --version" print something (as coreutils); other arguments are ignored. */
#include "util.h"

int main(int argc, char **argv)
{
	return status_main("false", 1, argc, argv);
}
