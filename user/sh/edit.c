/*
 * edit.c: the interactive line editor. While a line is typed the
 * terminal is in raw mode (no ICANON, ECHO or ISIG) and the editor echoes
 * and redraws by itself with plain escapes only (\r, \b, ESC[K, ESC[nC,
 * ESC[nD, ESC[H, ESC[J), which the VGA console and any serial terminal
 * understand. Input is read one byte at a time, so typed-ahead text after
 * the newline stays in the terminal for the command that runs next.
 */
#include "sh.h"

#define HIST_MAX 100
static char *history[HIST_MAX];
static int nhist;

struct editor {
	struct buf line;
	size_t pos;             /* cursor, as an offset into line */
	const char *prompt;
	struct buf out;         /* pending output, written once per key */
	int fd;                 /* where the echo goes */
	int last_tab;
};

static void ed_puts(struct editor *e, const char *s)
{
	buf_adds(&e->out, s);
}

static void ed_flush(struct editor *e)
{
	for (size_t off = 0; off < e->out.n;) {
		ssize_t w = write(e->fd, e->out.s + off, e->out.n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += w;
	}
	e->out.n = 0;
}

static void ed_left(struct editor *e, size_t n)
{
	char esc[24];
	if (n == 1) {
		ed_puts(e, "\b");
	} else if (n > 1) {
		snprintf(esc, sizeof esc, "\033[%zuD", n);
		ed_puts(e, esc);
	}
}

static const char *ed_text(struct editor *e)
{
	return e->line.s ? e->line.s : "";
}

/* Redraw from the cursor column: the text from pos, clear, cursor back. */
static void ed_redraw_tail(struct editor *e)
{
	buf_addn(&e->out, ed_text(e) + e->pos, e->line.n - e->pos);
	ed_puts(e, "\033[K");
	ed_left(e, e->line.n - e->pos);
}

/* Redraw the whole line: prompt, text, cursor. */
static void ed_refresh(struct editor *e)
{
	ed_puts(e, "\r");
	ed_puts(e, e->prompt);
	buf_addn(&e->out, ed_text(e), e->line.n);
	ed_puts(e, "\033[K");
	ed_left(e, e->line.n - e->pos);
}

static void ed_set(struct editor *e, const char *s)
{
	e->line.n = 0;
	buf_adds(&e->line, s);
	e->pos = e->line.n;
	ed_refresh(e);
}

static void ed_insert(struct editor *e, const char *s, size_t n)
{
	buf_reserve(&e->line, n);
	memmove(e->line.s + e->pos + n, e->line.s + e->pos, e->line.n - e->pos + 1);
	memcpy(e->line.s + e->pos, s, n);
	e->line.n += n;
	buf_addn(&e->out, s, n);
	e->pos += n;
	if (e->pos < e->line.n)
		ed_redraw_tail(e);
}

/* Delete n characters before the cursor. */
static void ed_erase(struct editor *e, size_t n)
{
	if (n > e->pos)
		n = e->pos;
	if (!n)
		return;
	memmove(e->line.s + e->pos - n, e->line.s + e->pos, e->line.n - e->pos + 1);
	e->line.n -= n;
	e->pos -= n;
	ed_left(e, n);
	ed_redraw_tail(e);
}

static void hist_add(const char *s)
{
	if (!s[strspn(s, " \t")])
		return;
	if (nhist && !strcmp(history[nhist - 1], s))
		return;
	if (nhist == HIST_MAX) {
		free(history[0]);
		memmove(history, history + 1, (HIST_MAX - 1) * sizeof *history);
		nhist--;
	}
	history[nhist++] = xstrdup(s);
}

/* ---- TAB completion ---- */

static int term_width(void)
{
	struct winsize ws;
	if (ioctl(ttyfd >= 0 ? ttyfd : 0, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col;
	return 80;
}

/* Names in dir starting with prefix; directories get a trailing '/'. */
static void cands_from_dir(struct strv *c, const char *dir, const char *prefix, int exec_only)
{
	DIR *d = opendir(*dir ? dir : ".");
	if (!d)
		return;
	struct dirent *de;
	size_t pl = strlen(prefix);
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		if (strncmp(nm, prefix, pl) || !strcmp(nm, ".") || !strcmp(nm, ".."))
			continue;
		if (nm[0] == '.' && prefix[0] != '.')
			continue;
		char full[PATH_MAX];
		struct stat st;
		snprintf(full, sizeof full, "%s%s%s", *dir ? dir : ".", "/", nm);
		int isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
		if (exec_only && (isdir || access(full, X_OK)))
			continue;
		char *s = xmalloc(strlen(nm) + 2);
		sprintf(s, "%s%s", nm, isdir ? "/" : "");
		strv_add(c, s);
	}
	closedir(d);
}

static void ed_list(struct editor *e, struct strv *c)
{
	size_t w = 0;
	for (int i = 0; i < c->n; i++)
		if (strlen(c->v[i]) > w)
			w = strlen(c->v[i]);
	w += 2;
	int cols = term_width() / w;
	if (cols < 1)
		cols = 1;
	int rows = (c->n + cols - 1) / cols;
	ed_puts(e, "\n");
	for (int r = 0; r < rows; r++) {
		for (int k = 0; k < cols; k++) {
			int i = k * rows + r;
			if (i >= c->n)
				break;
			ed_puts(e, c->v[i]);
			if (k < cols - 1 && (k + 1) * rows + r < c->n)
				for (size_t pad = strlen(c->v[i]); pad < w; pad++)
					ed_puts(e, " ");
		}
		ed_puts(e, "\n");
	}
	ed_refresh(e);
}

/* Insert completion text, backslash-quoting characters special to the shell. */
static void ed_insert_quoted(struct editor *e, const char *s)
{
	for (; *s; s++) {
		if (strchr(" \t'\"\\$&;|<>()*?[]`#!{}", *s))
			ed_insert(e, "\\", 1);
		ed_insert(e, s, 1);
	}
}

static void ed_complete(struct editor *e)
{
	const char *t = ed_text(e);
	size_t ws = e->pos;
	while (ws > 0 && !strchr(" \t;|&<>()", t[ws - 1]))
		ws--;
	char *word = strndup(t + ws, e->pos - ws);
	size_t k = ws;
	while (k > 0 && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	int cmdpos = (k == 0 || strchr(";|&(", t[k - 1])) && !strchr(word, '/');
	struct strv c = {0};
	const char *base = word;
	if (cmdpos) {
		for (const struct builtin *b = builtins; b->name; b++)
			if (!strncmp(b->name, word, strlen(word)))
				strv_add(&c, xstrdup(b->name));
		const char *path = getvar("PATH");
		for (const char *p = path ? path : ""; *p;) {
			const char *colon = strchrnul(p, ':');
			char dir[PATH_MAX];
			snprintf(dir, sizeof dir, "%.*s", (int)(colon - p), p);
			cands_from_dir(&c, dir, word, 1);
			p = *colon ? colon + 1 : colon;
		}
	} else {
		char *slash = strrchr(word, '/');
		char dir[PATH_MAX];
		base = slash ? slash + 1 : word;
		if (slash && word[0] == '~' && (word[1] == '/') && getvar("HOME"))
			snprintf(dir, sizeof dir, "%s%.*s", getvar("HOME"), (int)(slash - word - 1), word + 1);
		else
			snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - word) + (slash == word) : 0, word);
		cands_from_dir(&c, dir, base, 0);
	}
	if (c.n > 1) {
		qsort(c.v, c.n, sizeof *c.v, cmp_str);
		int u = 1;
		for (int i = 1; i < c.n; i++) {
			if (strcmp(c.v[i], c.v[u - 1]))
				c.v[u++] = c.v[i];
			else
				free(c.v[i]);
		}
		c.n = u;
		c.v[u] = NULL;
	}
	size_t bl = strlen(base);
	if (c.n == 0) {
		/* nothing to complete: stay silent (a bell may print on a console) */
	} else if (c.n == 1) {
		ed_insert_quoted(e, c.v[0] + bl);
		if (c.v[0][strlen(c.v[0]) - 1] != '/')
			ed_insert(e, " ", 1);
	} else {
		size_t lcp = strlen(c.v[0]);
		for (int i = 1; i < c.n; i++) {
			size_t j = 0;
			while (j < lcp && c.v[i][j] == c.v[0][j])
				j++;
			lcp = j;
		}
		if (lcp > bl) {
			char *ins = strndup(c.v[0] + bl, lcp - bl);
			ed_insert_quoted(e, ins);
			free(ins);
		} else if (e->last_tab) {
			ed_list(e, &c);
		}
	}
	strv_free(&c);
	free(word);
}

/* ---- reading a line ---- */

static int ed_getc(void)
{
	unsigned char c;
	for (;;) {
		ssize_t r = read(0, &c, 1);
		if (r == 1)
			return c;
		if (r < 0 && errno == EINTR)
			continue;
		return -1;
	}
}

/* After ESC: the rest of a cursor-key sequence, mapped to a control key. */
static int ed_escape(void)
{
	int c = ed_getc();
	if (c != '[' && c != 'O')
		return 0;
	c = ed_getc();
	if (isdigit(c)) {
		int n = 0;
		while (isdigit(c)) {
			n = n * 10 + c - '0';
			c = ed_getc();
		}
		if (c != '~')
			return 0;
		return n == 1 || n == 7 ? 1 : n == 4 || n == 8 ? 5 : n == 3 ? 0x7e : 0;
	}
	switch (c) {
	case 'A': return 0x10;  /* as ^P */
	case 'B': return 0x0e;  /* as ^N */
	case 'C': return 0x06;  /* as ^F */
	case 'D': return 0x02;  /* as ^B */
	case 'H': return 0x01;  /* as ^A */
	case 'F': return 0x05;  /* as ^E */
	}
	return 0;
}

static char *make_prompt(void)
{
	char cwd[PATH_MAX];
	const char *d = getcwd(cwd, sizeof cwd) ? cwd : getvar("PWD") ? getvar("PWD") : "?";
	char *p = xmalloc(strlen(d) + 4);
	sprintf(p, "%s %c ", d, geteuid() == 0 ? '#' : '$');
	return p;
}

/*
 * Read one line with editing. Returns 0 with the line in *out, -1 at end of
 * input (^D on an empty line), -2 when the line was abandoned with ^C.
 */
int edit_line(struct buf *out, const char *ps2)
{
	struct editor ed = {0}, *e = &ed;
	char *prompt = ps2 ? xstrdup(ps2) : make_prompt();
	struct termios old, raw;
	int hidx = nhist, result = 0;
	char *saved = NULL;
	e->prompt = prompt;
	e->fd = isatty(2) ? 2 : ttyfd >= 0 ? ttyfd : 1;
	if (tcgetattr(0, &old) < 0) {   /* not a terminal after all */
		fdprintf(e->fd, "%s", prompt);
		free(prompt);
		return read_plain_line(0, 0, out);
	}
	raw = old;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &raw) < 0 || tcgetattr(0, &raw) < 0 || (raw.c_lflag & (ICANON | ECHO))) {
		/* the terminal will not go raw: let its line discipline edit */
		tcsetattr(0, TCSANOW, &old);
		fdprintf(e->fd, "%s", prompt);
		free(prompt);
		return read_plain_line(0, 0, out);
	}
	buf_adds(&e->line, "");
	ed_puts(e, prompt);
	ed_flush(e);
	for (;;) {
		int c = ed_getc(), tab = 0;
		if (c == 0x1b)
			c = ed_escape();
		if (c < 0) {
			result = -1;
			break;
		}
		if (c == '\r' || c == '\n') {
			ed_puts(e, "\n");
			break;
		}
		switch (c) {
		case 0x7f: case 0x08:   /* backspace */
			ed_erase(e, 1);
			break;
		case 0x7e:              /* Delete (from ESC [ 3 ~) */
		delete_char:
			if (e->pos < e->line.n) {
				memmove(e->line.s + e->pos, e->line.s + e->pos + 1, e->line.n - e->pos);
				e->line.n--;
				ed_redraw_tail(e);
			}
			break;
		case 0x01:              /* ^A, Home */
			ed_left(e, e->pos);
			e->pos = 0;
			break;
		case 0x05:              /* ^E, End */
			buf_addn(&e->out, ed_text(e) + e->pos, e->line.n - e->pos);
			e->pos = e->line.n;
			break;
		case 0x02:              /* ^B, left */
			if (e->pos > 0) {
				e->pos--;
				ed_puts(e, "\b");
			}
			break;
		case 0x06:              /* ^F, right */
			if (e->pos < e->line.n)
				buf_addc(&e->out, e->line.s[e->pos++]);
			break;
		case 0x15:              /* ^U: kill to the start */
			ed_erase(e, e->pos);
			break;
		case 0x0b:              /* ^K: kill to the end */
			e->line.n = e->pos;
			e->line.s[e->pos] = 0;
			ed_puts(e, "\033[K");
			break;
		case 0x17: {            /* ^W: erase a word */
			size_t p = e->pos;
			while (p > 0 && isspace((unsigned char)e->line.s[p - 1]))
				p--;
			while (p > 0 && !isspace((unsigned char)e->line.s[p - 1]))
				p--;
			ed_erase(e, e->pos - p);
			break;
		}
		case 0x03:              /* ^C: abandon the line */
			ed_puts(e, "^C\n");
			result = -2;
			goto done;
		case 0x04:              /* ^D: end of input on an empty line */
			if (e->line.n == 0) {
				ed_puts(e, "\n");
				result = -1;
				goto done;
			}
			goto delete_char;
		case 0x0c:              /* ^L: clear the screen */
			ed_puts(e, "\033[H\033[J");
			ed_refresh(e);
			break;
		case 0x10:              /* ^P, up: older history */
			if (hidx > 0) {
				if (hidx == nhist) {
					free(saved);
					saved = xstrdup(ed_text(e));
				}
				ed_set(e, history[--hidx]);
			}
			break;
		case 0x0e:              /* ^N, down: newer history */
			if (hidx < nhist) {
				hidx++;
				ed_set(e, hidx == nhist ? (saved ? saved : "") : history[hidx]);
			}
			break;
		case '\t':
			ed_complete(e);
			tab = 1;
			break;
		default:
			if (c >= 0x20) {
				char ch = c;
				ed_insert(e, &ch, 1);
			}
		}
		e->last_tab = tab;
		ed_flush(e);
	}
done:
	ed_flush(e);
	tcsetattr(0, TCSANOW, &old);
	if (result == 0) {
		out->n = 0;
		buf_adds(out, ed_text(e));
		hist_add(ed_text(e));
	}
	free(e->line.s);
	free(e->out.s);
	free(saved);
	free(prompt);
	return result;
}
