/* t_rlimit_cpu - differential test of RLIMIT_CPU: at the soft limit the
 * process gets SIGXCPU and the soft limit moves one second on (so SIGXCPU
 * comes every second), at the hard limit SIGKILL; SIGXCPU's default action
 * ends the process (as a core signal). Each case burns a few seconds. */
#include "check.h"
#include <sys/resource.h>

static int report_fd;

static void on_xcpu(int s)
{
	(void)s;
	struct rlimit r;
	getrlimit(RLIMIT_CPU, &r);
	char c = (char)('0' + (int)r.rlim_cur);
	write(report_fd, &c, 1);
}

static void spin(void)
{
	for (volatile unsigned long i = 0;; i++)
		;
}

/* A child with limits soft/hard that handles SIGXCPU (or not) and spins:
 * its wait status, and what its handler saw (the soft limit each time). */
static int burn(rlim_t soft, rlim_t hard, void (*handler)(int), char *seen, size_t cap)
{
	int p[2];
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		report_fd = p[1];
		if (handler)
			signal(SIGXCPU, handler);
		struct rlimit r = { soft, hard };
		if (setrlimit(RLIMIT_CPU, &r) < 0)
			_exit(99);
		spin();
	}
	close(p[1]);
	int st = wait_for(pid);
	ssize_t n = read(p[0], seen, cap - 1);
	seen[n > 0 ? n : 0] = 0;
	close(p[0]);
	return st;
}

static void every_second_then_kill(void)
{
	char seen[16];
	int st = burn(1, 3, on_xcpu, seen, sizeof seen);
	CHECK_SIG("SIGKILL at the hard limit", st, SIGKILL);
	CHECK_STR("SIGXCPU at 1 s and 2 s, the soft limit moving on", seen, "23");
}

static void default_action(void)
{
	char seen[4];
	int st = burn(1, RLIM_INFINITY, NULL, seen, sizeof seen);
	CHECK_SIG("SIGXCPU ends it", st, SIGXCPU);
	CHECK("no core (RLIMIT_CORE 0)", !WCOREDUMP(st));
}

static void ignored(void)
{
	char seen[4];
	int st = burn(1, 2, SIG_IGN, seen, sizeof seen);
	CHECK_SIG("ignored SIGXCPU: SIGKILL at the hard limit", st, SIGKILL);
}

static void limits(void)
{
	struct rlimit r;
	CHECK_OK0("getrlimit", getrlimit(RLIMIT_CPU, &r));
	CHECK("unlimited by default", r.rlim_cur == RLIM_INFINITY && r.rlim_max == RLIM_INFINITY);
	r.rlim_cur = 5;
	r.rlim_max = 4;
	CHECK_ERR("soft above hard", setrlimit(RLIMIT_CPU, &r), EINVAL);
}

int main(void)
{
	RUN(limits);
	RUN(every_second_then_kill);
	RUN(default_action);
	RUN(ignored);
	return cases_failed ? 1 : 0;
}
