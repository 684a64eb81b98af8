/* exec_child.h - an execve tried in a child, for the exec tests. */
#ifndef EXEC_CHILD_H
#define EXEC_CHILD_H
#include <sys/resource.h>

/* Runs execve(path, argv, envp) in a child, with an RLIMIT_STACK soft
 * limit of `stack` bytes first unless stack is 0 (the child exits 99 if
 * it cannot be set). Returns the errno of a failed execve (told through a
 * close-on-exec pipe), or 0 when it succeeded, -1 when no child could be
 * made; *status (if given) gets the child's wait status. */
__attribute__((unused))
static int try_exec(const char *path, char *const argv[], char *const envp[], rlim_t stack, int *status)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { stack, RLIM_INFINITY };
		close(p[0]);
		if (stack && setrlimit(RLIMIT_STACK, &r) < 0)
			_exit(99);
		execve(path, argv, envp);
		int e = errno;
		write(p[1], &e, sizeof e);
		_exit(127);
	}
	close(p[1]);
	int e = 0;
	ssize_t n = pid < 0 ? -1 : read(p[0], &e, sizeof e);
	close(p[0]);
	int st = pid < 0 ? -1 : wait_for(pid);
	if (status)
		*status = st;
	return n == (ssize_t)sizeof e ? e : 0;
}

#endif
