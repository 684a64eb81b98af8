/*
 * lex.c: the lexer. It cuts the input into words (kept raw, quotes
 * included: expand.c interprets them when the command runs) and
 * operators, reads here-document bodies after a newline, and says when the
 * text ends inside a quote or $(...) (lx->incomplete). The scan_* helpers
 * that find the end of a quoted construct are shared with expand.c.
 */
#include "sh.h"

void lexer_init(struct lexer *lx, const char *s, size_t n)
{
	memset(lx, 0, sizeof *lx);
	lx->s = s;
	lx->n = n;
}

/* ---- scanning quoted constructs: each returns the end, NULL if unfinished ---- */

const char *scan_squote(const char *p, const char *end)
{
	for (p++; p < end; p++)
		if (*p == '\'')
			return p + 1;
	return NULL;
}

const char *scan_dquote(const char *p, const char *end)
{
	for (p++; p && p < end;) {
		if (*p == '\\')
			p += 2;
		else if (*p == '"')
			return p + 1;
		else if (*p == '$')
			p = scan_dollar(p, end);
		else if (*p == '`')
			p = scan_bquote(p, end);
		else
			p++;
	}
	return NULL;
}

const char *scan_bquote(const char *p, const char *end)
{
	for (p++; p < end;) {
		if (*p == '\\')
			p += 2;
		else if (*p == '`')
			return p + 1;
		else
			p++;
	}
	return NULL;
}

/* p at '(' or '{': find the matching close, skipping quotes. */
static const char *scan_nested(const char *p, const char *end, char open, char close)
{
	int depth = 0;
	while (p && p < end) {
		char c = *p;
		if (c == '\\') {
			p += 2;
		} else if (c == '\'') {
			p = scan_squote(p, end);
		} else if (c == '"') {
			p = scan_dquote(p, end);
		} else if (c == '`') {
			p = scan_bquote(p, end);
		} else if (c == '$' && p + 1 < end && (p[1] == '(' || p[1] == '{')) {
			p = scan_dollar(p, end);
		} else {
			if (c == open)
				depth++;
			else if (c == close && --depth == 0)
				return p + 1;
			p++;
		}
	}
	return NULL;
}

/* p at '$': the end of $(...), $((...)), ${...}; or just past the '$'. */
const char *scan_dollar(const char *p, const char *end)
{
	if (p + 1 >= end)
		return p + 1;
	if (p[1] == '(')
		return scan_nested(p + 1, end, '(', ')');
	if (p[1] == '{')
		return scan_nested(p + 1, end, '{', '}');
	return p + 1;
}

/* ---- the lexer ---- */

/* After a newline: the bodies of pending here-documents, line by line. */
static void lex_heredocs(struct lexer *lx)
{
	for (int i = 0; i < lx->ndocs; i++) {
		struct redir *r = lx->docs[i];
		struct buf delim = {0}, body = {0};
		for (const char *w = r->word; *w; w++) {
			if (*w == '\'' || *w == '"') {
				r->quoted_doc = 1;
			} else if (*w == '\\' && w[1]) {
				r->quoted_doc = 1;
				buf_addc(&delim, *++w);
			} else {
				buf_addc(&delim, *w);
			}
		}
		for (;;) {
			const char *line = lx->s + lx->pos, *nl = memchr(line, '\n', lx->n - lx->pos);
			if (!nl) {
				lx->incomplete = 1;
				break;
			}
			lx->pos = nl + 1 - lx->s;
			if (lx->strip[i])
				while (*line == '\t')
					line++;
			if ((size_t)(nl - line) == delim.n && !memcmp(line, delim.s ? delim.s : "", delim.n))
				break;
			buf_addn(&body, line, nl + 1 - line);
		}
		r->word = astrndup(body.s ? body.s : "", body.n);
		free(body.s);
		free(delim.s);
	}
	lx->ndocs = 0;
}

