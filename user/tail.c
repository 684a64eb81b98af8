/* tail: print the last N lines (default 10) of files or standard input.
 * tail -n N, tail -N, tail -n +N (from line N on), -c N for bytes. The
 * input is read into memory whole, so any line length works. */
#include "util.h"
#include <fcntl.h>

static char *slurp(int fd, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap);
	ssize_t r;
	while ((r = read_retry(fd, buf + n, cap - n)) > 0) {
		n += (size_t)r;
		if (n == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	*len = n;
	if (r < 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Offset where the output starts: N lines/bytes from the end, or (from)
 * at line/byte N counting from 1. */
static size_t start_of(const char *buf, size_t len, unsigned long long n, int bytes, int from)
{
	if (bytes) {
		if (from)
			return n > 0 && n - 1 < len ? (size_t)(n - 1) : (n == 0 ? 0 : len);
		return n < len ? len - (size_t)n : 0;
	}
	if (from) {
		size_t i = 0;
		for (unsigned long long line = 1; line < n && i < len; i++)
			if (buf[i] == '\n')
				line++;
		return i;
	}
	size_t i = len;
	if (n == 0)
		return len;
	if (i > 0 && buf[i - 1] == '\n')
		i--;                    /* the last line's newline ends it */
	for (; i > 0; i--)
		if (buf[i - 1] == '\n' && n-- <= 1)
			break;
	return i;
}

static const struct prog_help help = {
	"[-n [+]LINES | -c [+]BYTES | -LINES] [FILE]...",
	"Print the last 10 lines of each FILE to standard output; with no FILE, or\n"
	"when FILE is -, read standard input.\n\n"
	"  -c [+]BYTES   print the last BYTES bytes (+BYTES: from byte BYTES on)\n"
	"  -n [+]LINES   print the last LINES lines (+LINES: from line LINES on)\n",
	1, 0,
};

static unsigned long long count = 10;   /* -n LINES or -c BYTES */
static int opt_bytes, opt_from;         /* opt_from: +N, from line/byte N on */

/* One FILE (the i-th of nfiles) on fd: read whole, then its header and
 * its last lines. */
static int tail_file(int fd, const char *name, int i, int nfiles)
{
	size_t len;
	char *buf = slurp(fd, &len);
	if (!buf) {
		err_msg("error reading '%s': %s", name, strerror(errno));
		return 1;
	}
	if (nfiles > 1)
		input_header(name, i);
	size_t s = start_of(buf, len, count, opt_bytes, opt_from);
	if (write_all(1, buf + s, len - s) < 0) {
		err_msg("error writing 'standard output': %s", strerror(errno));
		exit(1);
	}
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	char *optval, *arg, *end;
	int c;
	prog_init("tail", argc, argv, &help);
	opterr = 0;
	while ((c = count_getopt(argc, argv, &optval)) != -1) {
		arg = optval;
		opt_from = *arg == '+';
		arg += *arg == '+' || *arg == '-';
		count = strtoull(arg, &end, 10);
		if (*end || !*arg)
			bad_count(c, optval);
		opt_bytes = c == 'c';
	}
	return each_input(argc - optind, argv + optind, tail_file);
}
