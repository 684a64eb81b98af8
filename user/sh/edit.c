/*
 * edit.c: the interactive line editor. While a line is typed the
 * terminal is in raw mode (no ICANON, ECHO or ISIG) and the editor echoes
 * and redraws by itself with plain escapes only (\r, \b, ESC[nA/B/C/D,
 * ESC[J, ESC[H), which the VGA console and any serial terminal understand.
 * It keeps track of the row and column of the terminal's cursor, so a
 * line wider than the terminal wraps over several rows and still edits
 * right. Input is read one byte at a time, so typed-ahead text after the
 * newline stays in the terminal for the command that runs next.
 */
#include "edit.h"

/* Keys that arrive as escape sequences (or their control-key twins). */
enum {
	K_NONE = 0x100,         /* a sequence we do not know: ignored */
	K_UP, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DEL, K_WLEFT, K_WRIGHT
};

void ed_puts(struct editor *e, const char *s)
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

const char *ed_text(struct editor *e)
{
	return e->line.s ? e->line.s : "";
}

/* ---- the screen ---- */

static void ed_csi_n(struct editor *e, size_t n, char final)
{
	char esc[24];
	snprintf(esc, sizeof esc, "\033[%zu%c", n, final);
	ed_puts(e, esc);
}

/* Move the terminal's cursor to screen offset off, across rows if need be. */
static void ed_goto(struct editor *e, size_t off)
{
	size_t r0 = e->cur / e->cols, c0 = e->cur % e->cols;
	size_t r1 = off / e->cols, c1 = off % e->cols;
	if (r1 < r0)
		ed_csi_n(e, r0 - r1, 'A');
	else if (r1 > r0)
		ed_csi_n(e, r1 - r0, 'B');
	if (c1 == c0)
		;
	else if (c1 == 0)
		ed_puts(e, "\r");
	else if (c1 + 1 == c0)
		ed_puts(e, "\b");
	else
		ed_csi_n(e, c1 > c0 ? c1 - c0 : c0 - c1, c1 > c0 ? 'C' : 'D');
	e->cur = off;
}

/*
 * After output that ended exactly at the right margin: terminals differ
 * there (xterm waits to wrap, the VGA console has wrapped), so write the
 * next cell's character (or a blank) and step back, which puts the cursor
 * at the start of the next row on both.
 */
static void ed_wrap_fix(struct editor *e)
{
	if (e->cur == 0 || e->cur % e->cols)
		return;
	size_t i = e->cur - e->plen;
	buf_addc(&e->out, i < e->line.n ? e->line.s[i] : ' ');
	ed_puts(e, "\b");
}

/* Echo line[from..to); the cursor must be at from's place. */
static void ed_write(struct editor *e, size_t from, size_t to)
{
	buf_addn(&e->out, ed_text(e) + from, to - from);
	e->cur = e->plen + to;
	ed_wrap_fix(e);
}

/* Redraw the line from offset from to its end, clear what was beyond, cursor to pos. */
static void ed_redraw_from(struct editor *e, size_t from)
{
	ed_goto(e, e->plen + from);
	ed_write(e, from, e->line.n);
	ed_puts(e, "\033[J");
	ed_goto(e, e->plen + e->pos);
}

/* The prompt, at the start of its row (e->cur says where the cursor is). */
static void ed_prompt(struct editor *e)
{
	ed_goto(e, 0);
	ed_puts(e, e->prompt);
	e->cur = e->plen;
	ed_wrap_fix(e);
}

/* Redraw everything from the prompt. */
void ed_refresh(struct editor *e)
{
	ed_prompt(e);
	ed_redraw_from(e, 0);
}

/* Leave the line: cursor below its last row, at the start of a fresh row. */
void ed_newline(struct editor *e)
{
	ed_goto(e, e->plen + e->line.n);
	ed_puts(e, "\n");
	e->cur = 0;
}

/* ---- changing the line ---- */

static void ed_set(struct editor *e, const char *s)
{
	e->line.n = 0;
	buf_adds(&e->line, s);
	e->pos = e->line.n;
	ed_redraw_from(e, 0);
}

void ed_insert(struct editor *e, const char *s, size_t n)
{
	buf_reserve(&e->line, n);
	memmove(e->line.s + e->pos + n, e->line.s + e->pos, e->line.n - e->pos + 1);
	memcpy(e->line.s + e->pos, s, n);
	e->line.n += n;
	e->pos += n;
	if (e->pos == e->line.n)
		ed_write(e, e->pos - n, e->pos);
	else
		ed_redraw_from(e, e->pos - n);
}

