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

static const struct prog_help help = {
	"[-m MODE] NAME TYPE [MAJOR MINOR]",
	"Create the special file NAME of the given TYPE: b (block), c or u\n"
	"(character; MAJOR and MINOR are required) or p (a FIFO; no numbers).\n\n"
	"  -m MODE   set the mode (as in chmod), not a=rw less the umask\n",
	1, 0,
};

/* The operand count for the TYPE in a[1], as coreutils checks it (before
 * the TYPE itself): NAME TYPE for p, NAME TYPE MAJOR MINOR for the rest. */
static void check_operands(int n, char **a)
{
	int fifo = n >= 2 && !strcmp(a[1], "p");
	if (n < 2 || (!fifo && n < 4)) {
		if (n)
			err_msg("missing operand after '%s'", a[n - 1]);
		else
			err_msg("missing operand");
		if (n == 2)
			fprintf(stderr, "Special files require major and minor device numbers.\n");
		usage_exit(1);
	}
	if (n > (fifo ? 2 : 4)) {
		err_msg("extra operand '%s'", a[fifo ? 2 : 4]);
		if (fifo)
			fprintf(stderr, "Fifos do not have major and minor device numbers.\n");
		usage_exit(1);
	}
}

int main(int argc, char **argv)
{
	const char *mode_arg = NULL;
	mode_t mode, type;
	dev_t dev = 0;
	prog_init("mknod", argc, argv, &help);
	opterr = 0;
	while (mode_getopt(argc, argv, "m:", &mode_arg) != -1)
		;
	int n = argc - optind;
	char **a = argv + optind;
	check_operands(n, a);
	type = !strcmp(a[1], "p") ? S_IFIFO : !strcmp(a[1], "b") ? S_IFBLK :
	       !strcmp(a[1], "c") || !strcmp(a[1], "u") ? S_IFCHR : 0;
	if (!type) {
		err_msg("invalid device type '%s'", a[1]);
		usage_exit(1);
	}
	if (type != S_IFIFO)
		dev = makedev(number(a[2]), number(a[3]));
	mode = mode_option(mode_arg, 0666, 0, 0);
	if (mknod(a[0], type | mode, dev) < 0)
		return err_errno(errno, "%s", a[0]);
	return set_mode_option(mode_arg, a[0], mode);
}
