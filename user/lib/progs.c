/* progs.c: the shapes several programs in user/ share: no operands (clear,
 * poweroff, cli, srv), only an exit status (true, false), the -m MODE
 * option (mkdir, mkfifo, mknod), the FILE operands read in turn (head,
 * tail) and the UNIX stream socket of the book's client and server. */
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include "util.h"

/* prog_init for a program that takes no operands and no options, whose
 * --help says text: an operand is "extra operand" and the usage (exit 1). */
void prog_init_bare(const char *name, const char *text, int argc, char **argv)
{
	static struct prog_help h = { "", NULL, 1, 0 };
	h.text = text;
	prog_init(name, argc, argv, &h);
	if (argc > 1) {
		err_msg("extra operand '%s'", argv[1]);
		usage_exit(1);
	}
}

static const struct prog_help success_help = {
	"[ignored command line arguments]",
	"Exit with a status code indicating success.\n",
	0, PH_HELP_ALONE,
};

static const struct prog_help failure_help = {
	"[ignored command line arguments]",
	"Exit with a status code indicating failure.\n",
	1, PH_HELP_ALONE,
};

/* The options of a program whose options are all flags: getopt (opterr
 * = 0) over letters, where letter i sets *flags[i] to 1 (a NULL entry is
 * accepted and ignored; no letter takes an argument); another option is
 * bad_option(status). Operands start at optind afterwards. */
void flag_options(int argc, char **argv, const char *letters, int *const flags[], int status)
{
	int c;
	opterr = 0;
	while ((c = getopt(argc, argv, letters)) != -1) {
		const char *at = c != '?' && c != ':' ? strchr(letters, c) : NULL;
		if (!at)
			bad_option(optopt, status);
		if (flags[at - letters])
			*flags[at - letters] = 1;
	}
}

/* The whole of true (status 0) and false (status 1): a lone --help or
 * --version is answered, other arguments are ignored. Returns status. */
int status_main(const char *name, int status, int argc, char **argv)
{
	prog_init(name, argc, argv, status ? &failure_help : &success_help);
	return status;
}

/* getopt over opts, which holds "m:" for -m MODE: returns the next option
 * other than -m (or -1 at the end), storing -m's argument in *mode_arg; a
 * wrong option is bad_option (exit 1). Call with opterr = 0. */
int mode_getopt(int argc, char **argv, const char *opts, const char **mode_arg)
{
	int c;
	while ((c = getopt(argc, argv, opts)) == 'm')
		*mode_arg = optarg;
	if (c == '?')
		bad_option(optopt == 'm' ? 0 : optopt, 1);
	return c;
}

/* The mode that -m MODE (arg) asks for, relative to base (mkdir: 0777 less
 * the umask, isdir; mkfifo, mknod: 0666, no umask); base itself without
 * -m. A malformed MODE is "invalid mode" and exit 1. */
mode_t mode_option(const char *arg, mode_t base, int isdir, mode_t mask)
{
	mode_t mode = base;
	if (arg && parse_mode(arg, base, isdir, mask, &mode) < 0) {
		err_msg("invalid mode '%s'", arg);
		exit(1);
	}
	return mode;
}

/* After path was made with mode: with -m (arg), chmod it to mode exactly,
 * as the umask may have cleared bits. Returns 0, or 1 after a message. */
int set_mode_option(const char *arg, const char *path, mode_t mode)
{
	if (arg && chmod(path, mode) < 0)
		return err_errno(errno, "cannot set permissions of '%s'", path);
	return 0;
}

/* The FILE operands of head and tail, a[0..n-1], or "-" (standard input)
 * when n is 0: each is opened and passed to fn(fd, name, i, count), then
 * closed. One that cannot be opened is a message and status 1. Returns the
 * ORed statuses of fn and the opens. */
int each_input(int n, char **a, int (*fn)(int fd, const char *name, int i, int count))
{
	char *dash[] = { "-", NULL };
	char **files = n > 0 ? a : dash;
	int count = n > 0 ? n : 1, status = 0;
	for (int i = 0; i < count; i++) {
		int fd = strcmp(files[i], "-") ? open(files[i], O_RDONLY) : 0;
		if (fd < 0) {
			err_msg("cannot open '%s' for reading: %s", files[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= fn(fd, files[i], i, count);
		if (fd > 0)
			close(fd);
	}
	return status;
}

/* head's and tail's options -n LINES and -c BYTES, and before the first
 * the old form -LINES (lines_option): returns 'n' or 'c' with the argument
 * in *arg, or -1 at the end; a wrong option is bad_option (exit 1). Call
 * with opterr = 0. */
int count_getopt(int argc, char **argv, char **arg)
{
	if (optind == 1)
		lines_option(argc, argv);
	int c = getopt(argc, argv, "n:c:");
	if (c == '?')
		bad_option(optopt == 'n' || optopt == 'c' ? 0 : optopt, 1);
	*arg = optarg;
	return c;
}

/* The argument arg of option c ('n' or 'c') is no count: a message and
 * exit 1. */
void bad_count(int c, const char *arg)
{
	err_msg("invalid number of %s: '%s'", c == 'c' ? "bytes" : "lines", arg);
	exit(1);
}

/* head's and tail's "==> FILE <==" before the i-th of several files (a
 * blank line before all but the first; "-" is standard input). */
void input_header(const char *name, int i)
{
	char hdr[4200];
	int len = snprintf(hdr, sizeof hdr, "%s==> %s <==\n", i ? "\n" : "",
			   strcmp(name, "-") ? name : "standard input");
	write_all(1, hdr, (size_t)len);
}

/* The book's client and server (cli, srv): a UNIX stream socket
 * connected to path (backlog 0), or else bound to path, after removing a
 * node an earlier server left there, and listening with that backlog.
 * Returns the descriptor, or -1 after a message. */
int unix_stream_at(const char *path, int backlog)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0) {
		err_msg("socket: %s", strerror(errno));
		return -1;
	}
	if (!backlog && connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
		err_path(path);
		return -1;
	}
	if (backlog) {
		unlink(path);
		if (bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
			err_path(path);
			return -1;
		}
		if (listen(fd, backlog) < 0) {
			err_msg("listen: %s", strerror(errno));
			return -1;
		}
	}
	return fd;
}
