/* mkfifo: make named pipes (FIFOs). -m MODE sets the mode exactly
 * (octal or symbolic, relative to 0666), otherwise 0666 less the umask. */
#include "util.h"

int main(int argc, char **argv)
{
	static const char usage[] = "[-m MODE] NAME...";
	const char *mode_arg = NULL;
	mode_t mode = 0666;
	int c, status = 0;
	prog = "mkfifo";
	opterr = 0;
	while ((c = getopt(argc, argv, "m:")) != -1) {
		if (c == 'm')
			mode_arg = optarg;
		else
			bad_option(optopt == 'm' ? 0 : optopt, usage, 1);
	}
	if (optind >= argc) {
		err_msg("missing operand");
		usage_exit(usage, 1);
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
			err_path(argv[i]);
			status = 1;
		}
	}
	return status;
}
