/*
 * expand.c: word expansion, done when a command runs. A raw word from
 * the parser goes through tilde, parameter, command and arithmetic
 * expansion, then field splitting of unquoted results on $IFS, then
 * pathname expansion (glob) of fields with unquoted * ? [, and quote
 * removal. Each output character carries a "quoted" bit so the last two
 * steps know what came from inside quotes.
 */
#include "sh.h"

#define EXP_PATTERN 4   /* a pattern for fnmatch: quoted specials get a backslash */
#define EXP_ASSIGN 8    /* an assignment's value: ~ also after each unquoted ':' */

static size_t expand_tilde(struct expand *e, const char *w);

pid_t shell_pid;

static void exp_addc(struct expand *e, char c, int quoted)
{
	buf_addc(&e->cur, c);
	buf_addc(&e->mask, quoted ? 1 : 0);
	if (!quoted && (c == '*' || c == '?' || c == '['))
		e->has_glob = 1;
}

static void exp_reset(struct expand *e)
{
	e->cur.n = e->mask.n = 0;
	e->exists = e->has_glob = 0;
}

/* Finish the current field: glob it if it has unquoted pattern characters. */
void exp_end_field(struct expand *e)
{
	if (!e->exists && !e->cur.n)
		return;
	const char *txt = e->cur.s ? e->cur.s : "";
	if ((e->flags & EXP_PATTERN) ||
	    (e->has_glob && !(e->flags & EXP_NOGLOB) && !opt_noglob)) {
		struct buf pat = {0};
		for (size_t i = 0; i < e->cur.n; i++) {
			if (e->mask.s[i] && strchr("*?[]\\", txt[i]))
				buf_addc(&pat, '\\');
			buf_addc(&pat, txt[i]);
		}
		if (e->flags & EXP_PATTERN) {
			strv_add(e->out, buf_take(&pat));
			exp_reset(e);
			return;
		}
		glob_t g;
		if (glob(pat.s, 0, NULL, &g) == 0) {
			for (size_t i = 0; i < g.gl_pathc; i++)
				strv_add(e->out, xstrdup(g.gl_pathv[i]));
			globfree(&g);
			free(pat.s);
			exp_reset(e);
			return;
		}
		free(pat.s);
	}
	strv_add(e->out, xstrdup(txt));
	exp_reset(e);
}

/* Append an expansion result; unquoted results are split on $IFS. */
static void exp_add_value(struct expand *e, const char *s, int quoted)
{
	if (quoted || (e->flags & EXP_NOSPLIT)) {
		while (*s)
			exp_addc(e, *s++, quoted);
		return;
	}
	const char *sep = ifs();
	for (; *s; s++) {
		if (!strchr(sep, *s)) {
			exp_addc(e, *s, 0);
		} else if (*s == ' ' || *s == '\t' || *s == '\n') {
			exp_end_field(e);
		} else {
			e->exists = 1;
			exp_end_field(e);
		}
	}
}

/* ---- parameters ---- */

/* Value of parameter name[0..len); returns 0 if it is unset. */
static int param_get(const char *name, size_t len, struct buf *out)
{
	char tmp[32];
	const char *v = NULL;
	if (len == 1 && strchr("?$!#@*-", name[0])) {
		switch (name[0]) {
		case '?': snprintf(tmp, sizeof tmp, "%d", last_status); v = tmp; break;
		case '$': snprintf(tmp, sizeof tmp, "%d", (int)shell_pid); v = tmp; break;
		case '!':
			if (!last_bg_pid)
				return 0;
			snprintf(tmp, sizeof tmp, "%d", (int)last_bg_pid);
			v = tmp;
			break;
		case '#': snprintf(tmp, sizeof tmp, "%d", nposargs); v = tmp; break;
		case '-':
			snprintf(tmp, sizeof tmp, "%s%s%s%s", opt_errexit ? "e" : "", interactive ? "i" : "",
				 jobctl ? "m" : "", opt_xtrace ? "x" : "");
			v = tmp;
			break;
		default:                /* @ and *: joined with spaces */
			for (int i = 0; i < nposargs; i++) {
				if (i)
					buf_addc(out, ' ');
				buf_adds(out, posargs[i]);
			}
			return nposargs > 0;
		}
	} else if (isdigit((unsigned char)name[0])) {
		int i = atoi(name);
		if (i == 0)
			v = arg0;
		else if (i <= nposargs)
			v = posargs[i - 1];
	} else {
		char nm[256];
		snprintf(nm, sizeof nm, "%.*s", (int)len, name);
		v = getvar(nm);
	}
	if (!v)
		return 0;
	buf_adds(out, v);
	return 1;
}

