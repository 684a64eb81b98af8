/* pwd: print the current working directory (getcwd). -L and -P are
 * accepted; both print the physical directory. */
#include "util.h"
#include <limits.h>

int main(int argc, char **argv)
{
	char buf[PATH_MAX];
	int c;
	prog = "pwd";
	opterr = 0;
	while ((c = getopt(argc, argv, "LP")) != -1)
		if (c == '?')
			bad_option(optopt, "[-LP]", 1);
	if (!getcwd(buf, sizeof buf)) {
		err_msg("%s", strerror(errno));
		return 1;
	}
	puts(buf);
	return fflush(stdout) != 0;
}
