/* env: print the environment, or run a command in a changed one:
 * env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]. */
#include "util.h"

extern char **environ;

static const struct prog_help help = {
	"[-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]",
	"Set each NAME to VALUE in the environment and run COMMAND; without\n"
	"COMMAND, print the resulting environment.\n\n"
	"  -i, -    start with an empty environment\n"
	"  -u NAME   remove variable NAME from the environment\n",
	125, PH_OPTS_FIRST,
};

int main(int argc, char **argv)
{
	int c, i;
	prog_init("env", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "+iu:")) != -1) {
		if (c == 'i')
			clearenv();
		else if (c == 'u')
			unsetenv(optarg);
		else
			bad_option(optopt == 'u' ? 0 : optopt, 125);
	}
	/* A lone "-" also means -i (the historical spelling). */
	if (optind < argc && !strcmp(argv[optind], "-")) {
		clearenv();
		optind++;
	}
	for (i = optind; i < argc && strchr(argv[i], '='); i++)
		if (putenv(argv[i]) < 0) {
			err_msg("cannot set '%s': %s", argv[i], strerror(errno));
			return 125;
		}
	if (i == argc) {
		for (char **e = environ; e && *e; e++)
			puts(*e);
		return fflush(stdout) != 0;
	}
	execvp(argv[i], argv + i);
	int err = errno;
	err_msg("'%s': %s", argv[i], strerror(err));
	return err == ENOENT ? 127 : 126;
}
