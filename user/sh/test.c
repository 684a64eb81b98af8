/*
 * test.c: the test (and [) builtin: file tests, string and integer
 * comparisons, ! -a -o and parentheses, by recursive descent over argv.
 * Also the table of all builtins, which comes last because it names them.
 */
#include "sh.h"

struct testargs {
	char **v;
	int n, i, err;
};

static int test_or(struct testargs *t);

static int file_test(char op, const char *path)
{
	struct stat st;
	if (op == 'h' || op == 'L')
		return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
	if (stat(path, &st) < 0)
		return 0;
	switch (op) {
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'S': return S_ISSOCK(st.st_mode);
	case 'b': return S_ISBLK(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 's': return st.st_size > 0;
	case 'r': return access(path, R_OK) == 0;
	case 'w': return access(path, W_OK) == 0;
	case 'x': return access(path, X_OK) == 0;
	case 'u': return (st.st_mode & S_ISUID) != 0;
	case 'g': return (st.st_mode & S_ISGID) != 0;
	case 'k': return (st.st_mode & S_ISVTX) != 0;
	}
	return 0;
}

static int test_binop(const char *op)
{
	static const char *ops[] = {"=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
				    "-nt", "-ot", "<", ">", NULL};
	for (int i = 0; ops[i]; i++)
		if (!strcmp(op, ops[i]))
			return 1;
	return 0;
}

static long test_int(struct testargs *t, const char *s)
{
	char *end;
	while (isspace((unsigned char)*s))
		s++;
	long v = strtol(s, &end, 10);
	if (!*s || *end) {
		errmsg("test: %s: integer expression expected", s);
		t->err = 1;
	}
	return v;
}

static int test_primary(struct testargs *t)
{
	if (t->i >= t->n) {
		t->err = 1;
		return 0;
	}
	char *a = t->v[t->i];
	if (!strcmp(a, "!")) {
		t->i++;
		return !test_primary(t);
	}
	if (!strcmp(a, "(") && t->i + 2 < t->n + 1) {
		t->i++;
		int r = test_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")"))
			t->err = 1;
		t->i++;
		return r;
	}
	if (t->i + 2 < t->n + 1 && t->i + 1 < t->n && test_binop(t->v[t->i + 1]) && t->i + 2 < t->n) {
		char *op = t->v[t->i + 1], *b = t->v[t->i + 2];
		t->i += 3;
		if (!strcmp(op, "=") || !strcmp(op, "=="))
			return !strcmp(a, b);
		if (!strcmp(op, "!="))
			return strcmp(a, b) != 0;
		if (!strcmp(op, "<"))
			return strcmp(a, b) < 0;
		if (!strcmp(op, ">"))
			return strcmp(a, b) > 0;
		if (!strcmp(op, "-nt") || !strcmp(op, "-ot")) {
			struct stat sa, sb;
			int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;
			if (!strcmp(op, "-ot")) {
				struct stat tmp = sa;
				int th = ha;
				sa = sb, ha = hb, sb = tmp, hb = th;
			}
			return ha && (!hb || sa.st_mtime > sb.st_mtime);
		}
		long x = test_int(t, a), y = test_int(t, b);
		switch (op[1] * 256 + op[2]) {
		case 'e' * 256 + 'q': return x == y;
		case 'n' * 256 + 'e': return x != y;
		case 'l' * 256 + 't': return x < y;
		case 'l' * 256 + 'e': return x <= y;
		case 'g' * 256 + 't': return x > y;
		default: return x >= y;
		}
	}
	if (a[0] == '-' && a[1] && !a[2] && t->i + 1 < t->n) {
		const char *b = t->v[t->i + 1];
		t->i += 2;
		if (a[1] == 'n')
			return *b != 0;
		if (a[1] == 'z')
			return *b == 0;
		if (a[1] == 't')
			return isatty(atoi(b));
		if (strchr("efdpSbcsrwxughkL", a[1]))
			return file_test(a[1], b);
		errmsg("test: %s: unknown operator", a);
		t->err = 1;
		return 0;
	}
	t->i++;
	return *a != 0;
}

static int test_and(struct testargs *t)
{
	int r = test_primary(t);
	while (!t->err && t->i < t->n && !strcmp(t->v[t->i], "-a")) {
		t->i++;
		int s = test_primary(t);
		r = r && s;
	}
	return r;
}

static int test_or(struct testargs *t)
{
	int r = test_and(t);
	while (!t->err && t->i < t->n && !strcmp(t->v[t->i], "-o")) {
		t->i++;
		int s = test_and(t);
		r = r || s;
	}
	return r;
}

static int bi_test(int argc, char **argv)
{
	if (!strcmp(argv[0], "[")) {
		if (strcmp(argv[argc - 1], "]")) {
			errmsg("[: missing ]");
			return 2;
		}
		argc--;
	}
	struct testargs t = {argv + 1, argc - 1, 0, 0};
	if (t.n == 0)
		return 1;
	int r = test_or(&t);
	if (!t.err && t.i < t.n) {
		errmsg("test: %s: unexpected operator", t.v[t.i]);
		t.err = 1;
	}
	return t.err ? 2 : !r;
}

const struct builtin builtins[] = {
	{":", bi_true}, {"true", bi_true}, {"false", bi_true}, {"echo", bi_echo},
	{"cd", bi_cd}, {"pwd", bi_pwd}, {"exit", bi_exit}, {"export", bi_export},
	{"unset", bi_unset}, {"exec", bi_exec}, {"set", bi_set}, {"shift", bi_shift},
	{"read", bi_read}, {"wait", bi_wait}, {"jobs", bi_jobs}, {"fg", bi_fg},
	{"bg", bi_fg}, {"kill", bi_kill}, {"test", bi_test}, {"[", bi_test},
	{".", bi_dot}, {"source", bi_dot}, {"eval", bi_eval}, {"return", bi_return},
	{"break", bi_break}, {"continue", bi_break}, {"umask", bi_umask},
	{"type", bi_type}, {"command", bi_type}, {"history", bi_history},
	{"trap", bi_trap},
	{NULL, NULL},
};

const struct builtin *builtin_find(const char *name)
{
	for (const struct builtin *b = builtins; b->name; b++)
		if (!strcmp(b->name, name))
			return b;
	return NULL;
}
