/* ptrace_child.h - a child to trace, for the ptrace tests. */
#ifndef PTRACE_CHILD_H
#define PTRACE_CHILD_H
#include <sys/ptrace.h>

/* A child that is traced (PTRACE_TRACEME) and stopped by its own
 * SIGSTOP, then runs body when resumed, and exits 0 after it. Returns
 * its pid once it has stopped (checked). */
__attribute__((unused))
static pid_t traced(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, 0, 0);
		raise(SIGSTOP);
		body();
		_exit(0);
	}
	int st;
	waitpid(pid, &st, __WALL);
	CHECK("stopped with SIGSTOP", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	return pid;
}

#endif
