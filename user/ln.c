/* ln: make links. ln [-sf] TARGET [LINK], or ln [-sf] TARGET... DIR.
 * -s makes symbolic links, -f removes an existing destination first. */
#include "util.h"

static int opt_symbolic, opt_force;

static const struct prog_help help = {
	"[-sf] TARGET [LINK_NAME]\n   or: ln [-sf] TARGET... DIRECTORY",
	"Create a link to TARGET with the name LINK_NAME, or links to each TARGET\n"
	"in DIRECTORY; hard links unless -s is given.\n\n"
	"  -f   remove existing destination files\n"
	"  -s   make symbolic links instead of hard links\n",
	1, 0,
};

static int link_once(const char *target, const char *name)
{
	return opt_symbolic ? symlink(target, name) : link(target, name);
}

/* One link; 0, or 1 after a message. With -f an existing name is removed
 * only when the link fails for that reason (EEXIST), and a failure to
 * remove it is reported as the link's, as coreutils does. */
static int make_link(const char *target, const char *name)
{
	int r = link_once(target, name);
	if (r < 0 && errno == EEXIST && opt_force)
		r = unlink(name) < 0 ? -1 : link_once(target, name);
	if (r < 0) {
		struct stat st;
		if (!opt_symbolic && errno == ENOENT && lstat(target, &st) < 0)
			err_msg("failed to access '%s': %s", target, strerror(errno));
		else if (opt_symbolic || errno == EEXIST)
			err_msg("failed to create %slink '%s': %s", opt_symbolic ? "symbolic " : "hard ",
				name, strerror(errno));
		else
			err_msg("failed to create hard link '%s' => '%s': %s", name, target, strerror(errno));
		return 1;
	}
	return 0;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
	int status = 0;
	prog_init("ln", argc, argv, &help);
	flag_options(argc, argv, "sf", (int *const[]){ &opt_symbolic, &opt_force }, 1);
	int n = argc - optind;
	char **a = argv + optind;
	if (n < 1) {
		err_msg("missing file operand");
		usage_exit(1);
	}
	if (n == 1 || is_dir(a[n - 1])) {
		const char *dir = n == 1 ? "." : a[n - 1];
		for (int i = 0; i < (n == 1 ? 1 : n - 1); i++) {
			char *b = base_name(a[i]), *p = path_join(dir, b);
			status |= make_link(a[i], n == 1 ? b : p);
			free(b);
			free(p);
		}
		return status;
	}
	if (n > 2) {
		err_msg("target '%s' is not a directory", a[n - 1]);
		return 1;
	}
	return make_link(a[0], a[1]);
}
