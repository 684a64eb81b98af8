/* mv: move (rename) files. mv SOURCE DEST, or mv SOURCE... DIRECTORY.
 * Across file systems a regular file or symlink is copied, then removed. */
#include "util.h"
#include <fcntl.h>

static const struct prog_help help = {
	"SOURCE DEST\n   or: mv SOURCE... DIRECTORY",
	"Rename SOURCE to DEST, or move each SOURCE into DIRECTORY.\n\n"
	"  -f   do not prompt before overwriting (the default)\n",
	1, 0,
};

/* rename() failed with EXDEV: copy a regular file or symlink over. */
static int move_across(const char *src, const char *dst)
{
	struct stat st;
	if (lstat(src, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
		errno = EXDEV;
		return -1;
	}
	unlink(dst);
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(src, target, sizeof target - 1);
		if (n < 0)
			return -1;
		target[n] = 0;
		if (symlink(target, dst) < 0)
			return -1;
	} else {
		int in = open(src, O_RDONLY), out, r;
		if (in < 0)
			return -1;
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 07777);
		if (out < 0) {
			close(in);
			return -1;
		}
		r = copy_fd(in, out);
		close(in);
		if (close(out) < 0 || r) {
			unlink(dst);
			return -1;
		}
		struct timespec ts[2] = { st.st_atim, st.st_mtim };
		utimensat(AT_FDCWD, dst, ts, 0);
		chown(dst, st.st_uid, st.st_gid);
	}
	return unlink(src);
}

static int move(const char *src, const char *dst)
{
	struct stat a, b;
	if (lstat(src, &a) < 0)
		return err_errno(errno, "cannot stat '%s'", src);
	int have_dst = lstat(dst, &b) == 0;
	if (!have_dst && errno != ENOENT)
		return err_errno(errno, "cannot stat '%s'", dst);
	if (have_dst && a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
		err_msg("'%s' and '%s' are the same file", src, dst);
		return 1;
	}
	if (have_dst && S_ISDIR(a.st_mode) != S_ISDIR(b.st_mode)) {
		err_msg(S_ISDIR(a.st_mode) ? "cannot overwrite non-directory '%s' with directory '%s'"
			: "cannot overwrite directory '%s' with non-directory '%s'", dst, src);
		return 1;
	}
	if (rename(src, dst) == 0 || (errno == EXDEV && move_across(src, dst) == 0))
		return 0;
	if (errno == EINVAL && S_ISDIR(a.st_mode))
		err_msg("cannot move '%s' to a subdirectory of itself, '%s'", src, dst);
	else
		err_msg("cannot move '%s' to '%s': %s", src, dst, strerror(errno));
	return 1;
}

int main(int argc, char **argv)
{
	int c;
	prog_init("mv", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "f")) != -1)
		if (c != 'f')
			bad_option(optopt, 1);
	return each_into_target(argc - optind, argv + optind, move);
}
