/*
 * parse.c: the recursive-descent parser over lex.c's tokens. It
 * builds struct node trees in the current arena. Running out of text in
 * the middle of a command sets lx->incomplete, so the caller can read
 * another line and try again; anything else unexpected is a syntax error.
 */
#include "sh.h"

/* ---- the parser ---- */

static struct token *peek(struct lexer *lx)
{
	if (!lx->have_tok) {
		lex(lx, &lx->tok);
		lx->have_tok = 1;
	}
	return &lx->tok;
}

static void advance(struct lexer *lx)
{
	peek(lx);
	lx->last_end = lx->tok.end;
	lx->have_tok = 0;
}

static int failed(struct lexer *lx)
{
	return lx->error || lx->incomplete;
}

/* Report an unexpected token (at the end of the text: "incomplete"). */
static void syntax(struct lexer *lx)
{
	struct token *t = peek(lx);
	if (failed(lx))
		return;
	if (t->type == T_EOF) {
		lx->incomplete = 1;
		return;
	}
	lx->error = 1;
	if (t->type == T_NL)
		snprintf(lx->errbuf, sizeof lx->errbuf, "unexpected newline");
	else
		snprintf(lx->errbuf, sizeof lx->errbuf, "unexpected '%.*s'",
			 (int)(t->end - t->start > 40 ? 40 : t->end - t->start), lx->s + t->start);
}

static int is_word(struct lexer *lx, const char *w)
{
	struct token *t = peek(lx);
	return t->type == T_WORD && !strcmp(t->word, w);
}

static int expect_word(struct lexer *lx, const char *w)
{
	if (is_word(lx, w)) {
		advance(lx);
		return 1;
	}
	syntax(lx);
	return 0;
}

static int expect_tok(struct lexer *lx, enum tok_type type)
{
	if (peek(lx)->type == type) {
		advance(lx);
		return 1;
	}
	syntax(lx);
	return 0;
}

static void skip_newlines(struct lexer *lx)
{
	while (peek(lx)->type == T_NL)
		advance(lx);
}

static int is_stop_word(struct lexer *lx)
{
	static const char *stops[] = {"then", "elif", "else", "fi", "do", "done", "esac", "}", NULL};
	for (int i = 0; stops[i]; i++)
		if (is_word(lx, stops[i]))
			return 1;
	return 0;
}

static struct node *new_node(enum node_type type)
{
	struct node *n = aalloc(sizeof *n);
	n->type = type;
	return n;
}

static struct node *new_node2(enum node_type type, struct node *a, struct node *b)
{
	struct node *n = new_node(type);
	n->a = a;
	n->b = b;
	return n;
}

/* Copy a malloc'd vector into the arena. */
static char **strv_to_arena(struct strv *sv)
{
	char **v = aalloc((sv->n + 1) * sizeof *v);
	for (int i = 0; i < sv->n; i++)
		v[i] = sv->v[i];
	free(sv->v);
	sv->v = NULL;
	return v;
}

static struct node *parse_and_or(struct lexer *lx);
static struct node *parse_command(struct lexer *lx);

/*
 * A list of and-or lists separated by ';', '&' or newlines. It ends before
 * a reserved word that closes a construct, ')' or ';;', or (top) a newline.
 */
static struct node *parse_list(struct lexer *lx, int top)
{
	struct node *list = NULL;
	for (;;) {
		if (!top)
			skip_newlines(lx);
		struct token *t = peek(lx);
		if (t->type == T_EOF || t->type == T_RPAREN || t->type == T_DSEMI ||
		    t->type == T_NL || is_stop_word(lx))
			break;
		struct node *n = parse_and_or(lx);
		if (failed(lx))
			return NULL;
		t = peek(lx);
		int sep = 1;
		if (t->type == T_AMP) {
			advance(lx);
			n = new_node2(N_BG, n, NULL);
			n->text = n->a->text;
		} else if (t->type == T_SEMI) {
			advance(lx);
		} else if (t->type != T_NL) {
			sep = 0;
		}
		list = list ? new_node2(N_SEQ, list, n) : n;
		if (!sep)
			break;
	}
	return list;
}

static struct node *parse_body(struct lexer *lx)
{
	struct node *n = parse_list(lx, 0);
	if (!n && !failed(lx))
		syntax(lx);
	return n;
}

static void set_text(struct lexer *lx, struct node *n, size_t start)
{
	if (n && lx->last_end > start)
		n->text = astrndup(lx->s + start, lx->last_end - start);
}

