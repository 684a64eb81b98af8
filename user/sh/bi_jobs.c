/*
 * bi_jobs.c: the job-control builtins: jobs, fg, bg, wait and kill
 * (which knows signal names and %job specs). They work on the job table
 * of jobs.c.
 */
#include "sh.h"

/* %N, %+, %%, %-, %string (command prefix); or N. */
static struct job *job_from_spec(const char *spec, const char *who)
{
	struct job *j = NULL;
	if (!spec || !strcmp(spec, "%") || !strcmp(spec, "%%") || !strcmp(spec, "%+")) {
		j = job_by_rank(0);
	} else if (!strcmp(spec, "%-")) {
		j = job_by_rank(1);
	} else {
		const char *s = spec[0] == '%' ? spec + 1 : spec;
		for (int i = 0; i < MAXJOBS && !j; i++) {
			struct job *c = jobtab[i];
			if (!c)
				continue;
			if (is_number(s) ? c->id == atoi(s) : !strncmp(c->text, s, strlen(s)))
				j = c;
		}
	}
	if (!j)
		errmsg("%s: %s: no such job", who, spec ? spec : "current");
	return j;
}

static void job_continue(struct job *j)
{
	for (int i = 0; i < j->n; i++)
		if (j->state[i] == P_STOP)
			j->state[i] = P_RUN;
	j->notified = 0;
	if (jobctl)
		kill(-j->pgid, SIGCONT);
	else
		for (int i = 0; i < j->n; i++)
			kill(j->pids[i], SIGCONT);
}

int bi_fg(int argc, char **argv)
{
	jobs_reap();
	struct job *j = job_from_spec(argc > 1 ? argv[1] : NULL, argv[0]);
	if (!j)
		return 1;
	if (job_state(j) == P_DONE) {
		int st = job_status(j);
		job_free(j);
		return st;
	}
	if (argv[0][0] == 'b') {
		job_continue(j);
		j->seq = ++job_seq;
		fdprintf(2, "[%d]%c %s &\n", j->id, job_mark(j), j->text);
		return 0;
	}
	fdprintf(2, "%s\n", j->text);
	if (jobctl) {
		tcsetpgrp(ttyfd, j->pgid);
		if (j->have_tmodes)
			tcsetattr(ttyfd, TCSANOW, &j->tmodes);
	}
	job_continue(j);
	return wait_fg(j);
}

int bi_jobs(int argc, char **argv)
{
	int with_pid = argc > 1 && !strcmp(argv[1], "-l");
	int pids_only = argc > 1 && !strcmp(argv[1], "-p");
	jobs_reap();
	for (int id = 1, left = 1; left; id++) {
		left = 0;
		for (int i = 0; i < MAXJOBS; i++) {
			struct job *j = jobtab[i];
			if (!j || j->id < id)
				continue;
			left = 1;
			if (j->id != id)
				continue;
			if (pids_only)
				fdprintf(1, "%d\n", (int)j->pgid);
			else
				job_print(j, 1, with_pid);
			if (job_state(j) == P_DONE)
				job_free(j);
			else if (job_state(j) == P_STOP)
				j->notified = 1;
		}
	}
	return 0;
}

/*
 * Reap children while busy(j) (j may be NULL). Returns 0, or
 * 128 + the signal when a trapped signal interrupted the wait (POSIX:
 * its trap then runs at once).
 */
static int wait_while(int (*busy)(struct job *), struct job *j)
{
	while (busy(j) && !interrupted) {
		int ws;
		if (trap_pending_sig())
			return 128 + trap_pending_sig();
		pid_t p = waitpid(-1, &ws, jobctl ? WUNTRACED : 0);
		if (p < 0 && errno != EINTR)
			break;
		if (p > 0)
			job_record(p, ws);
	}
	return 0;
}

static int any_running(struct job *unused)
{
	(void)unused;
	for (int i = 0; i < MAXJOBS; i++)
		if (jobtab[i] && job_state(jobtab[i]) == P_RUN)
			return 1;
	return 0;
}

static int job_running(struct job *j)
{
	return job_state(j) == P_RUN;
}

/* The job with process pid, or NULL. */
static struct job *job_of_pid(pid_t pid)
{
	for (int i = 0; i < MAXJOBS; i++)
		for (int k = 0; jobtab[i] && k < jobtab[i]->n; k++)
			if (jobtab[i]->pids[k] == pid)
				return jobtab[i];
	return NULL;
}

int bi_wait(int argc, char **argv)
{
	int st = 0;
	if (argc == 1) {
		st = wait_while(any_running, NULL);
		for (int i = 0; i < MAXJOBS; i++)
			if (jobtab[i] && job_state(jobtab[i]) == P_DONE)
				job_free(jobtab[i]);
		return st;
	}
	for (int a = 1; a < argc; a++) {
		struct job *j;
		if (argv[a][0] == '%') {
			j = job_from_spec(argv[a], "wait");
		} else if (!(j = job_of_pid(atoi(argv[a])))) {
			int ws;
			st = waitpid(atoi(argv[a]), &ws, 0) < 0 ? 127 : wstatus_to_code(ws);
			continue;
		}
		if (!j) {
			st = 127;
			continue;
		}
		if ((st = wait_while(job_running, j)))
			return st;
		st = job_status(j);
		if (job_state(j) == P_DONE)
			job_free(j);
	}
	return st;
}

/* ---- kill, with signal names and job specs ---- */

int bi_kill(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, st = 0;
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		if (argc > 2) {
			int n = atoi(argv[2]);
			n = n > 128 ? n - 128 : n;
			if (sig_name(n))
				fdprintf(1, "%s\n", sig_name(n));
			return 0;
		}
		sig_list(1);
		return 0;
	}
	if (i < argc && !strcmp(argv[i], "-s") && i + 1 < argc) {
		sig = sig_from_name(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--")) {
		sig = sig_from_name(argv[i] + 1);
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (sig < 0 || sig > 64) {
		errmsg("kill: %s: invalid signal specification", argv[i - 1]);
		return 1;
	}
	if (i == argc) {
		errmsg("usage: kill [-s sig | -sig] pid | %%job ...");
		return 2;
	}
	for (; i < argc; i++) {
		if (argv[i][0] == '%') {
			struct job *j = job_from_spec(argv[i], "kill");
			if (!j) {
				st = 1;
				continue;
			}
			if (jobctl ? kill(-j->pgid, sig) : kill(j->pids[0], sig)) {
				errmsg("kill: %s: %s", argv[i], strerror(errno));
				st = 1;
			}
			if (sig == SIGKILL || sig == SIGTERM || sig == SIGHUP)
				if (jobctl && job_state(j) == P_STOP)
					kill(-j->pgid, SIGCONT);
			continue;
		}
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (*end || !*argv[i]) {
			errmsg("kill: %s: arguments must be process or job IDs", argv[i]);
			st = 1;
		} else if (kill(pid, sig) < 0) {
			errmsg("kill: (%ld) - %s", pid, strerror(errno));
			st = 1;
		}
	}
	return st;
}