/* Delete n bytes starting at offset at; the cursor goes to at. */
static void ed_cut(struct editor *e, size_t at, size_t n)
{
	memmove(e->line.s + at, e->line.s + at + n, e->line.n - at - n + 1);
	e->line.n -= n;
	e->pos = at;
	ed_redraw_from(e, at);
}

static void ed_move(struct editor *e, size_t pos)
{
	e->pos = pos;
	ed_goto(e, e->plen + pos);
}

/* Offset of the start of the word before p (wright = 0) or the end of the one after it. */
static size_t ed_word(struct editor *e, size_t p, int wright)
{
	const char *t = ed_text(e);
	if (wright) {
		while (p < e->line.n && isspace((unsigned char)t[p]))
			p++;
		while (p < e->line.n && !isspace((unsigned char)t[p]))
			p++;
		return p;
	}
	while (p > 0 && isspace((unsigned char)t[p - 1]))
		p--;
	while (p > 0 && !isspace((unsigned char)t[p - 1]))
		p--;
	return p;
}

/* Up (older) and down (newer) through the history. */
static void ed_history(struct editor *e, int older)
{
	int n = hist_count();
	if (older ? e->hidx == 0 : e->hidx >= n)
		return;
	if (e->hidx == n) {
		free(e->saved);
		e->saved = xstrdup(ed_text(e));
	}
	e->hidx += older ? -1 : 1;
	ed_set(e, e->hidx == n ? e->saved : hist_get(e->hidx));
}

/* ---- reading keys ---- */

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

/* The key an escape sequence ends with: final byte c, parameters par. */
static int ed_final(int c, const char *par)
{
	static const char finals[] = "ABCDHF";
	static const int keys[] = { K_UP, K_DOWN, K_RIGHT, K_LEFT, K_HOME, K_END };
	if (c == '~') {                 /* ESC [ n ~ : the editing keypad */
		if (strspn(par, "0123456789") != strlen(par))
			return K_NONE;
		int n = atoi(par);
		return n == 1 || n == 7 ? K_HOME : n == 4 || n == 8 ? K_END : n == 3 ? K_DEL : K_NONE;
	}
	const char *f = strchr(finals, c);
	if (!f)
		return K_NONE;
	int k = keys[f - finals];
	if (!*par || !strcmp(par, "1"))
		return k;
	if ((!strcmp(par, "1;5") || !strcmp(par, "1;3")) && (k == K_LEFT || k == K_RIGHT))
		return k == K_LEFT ? K_WLEFT : K_WRIGHT;        /* ^Left, Alt-Left, ... */
	return K_NONE;
}

/*
 * After ESC: read the rest of the sequence, whole. CSI (ESC [) takes
 * parameter and intermediate bytes up to a final byte, SS3 (ESC O) one
 * byte; ESC b and ESC f move by words. Returns a K_ code (K_NONE for
 * anything else), a control byte that cut a sequence short, or -1 at
 * end of input.
 */
static int ed_escape(void)
{
	int c = ed_getc();
	if (c == 'O') {
		c = ed_getc();
		return c < 0x20 || c == 0x7f ? c : ed_final(c, "");
	}
	if (c != '[')
		return c < 0 ? -1 : c == 'b' ? K_WLEFT : c == 'f' ? K_WRIGHT : K_NONE;
	char par[16];
	size_t n = 0;
	while ((c = ed_getc()) >= 0x20 && c < 0x40)
		if (n + 1 < sizeof par)
			par[n++] = c;
	par[n] = 0;
	if (c < 0x20 || c == 0x7f)      /* also -1 */
		return c;
	return ed_final(c, par);
}

/* One key as a K_ code or a byte; -1 at end of input. */
static int ed_key(void)
{
	int c = ed_getc();
	switch (c) {
	case 0x1b: return ed_escape();
	case 0x01: return K_HOME;       /* ^A */
	case 0x05: return K_END;        /* ^E */
	case 0x02: return K_LEFT;       /* ^B */
	case 0x06: return K_RIGHT;      /* ^F */
	case 0x10: return K_UP;         /* ^P */
	case 0x0e: return K_DOWN;       /* ^N */
	}
	return c;
}

/* ---- the keys' actions ---- */

