/*
 * builtin.c: commands the shell runs itself, because they change the
 * shell (cd, exit, export, set, read, fg, ...) or are cheaper without a
 * fork (echo). Each is int fn(argc, argv) returning its status;
 * they write with fdprintf so nothing is left in stdio buffers at a fork.
 */
#include "sh.h"

/*
 * Leave the shell, after the EXIT trap. Stopped jobs would stay stopped for ever once nobody
 * can continue them: hang them up and wake them, as Linux does for
 * orphaned process groups.
 */
void sh_exit(int status)
{
	traps_exit(status);
	for (int i = 0; i < MAXJOBS && jobctl; i++) {
		if (jobtab[i] && job_state(jobtab[i]) == P_STOP) {
			kill(-jobtab[i]->pgid, SIGHUP);
			kill(-jobtab[i]->pgid, SIGCONT);
		}
	}
	exit(status & 0xff);
}

int bi_true(int argc, char **argv)
{
	(void)argc;
	return argv[0][0] == 'f';       /* "false" */
}

/* echo [-neE] args: as coreutils echo; -e interprets backslash escapes. */
int bi_echo(int argc, char **argv)
{
	int nl = 1, esc = 0, i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *o = argv[i] + 1;
		if (strspn(o, "neE") != strlen(o))
			break;
		for (; *o; o++) {
			if (*o == 'n') nl = 0;
			else if (*o == 'e') esc = 1;
			else esc = 0;
		}
	}
	struct buf b = {0};
	for (int first = i; i < argc; i++) {
		if (i > first)
			buf_addc(&b, ' ');
		for (const char *s = argv[i]; *s; s++) {
			if (!esc || *s != '\\' || !s[1]) {
				buf_addc(&b, *s);
				continue;
			}
			char c = *++s;
			const char *map = "a\ab\be\033f\fn\nr\rt\tv\v\\\\";
			const char *m = strchr(map, c);
			if (c == 'c') {
				nl = 0;
				i = argc;
				break;
			} else if (c == '0' || c == 'x') {
				int v = 0, k = 0, base = c == '0' ? 8 : 16, max = c == '0' ? 3 : 2;
				while (k < max && s[1] && (base == 8 ? (s[1] >= '0' && s[1] <= '7') : isxdigit((unsigned char)s[1]))) {
					s++;
					v = v * base + (isdigit((unsigned char)*s) ? *s - '0' : (tolower((unsigned char)*s) - 'a' + 10));
					k++;
				}
				if (c == 'x' && !k) {
					buf_adds(&b, "\\x");
					continue;
				}
				buf_addc(&b, (char)v);
			} else if (m && (m - map) % 2 == 0) {
				buf_addc(&b, m[1]);
			} else {
				buf_addc(&b, '\\');
				buf_addc(&b, c);
			}
		}
	}
	if (nl)
		buf_addc(&b, '\n');
	int r = 0;
	for (size_t off = 0; off < b.n;) {
		ssize_t w = write(1, b.s + off, b.n - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			r = 1;
			break;
		}
		off += w;
	}
	free(b.s);
	return r;
}

int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : getvar("HOME");
	int print = 0;
	if (!dir) {
		errmsg("cd: HOME not set");
		return 1;
	}
	if (!strcmp(dir, "-")) {
		dir = getvar("OLDPWD");
		if (!dir) {
			errmsg("cd: OLDPWD not set");
			return 1;
		}
		print = 1;
	}
	char *target = xstrdup(dir);
	if (chdir(target) < 0) {
		errmsg("cd: %s: %s", target, strerror(errno));
		free(target);
		return 1;
	}
	free(target);
	char cwd[PATH_MAX];
	const char *old = getvar("PWD");
	if (old)
		setvar("OLDPWD", old, 0);
	if (getcwd(cwd, sizeof cwd))
		setvar("PWD", cwd, 0);
	if (print)
		fdprintf(1, "%s\n", cwd);
	return 0;
}

int bi_pwd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	char cwd[PATH_MAX];
	if (!getcwd(cwd, sizeof cwd)) {
		errmsg("pwd: %s", strerror(errno));
		return 1;
	}
	fdprintf(1, "%s\n", cwd);
	return 0;
}

int bi_exit(int argc, char **argv)
{
	int st = last_status;
	if (argc > 1) {
		char *end;
		st = strtol(argv[1], &end, 10);
		if (*end || !*argv[1]) {
			errmsg("exit: %s: numeric argument required", argv[1]);
			st = 2;
		}
	}
	sh_exit(st);
}

/* Print a value in single quotes so that it can be read back in. */
void print_quoted(struct buf *b, const char *v)
{
	buf_addc(b, '\'');
	for (; *v; v++) {
		if (*v == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *v);
	}
	buf_addc(b, '\'');
}

