/*
 * jobs.c: the job table. A job is one pipeline (or one backgrounded
 * list) and, with job control, one process group. The foreground job owns
 * the terminal (tcsetpgrp) while the shell waits for it; the shell takes
 * the terminal back when it ends or stops. Children are only reaped with
 * waitpid here: in wait_fg, and (WNOHANG) before each prompt.
 */
#include "sh.h"


struct job *jobtab[MAXJOBS];
int job_seq;

struct job *job_new(const char *text)
{
	int slot = -1, id = 0;
	for (int i = 0; i < MAXJOBS; i++) {
		if (!jobtab[i] && slot < 0)
			slot = i;
		if (jobtab[i] && jobtab[i]->id > id)
			id = jobtab[i]->id;
	}
	struct job *j = xmalloc(sizeof *j);
	memset(j, 0, sizeof *j);
	j->id = id + 1;
	j->text = xstrdup(text ? text : "");
	if (slot >= 0)
		jobtab[slot] = j;
	else
		j->id = 0;      /* table full: run it, but untracked by number */
	return j;
}

void job_free(struct job *j)
{
	for (int i = 0; i < MAXJOBS; i++)
		if (jobtab[i] == j)
			jobtab[i] = NULL;
	free(j->pids);
	free(j->status);
	free(j->state);
	free(j->text);
	free(j);
}

/* In a forked child: forget the parent's jobs (they are not our children). */
void jobs_forget(void)
{
	memset(jobtab, 0, sizeof jobtab);
}

static void job_add_pid(struct job *j, pid_t pid)
{
	j->pids = xrealloc(j->pids, (j->n + 1) * sizeof *j->pids);
	j->status = xrealloc(j->status, (j->n + 1) * sizeof *j->status);
	j->state = xrealloc(j->state, j->n + 1);
	j->pids[j->n] = pid;
	j->status[j->n] = 0;
	j->state[j->n] = P_RUN;
	j->n++;
}

int job_state(struct job *j)
{
	int stopped = 0;
	for (int i = 0; i < j->n; i++) {
		if (j->state[i] == P_RUN)
			return P_RUN;
		if (j->state[i] == P_STOP)
			stopped = 1;
	}
	return stopped ? P_STOP : P_DONE;
}

int wstatus_to_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return 0;
}

/* A job's exit status is its last process's. */
int job_status(struct job *j)
{
	return j->n ? wstatus_to_code(j->status[j->n - 1]) : 0;
}

/* Note what waitpid reported about pid. */
void job_record(pid_t pid, int st)
{
	for (int k = 0; k < MAXJOBS; k++) {
		struct job *j = jobtab[k];
		for (int i = 0; j && i < j->n; i++) {
			if (j->pids[i] != pid)
				continue;
			j->status[i] = st;
			if (WIFSTOPPED(st)) {
				j->state[i] = P_STOP;
			} else {
				j->state[i] = P_DONE;
			}
			return;
		}
	}
}

struct job *job_by_rank(int rank)
{
	struct job *best = NULL, *second = NULL;
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = jobtab[i];
		if (!j)
			continue;
		if (!best || j->seq > best->seq) {
			second = best;
			best = j;
		} else if (!second || j->seq > second->seq) {
			second = j;
		}
	}
	return rank ? second : best;
}

char job_mark(struct job *j)
{
	return j == job_by_rank(0) ? '+' : j == job_by_rank(1) ? '-' : ' ';
}

void job_print(struct job *j, int fd, int with_pid)
{
	char state[32];
	int s = job_state(j);
	if (s == P_RUN) {
		strcpy(state, "Running");
	} else if (s == P_STOP) {
		strcpy(state, "Stopped");
	} else {
		int st = j->status[j->n - 1];
		if (WIFSIGNALED(st))
			snprintf(state, sizeof state, "%s", strsignal(WTERMSIG(st)));
		else if (WEXITSTATUS(st))
			snprintf(state, sizeof state, "Exit %d", WEXITSTATUS(st));
		else
			strcpy(state, "Done");
	}
	if (with_pid)
		fdprintf(fd, "[%d]%c %d %-8s %s\n", j->id, job_mark(j), (int)j->pgid, state, j->text);
	else
		fdprintf(fd, "[%d]%c %-8s %s\n", j->id, job_mark(j), state, j->text);
}

void jobs_reap(void)
{
	int st;
	pid_t p;
	while ((p = waitpid(-1, &st, WNOHANG | WUNTRACED)) > 0)
		job_record(p, st);
}

/* Before a prompt: report background jobs that finished or stopped. */
void jobs_notify(void)
{
	jobs_reap();
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = jobtab[i];
		if (!j)
			continue;
		int s = job_state(j);
		if (s == P_DONE) {
			if (interactive)
				job_print(j, 2, 0);
			job_free(j);
		} else if (s == P_STOP && !j->notified) {
			if (interactive)
				job_print(j, 2, 0);
			j->notified = 1;
		}
	}
}

