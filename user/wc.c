/* wc: count lines, words and bytes of files (or standard input), with a
 * total line for several files. -l, -w, -c select counts; the columns are
 * as wide as coreutils makes them. */
#include "util.h"
#include <ctype.h>
#include <fcntl.h>

struct counts { unsigned long long lines, words, bytes; };

static int show_l, show_w, show_c, width;

static int count(int fd, struct counts *c)
{
	static unsigned char buf[16384];
	int in_word = 0;
	ssize_t r;
	while ((r = read_retry(fd, buf, sizeof buf)) > 0) {
		c->bytes += (unsigned long long)r;
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] == '\n')
				c->lines++;
			if (isspace(buf[i]))
				in_word = 0;
			else if (!in_word) {
				in_word = 1;
				c->words++;
			}
		}
	}
	return r < 0 ? -1 : 0;
}

static void report(const struct counts *c, const char *name)
{
	const char *sep = "";
	if (show_l)
		printf("%s%*llu", sep, width, c->lines), sep = " ";
	if (show_w)
		printf("%s%*llu", sep, width, c->words), sep = " ";
	if (show_c)
		printf("%s%*llu", sep, width, c->bytes);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

/* Like coreutils: wide enough for the sum of the regular files' sizes,
 * at least 7 when an input is not a regular file, 1 for a single count. */
static int column_width(char **files, int n)
{
	unsigned long long total = 0;
	int w = 1, min = 1;
	struct stat st;
	if (show_l + show_w + show_c == 1 && n == 1)
		return 1;
	for (int i = 0; i < n; i++) {
		int ok = strcmp(files[i], "-") ? stat(files[i], &st) == 0 : fstat(0, &st) == 0;
		if (ok && S_ISREG(st.st_mode))
			total += (unsigned long long)st.st_size;
		else if (ok)
			min = 7;
	}
	for (; total >= 10; total /= 10)
		w++;
	return w < min ? min : w;
}

static const struct prog_help help = {
	"[-lwc] [FILE]...",
	"Print newline, word and byte counts for each FILE, and a total line if\n"
	"more than one FILE is given; with no FILE, or when FILE is -, read\n"
	"standard input.\n\n"
	"  -c   print the byte counts\n"
	"  -l   print the newline counts\n"
	"  -w   print the word counts\n",
	1, 0,
};

int main(int argc, char **argv)
{
	int status = 0;
	struct counts sum = { 0, 0, 0 };
	prog_init("wc", argc, argv, &help);
	flag_options(argc, argv, "lwc", (int *const[]){ &show_l, &show_w, &show_c }, 1);
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	char *dash[] = { "-", NULL };
	char **files = optind < argc ? argv + optind : dash;
	int n = optind < argc ? argc - optind : 1;
	width = column_width(files, n);
	for (int i = 0; i < n; i++) {
		struct counts one = { 0, 0, 0 };
		int fd = strcmp(files[i], "-") ? open(files[i], O_RDONLY) : 0;
		if (fd < 0 || count(fd, &one) < 0) {
			err_path(files[i]);
			status = 1;
			if (fd > 0)
				close(fd);
			continue;
		}
		if (fd > 0)
			close(fd);
		report(&one, optind < argc ? files[i] : NULL);
		sum.lines += one.lines;
		sum.words += one.words;
		sum.bytes += one.bytes;
	}
	if (n > 1)
		report(&sum, "total");
	return fflush(stdout) != 0 || status;
}
