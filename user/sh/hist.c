/*
 * hist.c: the history of interactive lines: the list the line editor's
 * up and down keys walk, the history builtin, and history expansion
 * (!! !n !-n !prefix !$) of a typed line before it is parsed, as in
 * bash. Entries are numbered from 1 for the whole session; the oldest
 * are dropped past HIST_MAX. A line equal to the one before is not added
 * again (like bash's HISTCONTROL=ignoredups), nor is a blank one.
 */
#include "sh.h"

#define HIST_MAX 500
static char *hist[HIST_MAX];
static int nhist;
static int hist_first = 1;      /* the number of hist[0] */

int hist_count(void)
{
	return nhist;
}

/* Entry i (0 is the oldest kept), or NULL. */
const char *hist_get(int i)
{
	return i >= 0 && i < nhist ? hist[i] : NULL;
}

void hist_add(const char *s)
{
	if (!s[strspn(s, " \t")])
		return;
	if (nhist && !strcmp(hist[nhist - 1], s))
		return;
	if (nhist == HIST_MAX) {
		free(hist[0]);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof *hist);
		nhist--;
		hist_first++;
	}
	hist[nhist++] = xstrdup(s);
}

/* history [-c] [n]: list the entries (the last n), numbered; -c forgets them. */
int bi_history(int argc, char **argv)
{
	int from = 0;
	if (argc > 1 && !strcmp(argv[1], "-c")) {
		while (nhist > 0)
			free(hist[--nhist]);
		hist_first = 1;
		return 0;
	}
	if (argc > 1) {
		if (!is_number(argv[1])) {
			errmsg("history: %s: numeric argument required", argv[1]);
			return 2;
		}
		int n = atoi(argv[1]);
		from = n < nhist ? nhist - n : 0;
	}
	for (int i = from; i < nhist; i++)
		fdprintf(1, "%5d  %s\n", hist_first + i, hist[i]);
	return 0;
}

/* ---- expansion ---- */

/* The last blank-separated word of s, appended to out. */
static void last_word(const char *s, struct buf *out)
{
	const char *end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	const char *w = end;
	while (w > s && !isspace((unsigned char)w[-1]))
		w--;
	buf_addn(out, w, end - w);
}

/*
 * The event p designates (p just after '!'): !, n, -n, $ (the last word
 * of the last entry) or a prefix. Appends its text to out and returns the
 * length of the designator, 0 when p designates nothing (the '!' stays),
 * or -1 with a message when no entry matches.
 */
static int hist_event(const char *p, struct buf *out)
{
	size_t len = 1;
	const char *e = NULL;
	if (*p == '!' || *p == '$') {
		e = hist_get(nhist - 1);
	} else if (isdigit((unsigned char)*p) || (*p == '-' && isdigit((unsigned char)p[1]))) {
		long n = strtol(p, NULL, 10);
		len = strspn(p + 1, "0123456789") + 1;
		e = hist_get(n < 0 ? nhist + n : n - hist_first);
	} else {
		len = strcspn(p, " \t\n;&|<>()`'\":=");
		for (int i = nhist - 1; i >= 0 && len && !e; i--)
			if (!strncmp(hist[i], p, len))
				e = hist[i];
	}
	if (!len)
		return 0;
	if (!e) {
		errmsg("!%.*s: event not found", (int)len, p);
		return -1;
	}
	if (*p == '$')
		last_word(e, out);
	else
		buf_adds(out, e);
	return len;
}

/* 1 if the '!' at p starts no event: before a blank, '=', '(' or the end, or in $! ${! [! */
static int plain_bang(const char *line, const char *p)
{
	if (!p[1] || strchr(" \t\n=(", p[1]))
		return 1;
	if (p > line && (p[-1] == '$' || p[-1] == '['))
		return 1;
	return p > line + 1 && p[-1] == '{' && p[-2] == '$';
}

/*
 * History expansion of an interactive line into *out. A '!' is left
 * alone inside single quotes, after a backslash and where plain_bang
 * says. Returns 1 when something was expanded, 0 when the line is
 * unchanged, -1 (with a message) when an event was not found.
 */
int hist_expand(const char *line, struct buf *out)
{
	int squote = 0, dquote = 0, changed = 0;
	out->n = 0;
	buf_adds(out, "");
	for (const char *p = line; *p; p++) {
		if (*p == '\\' && !squote && p[1]) {
			buf_addn(out, p++, 2);
			continue;
		}
		if (*p == '\'' && !dquote)
			squote = !squote;
		else if (*p == '"' && !squote)
			dquote = !dquote;
		int len = 0;
		if (*p == '!' && !squote && !plain_bang(line, p))
			len = hist_event(p + 1, out);
		if (len < 0)
			return -1;
		if (len == 0) {
			buf_addc(out, *p);
			continue;
		}
		p += len;
		changed = 1;
	}
	return changed;
}
