/*
 * complete.c: TAB completion for the line editor (edit.c). A word in
 * command position completes to builtins and programs on $PATH, any
 * other word to file names; a second TAB lists the candidates.
 */
#include "edit.h"

/* Columns of the terminal (TIOCGWINSZ), 80 when it does not say. */
int term_width(void)
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

/* The candidates in columns below the line, then the line again. */
static void ed_list(struct editor *e, struct strv *c)
{
	size_t w = 0;
	for (int i = 0; i < c->n; i++)
		if (strlen(c->v[i]) > w)
			w = strlen(c->v[i]);
	w += 2;
	int cols = e->cols / w;
	if (cols < 1)
		cols = 1;
	int rows = (c->n + cols - 1) / cols;
	ed_newline(e);
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

/* Builtins and programs on $PATH whose names start with word. */
static void cands_commands(struct strv *c, const char *word)
{
	for (const struct builtin *b = builtins; b->name; b++)
		if (!strncmp(b->name, word, strlen(word)))
			strv_add(c, xstrdup(b->name));
	const char *path = getvar("PATH");
	for (const char *p = path ? path : ""; *p;) {
		const char *colon = strchrnul(p, ':');
		char dir[PATH_MAX];
		snprintf(dir, sizeof dir, "%.*s", (int)(colon - p), p);
		cands_from_dir(c, dir, word, 1);
		p = *colon ? colon + 1 : colon;
	}
}

/* File names completing word (~/ is $HOME); returns the part being completed. */
static const char *cands_files(struct strv *c, const char *word)
{
	const char *slash = strrchr(word, '/');
	const char *base = slash ? slash + 1 : word;
	char dir[PATH_MAX];
	if (slash && word[0] == '~' && (word[1] == '/') && getvar("HOME"))
		snprintf(dir, sizeof dir, "%s%.*s", getvar("HOME"), (int)(slash - word - 1), word + 1);
	else
		snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - word) + (slash == word) : 0, word);
	cands_from_dir(c, dir, base, 0);
	return base;
}

/* Sort the candidates and drop duplicates. */
static void cands_sort(struct strv *c)
{
	if (c->n < 2)
		return;
	qsort(c->v, c->n, sizeof *c->v, cmp_str);
	int u = 1;
	for (int i = 1; i < c->n; i++) {
		if (strcmp(c->v[i], c->v[u - 1]))
			c->v[u++] = c->v[i];
		else
			free(c->v[i]);
	}
	c->n = u;
	c->v[u] = NULL;
}

/*
 * Act on the candidates for a word whose last bl bytes are being
 * completed: one is inserted whole (with a space after a file), several
 * up to their common prefix; a second TAB with nothing to add lists them.
 */
static void ed_use_cands(struct editor *e, struct strv *c, size_t bl)
{
	if (c->n == 0)
		return;         /* stay silent (a bell may print on a console) */
	if (c->n == 1) {
		ed_insert_quoted(e, c->v[0] + bl);
		if (c->v[0][strlen(c->v[0]) - 1] != '/')
			ed_insert(e, " ", 1);
		return;
	}
	size_t lcp = strlen(c->v[0]);
	for (int i = 1; i < c->n; i++) {
		size_t j = 0;
		while (j < lcp && c->v[i][j] == c->v[0][j])
			j++;
		lcp = j;
	}
	if (lcp > bl) {
		char *ins = strndup(c->v[0] + bl, lcp - bl);
		ed_insert_quoted(e, ins);
		free(ins);
	} else if (e->last_tab) {
		ed_list(e, c);
	}
}

/* TAB: complete the word before the cursor. */
void ed_complete(struct editor *e)
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
	if (cmdpos)
		cands_commands(&c, word);
	else
		base = cands_files(&c, word);
	cands_sort(&c);
	ed_use_cands(e, &c, strlen(base));
	strv_free(&c);
	free(word);
}
