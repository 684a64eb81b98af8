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

int main(int argc, char **argv)
{
	unsigned long long n = 10;
	int c, bytes = 0, status = 0;
	prog_init("head", argc, argv, &help);
	lines_option(argc, argv);
	opterr = 0;
	while ((c = getopt(argc, argv, "n:c:")) != -1) {
		char *end;
		if (c == '?')
			bad_option(optopt == 'n' || optopt == 'c' ? 0 : optopt, 1);
		n = strtoull(optarg, &end, 10);
		if (*end || !*optarg || *optarg == '-') {
			err_msg("invalid number of %s: '%s'", c == 'c' ? "bytes" : "lines", optarg);
			return 1;
		}
		bytes = c == 'c';
	}
	char *dash[] = { "-", NULL };
	char **files = optind < argc ? argv + optind : dash;
	int nfiles = optind < argc ? argc - optind : 1;
	for (int i = 0; i < nfiles; i++) {
		int fd = strcmp(files[i], "-") ? open(files[i], O_RDONLY) : 0;
		if (fd < 0) {
			err_msg("cannot open '%s' for reading: %s", files[i], strerror(errno));
			status = 1;
			continue;
		}
		if (nfiles > 1) {
			char hdr[4200];
			int len = snprintf(hdr, sizeof hdr, "%s==> %s <==\n", i ? "\n" : "",
					   strcmp(files[i], "-") ? files[i] : "standard input");
			write_all(1, hdr, (size_t)len);
		}
		if (head(fd, n, bytes) < 0) {
			err_msg("error reading '%s': %s", files[i], strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
	}
	return status;
}
