/* echo: print the arguments separated by spaces. -n omits the newline,
 * -e interprets backslash escapes (\n \t \\ \c \0NNN \xHH ...), -E not. */
#include "util.h"

/* Is arg a bundle of echo options ("-n", "-ne", "-E")? */
static int is_option(const char *arg)
{
	if (arg[0] != '-' || !arg[1])
		return 0;
	for (const char *p = arg + 1; *p; p++)
		if (!strchr("neE", *p))
			return 0;
	return 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Print s with escapes; returns 1 after \c (stop all output). */
static int put_escaped(const char *s)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
	for (; *s; s++) {
		if (*s != '\\' || !s[1]) {
			putchar(*s);
			continue;
		}
		s++;
		const char *e = strchr(from, *s);
		if (e) {
			putchar(to[e - from]);
		} else if (*s == 'c') {
			return 1;
		} else if (*s == '0') {
			int v = 0;
			for (int i = 0; i < 3 && s[1] >= '0' && s[1] <= '7'; i++)
				v = v * 8 + (*++s - '0');
			putchar(v);
		} else if (*s == 'x' && hexval(s[1]) >= 0) {
			int v = hexval(*++s);
			if (hexval(s[1]) >= 0)
				v = v * 16 + hexval(*++s);
			putchar(v);
		} else {
			putchar('\\');
			putchar(*s);
		}
	}
	return 0;
}

static const struct prog_help help = {
	"[-neE] [STRING]...",
	"Echo the STRING(s) to standard output, separated by spaces.\n"
	"\"echo --help\" and \"echo --version\" alone are options; -- is a STRING.\n\n"
	"  -n   do not output the trailing newline\n"
	"  -e   interpret backslash escapes (\\\\ \\a \\b \\c \\e \\f \\n \\r \\t \\v \\0NNN \\xHH)\n"
	"  -E   do not interpret backslash escapes (the default)\n",
	1, PH_HELP_ALONE,
};

int main(int argc, char **argv)
{
	int newline = 1, escapes = 0, i = 1;
	prog_init("echo", argc, argv, &help);
	for (; argv[i] && is_option(argv[i]); i++)
		for (const char *p = argv[i] + 1; *p; p++)
			if (*p == 'n')
				newline = 0;
			else
				escapes = *p == 'e';
	for (int first = i; argv[i]; i++) {
		if (i > first)
			putchar(' ');
		if (escapes ? put_escaped(argv[i]) : (fputs(argv[i], stdout), 0)) {
			newline = 0;
			break;
		}
	}
	if (newline)
		putchar('\n');
	if (fflush(stdout) != 0) {
		err_msg("write error: %s", strerror(errno));
		return 1;
	}
	return 0;
}