int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List variables sorted: all (prefix NULL, "set") or exported ("export "). */
static void list_vars(int exported_only)
{
	struct strv lines = {0};
	for (struct var *v = vars; v; v = v->next) {
		if (exported_only && !v->exported)
			continue;
		if (!exported_only && !v->val)
			continue;
		struct buf b = {0};
		if (exported_only)
			buf_adds(&b, "export ");
		buf_adds(&b, v->name);
		if (v->val) {
			buf_addc(&b, '=');
			print_quoted(&b, v->val);
		}
		strv_add(&lines, buf_take(&b));
	}
	if (lines.n)
		qsort(lines.v, lines.n, sizeof *lines.v, cmp_str);
	for (int i = 0; i < lines.n; i++)
		fdprintf(1, "%s\n", lines.v[i]);
	strv_free(&lines);
}

int bi_export(int argc, char **argv)
{
	int st = 0;
	if (argc == 1 || (argc == 2 && !strcmp(argv[1], "-p"))) {
		list_vars(1);
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		size_t nl = assign_len(argv[i]);
		if (nl) {
			argv[i][nl] = 0;
			setvar(argv[i], argv[i] + nl + 1, 1);
		} else if (valid_name(argv[i])) {
			setvar(argv[i], NULL, 1);
		} else {
			errmsg("export: %s: bad variable name", argv[i]);
			st = 1;
		}
	}
	return st;
}

int bi_unset(int argc, char **argv)
{
	int fn = 0, i = 1;
	if (i < argc && (!strcmp(argv[i], "-f") || !strcmp(argv[i], "-v")))
		fn = argv[i++][1] == 'f';
	for (; i < argc; i++) {
		if (!fn) {
			unsetvar(argv[i]);
			continue;
		}
		for (struct func **pp = &funcs; *pp; pp = &(*pp)->next) {
			if (!strcmp((*pp)->name, argv[i])) {
				*pp = (*pp)->next;
				break;
			}
		}
	}
	return 0;
}

/* exec cmd args: replace the shell. Without a command: keep the redirections. */
int bi_exec(int argc, char **argv)
{
	if (argc == 1) {
		keep_redirs = 1;
		return 0;
	}
	child_signals_default();
	if (interactive && ttyfd >= 0)
		tcsetattr(ttyfd, TCSANOW, &shell_tmodes);
	exec_command(argv + 1);
}

int bi_set(int argc, char **argv)
{
	int i = 1;
	if (argc == 1) {
		list_vars(0);
		return 0;
	}
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+'); i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			set_posargs(argv + i, argc - i);
			return 0;
		}
		int on = argv[i][0] == '-';
		for (const char *o = argv[i] + 1; *o; o++) {
			switch (*o) {
			case 'e': opt_errexit = on; break;
			case 'x': opt_xtrace = on; break;
			case 'f': opt_noglob = on; break;
			case 'm': case 'u': case 'h': case 'b': case 'C': break;
			default:
				errmsg("set: -%c: invalid option", *o);
				return 2;
			}
		}
	}
	if (i < argc)
		set_posargs(argv + i, argc - i);
	return 0;
}

int bi_shift(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (n < 0 || n > nposargs) {
		errmsg("shift: can't shift that many");
		return 1;
	}
	char **rest = posargs + n;
	int nrest = nposargs - n;
	char **copy = xmalloc((nrest + 1) * sizeof *copy);
	memcpy(copy, rest, (nrest + 1) * sizeof *copy);
	set_posargs(copy, nrest);
	free(copy);
	return 0;
}

/* read [-r] [-p prompt] [name...]: one line from stdin, split on IFS. */
int bi_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-r"))
			raw = 1;
		else if (!strcmp(argv[i], "-p") && i + 1 < argc)
			fdprintf(2, "%s", argv[++i]);
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			errmsg("read: %s: invalid option", argv[i]);
			return 2;
		}
	}
	struct buf line = {0}, mask = {0};
	int eof = 1;
	for (;;) {
		char c;
		ssize_t r = read(0, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (c == '\n') {
			eof = 0;
			break;
		}
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) <= 0)
				break;
			if (c == '\n')
				continue;
			buf_addc(&line, c);
			buf_addc(&mask, 1);
			continue;
		}
		buf_addc(&line, c);
		buf_addc(&mask, 0);
	}
	if (eof && !line.n) {
		for (; i < argc; i++)
			setvar(argv[i], "", 0);
		return 1;
	}
	const char *sep = ifs();
	char *s = line.s ? line.s : "";
	size_t pos = 0, n = line.n;
#define IS_IFS_WS(k) (!mask.s[k] && strchr(sep, s[k]) && isspace((unsigned char)s[k]))
#define IS_IFS(k) (!mask.s[k] && strchr(sep, s[k]))
	if (i == argc)
		setvar("REPLY", s, 0);
	for (; i < argc; i++) {
		while (pos < n && IS_IFS_WS(pos))
			pos++;
		size_t start = pos;
		if (i == argc - 1) {
			size_t end = n;
			while (end > start && IS_IFS_WS(end - 1))
				end--;
			pos = end;
		} else {
			while (pos < n && !IS_IFS(pos))
				pos++;
		}
		char *val = strndup(s + start, pos - start);
		setvar(argv[i], val, 0);
		free(val);
		if (pos < n && IS_IFS(pos))
			pos++;
	}
