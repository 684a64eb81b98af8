/* id: print user and group ids with their names, as coreutils does:
 * "uid=0(root) gid=0(root) groups=0(root)". -u, -g, -G print only the
 * user id, group id or all group ids; -n prints names instead. */
#include "util.h"
#include <grp.h>

static int opt_name;

static void print_gid(gid_t gid, int named)
{
	char buf[64];
	if (opt_name)
		fputs(group_name(gid, buf), stdout);
	else if (named) {
		struct gr_entry gr;
		printf("%u", (unsigned)gid);
		if (gr_find(NULL, gid, &gr))
			printf("(%s)", gr.name);
	} else
		printf("%u", (unsigned)gid);
}

static const struct prog_help help = {
	"[-u|-g|-G [-n]] [USER]",
	"Print user and group information for USER, or (when USER is omitted)\n"
	"for the current process.\n\n"
	"  -g   print only the effective group ID\n"
	"  -G   print all group IDs\n"
	"  -n   print a name instead of a number, for -ugG\n"
	"  -u   print only the effective user ID\n",
	1, 0,
};

int main(int argc, char **argv)
{
	int c, only = 0, ngroups;
	gid_t groups[256];
	struct pw_entry pw;
	char buf[64];
	uid_t uid = geteuid();
	gid_t gid = getegid();
	prog_init("id", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "ugGn")) != -1) {
		if (c == 'n')
			opt_name = 1;
		else if (c == 'u' || c == 'g' || c == 'G')
			only = c;
		else
			bad_option(optopt, 1);
	}
	if (opt_name && !only) {
		err_msg("cannot print only names or real IDs in default format");
		return 1;
	}
	if (optind + 1 < argc) {
		err_msg("extra operand '%s'", argv[optind + 1]);
		usage_exit(1);
	}
	if (optind < argc) {                    /* someone else: from /etc */
		if (!pw_find(argv[optind], 0, &pw)) {
			err_msg("'%s': no such user", argv[optind]);
			return 1;
		}
		uid = pw.uid;
		gid = pw.gid;
		struct gr_entry gr;
		groups[0] = gid;
		ngroups = 1;
		for (int i = 0; gr_nth(i, &gr) && ngroups < 256; i++)
			if (gr.gid != gid && gr_has_member(&gr, pw.name))
				groups[ngroups++] = gr.gid;
	} else {
		groups[0] = gid;
		ngroups = getgroups(255, groups + 1);
		if (ngroups < 0)
			ngroups = 0;
		/* The primary group first, then the others without repeating it. */
		int k = 1;
		for (int i = 1; i <= ngroups; i++)
			if (groups[i] != gid)
				groups[k++] = groups[i];
		ngroups = k;
	}
	if (only == 'u') {
		if (opt_name)
			fputs(user_name(uid, buf), stdout);
		else
			printf("%u", (unsigned)uid);
	} else if (only == 'g') {
		print_gid(gid, 0);
	} else if (only == 'G') {
		for (int i = 0; i < ngroups; i++) {
			if (i)
				putchar(' ');
			print_gid(groups[i], 0);
		}
	} else {
		printf("uid=%u", (unsigned)uid);
		if (pw_find(NULL, uid, &pw))
			printf("(%s)", pw.name);
		printf(" gid=");
		print_gid(gid, 1);
		printf(" groups=");
		for (int i = 0; i < ngroups; i++) {
			if (i)
				putchar(',');
			print_gid(groups[i], 1);
		}
	}
	putchar('\n');
	return fflush(stdout) != 0;
}
