/* head: print the first N lines (default 10) of files or standard input.
 * head -n N, head -N, or -c N for bytes; a "==> name <==" header before
 * each of several files. */
#include "util.h"
#include <fcntl.h>

static int head(int fd, unsigned long long n, int bytes)
{
	static char buf[16384];
	ssize_t r;
	while (n > 0 && (r = read_retry(fd, buf, sizeof buf)) > 0) {
		size_t take = 0;
		if (bytes) {
			take = (unsigned long long)r < n ? (size_t)r : (size_t)n;
			n -= take;
		} else {
			while (take < (size_t)r && n > 0)
				if (buf[take++] == '\n')
					n--;
		}
		if (write_all(1, buf, take) < 0) {
			err_msg("error writing 'standard output': %s", strerror(errno));
			exit(1);
		}
	}
	return r < 0 ? -1 : 0;
}

static const struct prog_help help = {
	"[-n LINES | -c BYTES | -LINES] [FILE]...",
	"Print the first 10 lines of each FILE to standard output, with a header\n"
	"\"==> FILE <==\" before each of several; with no FILE, or when FILE is -,\n"
	"read standard input.\n\n"
	"  -c BYTES   print the first BYTES bytes\n"
	"  -n LINES   print the first LINES lines (-LINES is the same)\n",
	1, 0,
};

static unsigned long long count = 10;   /* -n LINES or -c BYTES */
static int opt_bytes;

/* One FILE (the i-th of nfiles) on fd: its header and its first lines. */
static int head_file(int fd, const char *name, int i, int nfiles)
{
	if (nfiles > 1)
		input_header(name, i);
	if (head(fd, count, opt_bytes) < 0) {
		err_msg("error reading '%s': %s", name, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char *arg, *end;
	int c;
	prog_init("head", argc, argv, &help);
	opterr = 0;
	while ((c = count_getopt(argc, argv, &arg)) != -1) {
		count = strtoull(arg, &end, 10);
		if (*end || !*arg || *arg == '-')
			bad_count(c, arg);
		opt_bytes = c == 'c';
	}
	return each_input(argc - optind, argv + optind, head_file);
}
