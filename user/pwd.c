/* pwd: print the current working directory (getcwd). -L and -P are
 * accepted; both print the physical directory. */
#include "util.h"
#include <limits.h>

static const struct prog_help help = {
	"[-LP]",
	"Print the full filename of the current working directory.\n\n"
	"  -L   (the same as -P here)\n"
	"  -P   print the physical directory, without symbolic links\n",
	1, 0,
};

int main(int argc, char **argv)
{
	char buf[PATH_MAX];
	int c;
	prog_init("pwd", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "LP")) != -1)
		if (c == '?')
			bad_option(optopt, 1);
	if (optind < argc)
		err_msg("ignoring non-option arguments");
	if (!getcwd(buf, sizeof buf)) {
		err_msg("%s", strerror(errno));
		return 1;
	}
	puts(buf);
	return fflush(stdout) != 0;
}