static void set_shell_signals(void (*h)(int))
{
	signal(SIGINT, h);
	signal(SIGQUIT, h);
	signal(SIGTSTP, h);
	signal(SIGTTIN, h);
	signal(SIGTTOU, h);
}

/*
 * Interactive start: wait until we are in the foreground, put the shell in
 * its own process group and take the terminal. Job control stays off when
 * the terminal does not support process groups.
 */
void term_init(void)
{
	set_shell_signals(SIG_IGN);
	ttyfd = fcntl(0, F_DUPFD_CLOEXEC, 10);
	if (ttyfd < 0)
		return;
	pid_t pg;
	signal(SIGTTIN, SIG_DFL);
	while ((pg = tcgetpgrp(ttyfd)) > 0 && pg != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	signal(SIGTTIN, SIG_IGN);
	tcgetattr(ttyfd, &shell_tmodes);
	if (pg <= 0)
		return;
	shell_pgid = getpid();
	if (getpgrp() != shell_pgid && setpgid(0, shell_pgid) < 0)
		return;
	if (tcsetpgrp(ttyfd, shell_pgid) < 0)
		return;
	jobctl = 1;
}

/* Put a stopped or background job in the foreground and wait for it. */
int wait_fg(struct job *j)
{
	while (job_state(j) == P_RUN) {
		int st;
		pid_t p = waitpid(-1, &st, jobctl ? WUNTRACED : 0);
		if (p < 0) {
			if (errno == EINTR)
				continue;
			for (int i = 0; i < j->n; i++)   /* lost children: count them done */
				if (j->state[i] == P_RUN)
					j->state[i] = P_DONE;
			break;
		}
		job_record(p, st);
	}
	int s = job_state(j), status = job_status(j);
	if (jobctl) {
		tcsetpgrp(ttyfd, shell_pgid);
		if (s == P_STOP) {
			j->have_tmodes = tcgetattr(ttyfd, &j->tmodes) == 0;
		}
		tcsetattr(ttyfd, TCSANOW, &shell_tmodes);
	}
	if (s == P_STOP) {
		j->seq = ++job_seq;
		j->notified = 1;
		if (interactive) {
			write(2, "\n", 1);
			job_print(j, 2, 0);
		}
		return 128 + SIGTSTP;
	}
	int st = j->n ? j->status[j->n - 1] : 0;
	if (WIFSIGNALED(st)) {
		int sig = WTERMSIG(st);
		if (sig == SIGINT && !trap_will_run(SIGINT) && !trap_ignored(SIGINT)) {
			interrupted = 1;
			if (interactive)
				write(2, "\n", 1);
		} else if (sig != SIGPIPE) {
			fdprintf(2, "%s\n", strsignal(sig));
		}
	}
	job_free(j);
	return status;
}

/* In a child of an interactive shell: the shell's own signals back to default, unless a trap ignores them. */
void child_signals_default(void)
{
	static const int own[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };
	for (size_t i = 0; interactive && i < sizeof own / sizeof own[0]; i++)
		if (!trap_ignored(own[i]))
			signal(own[i], SIG_DFL);
}

/*
 * Fork one process of job j. The child joins the job's process group (the
 * first child founds it), takes the terminal when fg, gets default signal
 * dispositions and in/out as stdin/stdout, and closes close_fd. Both parent
 * and child call setpgid, so neither depends on who runs first. Returns 0
 * in the child, the pid in the parent, -1 on failure.
 */
pid_t fork_member(struct job *j, int fg, int in, int out, int close_fd)
{
	pid_t pid = sh_fork();
	if (pid < 0) {
		errmsg("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		if (jobctl) {
			pid_t pg = j->pgid ? j->pgid : getpid();
			setpgid(0, pg);
			if (fg)
				tcsetpgrp(ttyfd, pg);
		}
		child_signals_default();
		jobctl = interactive = 0;
		in_subshell = 1;
		jobs_forget();
		if (in >= 0 && in != 0) {
			dup2(in, 0);
			close(in);
		}
		if (out >= 0 && out != 1) {
			dup2(out, 1);
			close(out);
		}
		if (close_fd >= 0)
			close(close_fd);
		return 0;
	}
	if (jobctl) {
		if (!j->pgid)
			j->pgid = pid;
		setpgid(pid, j->pgid);
		if (fg && !j->n)
			tcsetpgrp(ttyfd, j->pgid);
	} else if (!j->pgid) {
		j->pgid = pid;
	}
	job_add_pid(j, pid);
	return pid;
}
