/* grep: print lines that match a pattern. Basic regular expressions by
 * default (musl's regcomp), -E extended, -F fixed strings; -i ignore case,
 * -v invert, -n line numbers, -c count, -l file names, -q quiet, -s no
 * messages about files, -h/-H without/with file names, -e PATTERN.
 * Exit status 0 when a line was selected, 1 when none, 2 on trouble. */
#define _GNU_SOURCE
#include "util.h"
#include <regex.h>

static int opt_ignore, opt_invert, opt_number, opt_count, opt_list, opt_quiet;
static int opt_silent, opt_fixed, opt_names = -1;
static regex_t *res;
static char **pats;
static int npats;

static void add_patterns(char *s)
{
	/* Each line of a pattern argument is a pattern of its own. */
	for (char *nl; ; s = nl + 1) {
		pats = xrealloc(pats, (size_t)(npats + 1) * sizeof *pats);
		pats[npats++] = s;
		if (!(nl = strchr(s, '\n')))
			break;
		*nl = 0;
	}
}

static int matches(const char *line)
{
	for (int i = 0; i < npats; i++) {
		if (opt_fixed ? (opt_ignore ? strcasestr(line, pats[i]) : strstr(line, pats[i])) != NULL
			      : regexec(&res[i], line, 0, NULL, 0) == 0)
			return 1;
	}
	return 0;
}

/* Search one open file; returns the number of selected lines. */
static long search(FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long count = 0, line_no = 0;
	while ((len = getline(&line, &cap, f)) > 0) {
		line_no++;
		if (line[len - 1] == '\n')
			line[--len] = 0;
		if (matches(line) == opt_invert)
			continue;
		count++;
		if (opt_quiet)
			exit(0);
		if (opt_list)
			break;
		if (opt_count)
			continue;
		if (opt_names)
			printf("%s:", name);
		if (opt_number)
			printf("%ld:", line_no);
		fwrite(line, 1, (size_t)len, stdout);
		putchar('\n');
	}
	free(line);
	if (opt_count) {
		if (opt_names)
			printf("%s:", name);
		printf("%ld\n", count);
	}
	if (opt_list && count)
		printf("%s\n", name);
	return count;
}

static const struct prog_help help = {
	"[-EFcHhilnqsv] [-e PATTERN]... PATTERN [FILE]...",
	"Search for PATTERN in each FILE; with no FILE, or when FILE is -, read\n"
	"standard input. Exit status 0 if a line is selected, 1 if none, 2 on error.\n\n"
	"  -E   PATTERN is an extended regular expression\n"
	"  -F   PATTERN is a fixed string\n"
	"  -e PATTERN   use PATTERN for matching (repeatable)\n"
	"  -c   print only a count of selected lines per FILE\n"
	"  -H   print the file name for each match\n"
	"  -h   suppress the file name prefix on output\n"
	"  -i   ignore case distinctions\n"
	"  -l   print only names of FILEs with selected lines\n"
	"  -n   print line number with output lines\n"
	"  -q   suppress all normal output\n"
	"  -s   suppress error messages\n"
	"  -v   select non-matching lines\n",
	2, 0,
};

int main(int argc, char **argv)
{
	int c, cflags = REG_NOSUB, status = 1, trouble = 0;
	prog_init("grep", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "EFGcHhilnqsve:")) != -1) {
		switch (c) {
		case 'E': cflags |= REG_EXTENDED; break;
		case 'F': opt_fixed = 1; break;
		case 'G': cflags &= ~REG_EXTENDED; break;
		case 'c': opt_count = 1; break;
		case 'H': opt_names = 1; break;
		case 'h': opt_names = 0; break;
		case 'i': opt_ignore = 1; cflags |= REG_ICASE; break;
		case 'l': opt_list = 1; break;
		case 'n': opt_number = 1; break;
		case 'q': opt_quiet = 1; break;
		case 's': opt_silent = 1; break;
		case 'v': opt_invert = 1; break;
		case 'e': add_patterns(optarg); break;
		default: bad_option(optopt == 'e' ? 0 : optopt, 2);
		}
	}
	if (!npats) {
		if (optind >= argc) {
			fprintf(stderr, "Usage: grep [OPTION]... PATTERNS [FILE]...\n");
			usage_exit(2);
		}
		add_patterns(argv[optind++]);
	}
	res = xmalloc((size_t)npats * sizeof *res);
	for (int i = 0; i < npats && !opt_fixed; i++) {
		int err = regcomp(&res[i], pats[i], cflags);
		if (err) {
			char msg[256];
			regerror(err, &res[i], msg, sizeof msg);
			err_msg("%s", msg);
			return 2;
		}
	}
	char *dash[] = { "-", NULL };
	char **files = optind < argc ? argv + optind : dash;
	int n = optind < argc ? argc - optind : 1;
	if (opt_names < 0)
		opt_names = n > 1;
	for (int i = 0; i < n; i++) {
		int is_stdin = !strcmp(files[i], "-");
		FILE *f = is_stdin ? stdin : fopen(files[i], "r");
		const char *name = is_stdin ? "(standard input)" : files[i];
		if (!f) {
			if (!opt_silent)
				err_path(files[i]);
			trouble = 1;
			continue;
		}
		if (search(f, name) > 0)
			status = 0;
		if (ferror(f)) {
			if (!opt_silent)
				err_path(name);
			trouble = 1;
		}
		if (!is_stdin)
			fclose(f);
	}
	if (fflush(stdout) != 0)
		trouble = 1;
	return trouble ? 2 : status;
}