/* The fields in *out joined with blanks, malloc'd; *out is freed. */
static char *join_fields(struct strv *out)
{
	struct buf b = {0};
	for (int i = 0; i < out->n; i++) {
		if (i)
			buf_addc(&b, ' ');
		buf_adds(&b, out->v[i]);
	}
	strv_free(out);
	return buf_take(&b);
}

/* Expand text as one string (no splitting, no globbing); malloc'd. */
static char *expand_string(const char *p, const char *end, int flags)
{
	struct strv out = {0};
	struct expand e = {0};
	e.flags = flags | EXP_NOSPLIT | EXP_NOGLOB;
	e.out = &out;
	expand_part(&e, p, end, 0);
	exp_end_field(&e);
	free(e.cur.s);
	free(e.mask.s);
	return join_fields(&out);
}

/* $@ and $*: one field per parameter, or (quoted $*) joined with IFS[0]. */
static void expand_at(struct expand *e, char which, int in_dq)
{
	if (in_dq && which == '*') {
		char sep[2] = {ifs()[0], 0};
		for (int i = 0; i < nposargs; i++) {
			if (i)
				exp_add_value(e, sep, 1);
			exp_add_value(e, posargs[i], 1);
		}
		return;
	}
	if (in_dq && nposargs == 0)
		e->at_empty = 1;
	for (int i = 0; i < nposargs; i++) {
		if (i) {
			if (in_dq)
				e->exists = 1;
			exp_end_field(e);
		}
		exp_add_value(e, posargs[i], in_dq);
	}
}

/* Remove the shortest/longest prefix (#, ##) or suffix (%, %%) matching pat. */
static char *strip_pattern(const char *val, const char *pat, int suffix, int longest)
{
	size_t len = strlen(val);
	char *tmp = xstrdup(val);
	for (size_t k = 0; k <= len; k++) {
		size_t i = longest ? len - k : k;       /* length of prefix / start of suffix */
		if (suffix)
			i = longest ? k : len - k;
		int m;
		if (suffix) {
			m = !fnmatch(pat, val + i, 0);
		} else {
			char c = tmp[i];
			tmp[i] = 0;
			m = !fnmatch(pat, tmp, 0);
			tmp[i] = c;
		}
		if (m) {
			char *r = suffix ? strndup(val, i) : xstrdup(val + i);
			free(tmp);
			return r;
		}
	}
	free(tmp);
	return xstrdup(val);
}

/* ${...}: body is the text between the braces. */
static void expand_brace(struct expand *e, const char *p, const char *end, int in_dq)
{
	struct buf val = {0};
	if (*p == '#' && end - p > 1) {         /* ${#name} */
		char tmp[32];
		param_get(p + 1, end - p - 1, &val);
		snprintf(tmp, sizeof tmp, "%zu", val.n);
		exp_add_value(e, tmp, in_dq);
		free(val.s);
		return;
	}
	const char *q = p;
	if (q < end && (strchr("?$!#@*-", *q) || isdigit((unsigned char)*q))) {
		if (isdigit((unsigned char)*q))
			while (q < end && isdigit((unsigned char)*q))
				q++;
		else
			q++;
	} else {
		while (q < end && is_name_char((unsigned char)*q))
			q++;
	}
	if (q == p) {
		errmsg("${%.*s}: bad substitution", (int)(end - p), p);
		expand_error = 1;
		return;
	}
	int set = param_get(p, q - p, &val);
	const char *v = val.s ? val.s : "";
	int colon = q < end && *q == ':';
	char op = q + colon < end ? q[colon] : 0;
	const char *w = q + colon + 1;
	if (op == 0 && !colon) {
		if ((*p == '@' || *p == '*') && q - p == 1)
			expand_at(e, *p, in_dq);
		else
			exp_add_value(e, v, in_dq);
	} else if (op == '-' || op == '+' || op == '=' || op == '?') {
		int use = set && !(colon && !*v);
		if (op == '-') {
			if (use) exp_add_value(e, v, in_dq);
			else expand_part(e, w, end, in_dq);
		} else if (op == '+') {
			if (use) expand_part(e, w, end, in_dq);
		} else if (op == '=') {
			if (use) {
				exp_add_value(e, v, in_dq);
			} else {
				char *nv = expand_string(w, end, 0);
				char nm[256];
				snprintf(nm, sizeof nm, "%.*s", (int)(q - p), p);
				if (valid_name(nm))
					setvar(nm, nv, 0);
				exp_add_value(e, nv, in_dq);
				free(nv);
			}
		} else if (use) {
			exp_add_value(e, v, in_dq);
		} else {
			char *msg = expand_string(w, end, 0);
			errmsg("%.*s: %s", (int)(q - p), p, *msg ? msg : "parameter not set");
			free(msg);
			expand_error = 1;
		}
	} else if (!colon && (op == '#' || op == '%')) {
		int longest = w < end && *w == op;
		char *pat = expand_string(w + longest, end, EXP_PATTERN);
		char *r = strip_pattern(v, pat, op == '%', longest);
		exp_add_value(e, r, in_dq);
		free(r);
		free(pat);
	} else {
		errmsg("${%.*s}: bad substitution", (int)(end - p), p);
		expand_error = 1;
	}
	free(val.s);
}

