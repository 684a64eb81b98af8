/*
 * exec.c: running parse trees. Redirections (saved and restored around
 * commands that run inside the shell), command substitution, PATH search
 * and exec, simple commands, pipelines, and the compound commands.
 */
#include "sh.h"

static int subst_status = -1;   /* status of the last $(...) in this command */
int keep_redirs;         /* set by "exec" without a command */

/* ---- redirections ---- */

struct fdsave {
	int fd[32], copy[32];   /* copy -1: fd was closed before */
	int n;
};

static void save_fd(struct fdsave *sv, int fd)
{
	if (!sv || sv->n == 32)
		return;
	for (int i = 0; i < sv->n; i++)
		if (sv->fd[i] == fd)
			return;
	sv->fd[sv->n] = fd;
	sv->copy[sv->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	sv->n++;
}

static void restore_fds(struct fdsave *sv)
{
	while (sv->n > 0) {
		sv->n--;
		if (keep_redirs) {
			if (sv->copy[sv->n] >= 0)
				close(sv->copy[sv->n]);
		} else if (sv->copy[sv->n] >= 0) {
			dup2(sv->copy[sv->n], sv->fd[sv->n]);
			close(sv->copy[sv->n]);
		} else {
			close(sv->fd[sv->n]);
		}
	}
}

/* A here-document's body as a readable fd; the body is expanded unless quoted. */
static int heredoc_fd(struct redir *r)
{
	char *body;
	if (r->quoted_doc) {
		body = xstrdup(r->word);
	} else {
		struct strv out = {0};
		struct expand e = {0};
		e.flags = EXP_NOSPLIT | EXP_NOGLOB;
		e.out = &out;
		expand_part(&e, r->word, r->word + strlen(r->word), 1);
		exp_end_field(&e);
		body = out.n ? xstrdup(out.v[0]) : xstrdup("");
		strv_free(&out);
		free(e.cur.s);
		free(e.mask.s);
	}
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		free(body);
		return -1;
	}
	size_t len = strlen(body);
	if (len <= 512) {               /* fits in any pipe buffer */
		write(p[1], body, len);
	} else {
		pid_t pid = sh_fork();
		if (pid == 0) {
			close(p[0]);
			fdprintf(p[1], "%s", body);
			_exit(0);
		}
	}
	close(p[1]);
	free(body);
	return p[0];
}

int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* Apply redirections in order; old fds are saved in sv (if given). */
static int apply_redirs(struct redir *r, struct fdsave *sv)
{
	for (; r; r = r->next) {
		int f;
		char *t = NULL;
		save_fd(sv, r->fd);
		if (r->type == R_HEREDOC) {
			f = heredoc_fd(r);
			if (f < 0) {
				errmsg("here-document: %s", strerror(errno));
				return -1;
			}
		} else {
			t = expand_one(r->word);
			if (r->type == R_DUPIN || r->type == R_DUPOUT) {
				if (!strcmp(t, "-")) {
					close(r->fd);
				} else if (!is_number(t) || (atoi(t) != r->fd && dup2(atoi(t), r->fd) < 0) ||
					   fcntl(r->fd, F_GETFD) < 0) {
					errmsg("%s: %s", t, is_number(t) ? "Bad file descriptor" : "ambiguous redirect");
					free(t);
					return -1;
				}
				free(t);
				continue;
			}
			int flags = r->type == R_IN ? O_RDONLY :
				    r->type == R_RDWR ? O_RDWR | O_CREAT :
				    r->type == R_APPEND ? O_WRONLY | O_CREAT | O_APPEND :
				    O_WRONLY | O_CREAT | O_TRUNC;
			f = open(t, flags, 0666);
			if (f < 0) {
				errmsg("%s: %s", t, strerror(errno));
				free(t);
				return -1;
			}
			free(t);
		}
		if (f != r->fd) {
			dup2(f, r->fd);
			close(f);
		} else {
			fcntl(f, F_SETFD, 0);
		}
	}
	return 0;
}

/* ---- command substitution ---- */

