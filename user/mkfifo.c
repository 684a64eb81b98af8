/* mkfifo: make named pipes (FIFOs). -m MODE sets the mode exactly
 * (octal or symbolic, relative to 0666), otherwise 0666 less the umask. */
#include "util.h"

static const struct prog_help help = {
	"[-m MODE] NAME...",
	"Create named pipes (FIFOs) with the given NAMEs.\n\n"
	"  -m MODE   set the mode (as in chmod), not a=rw less the umask\n",
	1, 0,
};

int main(int argc, char **argv)
{
	const char *mode_arg = NULL;
	mode_t mode = 0666;
	int c, status = 0;
	prog_init("mkfifo", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "m:")) != -1) {
		if (c == 'm')
			mode_arg = optarg;
		else
			bad_option(optopt == 'm' ? 0 : optopt, 1);
	}
	if (optind >= argc) {
		err_msg("missing operand");
		usage_exit(1);
	}
	if (mode_arg && parse_mode(mode_arg, 0666, 0, 0, &mode) < 0) {
		err_msg("invalid mode '%s'", mode_arg);
		return 1;
	}
	for (int i = optind; i < argc; i++) {
		if (mkfifo(argv[i], mode) < 0) {
			err_msg("cannot create fifo '%s': %s", argv[i], strerror(errno));
			status = 1;
		} else if (mode_arg && chmod(argv[i], mode) < 0) {
			status = err_errno(errno, "cannot set permissions of '%s'", argv[i]);
		}
	}
	return status;
}
