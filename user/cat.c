/* cat: copy files (or standard input, also named "-") to standard output.
 * -n numbers the output lines as coreutils does ("%6d\t"). */
#include "util.h"
#include <fcntl.h>

static int number;

static const struct prog_help help = {
	"[-nu] [FILE]...",
	"Concatenate FILE(s) to standard output; with no FILE, or when FILE is -,\n"
	"read standard input.\n\n"
	"  -n   number all output lines\n"
	"  -u   (ignored)\n",
	1, 0,
};
static unsigned long line_no;
static int at_line_start = 1;

/* Copy with line numbers; the buffer is scanned for newlines, so lines
 * of any length pass through. */
static int copy_numbered(int in)
{
	static char buf[16384];
	char num[32];
	for (;;) {
		ssize_t r = read_retry(in, buf, sizeof buf);
		if (r <= 0)
			return r < 0 ? 'r' : 0;
		char *p = buf, *end = buf + r;
		while (p < end) {
			if (at_line_start) {
				int len = snprintf(num, sizeof num, "%6lu\t", ++line_no);
				if (write_all(1, num, (size_t)len) < 0)
					return 'w';
			}
			char *nl = memchr(p, '\n', (size_t)(end - p));
			char *stop = nl ? nl + 1 : end;
			if (write_all(1, p, (size_t)(stop - p)) < 0)
				return 'w';
			at_line_start = nl != NULL;
			p = stop;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;
	prog_init("cat", argc, argv, &help);
	flag_options(argc, argv, "nu", (int *const[]){ &number, NULL }, 1);
	char *dash[] = { "-", NULL };
	char **files = optind < argc ? argv + optind : dash;
	for (; *files; files++) {
		int fd = strcmp(*files, "-") ? open(*files, O_RDONLY) : 0;
		if (fd < 0) {
			err_path(*files);
			status = 1;
			continue;
		}
		int r = number ? copy_numbered(fd) : copy_fd(fd, 1);
		if (r == 'r') {
			err_path(*files);
			status = 1;
		} else if (r == 'w') {
			err_msg("write error: %s", strerror(errno));
			return 1;
		}
		if (fd != 0)
			close(fd);
	}
	return status;
}
