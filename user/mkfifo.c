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
	int status = 0;
	prog_init("mkfifo", argc, argv, &help);
	opterr = 0;
	while (mode_getopt(argc, argv, "m:", &mode_arg) != -1)
		;
	if (optind >= argc) {
		err_msg("missing operand");
		usage_exit(1);
	}
	mode_t mode = mode_option(mode_arg, 0666, 0, 0);
	for (int i = optind; i < argc; i++) {
		if (mkfifo(argv[i], mode) < 0) {
			err_msg("cannot create fifo '%s': %s", argv[i], strerror(errno));
			status = 1;
		} else if (set_mode_option(mode_arg, argv[i], mode)) {
			status = 1;
		}
	}
	return status;
}
