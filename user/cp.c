/* cp: copy files. cp [-rp] SOURCE DEST, or cp [-rp] SOURCE... DIRECTORY.
 * -r copies directories recursively (symlinks, FIFOs and device nodes are
 * recreated, not read); -p keeps mode, owner and times. */
#include "util.h"
#include <dirent.h>
#include <fcntl.h>

static int opt_recursive, opt_preserve;

static const struct prog_help help = {
	"[-rp] SOURCE DEST\n   or: cp [-rp] SOURCE... DIRECTORY",
	"Copy SOURCE to DEST, or each SOURCE into DIRECTORY.\n\n"
	"  -a       the same as -rp\n"
	"  -p       preserve mode, ownership and timestamps\n"
	"  -r, -R   copy directories recursively\n",
	1, 0,
};

static int copy_path(const char *src, const char *dst, int top);

/* -p: owner, mode and times of st onto dst. */
static void preserve(const char *dst, const struct stat *st)
{
	struct timespec ts[2] = { st->st_atim, st->st_mtim };
	if (lchown(dst, st->st_uid, st->st_gid) < 0)
		lchown(dst, (uid_t)-1, st->st_gid);
	if (!S_ISLNK(st->st_mode) && chmod(dst, st->st_mode & 07777) < 0)
		err_msg("preserving permissions for '%s': %s", dst, strerror(errno));
	if (utimensat(AT_FDCWD, dst, ts, AT_SYMLINK_NOFOLLOW) < 0)
		err_msg("preserving times for '%s': %s", dst, strerror(errno));
}

static int copy_file(const char *src, const char *dst, const struct stat *st)
{
	int in = open(src, O_RDONLY), out, r;
	if (in < 0) {
		err_msg("cannot open '%s' for reading: %s", src, strerror(errno));
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st->st_mode & 0777);
	if (out < 0) {
		err_msg("cannot create regular file '%s': %s", dst, strerror(errno));
		close(in);
		return 1;
	}
	r = copy_fd(in, out);
	if (r)
		err_msg("error %s '%s': %s", r == 'r' ? "reading" : "writing",
			r == 'r' ? src : dst, strerror(errno));
	close(in);
	if (close(out) < 0 && !r) {
		err_msg("error writing '%s': %s", dst, strerror(errno));
		r = 1;
	}
	return r != 0;
}

static int copy_dir(const char *src, const char *dst, const struct stat *st)
{
	DIR *d;
	struct dirent *de;
	int status = 0;
	if (mkdir(dst, (st->st_mode & 0777) | 0700) < 0 && errno != EEXIST) {
		err_msg("cannot create directory '%s': %s", dst, strerror(errno));
		return 1;
	}
	if (!(d = opendir(src))) {
		err_msg("cannot access '%s': %s", src, strerror(errno));
		return 1;
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *s = path_join(src, de->d_name), *t = path_join(dst, de->d_name);
		status |= copy_path(s, t, 0);
		free(s);
		free(t);
	}
	closedir(d);
	if (!opt_preserve)
		chmod(dst, st->st_mode & 07777);
	return status;
}

/* Copy one path; command-line sources (top) are followed if symlinks. */
static int copy_path(const char *src, const char *dst, int top)
{
	struct stat st, dt;
	int status;
	if ((top || !opt_recursive ? stat(src, &st) : lstat(src, &st)) < 0) {
		err_msg("cannot stat '%s': %s", src, strerror(errno));
		return 1;
	}
	int have_dst = stat(dst, &dt) == 0;
	if (!have_dst && errno != ENOENT && top) {
		err_msg("cannot stat '%s': %s", dst, strerror(errno));
		return 1;
	}
	if (have_dst && dt.st_dev == st.st_dev && dt.st_ino == st.st_ino) {
		err_msg("'%s' and '%s' are the same file", src, dst);
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!opt_recursive) {
			err_msg("-r not specified; omitting directory '%s'", src);
			return 1;
		}
		size_t len = strlen(src);
		if (top && !strncmp(src, dst, len) && dst[len] == '/') {
			err_msg("cannot copy a directory, '%s', into itself, '%s'", src, dst);
			return 1;
		}
		status = copy_dir(src, dst, &st);
	} else if (S_ISREG(st.st_mode) || !opt_recursive) {
		status = copy_file(src, dst, &st);
	} else if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(src, target, sizeof target - 1);
		target[n < 0 ? 0 : n] = 0;
		unlink(dst);
		status = n < 0 || symlink(target, dst) < 0;
		if (status)
			err_msg("cannot create symbolic link '%s': %s", dst, strerror(errno));
	} else {
		unlink(dst);
		status = mknod(dst, st.st_mode, st.st_rdev) < 0;
		if (status)
			err_msg("cannot create special file '%s': %s", dst, strerror(errno));
	}
	if (!status && opt_preserve)
		preserve(dst, &st);
	return status;
}

/* An operand as the user named it (top level of a copy). */
static int copy_top(const char *src, const char *dst)
{
	return copy_path(src, dst, 1);
}

int main(int argc, char **argv)
{
	int c;
	prog_init("cp", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "rRpa")) != -1) {
		if (c == 'r' || c == 'R')
			opt_recursive = 1;
		else if (c == 'p')
			opt_preserve = 1;
		else if (c == 'a')
			opt_recursive = opt_preserve = 1;
		else
			bad_option(optopt, 1);
	}
	return each_into_target(argc - optind, argv + optind, copy_top);
}