/* Cursor keys and history; returns 0 if c is not one of them. */
static int ed_motion(struct editor *e, int c)
{
	switch (c) {
	case K_HOME:  ed_move(e, 0); break;
	case K_END:   ed_move(e, e->line.n); break;
	case K_LEFT:  if (e->pos > 0) ed_move(e, e->pos - 1); break;
	case K_RIGHT: if (e->pos < e->line.n) ed_move(e, e->pos + 1); break;
	case K_WLEFT: ed_move(e, ed_word(e, e->pos, 0)); break;
	case K_WRIGHT: ed_move(e, ed_word(e, e->pos, 1)); break;
	case K_UP:    ed_history(e, 1); break;
	case K_DOWN:  ed_history(e, 0); break;
	case K_NONE:  break;
	default:      return 0;
	}
	return 1;
}

/*
 * Act on one key. Returns 0 to go on, 1 when the line is done, -1 at end
 * of input (^D on an empty line), -2 when ^C abandoned the line.
 */
static int ed_act(struct editor *e, int c)
{
	if (ed_motion(e, c))
		return 0;
	switch (c) {
	case '\r': case '\n':
		ed_newline(e);
		return 1;
	case 0x7f: case 0x08:           /* backspace */
		if (e->pos > 0)
			ed_cut(e, e->pos - 1, 1);
		break;
	case 0x04:                      /* ^D: end of input on an empty line */
		if (e->line.n == 0) {
			ed_newline(e);
			return -1;
		}
		if (e->pos < e->line.n)  /* else delete, as the Delete key */
			ed_cut(e, e->pos, 1);
		break;
	case K_DEL:
		if (e->pos < e->line.n)
			ed_cut(e, e->pos, 1);
		break;
	case 0x15:                      /* ^U: kill to the start */
		ed_cut(e, 0, e->pos);
		break;
	case 0x0b:                      /* ^K: kill to the end */
		e->line.n = e->pos;
		e->line.s[e->pos] = 0;
		ed_puts(e, "\033[J");
		break;
	case 0x17:                      /* ^W: erase a word */
		ed_cut(e, ed_word(e, e->pos, 0), e->pos - ed_word(e, e->pos, 0));
		break;
	case 0x03:                      /* ^C: abandon the line */
		ed_goto(e, e->plen + e->line.n);
		ed_puts(e, "^C\n");
		return -2;
	case 0x0c:                      /* ^L: clear the screen */
		ed_puts(e, "\033[H\033[J");
		e->cur = 0;
		ed_refresh(e);
		break;
	case '\t':
		ed_complete(e);
		break;
	default:
		if (c >= 0x20 && c < 0x100) {
			char ch = c;
			ed_insert(e, &ch, 1);
		}
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
 * Put the terminal (fd 0) in raw mode, the old modes in *old. Returns -1
 * when it is no terminal or will not go raw (its line discipline edits).
 */
static int ed_raw(struct termios *old)
{
	struct termios raw;
	if (tcgetattr(0, old) < 0)
		return -1;
	raw = *old;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &raw) < 0 || tcgetattr(0, &raw) < 0 || (raw.c_lflag & (ICANON | ECHO))) {
		tcsetattr(0, TCSANOW, old);
		return -1;
	}
	return 0;
}

/* Columns the prompt takes: its bytes less UTF-8 continuation bytes. */
static size_t text_columns(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * Read one line with editing; ps2 is the prompt of a continuation line,
 * NULL for the first. Returns 0 with the line in *out, -1 at end of
 * input (^D on an empty line), -2 when the line was abandoned with ^C.
 * The caller puts the line in the history.
 */
int edit_line(struct buf *out, const char *ps2)
{
	struct editor ed = {0}, *e = &ed;
	char *prompt = ps2 ? xstrdup(ps2) : make_prompt();
	struct termios old;
	int result = 0;
	e->fd = isatty(2) ? 2 : ttyfd >= 0 ? ttyfd : 1;
	if (ed_raw(&old) < 0) {
		fdprintf(e->fd, "%s", prompt);
		free(prompt);
		return read_plain_line(0, 0, out);
	}
	e->prompt = prompt;
	e->plen = text_columns(prompt);
	e->cols = term_width();
	e->hidx = hist_count();
	buf_adds(&e->line, "");
	ed_prompt(e);
	ed_flush(e);
	while (result == 0) {
		int c = ed_key();
		result = c < 0 ? -1 : ed_act(e, c);
		e->last_tab = c == '\t';
		ed_flush(e);
	}
	tcsetattr(0, TCSANOW, &old);
	if (result == 1) {
		result = 0;
		out->n = 0;
		buf_adds(out, ed_text(e));
	}
	free(e->line.s);
	free(e->out.s);
	free(e->saved);
	free(prompt);
	return result;
}
