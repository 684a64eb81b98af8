/* chmod: change file modes. MODE is octal (755) or symbolic, a comma
 * list of clauses like u+x, go-w, a=r, g=u. -R recurses into directories. */
#include "util.h"
#include <dirent.h>

static int opt_recursive;

static const struct prog_help help = {
	"[-R] MODE FILE...",
	"Change the mode of each FILE to MODE: octal (755) or symbolic, a comma\n"
	"separated list of [ugoa]*([-+=]([rwxXst]*|[ugo]))+ clauses (u+x,go-w).\n\n"
	"  -R   change files and directories recursively\n",
	1, 0,
};

static int change(const char *spec, const char *path)
{
	struct stat st;
	mode_t mode;
	int status = 0;
	if (stat(path, &st) < 0) {
		err_msg("cannot access '%s': %s", path, strerror(errno));
		return 1;
	}
	if (parse_mode(spec, st.st_mode, S_ISDIR(st.st_mode), get_umask(), &mode) < 0) {
		err_msg("invalid mode: '%s'", spec);
		exit(1);
	}
	if (chmod(path, mode) < 0) {
		err_msg("changing permissions of '%s': %s", path, strerror(errno));
		status = 1;
	}
	if (opt_recursive && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		if (!d) {
			err_msg("cannot read directory '%s': %s", path, strerror(errno));
			return 1;
		}
		while ((de = readdir(d))) {
			struct stat ls;
			char *p = path_join(path, de->d_name);
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
			    lstat(p, &ls) == 0 && !S_ISLNK(ls.st_mode))
				status |= change(spec, p);
			free(p);
		}
		closedir(d);
	}
	return status;
}

int main(int argc, char **argv)
{
	int status = 0, i = 1;
	prog_init("chmod", argc, argv, &help);
	/* Not getopt: "-w" is a mode, not an option. */
	for (; i < argc && argv[i][0] == '-' && argv[i][1] && !strchr("rwxXst", argv[i][1]); i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *p = argv[i] + 1; *p; p++)
			if (*p == 'R')
				opt_recursive = 1;
			else
				bad_option(*p, 1);
	}
	if (argc - i < 2) {
		if (argc - i == 1)
			err_msg("missing operand after '%s'", argv[i]);
		else
			err_msg("missing operand");
		usage_exit(1);
	}
	mode_t dummy;
	if (parse_mode(argv[i], 0, 0, 0, &dummy) < 0) {
		err_msg("invalid mode: '%s'", argv[i]);
		usage_exit(1);
	}
	for (int j = i + 1; j < argc; j++)
		status |= change(argv[i], argv[j]);
	return status;
}
