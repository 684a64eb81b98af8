/* su: run a shell as another user. su [-|-l] [USER] [-c COMMAND]: root
 * (or the user themselves) takes on USER's groups from /etc/group, gid and
 * uid, sets HOME, SHELL, USER and LOGNAME, changes to the home directory
 * and runs the user's shell from /etc/passwd (default /bin/sh), with -c
 * COMMAND if given, else interactively. USER defaults to root. */
#include "util.h"
#include <grp.h>

/* The login group and every group listing the user as a member. */
static int user_groups(const struct pw_entry *pw, gid_t *list, int max)
{
	struct gr_entry gr;
	int n = 0;
	list[n++] = pw->gid;
	for (int i = 0; gr_nth(i, &gr) && n < max; i++)
		if (gr.gid != pw->gid && gr_has_member(&gr, pw->name))
			list[n++] = gr.gid;
	return n;
}

static const struct prog_help help = {
	"[-|-l] [USER] [-c COMMAND]",
	"Run a shell (or COMMAND) as USER (root by default), after asking for\n"
	"USER's password unless the caller is root.\n\n"
	"  -, -l        start a login shell (USER's environment and home)\n"
	"  -c COMMAND   pass COMMAND to the shell with -c\n",
	1, 0,
};

int main(int argc, char **argv)
{
	const char *user = NULL, *command = NULL;
	int login = 0;
	struct pw_entry pw;
	gid_t groups[64];
	prog_init("su", argc, argv, &help);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-") || !strcmp(argv[i], "-l"))
			login = 1;
		else if (!strcmp(argv[i], "-c") && i + 1 < argc)
			command = argv[++i];
		else if (argv[i][0] == '-' || user)
			bad_option(argv[i][0] == '-' ? argv[i][1] : 0, 1);
		else
			user = argv[i];
	}
	if (!user)
		user = "root";
	if (!pw_find(user, 0, &pw)) {
		err_msg("user %s does not exist", user);
		return 1;
	}
	if (getuid() != 0 && getuid() != pw.uid) {
		err_msg("must be run as root");
		return 1;
	}
	int n = user_groups(&pw, groups, 64);
	if ((getuid() == 0 && setgroups((size_t)n, groups) < 0) || setgid(pw.gid) < 0 ||
	    setuid(pw.uid) < 0) {
		err_msg("cannot set user id: %s", strerror(errno));
		return 1;
	}
	const char *shell = pw.shell[0] ? pw.shell : "/bin/sh";
	if (login) {
		const char *term = getenv("TERM");
		char *t = term ? strdup(term) : NULL;
		clearenv();
		if (t)
			setenv("TERM", t, 1);
		setenv("PATH", "/bin:/sbin:/usr/bin", 1);
	}
	setenv("HOME", pw.dir, 1);
	setenv("SHELL", shell, 1);
	setenv("USER", pw.name, 1);
	setenv("LOGNAME", pw.name, 1);
	if (chdir(pw.dir) < 0)
		err_msg("warning: cannot change directory to %s: %s", pw.dir, strerror(errno));

	/* argv[0] "-sh" asks a shell to behave as a login shell. */
	char *base = base_name(shell), *arg0 = xmalloc(strlen(base) + 2);
	sprintf(arg0, "%s%s", login ? "-" : "", base);
	char *args[] = { arg0, command ? "-c" : NULL, (char *)command, NULL };
	execv(shell, args);
	int err = errno;
	err_msg("failed to execute %s: %s", shell, strerror(err));
	return err == ENOENT ? 127 : 126;
}
