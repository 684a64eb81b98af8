/* yes: print "y", or the arguments joined by spaces, forever (until the
 * reader goes away). Lines are batched into one big write. */
#include "util.h"

static const struct prog_help help = {
	"[STRING]...",
	"Repeatedly output a line with all specified STRING(s), or 'y'.\n",
	1, 0,
};

int main(int argc, char **argv)
{
	size_t len = 0, used = 0, cap;
	char *line, *buf;
	prog_init("yes", argc, argv, &help);
	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	if (argc < 2)
		len = 2;
	line = xmalloc(len + 1);
	line[0] = 0;
	for (int i = 1; i < argc; i++)
		strcat(strcat(line, argv[i]), i + 1 < argc ? " " : "\n");
	if (argc < 2)
		strcpy(line, "y\n");
	cap = len > 4096 ? len : 8192 / len * len;
	buf = xmalloc(cap);
	while (used + len <= cap) {
		memcpy(buf + used, line, len);
		used += len;
	}
	for (;;)
		if (write_all(1, buf, used) < 0) {
			err_msg("standard output: %s", strerror(errno));
			return 1;
		}
}
