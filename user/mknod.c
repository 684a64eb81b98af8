/* mknod: make a FIFO (type p) or a character (c, u) or block (b) special
 * file: mknod [-m MODE] NAME TYPE [MAJOR MINOR]. The book's "mknod
 * pathname p" makes a named pipe. */
#include "util.h"
#include <sys/sysmacros.h>

static unsigned number(const char *s)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);
	if (!*s || *end || v > 0xfffff) {
		err_msg("invalid device number '%s'", s);
		exit(1);
	}
	return (unsigned)v;
}

int main(int argc, char **argv)
{
	static const char usage[] = "[-m MODE] NAME TYPE [MAJOR MINOR]\n"
		"TYPE is p (FIFO), c or u (character device) or b (block device)";
	const char *mode_arg = NULL;
	mode_t mode = 0666, type;
	dev_t dev = 0;
	int c;
	prog = "mknod";
	opterr = 0;
	while ((c = getopt(argc, argv, "m:")) != -1) {
		if (c == 'm')
			mode_arg = optarg;
		else
			bad_option(optopt == 'm' ? 0 : optopt, usage, 1);
	}
	int n = argc - optind;
	char **a = argv + optind;
	if (n < 2)
		usage_exit(usage, 1);
	if (!strcmp(a[1], "p"))
		type = S_IFIFO;
	else if (!strcmp(a[1], "c") || !strcmp(a[1], "u"))
		type = S_IFCHR;
	else if (!strcmp(a[1], "b"))
		type = S_IFBLK;
	else {
		err_msg("invalid device type '%s'", a[1]);
		usage_exit(usage, 1);
	}
	if (type == S_IFIFO ? n != 2 : n != 4) {
		err_msg(type == S_IFIFO ? "fifos do not have major and minor device numbers"
			: "special files require major and minor device numbers");
		usage_exit(usage, 1);
	}
	if (type != S_IFIFO)
		dev = makedev(number(a[2]), number(a[3]));
	if (mode_arg && parse_mode(mode_arg, 0666, 0, 0, &mode) < 0) {
		err_msg("invalid mode '%s'", mode_arg);
		return 1;
	}
	if (mknod(a[0], type | mode, dev) < 0) {
		err_path(a[0]);
		return 1;
	}
	if (mode_arg && chmod(a[0], mode) < 0) {
		err_path(a[0]);
		return 1;
	}
	return 0;
}