#undef IS_IFS_WS
#undef IS_IFS
	free(line.s);
	free(mask.s);
	return 0;
}

/* ---- sourcing, eval, functions, loops ---- */

int bi_dot(int argc, char **argv)
{
	if (argc < 2) {
		errmsg(".: filename argument required");
		return 2;
	}
	char path[PATH_MAX];
	int fd = -1;
	if (strchr(argv[1], '/')) {
		fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	} else {
		const char *p = getvar("PATH");
		for (p = p ? p : ""; fd < 0;) {
			const char *colon = strchrnul(p, ':');
			snprintf(path, sizeof path, "%.*s%s%s", (int)(colon - p), p,
				 colon > p ? "/" : "", argv[1]);
			struct stat st;
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				fd = open(path, O_RDONLY | O_CLOEXEC);
			if (!*colon)
				break;
			p = colon + 1;
		}
		if (fd < 0)
			fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0) {
		errmsg(".: %s: not found", argv[1]);
		return 127;
	}
	struct buf text = {0};
	char chunk[1024];
	ssize_t r;
	while ((r = read(fd, chunk, sizeof chunk)) > 0)
		buf_addn(&text, chunk, r);
	close(fd);
	func_depth++;
	last_status = 0;
	run_string(text.s ? text.s : "", argv[1]);
	func_depth--;
	returning = 0;
	free(text.s);
	return last_status;
}

int bi_eval(int argc, char **argv)
{
	struct buf b = {0};
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			buf_addc(&b, ' ');
		buf_adds(&b, argv[i]);
	}
	last_status = 0;
	run_string(b.s ? b.s : "", "eval");
	free(b.s);
	return last_status;
}

int bi_return(int argc, char **argv)
{
	int st = argc > 1 ? atoi(argv[1]) : last_status;
	if (!func_depth) {
		errmsg("return: not in a function");
		return 1;
	}
	returning = 1;
	return last_status = st & 0xff;
}

int bi_break(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 1;
	if (n < 1) {
		errmsg("%s: bad count", argv[0]);
		return 1;
	}
	if (!loop_depth)
		return 0;
	if (n > loop_depth)
		n = loop_depth;
	if (argv[0][0] == 'b')
		breaking = n;
	else
		continuing = n;
	return 0;
}

int bi_umask(int argc, char **argv)
{
	if (argc < 2) {
		mode_t m = umask(0);
		umask(m);
		fdprintf(1, "%04o\n", (unsigned)m);
		return 0;
	}
	char *end;
	long m = strtol(argv[1], &end, 8);
	if (*end || m < 0 || m > 0777) {
		errmsg("umask: %s: invalid mode", argv[1]);
		return 1;
	}
	umask(m);
	return 0;
}

/* type / command -v: how a name would be run. */
int bi_type(int argc, char **argv)
{
	int st = 0, i = 1, brief = strcmp(argv[0], "type") != 0;
	if (brief) {
		if (i < argc && !strcmp(argv[i], "-v"))
			i++;
		else if (i < argc) {    /* command name args: run it, skipping functions */
			struct strv a = {0};
			for (; i < argc; i++)
				strv_add(&a, argv[i]);
			const struct builtin *b = builtin_find(a.v[0]);
			if (b) {
				st = b->fn(a.n, a.v);
				free(a.v);
				return st;
			}
			struct job *j = job_new(a.v[0]);
			pid_t pid = fork_member(j, 1, -1, -1, -1);
			if (pid == 0)
				exec_command(a.v);
			free(a.v);
			if (pid < 0) {
				job_free(j);
				return 1;
			}
			return wait_fg(j);
		}
	}
	for (; i < argc; i++) {
		const char *name = argv[i];
		if (func_find(name)) {
			fdprintf(1, brief ? "%s\n" : "%s is a function\n", name);
			continue;
		}
		if (builtin_find(name)) {
			fdprintf(1, brief ? "%s\n" : "%s is a shell builtin\n", name);
			continue;
		}
		const char *path = getvar("PATH");
		char full[PATH_MAX];
		int found = 0;
		if (strchr(name, '/')) {
			snprintf(full, sizeof full, "%s", name);
			found = access(full, X_OK) == 0;
		}
		for (const char *p = path ? path : ""; !found && !strchr(name, '/');) {
			const char *colon = strchrnul(p, ':');
			snprintf(full, sizeof full, "%.*s%s%s", (int)(colon - p), p, colon > p ? "/" : "", name);
			struct stat sb;
			if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode) && access(full, X_OK) == 0)
				found = 1;
			if (!*colon)
				break;
			p = colon + 1;
		}
		if (found) {
			fdprintf(1, brief ? "%s\n" : "%s is %s\n", brief ? full : name, full);
		} else {
			if (!brief)
				errmsg("type: %s: not found", name);
			st = 1;
		}
	}
	return st;
}

