/* true: do nothing, successfully. Only "true --help" and
 * "true --version" print something (as coreutils); other arguments are ignored. */
#include "util.h"

int main(int argc, char **argv)
{
	return status_main("true", 0, argc, argv);
}