/* Run s in a subshell and return its output without trailing newlines. */
char *cmd_subst(const char *s, size_t len)
{
	char *text = strndup(s, len);
	struct buf out = {0};
	int p[2];
	if (!text || pipe2(p, O_CLOEXEC) < 0) {
		free(text);
		return xstrdup("");
	}
	pid_t pid = sh_fork();
	if (pid == 0) {
		close(p[0]);
		dup2(p[1], 1);
		close(p[1]);
		child_signals_default();
		jobctl = interactive = 0;
		in_subshell = 1;
		jobs_forget();
		run_string(text, "$(...)");
		sh_exit(last_status);
	}
	close(p[1]);
	if (pid > 0) {
		char chunk[512];
		ssize_t r;
		while ((r = read(p[0], chunk, sizeof chunk)) != 0) {
			if (r < 0) {
				if (errno == EINTR)
					continue;
				break;
			}
			buf_addn(&out, chunk, r);
		}
		int st = 0;
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		subst_status = last_status = wstatus_to_code(st);
	}
	close(p[0]);
	free(text);
	while (out.n && out.s[out.n - 1] == '\n')
		out.s[--out.n] = 0;
	return buf_take(&out);
}

/* ---- exec with PATH search ---- */

void exec_command(char **argv)
{
	char **envp = vars_environ();
	const char *name = argv[0];
	int err = ENOENT;
	char full[PATH_MAX];
	if (strchr(name, '/')) {
		snprintf(full, sizeof full, "%s", name);
		execve(full, argv, envp);
		err = errno;
	} else {
		const char *path = getvar("PATH");
		if (!path)
			path = "/bin:/sbin:/usr/bin";
		for (const char *p = path;; p++) {
			const char *colon = strchrnul(p, ':');
			int dl = colon - p;
			snprintf(full, sizeof full, "%.*s%s%s", dl, p, dl ? "/" : "", name);
			execve(full, argv, envp);
			if (errno == ENOEXEC || (errno != ENOENT && errno != ENOTDIR && err == ENOENT))
				err = errno;
			if (errno == ENOEXEC)
				break;
			p = colon;
			if (!*p)
				break;
		}
	}
	if (err == ENOEXEC) {           /* no #! line: a script for us */
		int n = 0;
		while (argv[n])
			n++;
		char **av = xmalloc((n + 2) * sizeof *av);
		av[0] = "sh";
		av[1] = full;
		for (int i = 1; i <= n; i++)
			av[i + 1] = argv[i];
		execve("/bin/sh", av, envp);
		err = errno;
	}
	if (err == ENOENT || err == ENOTDIR) {
		errmsg("%s: not found", name);
		_exit(127);
	}
	errmsg("%s: %s", name, strerror(err));
	_exit(126);
}

/* ---- simple commands ---- */

struct tmpvar {
	char *name, *old;
	int had, exported;
};

/* NAME=value prefixes: set them, remembering the old values if tmp != NULL. */
static void assign_vars(struct node *n, struct tmpvar *tmp, int export)
{
	for (int i = 0; i < n->nassigns; i++) {
		char *a = n->assigns[i];
		size_t nl = assign_len(a);
		char name[256];
		snprintf(name, sizeof name, "%.*s", (int)nl, a);
		char *val = expand_assign(a + nl + 1);
		if (opt_xtrace)
			fdprintf(2, "+ %s=%s\n", name, val);
		if (tmp) {
			struct var *v = var_find(name);
			tmp[i].name = xstrdup(name);
			tmp[i].had = v && v->val;
			tmp[i].old = tmp[i].had ? xstrdup(v->val) : NULL;
			tmp[i].exported = v && v->exported;
		}
		setvar(name, val, export);
		free(val);
	}
}

static void restore_vars(struct tmpvar *tmp, int n)
{
	for (int i = 0; i < n; i++) {
		if (tmp[i].had) {
			setvar(tmp[i].name, tmp[i].old, 0);
			if (!tmp[i].exported)
				var_find(tmp[i].name)->exported = 0;
		} else {
			unsetvar(tmp[i].name);
		}
		free(tmp[i].name);
		free(tmp[i].old);
	}
}

static int call_function(struct func *f, int argc, char **argv)
{
	char **saved = posargs;
	int nsaved = nposargs;
	posargs = NULL;
	nposargs = 0;
	set_posargs(argv + 1, argc - 1);
	func_depth++;
	run(f->body);
	func_depth--;
	returning = 0;
	set_posargs(NULL, 0);
	free(posargs);
	posargs = saved;
	nposargs = nsaved;
	return last_status;
}

