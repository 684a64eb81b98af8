/* tee: copy standard input to standard output and to files. -a appends
 * to the files instead of truncating them. */
#include "util.h"
#include <fcntl.h>

static const struct prog_help help = {
	"[-ai] [FILE]...",
	"Copy standard input to each FILE, and also to standard output.\n\n"
	"  -a   append to the given FILEs, do not overwrite\n"
	"  -i   ignore interrupt signals\n",
	1, 0,
};

int main(int argc, char **argv)
{
	static char buf[16384];
	int append = 0, status = 0;
	prog_init("tee", argc, argv, &help);
	flag_options(argc, argv, "ai", (int *const[]){ &append, NULL }, 1);
	int n = argc - optind + 1;
	int *fds = xmalloc((size_t)n * sizeof *fds);
	char **names = argv + optind - 1;
	fds[0] = 1;
	for (int i = 1; i < n; i++) {
		fds[i] = open(names[i], O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC), 0666);
		if (fds[i] < 0) {
			err_path(names[i]);
			status = 1;
		}
	}
	ssize_t r;
	while ((r = read_retry(0, buf, sizeof buf)) > 0) {
		for (int i = 0; i < n; i++) {
			if (fds[i] >= 0 && write_all(fds[i], buf, (size_t)r) < 0) {
				err_path(i ? names[i] : "standard output");
				fds[i] = -1;
				status = 1;
			}
		}
	}
	if (r < 0) {
		err_path("read error");
		status = 1;
	}
	for (int i = 1; i < n; i++)
		if (fds[i] >= 0 && close(fds[i]) < 0) {
			err_path(names[i]);
			status = 1;
		}
	return status;
}
