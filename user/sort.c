/* sort: sort the lines of files (or standard input) and print them.
 * Byte order as in the C locale; -n compares leading numbers, -r reverses,
 * -u prints one line of each run of equal ones. Everything is read into
 * memory first. */
#include "util.h"
#include <ctype.h>
#include <fcntl.h>

struct line { char *s; size_t len, index; };

static int opt_numeric, opt_reverse, opt_unique;

/* A leading number, as digits: sign, integer part without leading zeros,
 * fraction without trailing zeros. Compared as strings, so any length works. */
struct number { int neg; const char *ip, *fp; size_t il, fl; };

static struct number parse_number(const char *s, const char *end)
{
	struct number n = { 0, NULL, NULL, 0, 0 };
	while (s < end && isblank((unsigned char)*s))
		s++;
	if (s < end && *s == '-')
		n.neg = 1, s++;
	while (s < end && *s == '0')
		s++;
	for (n.ip = s; s < end && isdigit((unsigned char)*s); s++)
		n.il++;
	if (s < end && *s == '.') {
		for (n.fp = ++s; s < end && isdigit((unsigned char)*s); s++)
			n.fl++;
		while (n.fl > 0 && n.fp[n.fl - 1] == '0')
			n.fl--;
	}
	if (!n.il && !n.fl)
		n.neg = 0;              /* -0 is 0 */
	return n;
}

static int cmp_number(const struct line *a, const struct line *b)
{
	struct number x = parse_number(a->s, a->s + a->len), y = parse_number(b->s, b->s + b->len);
	int r;
	if (x.neg != y.neg)
		return x.neg ? -1 : 1;
	if (x.il != y.il)
		r = x.il < y.il ? -1 : 1;
	else if (!(r = memcmp(x.ip, y.ip, x.il))) {
		size_t m = x.fl < y.fl ? x.fl : y.fl;
		if (!(r = m ? memcmp(x.fp, y.fp, m) : 0))
			r = (x.fl > y.fl) - (x.fl < y.fl);
	}
	return x.neg ? -r : r;
}

static int cmp_bytes(const struct line *a, const struct line *b)
{
	size_t m = a->len < b->len ? a->len : b->len;
	int r = memcmp(a->s, b->s, m);
	return r ? r : (a->len > b->len) - (a->len < b->len);
}

/* The key comparison alone: what -u calls equal. */
static int cmp_key(const struct line *a, const struct line *b)
{
	return opt_numeric ? cmp_number(a, b) : cmp_bytes(a, b);
}

static int cmp_lines(const void *pa, const void *pb)
{
	const struct line *a = pa, *b = pb;
	int r = cmp_key(a, b);
	if (!r && opt_numeric && !opt_unique)
		r = cmp_bytes(a, b);    /* the last resort, as coreutils */
	if (opt_reverse)
		r = -r;
	/* Equal keys keep their input order: -u prints the first one. */
	return r ? r : (a->index > b->index) - (a->index < b->index);
}

static struct line *lines;
static size_t nlines, cap;

static int read_lines(FILE *f)
{
	char *buf = NULL;
	size_t bcap = 0;
	ssize_t len;
	while ((len = getline(&buf, &bcap, f)) > 0) {
		if (buf[len - 1] == '\n')
			len--;
		if (nlines == cap)
			lines = xrealloc(lines, (cap = cap ? 2 * cap : 1024) * sizeof *lines);
		lines[nlines].s = xmalloc((size_t)len + 1);
		memcpy(lines[nlines].s, buf, (size_t)len);
		lines[nlines].index = nlines;
		lines[nlines++].len = (size_t)len;
	}
	free(buf);
	return ferror(f) ? -1 : 0;
}

static const struct prog_help help = {
	"[-nru] [FILE]...",
	"Write the sorted lines of all FILE(s) to standard output; with no FILE, or\n"
	"when FILE is -, read standard input.\n\n"
	"  -n   compare by leading numbers\n"
	"  -r   reverse the result\n"
	"  -u   print only the first of equal lines\n",
	2, 0,
};

int main(int argc, char **argv)
{
	prog_init("sort", argc, argv, &help);
	flag_options(argc, argv, "nru", (int *const[]){ &opt_numeric, &opt_reverse, &opt_unique }, 2);
	char *dash[] = { "-", NULL };
	for (char **files = optind < argc ? argv + optind : dash; *files; files++) {
		FILE *f = strcmp(*files, "-") ? fopen(*files, "r") : stdin;
		if (!f)
			return err_errno(errno, "cannot read: %s", *files) + 1;
		if (read_lines(f) < 0)
			return err_errno(errno, "read failed: %s", *files) + 1;
		if (f != stdin)
			fclose(f);
	}
	qsort(lines, nlines, sizeof *lines, cmp_lines);
	for (size_t i = 0; i < nlines; i++) {
		if (opt_unique && i > 0 && cmp_key(&lines[i - 1], &lines[i]) == 0)
			continue;
		fwrite(lines[i].s, 1, lines[i].len, stdout);
		putchar('\n');
	}
	if (fflush(stdout) != 0) {
		err_msg("write failed: 'standard output': %s", strerror(errno));
		return 2;
	}
	return 0;
}
