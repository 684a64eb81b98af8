/* runtests - the guest test runner, the init= program of test boots:
 * `/bin/runtests NAME...` runs each /tests/NAME in a child between
 * "=== BEGIN NAME" and "=== END NAME status=S" (or sig=N) lines, which
 * tests/run.py reads on the serial console, then prints "=== ALL DONE"
 * and powers off. As pid 1 it also reaps every orphan. NAME/A+B runs only
 * the cases A and B of NAME (CHECK_ONLY=A,B, read by check.h). */
#include "guest/check.h"   /* say: one write(2) per line, nothing buffered for fork */
#include <sys/reboot.h>

/* The child: a clean start for one test program (cases: "A+B" or NULL);
 * never returns. */
static void exec_test(const char *name, const char *cases)
{
	static char only[256];
	static char *envp[] = { "PATH=/bin:/usr/bin", "HOME=/", "TERM=dumb", NULL, NULL };
	char path[256];
	char *argv[] = { (char *)name, NULL };
	if (cases) {
		snprintf(only, sizeof only, "CHECK_ONLY=%s", cases);
		for (char *p = only; *p; p++)
			if (*p == '+')
				*p = ',';
		envp[3] = only;
	}
	snprintf(path, sizeof path, "/tests/%s", name);
	dup2(1, 2);
	chdir("/");
	umask(022);
	execve(path, argv, envp);
	say("runtests: cannot run %s: %s\n", path, strerror(errno));
	_exit(127);
}

/* Waits for pid, reaping any other child (orphans re-parented to pid 1)
 * on the way; returns its status, or -1 if it cannot be waited for. */
static int wait_reaping(pid_t pid)
{
	for (;;) {
		int st;
		pid_t r = waitpid(-1, &st, 0);
		if (r == pid)
			return st;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int run_one(char *spec)
{
	char *cases = strchr(spec, '/'), *name = spec;
	if (cases)
		*cases++ = '\0';
	say("=== BEGIN %s\n", name);
	pid_t pid = fork();
	if (pid == 0)
		exec_test(name, cases);
	int st = pid < 0 ? -1 : wait_reaping(pid);
	if (st == -1) {
		say("runtests: %s: %s\n", pid < 0 ? "fork" : "wait", strerror(errno));
		say("=== END %s status=127\n", name);
		return 1;
	}
	if (WIFSIGNALED(st))
		say("=== END %s sig=%d\n", name, WTERMSIG(st));
	else
		say("=== END %s status=%d\n", name, WEXITSTATUS(st));
	return st != 0;
}

int main(int argc, char **argv)
{
	int failed = 0;
	if (argc < 2)
		say("runtests: usage: runtests NAME[/CASE+CASE...]... (runs /tests/NAME)\n");
	for (int i = 1; i < argc; i++)
		failed += run_one(argv[i]);
	while (waitpid(-1, NULL, WNOHANG) > 0)   /* leftover zombies */
		;
	say("=== ALL DONE\n");
	sync();
	if (getpid() == 1) {         /* never power off a host by accident */
		reboot(RB_POWER_OFF);
		say("runtests: reboot: %s\n", strerror(errno));
	}
	return failed ? 1 : 0;
}