/* ---- arithmetic: $(( )) over long integers ---- */

struct arith {
	const char *p;
	int err;
};

static const char *ar_peek(struct arith *a)
{
	static const char *ops[] = {
		"<<=", ">>=", "||", "&&", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=",
		"/=", "%=", "|", "^", "&", "<", ">", "+", "-", "*", "/", "%", "=", "!", "~",
		"?", ":", "(", ")", NULL
	};
	while (isspace((unsigned char)*a->p))
		a->p++;
	for (int i = 0; ops[i]; i++)
		if (!strncmp(a->p, ops[i], strlen(ops[i])))
			return ops[i];
	return NULL;
}

static int ar_take(struct arith *a, const char *op)
{
	const char *o = ar_peek(a);
	if (o && !strcmp(o, op)) {
		a->p += strlen(op);
		return 1;
	}
	return 0;
}

static long ar_ternary(struct arith *a);

static long ar_apply(struct arith *a, const char *op, long x, long y)
{
	if ((!strcmp(op, "/") || !strcmp(op, "%")) && y == 0) {
		if (!a->err)
			errmsg("arithmetic: division by zero");
		a->err = 3;
		return 0;
	}
	switch (op[0]) {
	case '|': return op[1] ? (x || y) : (x | y);
	case '&': return op[1] ? (x && y) : (x & y);
	case '^': return x ^ y;
	case '=': return x == y;
	case '!': return x != y;
	case '<': return op[1] == '<' ? x << y : op[1] ? x <= y : x < y;
	case '>': return op[1] == '>' ? x >> y : op[1] ? x >= y : x > y;
	case '+': return x + y;
	case '-': return x - y;
	case '*': return x * y;
	case '/': return x / y;
	default: return x % y;
	}
}

static long ar_primary(struct arith *a)
{
	const char *o = ar_peek(a);
	if (o && strchr("-+!~", o[0]) && !o[1]) {
		a->p++;
		long v = ar_primary(a);
		return o[0] == '-' ? -v : o[0] == '+' ? v : o[0] == '!' ? !v : ~v;
	}
	if (ar_take(a, "(")) {
		long v = ar_ternary(a);
		if (!ar_take(a, ")"))
			a->err = 1;
		return v;
	}
	if (isdigit((unsigned char)*a->p)) {
		char *e;
		long v = strtol(a->p, &e, 0);
		a->p = e;
		return v;
	}
	if (is_name_start((unsigned char)*a->p)) {
		const char *s = a->p;
		while (is_name_char((unsigned char)*a->p))
			a->p++;
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)(a->p - s), s);
		const char *v = getvar(name);
		long cur = v ? strtol(v, NULL, 0) : 0;
		o = ar_peek(a);
		if (o && o[strlen(o) - 1] == '=' && strcmp(o, "==") && strcmp(o, "<=") &&
		    strcmp(o, ">=") && strcmp(o, "!=")) {
			char bop[4];
			snprintf(bop, sizeof bop, "%.*s", (int)strlen(o) - 1, o);
			a->p += strlen(o);
			long rhs = ar_ternary(a);
			cur = bop[0] ? ar_apply(a, bop, cur, rhs) : rhs;
			char num[32];
			snprintf(num, sizeof num, "%ld", cur);
			setvar(name, num, 0);
		}
		return cur;
	}
	a->err = 1;
	return 0;
}

