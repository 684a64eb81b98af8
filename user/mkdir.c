/* mkdir: make directories. -p makes missing parents and accepts existing
 * directories; -m MODE sets the new directory's mode exactly. */
#include "util.h"

static int opt_parents;

static const struct prog_help help = {
	"[-p] [-m MODE] DIRECTORY...",
	"Create the DIRECTORY(ies), if they do not already exist.\n\n"
	"  -m MODE   set the mode (as in chmod), not a=rwx less the umask\n"
	"  -p        no error if existing, make parent directories as needed\n",
	1, 0,
};

/* Make each missing ancestor of path, as coreutils does with mode
 * 0777 less the umask, plus u+wx so the next one can be made inside. */
static int make_parents(char *path)
{
	mode_t mask = get_umask();
	for (char *p = path + 1; *p; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = 0;
		struct stat st;
		int bad = mkdir(path, (0777 & ~mask) | 0300) < 0 && errno != EEXIST;
		if (!bad && stat(path, &st) == 0 && !S_ISDIR(st.st_mode)) {
			errno = ENOTDIR;
			bad = 1;
		}
		if (bad) {
			err_msg("cannot create directory '%s': %s", path, strerror(errno));
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *mode_arg = NULL;
	int status = 0;
	prog_init("mkdir", argc, argv, &help);
	opterr = 0;
	while (mode_getopt(argc, argv, "pm:", &mode_arg) == 'p')
		opt_parents = 1;
	if (optind >= argc) {
		err_msg("missing operand");
		usage_exit(1);
	}
	mode_t mode = mode_option(mode_arg, 0777, 1, get_umask());
	for (int i = optind; i < argc; i++) {
		struct stat st;
		if (opt_parents && make_parents(argv[i]) < 0) {
			status = 1;
			continue;
		}
		if (mkdir(argv[i], mode) < 0) {
			if (opt_parents && errno == EEXIST && stat(argv[i], &st) == 0 &&
			    S_ISDIR(st.st_mode))
				continue;
			err_msg("cannot create directory '%s': %s", argv[i], strerror(errno));
			status = 1;
		} else if (set_mode_option(mode_arg, argv[i], mode)) {
			status = 1;
		}
	}
	return status;
}
