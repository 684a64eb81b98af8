/* t_execveat - execveat(2) as Linux 6.1: a path relative to a directory
 * descriptor, AT_EMPTY_PATH on a file's descriptor (fexecve), O_PATH
 * descriptors, AT_SYMLINK_NOFOLLOW, the file's name as the program sees
 * it ("/dev/fd/N[/path]" in AT_EXECFN and comm), a script through a
 * close-on-exec descriptor (ENOENT), and the errors in Linux's order
 * (kernel/exec.c: execve_common, exec_name). The exec'ed program is this
 * one in "report" mode; the parent prints what it reported after it ended. */
#include "check.h"
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <libgen.h>
#include <stdint.h>

#define NR_EXECVEAT 358

static char self_exe[256], script[64], link_path[64];
static pid_t test_pid;

static long execveat_(int dirfd, const char *path, char *const argv[], int flags)
{
	static char *envp[] = { NULL };
	return syscall(NR_EXECVEAT, dirfd, path, argv, envp, flags);
}

/* The exec'ed side: what it is called, and whether /proc/self/exe is the file. */
static int report_self(void)
{
	char exe[256] = "", comm[32] = "";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	int fd = open("/proc/self/comm", O_RDONLY);
	n = fd >= 0 ? read(fd, comm, sizeof comm - 1) : 0;
	comm[n > 0 ? n - 1 : 0] = 0;
	const char *execfn = (const char *)getauxval(AT_EXECFN);
	/* comm is the name's last part, but of "/dev/fd/N" it is "N" on 6.1
	 * (the file's own name since 6.14): shown only for the other names */
	const char *last = execfn ? strrchr(execfn, '/') : NULL;
	int comm_ok = last && !strncmp(comm, last + 1, 15);
	if (execfn && strncmp(execfn, "/dev/fd/", 8))
		printf("  execfn=%s comm-is-its-last-part=%d exe-is-the-file=%d\n",
		       !strcmp(execfn, self_exe) ? "(the path given)" : !strcmp(execfn, link_path) ? "(the link)" : execfn,
		       comm_ok, strcmp(exe, self_exe) == 0);
	else
		printf("  execfn=%s exe-is-the-file=%d\n", execfn ? execfn : "?", strcmp(exe, self_exe) == 0);
	fflush(stdout);
	return 0;
}

/* Forks; the child runs execveat(dirfd, path, flags) in report mode; the
 * exit code (100 + errno when the exec failed). */
static int run(int dirfd, const char *path, int flags)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char owner[16];
		snprintf(owner, sizeof owner, "%d", (int)test_pid);
		char *argv[] = { "t_execveat", "report", owner, NULL };
		execveat_(dirfd, path, argv, flags);
		_exit(100 + errno);
	}
	int st = wait_for(pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + st;
}

static void by_path(void)
{
	CHECK_EQ("absolute path, AT_FDCWD", run(AT_FDCWD, self_exe, 0), 0);
	CHECK_EQ("absolute path, a bad dirfd is not looked at", run(-1, self_exe, 0), 0);
	char dir[256];
	strcpy(dir, self_exe);
	dirname(dir);
	int d = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK_EQ("directory at 20", dup2(d, 20), 20);
	char base[256];
	strcpy(base, self_exe);
	CHECK_EQ("relative to descriptor 20", run(20, basename(base), 0), 0);
	int p = open(dir, O_PATH | O_DIRECTORY);
	dup2(p, 20);
	CHECK_EQ("relative to an O_PATH directory", run(20, basename(base), 0), 0);
}

