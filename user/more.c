/* more: page through files or standard input one screenful at a time.
 * Keys come from /dev/tty in raw mode (so "ls -l | more" works): space for
 * the next page, return for one more line, d for half a page, /pattern to
 * search forward (plain substring), n to search again, q to quit. When
 * stdout is not a terminal it copies its input like cat. */
#include "util.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <termios.h>

static int tty = -1;                    /* where keys are read from */
static struct termios saved;
static int raw_on;
static int rows = 24, cols = 80;
static char pattern[256];

static void raw_mode(int on)
{
	if (on && !raw_on) {
		struct termios t = saved;
		t.c_lflag &= ~(ICANON | ECHO);
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
		tcsetattr(tty, TCSANOW, &t);
	} else if (!on && raw_on) {
		tcsetattr(tty, TCSANOW, &saved);
	}
	raw_on = on;
}

/* ^C, ^\ and kill: put the terminal back, then die of the signal. */
static void on_fatal(int sig)
{
	raw_mode(0);
	write_all(1, "\r\033[K", 4);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ^Z: cooked mode while stopped, raw again after fg (SIGCONT). */
static void on_stop(int sig)
{
	raw_mode(0);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_cont(int sig)
{
	(void)sig;
	signal(SIGTSTP, on_stop);
	raw_mode(1);
}

static void setup_tty(void)
{
	struct winsize ws;
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 1) {
		rows = ws.ws_row;
		if (ws.ws_col > 0)
			cols = ws.ws_col;
	}
	tty = open("/dev/tty", O_RDONLY);
	if (tty < 0 && isatty(0))
		tty = 0;
	if (tty < 0 || tcgetattr(tty, &saved) < 0)
		return;
	signal(SIGINT, on_fatal);
	signal(SIGQUIT, on_fatal);
	signal(SIGTERM, on_fatal);
	signal(SIGHUP, on_fatal);
	signal(SIGTSTP, on_stop);
	signal(SIGCONT, on_cont);
	raw_mode(1);
}

static int get_key(void)
{
	unsigned char c;
	fflush(stdout);
	if (read_retry(tty, &c, 1) != 1)
		return 'q';
	return c;
}

/* Show the prompt, return the key pressed; the prompt is erased again. */
static int prompt(const char *next_file, long long pos, long long size)
{
	printf("\033[7m--More--");
	if (next_file)
		printf("(Next file: %s)", next_file);
	else if (size > 0)
		printf("(%d%%)", (int)(pos * 100 / size));
	printf("\033[m");
	int k = get_key();
	printf("\r\033[K");
	return k;
}

/* Read the search pattern after '/', echoing it ourselves (raw mode). */
static int read_pattern(void)
{
	char buf[sizeof pattern];
	size_t n = 0;
	printf("/");
	for (;;) {
		int c = get_key();
		if (c == '\r' || c == '\n')
			break;
		if ((c == 0x7f || c == '\b') && n > 0) {
			n--;
			printf("\b \b");
		} else if (c == 0x1b || ((c == 0x7f || c == '\b') && n == 0)) {
			printf("\r\033[K");
			return 0;
		} else if (c >= ' ' && n < sizeof buf - 1) {
			buf[n++] = (char)c;
			putchar(c);
		}
	}
	printf("\r\033[K");
	if (n > 0) {
		memcpy(pattern, buf, n);
		pattern[n] = 0;
	}
	return pattern[0] != 0;
}

/* Screen rows a line takes: tabs to multiples of 8, long lines wrap. */
static int screen_rows(const char *s, size_t len)
{
	int col = 0, r = 1;
	for (size_t i = 0; i < len && s[i] != '\n'; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c & 0xc0) == 0x80)
			continue;               /* UTF-8 continuation byte */
		int w = c == '\t' ? 8 - col % 8 : 1;
		if (col + w > cols) {
			r++;
			col = 0;
		}
		col += w;
	}
	return r;
}

struct input {
	FILE *f;
	char *line;
	size_t cap;
	ssize_t len;
	long long pos, size;
};

static int next_line(struct input *in)
{
	in->len = getline(&in->line, &in->cap, in->f);
	if (in->len <= 0)
		return 0;
	in->pos += in->len;
	return 1;
}

static void put_line(struct input *in)
{
	fwrite(in->line, 1, (size_t)in->len, stdout);
	if (in->line[in->len - 1] != '\n')
		putchar('\n');
}

/* Page one input. Returns 1 when the user asked to quit. */
static int page(struct input *in)
{
	int page_rows = rows - 1, left = page_rows;
	int have = next_line(in);
	while (have) {
		while (left <= 0) {
			int k = prompt(NULL, in->pos - in->len, in->size);
			if (k == 'q' || k == 'Q')
				return 1;
			if (k == ' ' || k == 'f')
				left = page_rows;
			else if (k == '\r' || k == '\n' || k == 'j')
				left = 1;
			else if (k == 'd')
				left = page_rows / 2;
			else if ((k == '/' && read_pattern()) || (k == 'n' && pattern[0])) {
				while (have && !strstr(in->line, pattern))
					have = next_line(in);
				if (!have) {
					printf("Pattern not found\n");
					return 0;
				}
				printf("...skipping\n");
				left = page_rows - 1;
			}
		}
		put_line(in);
		left -= screen_rows(in->line, (size_t)in->len);
		have = next_line(in);
	}
	return 0;
}

static FILE *open_input(const char *name, long long *size)
{
	struct stat st = { 0 };
	FILE *f = strcmp(name, "-") ? fopen(name, "r") : stdin;
	if (!f) {
		err_path(name);
		return NULL;
	}
	*size = (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) ? st.st_size : 0;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		err_path(name);
		fclose(f);
		return NULL;
	}
	return f;
}

static const struct prog_help help = {
	"[FILE]...",
	"Show the FILEs (or standard input) a screenful at a time on a terminal.\n"
	"Keys: space the next page, return the next line, q quit.\n",
	1, 0,
};

int main(int argc, char **argv)
{
	int status = 0, paging, quit = 0;
	prog_init("more", argc, argv, &help);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		if (strcmp(argv[1], "--"))
			bad_option(argv[1][1], 1);
		argv++, argc--;
	}
	char *dash[] = { "-", NULL };
	char **files = argc > 1 ? argv + 1 : dash;
	int n = argc > 1 ? argc - 1 : 1;
	paging = isatty(1);
	if (paging)
		setup_tty();
	if (tty < 0)
		paging = 0;
	for (int i = 0; i < n && !quit; i++) {
		struct input in = { 0 };
		in.f = open_input(files[i], &in.size);
		if (!in.f) {
			status = 1;
			continue;
		}
		if (n > 1)
			printf("::::::::::::::\n%s\n::::::::::::::\n", files[i]);
		if (paging) {
			quit = page(&in);
			if (!quit && i + 1 < n) {
				int k = prompt(files[i + 1], 0, 0);
				quit = k == 'q' || k == 'Q';
			}
		} else {
			fflush(stdout);
			int r = copy_fd(fileno(in.f), 1);
			if (r) {
				err_path(r == 'r' ? files[i] : "write error");
				status = 1;
			}
		}
		free(in.line);
		if (in.f != stdin)
			fclose(in.f);
	}
	fflush(stdout);
	if (paging)
		raw_mode(0);
	return status;
}