/* Binary operators by precedence level, loosest first. */
static long ar_binary(struct arith *a, int level)
{
	static const char *levels[][5] = {
		{"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="}, {"<=", ">=", "<", ">"},
		{"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
	};
	if (level == 10)
		return ar_primary(a);
	long x = ar_binary(a, level + 1);
	for (;;) {
		const char *o = ar_peek(a), *match = NULL;
		for (int i = 0; o && i < 5 && levels[level][i]; i++)
			if (!strcmp(o, levels[level][i]))
				match = o;
		if (!match || a->err)
			return x;
		a->p += strlen(match);
		long y = ar_binary(a, level + 1);
		x = ar_apply(a, match, x, y);
	}
}

static long ar_ternary(struct arith *a)
{
	long c = ar_binary(a, 0);
	if (!ar_take(a, "?"))
		return c;
	long x = ar_ternary(a);
	if (!ar_take(a, ":"))
		a->err = 1;
	long y = ar_ternary(a);
	return c ? x : y;
}

/* Evaluate an (already expanded) arithmetic expression; *err set on error. */
static long arith_eval(const char *s, int *err)
{
	struct arith a = {s, 0};
	long v = ar_ternary(&a);
	ar_peek(&a);
	if (!a.err && *a.p)
		a.err = 1;
	if (a.err == 1)
		errmsg("arithmetic syntax error: %s", s);
	*err = a.err;
	return v;
}

/* ---- the walk over a raw word ---- */

/* p at '$': expand one $-construct; returns where the word continues. */
static const char *expand_dollar(struct expand *e, const char *p, const char *end, int in_dq)
{
	const char *q = p + 1;
	if (q >= end) {
		exp_addc(e, '$', in_dq);
		return q;
	}
	if (*q == '(' || *q == '{') {
		const char *close = scan_dollar(p, end);
		if (!close || close > end)
			close = end;
		if (*q == '{') {
			expand_brace(e, q + 1, close - 1, in_dq);
		} else if (q[1] == '(' && close - q >= 4 && close[-2] == ')') {
			char *ex = expand_string(q + 2, close - 2, 0);
			int err = 0;
			long v = arith_eval(ex, &err);
			free(ex);
			if (err)
				expand_error = 1;
			char num[32];
			snprintf(num, sizeof num, "%ld", v);
			exp_add_value(e, num, in_dq);
		} else {
			char *out = cmd_subst(q + 1, close - 1 - (q + 1));
			exp_add_value(e, out, in_dq);
			free(out);
		}
		return close;
	}
	if (*q == '@' || *q == '*') {
		expand_at(e, *q, in_dq);
		return q + 1;
	}
	if (strchr("?$!#-", *q) || isdigit((unsigned char)*q)) {
		struct buf v = {0};
		param_get(q, 1, &v);
		exp_add_value(e, v.s ? v.s : "", in_dq);
		free(v.s);
		return q + 1;
	}
	if (is_name_start((unsigned char)*q)) {
		const char *s = q;
		while (q < end && is_name_char((unsigned char)*q))
			q++;
		struct buf v = {0};
		param_get(s, q - s, &v);
		exp_add_value(e, v.s ? v.s : "", in_dq);
		free(v.s);
		return q;
	}
	exp_addc(e, '$', in_dq);
	return q;
}

/* `cmd`: undo the backslash escapes of the old form, then run it. */
static void expand_backquote(struct expand *e, const char *p, const char *end, int in_dq)
{
	struct buf cmd = {0};
	for (; p < end; p++) {
		if (*p == '\\' && p + 1 < end && strchr("$`\\", p[1]))
			p++;
		buf_addc(&cmd, *p);
	}
	char *out = cmd_subst(cmd.s ? cmd.s : "", cmd.n);
	exp_add_value(e, out, in_dq);
	free(out);
	free(cmd.s);
}

void expand_part(struct expand *e, const char *p, const char *end, int in_dq)
{
	while (p < end) {
		char c = *p;
		if (c == '\'' && !in_dq) {
			const char *close = scan_squote(p, end);
			if (!close)
				close = end + 1;
			for (p++; p < close - 1; p++)
				exp_addc(e, *p, 1);
			e->exists = 1;
			p = close;
		} else if (c == '"' && !in_dq) {
			const char *close = scan_dquote(p, end);
			if (!close)
				close = end + 1;
			int saved = e->at_empty;
			e->at_empty = 0;
			expand_part(e, p + 1, close - 1, 1);
			if (!e->at_empty)
				e->exists = 1;
			e->at_empty = saved;
			p = close;
		} else if (c == '\\') {
			if (p + 1 >= end) {
				exp_addc(e, '\\', 1);
				p++;
			} else if (p[1] == '\n') {
				p += 2;
			} else if (in_dq && !strchr("$`\"\\", p[1])) {
				exp_addc(e, '\\', 1);
				p++;
			} else {
				exp_addc(e, p[1], 1);
				p += 2;
			}
		} else if (c == '$') {
			p = expand_dollar(e, p, end, in_dq);
		} else if (c == '`') {
			const char *close = scan_bquote(p, end);
			if (!close)
				close = end + 1;
			expand_backquote(e, p + 1, close - 1, in_dq);
			p = close;
		} else if (c == ':' && p[1] == '~' && (e->flags & EXP_ASSIGN) && !in_dq) {
			exp_addc(e, c, 0);
			p++;
			p += expand_tilde(e, p);
		} else {
			exp_addc(e, c, in_dq);
			p++;
		}
	}
}

/*
 * A tilde prefix at w: ~ is $HOME, ~user that user's home directory from
 * /etc/passwd. The prefix ends at '/' (or ':' in an assignment); one with
 * a quote in it, or an unknown user, is left alone. Returns how much of w
 * was used (0: nothing expanded).
 */
static size_t expand_tilde(struct expand *e, const char *w)
{
	size_t n = 1;
	while (w[n] && w[n] != '/' && !(w[n] == ':' && (e->flags & EXP_ASSIGN)))
		n++;
	const char *home = NULL;
	if (n == 1) {
		home = getvar("HOME");
	} else {
		for (size_t i = 1; i < n; i++)
			if (!is_name_char((unsigned char)w[i]) && w[i] != '-' && w[i] != '.')
				return 0;
		char user[64];
		snprintf(user, sizeof user, "%.*s", (int)(n - 1), w + 1);
		FILE *f = fopen("/etc/passwd", "re");
		char line[512];
		static char dir[256];
		while (f && fgets(line, sizeof line, f)) {
			char *fields[7], *s = line;
			int k = 0;
			for (; k < 7 && s; k++)
				fields[k] = strsep(&s, ":\n");
			if (k >= 6 && !strcmp(fields[0], user)) {
				snprintf(dir, sizeof dir, "%s", fields[5]);
				home = dir;
				break;
			}
		}
		if (f)
			fclose(f);
	}
	if (!home)
		return 0;
	exp_add_value(e, home, 1);
	return n;
}

/* Expand one raw word into zero or more fields appended to out. */
static void expand_word(const char *w, int flags, struct strv *out)
{
	struct expand e = {0};
	e.flags = flags;
	e.out = out;
	size_t skip = 0;
	if (w[0] == '~')
		skip = expand_tilde(&e, w);
	expand_part(&e, w + skip, w + strlen(w), 0);
	exp_end_field(&e);
	free(e.cur.s);
	free(e.mask.s);
}

void expand_words(char **words, int n, struct strv *out)
{
	for (int i = 0; i < n; i++)
		expand_word(words[i], 0, out);
}

/* A word that must give one string: its fields joined with blanks. */
static char *expand_joined(const char *w, int flags)
{
	struct strv out = {0};
	expand_word(w, EXP_NOSPLIT | EXP_NOGLOB | flags, &out);
	return join_fields(&out);
}

/* Redirection targets, case words. */
char *expand_one(const char *w)
{
	return expand_joined(w, 0);
}

/* An assignment's value: with ~ at its start and after each ':'. */
char *expand_assign(const char *w)
{
	return expand_joined(w, EXP_ASSIGN);
}

char *expand_pattern(const char *w)
{
	struct strv out = {0};
	expand_word(w, EXP_NOSPLIT | EXP_NOGLOB | EXP_PATTERN, &out);
	char *s = out.n ? xstrdup(out.v[0]) : xstrdup("");
	strv_free(&out);
	return s;
}
