/* touch: set a file's access and modification times to now, creating it
 * empty when missing (not with -c). -a/-m change only one of the times. */
#include "util.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	static const char usage[] = "[-acm] FILE...";
	int c, no_create = 0, only_a = 0, only_m = 0, status = 0;
	prog = "touch";
	opterr = 0;
	while ((c = getopt(argc, argv, "acm")) != -1) {
		if (c == 'c')
			no_create = 1;
		else if (c == 'a')
			only_a = 1;
		else if (c == 'm')
			only_m = 1;
		else
			bad_option(optopt, usage, 1);
	}
	if (optind >= argc) {
		err_msg("missing file operand");
		usage_exit(usage, 1);
	}
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	if (only_m && !only_a)
		ts[0].tv_nsec = UTIME_OMIT;
	if (only_a && !only_m)
		ts[1].tv_nsec = UTIME_OMIT;
	for (int i = optind; i < argc; i++) {
		if (!no_create) {
			int fd = open(argv[i], O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0666);
			if (fd >= 0)
				close(fd);
		}
		if (utimensat(AT_FDCWD, argv[i], ts, 0) < 0) {
			if (no_create && errno == ENOENT)
				continue;
			err_msg("cannot touch '%s': %s", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
