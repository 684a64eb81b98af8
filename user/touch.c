/* touch: set a file's access and modification times to now, creating it
 * empty when missing (not with -c). -a/-m change only one of the times. */
#include "util.h"
#include <fcntl.h>
#include <sys/stat.h>

static const struct prog_help help = {
	"[-acm] FILE...",
	"Update the access and modification times of each FILE to the current time.\n"
	"A FILE that does not exist is created empty, unless -c is given.\n\n"
	"  -a   change only the access time\n"
	"  -c   do not create any files\n"
	"  -m   change only the modification time\n",
	1, 0,
};

/* Create (unless no_create) and time-stamp one file; 0 or 1 after a
 * message. As coreutils: when the open failed (other than on a directory),
 * its error is the one reported, since that is what the user asked for. */
static int touch(const char *path, int no_create, const struct timespec ts[2])
{
	int open_errno = 0;
	if (!no_create) {
		int fd = open(path, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK, 0666);
		if (fd >= 0)
			close(fd);
		else if (errno != EISDIR)
			open_errno = errno;
	}
	if (utimensat(AT_FDCWD, path, ts, 0) == 0)
		return 0;
	if (open_errno)
		return err_errno(open_errno, "cannot touch '%s'", path);
	if (no_create && errno == ENOENT)
		return 0;
	return err_errno(errno, "setting times of '%s'", path);
}

int main(int argc, char **argv)
{
	int no_create = 0, only_a = 0, only_m = 0, status = 0;
	prog_init("touch", argc, argv, &help);
	flag_options(argc, argv, "acm", (int *const[]){ &only_a, &no_create, &only_m }, 1);
	if (optind >= argc) {
		err_msg("missing file operand");
		usage_exit(1);
	}
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	if (only_m && !only_a)
		ts[0].tv_nsec = UTIME_OMIT;
	if (only_a && !only_m)
		ts[1].tv_nsec = UTIME_OMIT;
	for (int i = optind; i < argc; i++)
		status |= touch(argv[i], no_create, ts);
	return status;
}
