/* tty: print the name of the terminal on standard input (ttyname), as
 * coreutils' tty does: "/dev/pts/0" in a pty, "/dev/ttyS0" on the
 * console, "not a tty" (status 1) elsewhere. -s prints nothing. Status
 * 2 for a usage error, 3 when the name cannot be written. */
#include "util.h"
#include <getopt.h>

static const struct prog_help help = {
	"[OPTION]...",
	"Print the file name of the terminal connected to standard input.\n\n"
	"  -s, --silent, --quiet   print nothing, only return an exit status\n",
	2, PH_OWN_LONG,
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "silent", no_argument, NULL, 's' }, { "quiet", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	int c, silent = 0;
	prog_init("tty", argc, argv, &help);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "s", longopts, NULL)) != -1) {
		if (c == 's')
			silent = 1;
		else
			bad_option(optopt, 2);
	}
	if (optind < argc) {
		err_msg("extra operand '%s'", argv[optind]);
		usage_exit(2);
	}
	errno = ENOTTY;
	const char *name = ttyname(0);
	if (silent)
		return name ? 0 : 1;
	puts(name ? name : "not a tty");
	if (fflush(stdout) != 0)
		return 3;
	return name ? 0 : 1;
}
