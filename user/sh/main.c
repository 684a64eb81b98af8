/*
 * sh: Pipit's shell. A small POSIX-style shell: pipelines, redirections,
 * quoting, variables, if/while/for/case, functions, job control and a
 * line editor on terminals. This file holds the global state and main(),
 * which reads commands (from -c, a file, stdin or the editor), parses one
 * complete command at a time and runs it; sh.h lists the other parts.
 */
#include "sh.h"

/* ---- global shell state ---- */

int last_status;          /* $? */
int interactive;          /* reading commands from a terminal */
int jobctl;               /* job control on: pgroups and the terminal */
int ttyfd = -1;           /* the controlling terminal (CLOEXEC, >= 10) */
pid_t shell_pgid;
struct termios shell_tmodes;
pid_t last_bg_pid;        /* $! */
char *arg0 = "sh";        /* $0 */
char **posargs;           /* $1 ... */
int nposargs;
int opt_errexit, opt_xtrace, opt_noglob;
int in_subshell;          /* a forked child running shell code */
int breaking, continuing; /* pending break/continue levels */
int returning;            /* return from a function pending */
int loop_depth, func_depth;
int interrupted;          /* a foreground job died of SIGINT */
int expand_error;         /* ${x?} or bad substitution in the last expansion */

/* ---- reading and running commands ---- */

/*
 * Parse and run complete commands from the start of *pending. When the text
 * ends in the middle of a command and more input may come (more != 0), the
 * unfinished rest stays in *pending and 1 is returned; otherwise 0.
 */
static int run_pending(struct buf *pending, int more)
{
	struct lexer lx;
	lexer_init(&lx, pending->s, pending->n);
	for (;;) {
		struct arena *saved = arena_push();
		size_t start = lx.pos;
		struct node *n = parse_line(&lx);
		if (lx.incomplete && more) {
			arena_pop(saved);
			memmove(pending->s, pending->s + start, pending->n - start);
			pending->n -= start;
			pending->s[pending->n] = 0;
			return 1;
		}
		if (lx.error || lx.incomplete) {
			arena_pop(saved);
			errmsg("syntax error: %s", lx.incomplete ? "unexpected end of file" : lx.errbuf);
			last_status = 2;
			if (!interactive)
				sh_exit(2);
			break;
		}
		if (!n) {
			arena_pop(saved);
			break;
		}
		interrupted = 0;
		run(n);
		arena_pop(saved);
		if (opt_errexit && last_status && !interactive)
			sh_exit(last_status);
	}
	pending->n = 0;
	if (pending->s)
		pending->s[0] = 0;
	return 0;
}

/* Run every command in a string (sh -c, eval, ., $(...)); returns $?. */
int run_string(const char *s, const char *what)
{
	(void)what;
	struct buf b = {0};
	buf_adds(&b, s);
	run_pending(&b, 0);
	free(b.s);
	return last_status;
}

/*
 * Read one line (without its newline) from fd. Unbuffered input reads one
 * byte at a time so that commands run from the same input (stdin of a
 * script) see exactly the bytes after the current line. Returns -1 at end
 * of file with nothing read.
 */
int read_plain_line(int fd, int buffered, struct buf *line)
{
	static char rbuf[4096];
	static int rpos, rlen;
	line->n = 0;
	buf_reserve(line, 1);
	line->s[0] = 0;
	int got = 0;
	for (;;) {
		char c;
		if (buffered) {
			if (rpos == rlen) {
				ssize_t r = read(fd, rbuf, sizeof rbuf);
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0)
					return got ? 0 : -1;
				rpos = 0;
				rlen = r;
			}
			c = rbuf[rpos++];
		} else {
			ssize_t r = read(fd, &c, 1);
			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				return got ? 0 : -1;
		}
		got = 1;
		if (c == '\n')
			return 0;
		buf_addc(line, c);
	}
}

/*
 * A line typed at the terminal: history expansion (the expanded line is
 * shown), then into the history. Returns -1 when an event was not found:
 * the line is dropped.
 */
static int typed_line(struct buf *line)
{
	struct buf ex = {0};
	int r = hist_expand(line->s, &ex);
	if (r > 0) {
		fdprintf(2, "%s\n", ex.s);
		struct buf t = *line;
		*line = ex;
		ex = t;
	}
	free(ex.s);
	if (r >= 0)
		hist_add(line->s);
	return r < 0 ? -1 : 0;
}

/* The main loop over a file descriptor: a script, stdin, or the terminal. */
static void run_fd(int fd, int buffered)
{
	struct buf pending = {0}, line = {0};
	for (;;) {
		int r;
		if (interactive) {
			traps_run();
			jobs_notify();
			r = edit_line(&line, pending.n ? "> " : NULL);
			if (r == -2) {          /* ^C: drop the unfinished command */
				pending.n = 0;
				last_status = 130;
				continue;
			}
			if (r == 0 && typed_line(&line) < 0)
				continue;
		} else {
			r = read_plain_line(fd, buffered, &line);
		}
		if (r < 0) {
			if (pending.n) {
				run_pending(&pending, 0);
			}
			break;
		}
		buf_addn(&pending, line.s, line.n);
		buf_addc(&pending, '\n');
		run_pending(&pending, 1);
	}
	free(pending.s);
	free(line.s);
}

static void usage(void)
{
	errmsg("usage: sh [-eix] [-c command [name [arg...]] | file [arg...]]");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd = NULL;
	int force_i = 0, i = 1;
	shell_pid = getpid();
	vars_import();
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			switch (*o) {
			case 'c': cmd = ""; break;
			case 'i': force_i = 1; break;
			case 'e': opt_errexit = 1; break;
			case 'x': opt_xtrace = 1; break;
			case 's': break;
			default: usage();
			}
		}
	}
	traps_init();
	if (cmd) {
		if (i >= argc)
			usage();
		cmd = argv[i++];
		if (i < argc)
			arg0 = argv[i++];
		set_posargs(argv + i, argc - i);
		sh_exit(run_string(cmd, "-c"));
	}
	if (i < argc) {                 /* sh FILE args */
		int fd = open(argv[i], O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			errmsg("%s: %s", argv[i], strerror(errno));
			exit(errno == ENOENT ? 127 : 126);
		}
		int hi = fcntl(fd, F_DUPFD_CLOEXEC, 10);
		if (hi >= 0) {
			close(fd);
			fd = hi;
		}
		arg0 = argv[i];
		set_posargs(argv + i + 1, argc - i - 1);
		run_fd(fd, 1);
		sh_exit(last_status);
	}
	if (argc > 0)
		arg0 = argv[0];
	interactive = force_i || isatty(0);
	if (interactive) {
		traps_init();
		term_init();
	}
	run_fd(0, 0);
	sh_exit(last_status);
}