static struct node *parse_pipeline(struct lexer *lx)
{
	int neg = 0;
	size_t start = peek(lx)->start;
	if (is_word(lx, "!")) {
		advance(lx);
		neg = 1;
	}
	struct node *n = parse_command(lx);
	if (failed(lx))
		return NULL;
	if (peek(lx)->type == T_PIPE) {
		struct strv kids = {0};
		strv_add(&kids, (char *)n);
		while (peek(lx)->type == T_PIPE) {
			advance(lx);
			skip_newlines(lx);
			struct node *k = parse_command(lx);
			if (failed(lx)) {
				free(kids.v);
				return NULL;
			}
			strv_add(&kids, (char *)k);
		}
		n = new_node(N_PIPE);
		n->nkids = kids.n;
		n->kids = (struct node **)strv_to_arena(&kids);
	}
	if (neg)
		n = new_node2(N_NOT, n, NULL);
	set_text(lx, n, start);
	return n;
}

static struct node *parse_and_or(struct lexer *lx)
{
	size_t start = peek(lx)->start;
	struct node *n = parse_pipeline(lx);
	while (!failed(lx) && (peek(lx)->type == T_AND || peek(lx)->type == T_OR)) {
		enum node_type type = peek(lx)->type == T_AND ? N_AND : N_OR;
		advance(lx);
		skip_newlines(lx);
		struct node *m = parse_pipeline(lx);
		n = new_node2(type, n, m);
	}
	if (failed(lx))
		return NULL;
	set_text(lx, n, start);
	return n;
}

static struct redir *parse_redir(struct lexer *lx)
{
	struct token *t = peek(lx);
	struct redir *r = aalloc(sizeof *r);
	r->type = t->rtype;
	r->fd = t->fd;
	int strip = t->strip_tabs;
	advance(lx);
	t = peek(lx);
	if (t->type != T_WORD) {
		syntax(lx);
		return NULL;
	}
	r->word = t->word;
	if (r->type == R_HEREDOC && lx->ndocs < 16) {
		lx->strip[lx->ndocs] = strip;
		lx->docs[lx->ndocs++] = r;
	}
	advance(lx);
	return r;
}

static void add_redir(struct node *n, struct redir *r)
{
	struct redir **pp = &n->redirs;
	while (*pp)
		pp = &(*pp)->next;
	*pp = r;
}

static struct node *parse_simple(struct lexer *lx)
{
	struct node *n = new_node(N_CMD);
	struct strv words = {0}, assigns = {0};
	for (;;) {
		struct token *t = peek(lx);
		if (t->type == T_REDIR) {
			struct redir *r = parse_redir(lx);
			if (!r)
				break;
			add_redir(n, r);
		} else if (t->type == T_WORD) {
			if (!words.n && assign_len(t->word))
				strv_add(&assigns, t->word);
			else
				strv_add(&words, t->word);
			advance(lx);
			if (words.n == 1 && !assigns.n && !n->redirs && peek(lx)->type == T_LPAREN) {
				/* name() compound-command: a function definition */
				advance(lx);
				struct node *f = new_node(N_FUNC);
				f->name = words.v[0];
				free(words.v);
				if (!expect_tok(lx, T_RPAREN))
					return NULL;
				skip_newlines(lx);
				f->a = parse_command(lx);
				return failed(lx) ? NULL : f;
			}
		} else {
			break;
		}
	}
	if (!failed(lx) && !words.n && !assigns.n && !n->redirs)
		syntax(lx);
	n->nwords = words.n;
	n->words = strv_to_arena(&words);
	n->nassigns = assigns.n;
	n->assigns = strv_to_arena(&assigns);
	return failed(lx) ? NULL : n;
}

/* After "if" or "elif": condition, then-part, and the rest up to "fi". */
static struct node *parse_if_rest(struct lexer *lx)
{
	struct node *n = new_node(N_IF);
	n->a = parse_body(lx);
	if (failed(lx) || !expect_word(lx, "then"))
		return NULL;
	n->b = parse_body(lx);
	if (failed(lx))
		return NULL;
	if (is_word(lx, "elif")) {
		advance(lx);
		n->c = parse_if_rest(lx);
		return failed(lx) ? NULL : n;
	}
	if (is_word(lx, "else")) {
		advance(lx);
		n->c = parse_body(lx);
		if (failed(lx))
			return NULL;
	}
	return expect_word(lx, "fi") ? n : NULL;
}

static struct node *parse_loop(struct lexer *lx, enum node_type type)
{
	struct node *n = new_node(type);
	n->a = parse_body(lx);
	if (failed(lx) || !expect_word(lx, "do"))
		return NULL;
	n->b = parse_body(lx);
	if (failed(lx) || !expect_word(lx, "done"))
		return NULL;
	return n;
}