static void xtrace(struct strv *args)
{
	struct buf b = {0};
	buf_adds(&b, "+");
	for (int i = 0; i < args->n; i++) {
		buf_addc(&b, ' ');
		buf_adds(&b, args->v[i]);
	}
	fdprintf(2, "%s\n", b.s);
	free(b.s);
}

/* A simple command; in_child: we are a forked child, exec directly. */
static int run_simple(struct node *n, int in_child)
{
	struct strv args = {0};
	int st;
	expand_error = 0;
	subst_status = -1;
	expand_words(n->words, n->nwords, &args);
	if (expand_error) {
		strv_free(&args);
		if (!interactive)
			sh_exit(1);
		return last_status = 1;
	}
	if (opt_xtrace && args.n)
		xtrace(&args);
	if (args.n == 0) {
		struct fdsave sv = {0};
		assign_vars(n, NULL, 0);
		st = subst_status >= 0 ? subst_status : 0;
		if (apply_redirs(n->redirs, &sv) < 0)
			st = 1;
		restore_fds(&sv);
		strv_free(&args);
		return last_status = st;
	}
	const struct builtin *b = builtin_find(args.v[0]);
	struct func *f = b ? NULL : func_find(args.v[0]);
	if (b || f) {
		struct fdsave sv = {0};
		struct tmpvar *tmp = xmalloc((n->nassigns + 1) * sizeof *tmp);
		assign_vars(n, tmp, 0);
		if (apply_redirs(n->redirs, in_child ? NULL : &sv) < 0)
			st = 1;
		else
			st = b ? b->fn(args.n, args.v) : call_function(f, args.n, args.v);
		restore_fds(&sv);
		keep_redirs = 0;
		restore_vars(tmp, n->nassigns);
		free(tmp);
		strv_free(&args);
		return last_status = st;
	}
	if (in_child) {
		assign_vars(n, NULL, 1);
		if (apply_redirs(n->redirs, NULL) < 0)
			_exit(1);
		exec_command(args.v);
	}
	struct job *j = job_new(n->text ? n->text : args.v[0]);
	pid_t pid = fork_member(j, 1, -1, -1, -1);
	if (pid == 0) {
		assign_vars(n, NULL, 1);
		if (apply_redirs(n->redirs, NULL) < 0)
			_exit(1);
		exec_command(args.v);
	}
	if (pid < 0) {
		job_free(j);
		st = 1;
	} else {
		st = wait_fg(j);
	}
	strv_free(&args);
	return last_status = st;
}

/* ---- pipelines and background jobs ---- */

/* In a forked child: run one element of a pipeline; returns its status. */
int run_in_child(struct node *n)
{
	if (n->type == N_CMD)
		return run_simple(n, 1);
	if (n->type == N_SUBSHELL) {
		if (apply_redirs(n->redirs, NULL) < 0)
			return 1;
		return run(n->a);
	}
	return run(n);
}

/* Fork kids[0] | kids[1] | ... as one job; wait for it unless bg. */
static int run_pipeline(struct node **kids, int nk, int bg, const char *text)
{
	struct job *j = job_new(text);
	int in = -1;
	pid_t last = 0;
	for (int i = 0; i < nk; i++) {
		int p[2] = {-1, -1};
		if (i < nk - 1 && pipe2(p, O_CLOEXEC) < 0) {
			errmsg("pipe: %s", strerror(errno));
			break;
		}
		int cin = in;
		if (i == 0 && bg && !jobctl)
			cin = open("/dev/null", O_RDONLY | O_CLOEXEC);
		pid_t pid = fork_member(j, !bg, cin, p[1], p[0]);
		if (pid == 0)
			sh_exit(run_in_child(kids[i]));
		if (cin >= 0)
			close(cin);
		if (p[1] >= 0)
			close(p[1]);
		in = p[0];
		if (pid < 0)
			break;
		last = pid;
	}
	if (in >= 0)
		close(in);
	if (!j->n) {
		job_free(j);
		return last_status = 1;
	}
	if (bg) {
		last_bg_pid = last;
		j->seq = ++job_seq;
		if (interactive)
			fdprintf(2, "[%d] %d\n", j->id, (int)last);
		return last_status = 0;
	}
	return last_status = wait_fg(j);
}

