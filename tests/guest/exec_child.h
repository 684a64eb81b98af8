/* exec_child.h - an execve tried in a child, for the exec tests. */
#ifndef EXEC_CHILD_H
#define EXEC_CHILD_H
#include <sys/resource.h>

/* Runs execve(path, argv, envp) in a child, with the soft limit of
 * `resource` set to `value` first unless value is 0 (the child exits 99
 * if it cannot be set). Returns the errno of a failed execve (told
 * through a close-on-exec pipe), or 0 when it succeeded, -1 when no child
 * could be made; *status (if given) gets the child's wait status. */
__attribute__((unused))
static int try_exec_rlimit(const char *path, char *const argv[], char *const envp[], int resource,
			   rlim_t value, int *status)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit r = { value, RLIM_INFINITY };
		close(p[0]);
		if (value && setrlimit(resource, &r) < 0)
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

/* The same with RLIMIT_STACK at `stack` bytes (0: as it is). */
__attribute__((unused))
static int try_exec(const char *path, char *const argv[], char *const envp[], rlim_t stack, int *status)
{
	return try_exec_rlimit(path, argv, envp, RLIMIT_STACK, stack, status);
}

/* Copies the file src to dst (made mode 0755): 0, or -1 when nothing
 * could be copied. The exec tests run a copy of themselves. */
__attribute__((unused))
static int copy_program(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	char buf[8192];
	ssize_t n, total = 0;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof buf)) > 0)
		total += write(out, buf, n);
	close(in);
	close(out);
	return total > 0 ? 0 : -1;
}

#endif
