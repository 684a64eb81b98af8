/* clear: home the cursor and erase the screen (ANSI/VT100). */
#include "util.h"

int main(int argc, char **argv)
{
	prog_init_bare("clear", "Clear the terminal screen (ANSI: cursor home, erase display).\n",
		       argc, argv);
	if (write_all(1, "\033[H\033[2J", 7) < 0) {
		err_msg("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}
