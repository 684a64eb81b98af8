/*
 * util.c: the shell's small toolbox. Growable byte buffers and string
 * vectors, the arena that parse trees live in, messages, shell variables,
 * functions and positional parameters.
 */
#include "sh.h"

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

/* ---- buffers: always NUL-terminated when s != NULL ---- */

void buf_reserve(struct buf *b, size_t extra)
{
	if (b->n + extra + 1 > b->cap) {
		b->cap = (b->n + extra + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

void buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

void buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

void buf_adds(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

/* Detach the contents as a malloc'd string. */
char *buf_take(struct buf *b)
{
	char *s = b->s ? b->s : xstrdup("");
	b->s = NULL;
	b->n = b->cap = 0;
	return s;
}

/* ---- string vectors (argv-like, NULL-terminated) ---- */

void strv_add(struct strv *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof *sv->v);
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strv_free(struct strv *sv)
{
	for (int i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

/* ---- arenas: a parse tree is freed in one go after it has run ---- */

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	char data[];
};

struct arena *cur_arena;

void *aalloc(size_t n)
{
	struct arena_chunk *c = cur_arena->chunks;
	n = (n + 7) & ~(size_t)7;
	if (!c || c->used + n > c->size) {
		size_t size = n > 4000 ? n : 4000;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = cur_arena->chunks;
		cur_arena->chunks = c;
	}
	void *p = c->data + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

char *astrndup(const char *s, size_t n)
{
	char *p = aalloc(n + 1);
	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

/* Start a fresh arena; returns the previous one for arena_pop. */
struct arena *arena_push(void)
{
	struct arena *prev = cur_arena;
	cur_arena = xmalloc(sizeof *cur_arena);
	cur_arena->chunks = NULL;
	cur_arena->keep = 0;
	return prev;
}

void arena_pop(struct arena *prev)
{
	struct arena *a = cur_arena;
	if (!a->keep) {
		while (a->chunks) {
			struct arena_chunk *next = a->chunks->next;
			free(a->chunks);
			a->chunks = next;
		}
		free(a);
	}
	cur_arena = prev;
}

/* ---- messages ---- */

/* Write a whole formatted string to fd in one write(). */
void fdprintf(int fd, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	char *p = small;
	if (n >= (int)sizeof small) {
		p = xmalloc(n + 1);
		va_start(ap, fmt);
		vsnprintf(p, n + 1, fmt, ap);
		va_end(ap);
	}
	for (int off = 0; off < n;) {
		ssize_t w = write(fd, p + off, n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += w;
	}
	if (p != small)
		free(p);
}

/* "sh: <message>\n" on stderr. */
void errmsg(const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fdprintf(2, "sh: %s\n", msg);
}

/* ---- variables ---- */

struct var *vars;

int is_name_start(int c)
{
	return isalpha(c) || c == '_';
}

int is_name_char(int c)
{
	return isalnum(c) || c == '_';
}

/* Length of the NAME in "NAME=...", or 0 if s is not an assignment. */
size_t assign_len(const char *s)
{
	size_t i = 0;
	if (!is_name_start((unsigned char)s[0]))
		return 0;
	while (is_name_char((unsigned char)s[i]))
		i++;
	return s[i] == '=' ? i : 0;
}

int valid_name(const char *s)
{
	if (!is_name_start((unsigned char)*s))
		return 0;
	while (*s)
		if (!is_name_char((unsigned char)*s++))
			return 0;
	return 1;
}

struct var *var_find(const char *name)
{
	for (struct var *v = vars; v; v = v->next)
		if (!strcmp(v->name, name))
			return v;
	return NULL;
}

const char *getvar(const char *name)
{
	struct var *v = var_find(name);
	return v ? v->val : NULL;
}

/* Set a variable; export: 1 export it, 0 leave its export flag alone. */
void setvar(const char *name, const char *val, int export)
{
	struct var *v = var_find(name);
	if (!v) {
		v = xmalloc(sizeof *v);
		v->name = xstrdup(name);
		v->val = NULL;
		v->exported = 0;
		v->next = vars;
		vars = v;
	}
	if (val) {
		char *nv = xstrdup(val);
		free(v->val);
		v->val = nv;
	}
	if (export)
		v->exported = 1;
}

void unsetvar(const char *name)
{
	for (struct var **pp = &vars; *pp; pp = &(*pp)->next) {
		if (!strcmp((*pp)->name, name)) {
			struct var *v = *pp;
			*pp = v->next;
			free(v->name);
			free(v->val);
			free(v);
			return;
		}
	}
}

void vars_import(void)
{
	extern char **environ;
	for (char **e = environ; e && *e; e++) {
		char *eq = strchr(*e, '=');
		if (!eq || eq == *e)
			continue;
		char *name = strndup(*e, eq - *e);
		if (name && valid_name(name))
			setvar(name, eq + 1, 1);
		free(name);
	}
	if (!getvar("PATH"))
		setvar("PATH", "/bin:/sbin:/usr/bin", 0);
	if (!getvar("IFS"))
		setvar("IFS", " \t\n", 0);
	char cwd[PATH_MAX];
	const char *pwd = getvar("PWD");
	struct stat a, b;
	if (!pwd || pwd[0] != '/' || stat(pwd, &a) < 0 || stat(".", &b) < 0 ||
	    a.st_ino != b.st_ino || a.st_dev != b.st_dev) {
		if (getcwd(cwd, sizeof cwd))
			setvar("PWD", cwd, 1);
	}
}

/* The environment for an exec: every exported variable with a value. */
char **vars_environ(void)
{
	struct strv env = {0};
	for (struct var *v = vars; v; v = v->next) {
		if (!v->exported || !v->val)
			continue;
		char *s = xmalloc(strlen(v->name) + strlen(v->val) + 2);
		sprintf(s, "%s=%s", v->name, v->val);
		strv_add(&env, s);
	}
	if (!env.v)
		strv_add(&env, NULL), env.n = 0;
	return env.v;
}

const char *ifs(void)
{
	const char *s = getvar("IFS");
	return s ? s : " \t\n";
}

/* ---- functions and positional parameters ---- */

struct func *funcs;

struct func *func_find(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

void set_posargs(char **args, int n)
{
	char **v = xmalloc((n + 1) * sizeof *v);
	for (int i = 0; i < n; i++)
		v[i] = xstrdup(args[i]);
	v[n] = NULL;
	for (int i = 0; i < nposargs; i++)
		free(posargs[i]);
	free(posargs);
	posargs = v;
	nposargs = n;
}