/* ---- compound commands ---- */

/* After a loop body: 1 if the loop must end (break, return, ^C). */
static int loop_should_end(void)
{
	if (breaking) {
		breaking--;
		return 1;
	}
	if (continuing) {
		if (--continuing)
			return 1;       /* continue an outer loop */
		return 0;
	}
	return interrupted || returning;
}

static int run_while(struct node *n)
{
	int st = 0;
	loop_depth++;
	for (;;) {
		run(n->a);
		if (breaking || continuing || interrupted || returning) {
			if (loop_should_end())
				break;
			continue;
		}
		int ok = last_status == 0;
		if (n->type == N_UNTIL)
			ok = !ok;
		if (!ok)
			break;
		st = run(n->b);
		if (loop_should_end())
			break;
	}
	loop_depth--;
	return last_status = st;
}

static int run_for(struct node *n)
{
	struct strv words = {0};
	int st = 0;
	if (n->nwords < 0) {
		for (int i = 0; i < nposargs; i++)
			strv_add(&words, xstrdup(posargs[i]));
	} else {
		expand_words(n->words, n->nwords, &words);
	}
	loop_depth++;
	for (int i = 0; i < words.n; i++) {
		setvar(n->name, words.v[i], 0);
		st = run(n->a);
		if (loop_should_end())
			break;
	}
	loop_depth--;
	strv_free(&words);
	return last_status = st;
}

static int run_case(struct node *n)
{
	char *w = expand_one(n->words[0]);
	last_status = 0;
	for (struct case_item *it = n->items; it; it = it->next) {
		for (int i = 0; i < it->npats; i++) {
			char *pat = expand_pattern(it->pats[i]);
			int m = !fnmatch(pat, w, 0);
			free(pat);
			if (m) {
				free(w);
				return it->body ? run(it->body) : (last_status = 0);
			}
		}
	}
	free(w);
	return last_status;
}

static int run_compound(struct node *n)
{
	switch (n->type) {
	case N_IF:
		run(n->a);
		if (interrupted || breaking || continuing || returning)
			return last_status;
		if (last_status == 0)
			return run(n->b);
		if (n->c)
			return run(n->c);
		return last_status = 0;
	case N_WHILE:
	case N_UNTIL:
		return run_while(n);
	case N_FOR:
		return run_for(n);
	case N_CASE:
		return run_case(n);
	default:
		return run(n->a);
	}
}

/* One node of a tree, in the shell; returns (and sets) $?. */
static int run_node(struct node *n)
{
	if (!n || interrupted || breaking || continuing || returning)
		return last_status;
	switch (n->type) {
	case N_SEQ:
		run(n->a);
		return run(n->b);
	case N_AND:
	case N_OR:
		run(n->a);
		if (!interrupted && (last_status == 0) == (n->type == N_AND))
			run(n->b);
		return last_status;
	case N_NOT:
		run(n->a);
		return last_status = !last_status;
	case N_BG:
		if (n->a->type == N_PIPE)
			return run_pipeline(n->a->kids, n->a->nkids, 1, n->text);
		return run_pipeline(&n->a, 1, 1, n->text);
	case N_PIPE:
		return run_pipeline(n->kids, n->nkids, 0, n->text);
	case N_SUBSHELL:
		return run_pipeline(&n, 1, 0, n->text);
	case N_CMD:
		return run_simple(n, 0);
	case N_FUNC: {
		struct func *f = func_find(n->name);
		if (!f) {
			f = xmalloc(sizeof *f);
			f->name = xstrdup(n->name);
			f->next = funcs;
			funcs = f;
		}
		f->body = n->a;
		cur_arena->keep = 1;
		return last_status = 0;
	}
	default: {
		struct fdsave sv = {0};
		int st;
		if (apply_redirs(n->redirs, &sv) < 0)
			st = last_status = 1;
		else
			st = run_compound(n);
		restore_fds(&sv);
		return st;
	}
	}
}

/*
 * Run a tree in the shell; returns (and sets) $?. The actions of trapped
 * signals that arrived meanwhile run after it, $? unchanged.
 */
int run(struct node *n)
{
	int st = run_node(n);
	traps_run();
	return st;
}
