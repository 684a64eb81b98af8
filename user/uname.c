/* uname: print system information. -s kernel name (the default), -n node
 * name, -r release, -v version, -m machine, -a all of them in that order. */
#include "util.h"
#include <sys/utsname.h>

static const struct prog_help help = {
	"[-asnrvm]",
	"Print certain system information; with no option, the same as -s.\n\n"
	"  -a   print all information, in this order:\n"
	"  -s   the kernel name\n"
	"  -n   the network node hostname\n"
	"  -r   the kernel release\n"
	"  -v   the kernel version\n"
	"  -m   the machine hardware name\n",
	1, 0,
};

int main(int argc, char **argv)
{
	struct utsname u;
	int c, mask = 0;
	prog_init("uname", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "asnrvm")) != -1) {
		const char *p = strchr("snrvm", c);
		if (c == 'a')
			mask = 31;
		else if (p && c != '?')
			mask |= 1 << (p - "snrvm");
		else
			bad_option(optopt, 1);
	}
	if (optind < argc) {
		err_msg("extra operand '%s'", argv[optind]);
		usage_exit(1);
	}
	if (uname(&u) < 0) {
		err_msg("cannot get system name: %s", strerror(errno));
		return 1;
	}
	const char *field[] = { u.sysname, u.nodename, u.release, u.version, u.machine };
	if (!mask)
		mask = 1;
	for (int i = 0, first = 1; i < 5; i++)
		if (mask & (1 << i)) {
			printf("%s%s", first ? "" : " ", field[i]);
			first = 0;
		}
	putchar('\n');
	return fflush(stdout) != 0;
}