static void by_descriptor(void)
{
	int fd = open(self_exe, O_RDONLY);
	CHECK_EQ("the file at 21", dup2(fd, 21), 21);
	CHECK_EQ("AT_EMPTY_PATH on it", run(21, "", AT_EMPTY_PATH), 0);
	fcntl(21, F_SETFD, FD_CLOEXEC);
	CHECK_EQ("close-on-exec: an ELF still runs", run(21, "", AT_EMPTY_PATH), 0);
	int p = open(self_exe, O_PATH);
	dup2(p, 22);
	CHECK_EQ("an O_PATH descriptor", run(22, "", AT_EMPTY_PATH), 0);
	int d = open("/", O_RDONLY | O_DIRECTORY);
	dup2(d, 23);
	CHECK_EQ("a directory: EACCES", run(23, "", AT_EMPTY_PATH), 100 + EACCES);
}

static void scripts(void)
{
	int fd = open(script, O_RDONLY);
	dup2(fd, 24);
	CHECK_EQ("a script through its descriptor", run(24, "", AT_EMPTY_PATH), 7);
	fcntl(24, F_SETFD, FD_CLOEXEC);
	CHECK_EQ("close-on-exec: the interpreter could not open it: ENOENT", run(24, "", AT_EMPTY_PATH), 100 + ENOENT);
	CHECK_EQ("by path it runs", run(AT_FDCWD, script, 0), 7);
}

static void symlinks(void)
{
	CHECK_EQ("through a symlink", run(AT_FDCWD, link_path, 0), 0);
	CHECK_EQ("AT_SYMLINK_NOFOLLOW on a symlink: ELOOP", run(AT_FDCWD, link_path, AT_SYMLINK_NOFOLLOW), 100 + ELOOP);
	CHECK_EQ("AT_SYMLINK_NOFOLLOW on the file", run(AT_FDCWD, self_exe, AT_SYMLINK_NOFOLLOW), 0);
}

static void errors(void)
{
	char *argv[] = { "t_execveat", "report", NULL };
	CHECK_ERR("empty path without AT_EMPTY_PATH: ENOENT", execveat_(AT_FDCWD, "", argv, 0), ENOENT);
	CHECK_ERR("unknown flag: EINVAL", execveat_(AT_FDCWD, self_exe, argv, 0x1), EINVAL);
	CHECK_ERR("unknown flag before a bad dirfd: EINVAL", execveat_(-1, "x", argv, 0x8000), EINVAL);
	/* (A bad argv with a bad flag: 6.1 copies the strings first, EFAULT;
	 * since 6.8 the file is opened first, EINVAL. Not compared.) */
	CHECK_ERR("a bad path: EFAULT", execveat_(AT_FDCWD, (char *)8, argv, 0), EFAULT);
	CHECK_ERR("relative to a bad dirfd: EBADF", execveat_(77, "x", argv, 0), EBADF);
	CHECK_ERR("AT_EMPTY_PATH on a bad fd: EBADF", execveat_(77, "", argv, AT_EMPTY_PATH), EBADF);
	int fd = open(self_exe, O_RDONLY);
	CHECK_ERR("relative to a file: ENOTDIR", execveat_(fd, "x", argv, 0), ENOTDIR);
	CHECK_ERR("a missing name: ENOENT", execveat_(AT_FDCWD, "/nonexistent/x", argv, 0), ENOENT);
	close(fd);
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	self_exe[n > 0 ? n : 0] = 0;
	pid_t owner = argc > 2 ? (pid_t)atoi(argv[2]) : getpid();   /* report mode: the test's pid */
	snprintf(script, sizeof script, "/tmp/t_execveat.%d.sh", (int)owner);
	snprintf(link_path, sizeof link_path, "/tmp/t_execveat.%d.ln", (int)owner);
	if (argc > 1 && !strcmp(argv[1], "report"))
		return report_self();
	test_pid = getpid();
	int fd = open(script, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	write(fd, "#!/bin/sh\nexit 7\n", 17);
	close(fd);
	symlink(self_exe, link_path);
	RUN(by_path);
	RUN(by_descriptor);
	RUN(scripts);
	RUN(symlinks);
	RUN(errors);
	unlink(script);
	unlink(link_path);
	return cases_failed ? 1 : 0;
}
