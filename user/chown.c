/* chown: change the owner (and group) of files: chown USER[:GROUP] FILE...
 * or chown :GROUP FILE...; names from /etc/passwd and /etc/group, numbers
 * accepted. -R recurses. */
#include "util.h"
#include <dirent.h>

static int opt_recursive;

static const struct prog_help help = {
	"[-R] OWNER[:GROUP] FILE...\n   or: chown [-R] :GROUP FILE...",
	"Change the owner and/or group of each FILE to OWNER and/or GROUP (names\n"
	"or numbers); \"OWNER:\" means OWNER's login group.\n\n"
	"  -R   operate on files and directories recursively\n",
	1, 0,
};

static int change(const char *path, uid_t uid, gid_t gid);

/* chown -R: the entries of the directory d (open), symlinks themselves. */
static int change_entries(DIR *d, const char *path, uid_t uid, gid_t gid)
{
	struct dirent *de;
	struct stat st;
	int status = 0;
	while ((de = readdir(d))) {
		char *p = path_join(path, de->d_name);
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			status |= lstat(p, &st) == 0 && S_ISLNK(st.st_mode)
				? lchown(p, uid, gid) < 0 : change(p, uid, gid);
		free(p);
	}
	return status;
}

static int change(const char *path, uid_t uid, gid_t gid)
{
	struct stat st;
	DIR *d = NULL;
	int status = 0;
	if (opt_recursive && lstat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    !(d = opendir(path)))   /* as coreutils: read first, then change */
		return err_errno(errno, "cannot read directory '%s'", path);
	if (chown(path, uid, gid) < 0)
		status = err_errno(errno, "%s '%s'", errno == ENOENT ? "cannot access" :
				   "changing ownership of", path);
	if (d) {
		status |= change_entries(d, path, uid, gid);
		closedir(d);
	}
	return status;
}

static int all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

int main(int argc, char **argv)
{
	uid_t uid = (uid_t)-1;
	gid_t gid = (gid_t)-1;
	int status = 0;
	prog_init("chown", argc, argv, &help);
	flag_options(argc, argv, "R", (int *const[]){ &opt_recursive }, 1);
	if (argc - optind < 2) {
		if (argc - optind == 1)
			err_msg("missing operand after '%s'", argv[optind]);
		else
			err_msg("missing operand");
		usage_exit(1);
	}
	char *user = argv[optind], *grp = strpbrk(user, ":.");
	if (grp)
		*grp++ = 0;
	if (*user) {
		struct pw_entry pw;
		if (pw_find(user, 0, &pw)) {
			uid = pw.uid;
			if (grp && !*grp)       /* "user:" means the login group */
				gid = pw.gid;
		} else if (all_digits(user)) {
			uid = (uid_t)strtoul(user, NULL, 10);
		} else {
			err_msg("invalid user: '%s'", user);
			return 1;
		}
	}
	if (grp && *grp) {
		struct gr_entry gr;
		if (gr_find(grp, 0, &gr))
			gid = gr.gid;
		else if (all_digits(grp))
			gid = (gid_t)strtoul(grp, NULL, 10);
		else {
			err_msg("invalid group: '%s'", grp);
			return 1;
		}
	}
	for (int i = optind + 1; i < argc; i++)
		status |= change(argv[i], uid, gid);
	return status;
}