static void lex_op(struct lexer *lx, struct token *t)
{
	static const struct { const char *op; enum tok_type type; int rtype, fd; } ops[] = {
		{"&&", T_AND, 0, 0}, {"||", T_OR, 0, 0}, {";;", T_DSEMI, 0, 0},
		{"<<-", T_REDIR, R_HEREDOC, 0}, {"<<", T_REDIR, R_HEREDOC, 0},
		{"<>", T_REDIR, R_RDWR, 0}, {"<&", T_REDIR, R_DUPIN, 0}, {"<", T_REDIR, R_IN, 0},
		{">>", T_REDIR, R_APPEND, 1}, {">&", T_REDIR, R_DUPOUT, 1},
		{">|", T_REDIR, R_CLOBBER, 1}, {">", T_REDIR, R_OUT, 1},
		{"&", T_AMP, 0, 0}, {"|", T_PIPE, 0, 0}, {";", T_SEMI, 0, 0},
		{"(", T_LPAREN, 0, 0}, {")", T_RPAREN, 0, 0},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		size_t len = strlen(ops[i].op);
		if (lx->pos + len <= lx->n && !memcmp(lx->s + lx->pos, ops[i].op, len)) {
			t->type = ops[i].type;
			t->rtype = ops[i].rtype;
			t->fd = ops[i].fd;
			t->strip_tabs = !strcmp(ops[i].op, "<<-");
			lx->pos += len;
			return;
		}
	}
}

void lex(struct lexer *lx, struct token *t)
{
	const char *s = lx->s;
	memset(t, 0, sizeof *t);
	for (;;) {
		while (lx->pos < lx->n && (s[lx->pos] == ' ' || s[lx->pos] == '\t'))
			lx->pos++;
		if (lx->pos + 1 < lx->n && s[lx->pos] == '\\' && s[lx->pos + 1] == '\n') {
			lx->pos += 2;
			if (lx->pos == lx->n) {         /* continued on the next line */
				lx->incomplete = 1;
				t->type = T_EOF;
				return;
			}
		} else {
			break;
		}
	}
	if (lx->pos < lx->n && s[lx->pos] == '#')
		while (lx->pos < lx->n && s[lx->pos] != '\n')
			lx->pos++;
	t->start = lx->pos;
	if (lx->pos >= lx->n) {
		t->type = T_EOF;
	} else if (s[lx->pos] == '\n') {
		t->type = T_NL;
		lx->pos++;
		lex_heredocs(lx);
		if (lx->incomplete)
			t->type = T_EOF;
	} else if (strchr(";&|()<>", s[lx->pos])) {
		lex_op(lx, t);
	} else {
		const char *p = s + lx->pos, *end = s + lx->n;
		while (p && p < end && !strchr(" \t\n;&|()<>", *p)) {
			if (*p == '\\' && p + 2 == end && p[1] == '\n')
				p = NULL;               /* continued on the next line */
			else if (*p == '\\')
				p = p + 1 < end ? p + 2 : p + 1;
			else if (*p == '\'')
				p = scan_squote(p, end);
			else if (*p == '"')
				p = scan_dquote(p, end);
			else if (*p == '`')
				p = scan_bquote(p, end);
			else if (*p == '$')
				p = scan_dollar(p, end);
			else
				p++;
		}
		if (!p || p > end) {
			lx->incomplete = 1;
			lx->pos = lx->n;
			t->type = T_EOF;
			return;
		}
		size_t len = p - (s + lx->pos);
		t->type = T_WORD;
		t->word = astrndup(s + lx->pos, len);
		lx->pos += len;
		size_t i = 0;
		while (i < len && isdigit((unsigned char)t->word[i]))
			i++;
		if (i == len && len < 4 && p < end && (*p == '<' || *p == '>')) {
			int fd = atoi(t->word);
			lex_op(lx, t);
			t->fd = fd;
		}
	}
	t->end = lx->pos;
}

