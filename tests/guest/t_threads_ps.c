/* t_threads_ps - ps shows threads (issue 15): `ps -L -p PID` prints one
 * line per thread in procps's columns "  PID   LWP TTY          TIME CMD"
 * (-T: SPID), the threads in the order of their ids, each with the
 * process's id, its own id, a time as HH:MM:SS and the command name.
 *
 * Differential: Pipit's ps (run_prog.h) runs in the guest and on the host;
 * the lines are checked field by field, so no id reaches a PASS line. The
 * header is the one procps 4 prints. */
#include "check.h"
#include "run_prog.h"
#include <pthread.h>

static volatile pid_t worker_tid;
static volatile int stop_worker;

static void *worker(void *arg)
{
	(void)arg;
	worker_tid = (pid_t)syscall(SYS_gettid);
	while (!stop_worker)
		usleep(1000);
	return NULL;
}

/* Starts a worker; returns its thread id once it runs. */
static pid_t start_worker(pthread_t *t)
{
	worker_tid = 0;
	pthread_create(t, NULL, worker, NULL);
	while (!worker_tid)
		usleep(1000);
	return worker_tid;
}

/* Checks the lines after the header: `want` lines, each "PID TID TTY
 * TIME CMD" with PID the caller's, TID tids[i] and CMD comm. */
static void check_lines(const char *name, char *out, const pid_t *tids, int want)
{
	char comm[64] = "", buf[64];
	ssize_t n = get_file("/proc/self/comm", comm, sizeof comm - 1);
	comm[n > 0 ? n - 1 : 0] = 0;
	int lines = 0, bad = 0;
	for (char *line = strtok(strchr(out, '\n') + 1, "\n"); line; line = strtok(NULL, "\n")) {
		int pid, tid, h, m, s;
		char cmd[64];
		if (sscanf(line, "%d %d %*s %d:%d:%d %63s", &pid, &tid, &h, &m, &s, cmd) != 6 ||
		    pid != getpid() || lines >= want || tid != tids[lines] || strcmp(cmd, comm)) {
			fail(name, "line %d: \"%s\"", lines, line);
			bad++;
		}
		lines++;
	}
	snprintf(buf, sizeof buf, "%s_lines", name);
	CHECK_EQ(buf, lines, want);
	snprintf(buf, sizeof buf, "%s_fields", name);
	CHECK_EQ(buf, bad, 0);
}

static void ps_threads(void)
{
	alarm(20);
	static struct result r;
	pthread_t t[2];
	pid_t tids[3] = { getpid(), start_worker(&t[0]), start_worker(&t[1]) };
	char pid[16];
	snprintf(pid, sizeof pid, "%d", (int)getpid());
	char *L[] = { "ps", "-L", "-p", pid, NULL }, *T[] = { "ps", "-T", "-p", pid, NULL };
	run(0, L, &r);
	CHECK_EQ("ps_L_status", r.status, 0);
	CHECK("ps_L_header", !strncmp(r.out, "  PID   LWP TTY          TIME CMD\n", 34));
	check_lines("ps_L", r.out, tids, 3);
	run(0, T, &r);
	CHECK_EQ("ps_T_status", r.status, 0);
	CHECK("ps_T_header", !strncmp(r.out, "  PID  SPID TTY          TIME CMD\n", 34));
	check_lines("ps_T", r.out, tids, 3);
	stop_worker = 1;
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	char *L1[] = { "ps", "-Lp", pid, NULL };
	run(0, L1, &r);
	check_lines("ps_Lp_after_join", r.out, tids, 1);
}

/* -p with a process that does not exist: the header alone, status 1. */
static void ps_no_such_pid(void)
{
	static struct result r;
	char *argv[] = { "ps", "-L", "-p", "2147483", NULL };
	run(0, argv, &r);
	CHECK_EQ("ps_missing_status", r.status, 1);
	CHECK_STR("ps_missing_out", r.out, "  PID   LWP TTY          TIME CMD\n");
}

int main(void)
{
	find_bindir();
	RUN(ps_threads);
	RUN(ps_no_such_pid);
	return cases_failed != 0;
}
