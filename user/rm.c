/* rm: remove files. -r removes directories and their contents, -f
 * ignores missing files and never complains about them. */
#include "util.h"
#include <dirent.h>

static int opt_force, opt_recursive;

static const struct prog_help help = {
	"[-fr] FILE...",
	"Remove (unlink) the FILE(s).\n\n"
	"  -f       ignore nonexistent files and arguments, never prompt\n"
	"  -r, -R   remove directories and their contents recursively\n",
	1, 0,
};

static int remove_path(const char *path);

/* Remove everything inside dir, then dir itself. */
static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int status = 0;
	if (!d) {               /* an empty directory can go unread */
		int e = errno;
		if (rmdir(dir) == 0)
			return 0;
		return err_errno(errno == ENOTEMPTY ? e : errno, "cannot remove '%s'", dir);
	}
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char *p = path_join(dir, de->d_name);
		status |= remove_path(p);
		free(p);
	}
	closedir(d);
	if (rmdir(dir) < 0) {
		err_msg("cannot remove '%s': %s", dir, strerror(errno));
		return 1;
	}
	return status;
}

static int remove_path(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0) {
		if (opt_force && errno == ENOENT)
			return 0;
		err_msg("cannot remove '%s': %s", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (opt_recursive)
			return remove_tree(path);
		err_msg("cannot remove '%s': Is a directory", path);
		return 1;
	}
	if (unlink(path) < 0) {
		err_msg("cannot remove '%s': %s", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;
	prog_init("rm", argc, argv, &help);
	flag_options(argc, argv, "frR", (int *const[]){ &opt_force, &opt_recursive, &opt_recursive }, 1);
	if (optind >= argc && !opt_force) {
		err_msg("missing operand");
		usage_exit(1);
	}
	for (int i = optind; i < argc; i++) {
		char *b = base_name(argv[i]);
		if (opt_recursive && (!strcmp(b, ".") || !strcmp(b, ".."))) {
			err_msg("refusing to remove '.' or '..' directory: skipping '%s'", argv[i]);
			status = 1;
		} else {
			status |= remove_path(argv[i]);
		}
		free(b);
	}
	return status;
}