static struct node *parse_for(struct lexer *lx)
{
	struct node *n = new_node(N_FOR);
	struct token *t = peek(lx);
	if (t->type != T_WORD || !valid_name(t->word)) {
		syntax(lx);
		return NULL;
	}
	n->name = t->word;
	advance(lx);
	skip_newlines(lx);
	n->nwords = -1;
	if (is_word(lx, "in")) {
		struct strv words = {0};
		advance(lx);
		while (peek(lx)->type == T_WORD) {
			strv_add(&words, peek(lx)->word);
			advance(lx);
		}
		n->nwords = words.n;
		n->words = strv_to_arena(&words);
		if (peek(lx)->type != T_SEMI && peek(lx)->type != T_NL) {
			syntax(lx);
			return NULL;
		}
		advance(lx);
	} else if (peek(lx)->type == T_SEMI) {
		advance(lx);
	}
	skip_newlines(lx);
	if (!expect_word(lx, "do"))
		return NULL;
	n->a = parse_body(lx);
	if (failed(lx) || !expect_word(lx, "done"))
		return NULL;
	return n;
}

static struct node *parse_case(struct lexer *lx)
{
	struct node *n = new_node(N_CASE);
	struct case_item **tail = &n->items;
	if (peek(lx)->type != T_WORD) {
		syntax(lx);
		return NULL;
	}
	n->words = aalloc(2 * sizeof *n->words);
	n->words[0] = peek(lx)->word;
	n->nwords = 1;
	advance(lx);
	skip_newlines(lx);
	if (!expect_word(lx, "in"))
		return NULL;
	for (;;) {
		skip_newlines(lx);
		if (is_word(lx, "esac"))
			break;
		if (peek(lx)->type == T_LPAREN)
			advance(lx);
		struct strv pats = {0};
		for (;;) {
			if (peek(lx)->type != T_WORD) {
				free(pats.v);
				syntax(lx);
				return NULL;
			}
			strv_add(&pats, peek(lx)->word);
			advance(lx);
			if (peek(lx)->type != T_PIPE)
				break;
			advance(lx);
		}
		struct case_item *it = aalloc(sizeof *it);
		it->npats = pats.n;
		it->pats = strv_to_arena(&pats);
		if (!expect_tok(lx, T_RPAREN))
			return NULL;
		it->body = parse_list(lx, 0);
		if (failed(lx))
			return NULL;
		*tail = it;
		tail = &it->next;
		if (peek(lx)->type == T_DSEMI)
			advance(lx);
		else if (!is_word(lx, "esac")) {
			syntax(lx);
			return NULL;
		}
	}
	advance(lx);
	return n;
}

static struct node *parse_command(struct lexer *lx)
{
	struct node *n = NULL;
	struct token *t = peek(lx);
	if (t->type == T_LPAREN) {
		advance(lx);
		n = new_node(N_SUBSHELL);
		n->a = parse_body(lx);
		if (failed(lx) || !expect_tok(lx, T_RPAREN))
			return NULL;
	} else if (t->type != T_WORD) {
		return parse_simple(lx);
	} else if (is_word(lx, "if")) {
		advance(lx);
		n = parse_if_rest(lx);
	} else if (is_word(lx, "while") || is_word(lx, "until")) {
		enum node_type type = is_word(lx, "while") ? N_WHILE : N_UNTIL;
		advance(lx);
		n = parse_loop(lx, type);
	} else if (is_word(lx, "for")) {
		advance(lx);
		n = parse_for(lx);
	} else if (is_word(lx, "case")) {
		advance(lx);
		n = parse_case(lx);
	} else if (is_word(lx, "{")) {
		advance(lx);
		n = new_node(N_GROUP);
		n->a = parse_body(lx);
		if (failed(lx) || !expect_word(lx, "}"))
			return NULL;
	} else if (is_stop_word(lx) || is_word(lx, "!")) {
		syntax(lx);
		return NULL;
	} else {
		return parse_simple(lx);
	}
	if (failed(lx))
		return NULL;
	while (peek(lx)->type == T_REDIR) {
		struct redir *r = parse_redir(lx);
		if (!r)
			return NULL;
		add_redir(n, r);
	}
	return n;
}

/*
 * One complete command from the input: the and-or lists up to a newline (or
 * the end). NULL with no error means there was nothing but blank lines.
 */
struct node *parse_line(struct lexer *lx)
{
	skip_newlines(lx);
	if (peek(lx)->type == T_EOF)
		return NULL;
	struct node *n = parse_list(lx, 1);
	if (failed(lx))
		return NULL;
	struct token *t = peek(lx);
	if (t->type == T_NL)
		advance(lx);
	else if (t->type != T_EOF || !n)
		syntax(lx);
	return failed(lx) ? NULL : n;
}
