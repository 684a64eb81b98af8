/* clear: home the cursor and erase the screen (ANSI/VT100). */
#include "util.h"

int main(void)
{
	prog = "clear";
	if (write_all(1, "\033[H\033[2J", 7) < 0) {
		err_msg("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}
