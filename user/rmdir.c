/* rmdir: remove empty directories. -p also removes each parent named in
 * the path ("rmdir -p a/b/c" removes a/b/c, a/b and a). */
#include "util.h"

/* rmdir(path); -1 after a message, which names a parent (-p) as a
 * "directory", as coreutils does. */
static int remove_dir(const char *path, int parent)
{
	if (rmdir(path) == 0)
		return 0;
	err_errno(errno, "failed to remove %s'%s'", parent ? "directory " : "", path);
	return -1;
}

static const struct prog_help help = {
	"[-p] DIRECTORY...",
	"Remove the DIRECTORY(ies), if they are empty.\n\n"
	"  -p   remove DIRECTORY and its ancestors: 'rmdir -p a/b' is 'rmdir a/b a'\n",
	1, 0,
};

int main(int argc, char **argv)
{
	int parents = 0, status = 0;
	prog_init("rmdir", argc, argv, &help);
	flag_options(argc, argv, "p", (int *const[]){ &parents }, 1);
	if (optind >= argc) {
		err_msg("missing operand");
		usage_exit(1);
	}
	for (int i = optind; i < argc; i++) {
		char *p = argv[i];
		if (remove_dir(p, 0) < 0) {
			status = 1;
			continue;
		}
		while (parents) {
			size_t n = strlen(p);
			while (n > 1 && p[n - 1] == '/')
				n--;
			while (n > 0 && p[n - 1] != '/')
				n--;
			while (n > 1 && p[n - 1] == '/')
				n--;
			if (n == 0 || (n == 1 && p[0] == '/'))
				break;
			p[n] = 0;
			if (remove_dir(p, 1) < 0) {
				status = 1;
				break;
			}
		}
	}
	return status;
}
