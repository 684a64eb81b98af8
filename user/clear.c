/* clear: home the cursor and erase the screen (ANSI/VT100). */
#include "util.h"

static const struct prog_help help = {
	"",
	"Clear the terminal screen (ANSI: cursor home, erase display).\n",
	1, 0,
};

int main(int argc, char **argv)
{
	prog_init("clear", argc, argv, &help);
	no_operands(argc, argv);
	if (write_all(1, "\033[H\033[2J", 7) < 0) {
		err_msg("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}
