/* t_misc_calls - small calls i386 Linux 6.1 keeps, as it answers them:
 * nice(2) by number (it returns 0, not the new value; cut to -20..19;
 * lowering needs root or RLIMIT_NICE, which t_hostile_proc_guest checks), restart_syscall(2) called by a
 * program (EINTR), setns(2) with a pidfd and the mount namespace (root
 * and cwd go to "/"; EBADF, EINVAL, ESRCH, EPERM), and ustat(2) of the
 * root's device (EINVAL for no such filesystem, EFAULT). Namespaces the
 * host has and Pipit does not are in t_unshare_guest. */
#include "check.h"
#include <sched.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static int nice_now(void)
{
	errno = 0;
	return getpriority(PRIO_PROCESS, 0);
}

static void nice_call(void)
{
	int n0 = nice_now();
	CHECK_EQ("nice(0) returns 0", syscall(SYS_nice, 0), 0);
	CHECK_EQ("nice(3) returns 0", syscall(SYS_nice, 3), 0);
	CHECK_EQ("and adds 3", nice_now(), n0 + 3 > 19 ? 19 : n0 + 3);
	CHECK_EQ("nice(100) is cut", syscall(SYS_nice, 100), 0);
	CHECK_EQ("to 19", nice_now(), 19);
	CHECK_EQ("root lowers it", syscall(SYS_nice, -4), 0);
	CHECK_EQ("to 15", nice_now(), 15);
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(2);
		int ok = syscall(SYS_nice, -1) == -1 && errno == EPERM;
		ok &= syscall(SYS_nice, 1) == 0 && nice_now() == 16;
		_exit(ok ? 0 : 1);
	}
	CHECK_EQ("a user may raise it, not lower it (EPERM)", wait_for(pid), 0);
	/* (RLIMIT_NICE above the boot hard limit needs CAP_SYS_RESOURCE, which
	 * the host's root may lack: t_hostile_proc_guest checks it) */
}

static void restart(void)
{
	CHECK_ERR("restart_syscall by hand: EINTR", syscall(SYS_restart_syscall), EINTR);
}

static void set_ns(void)
{
	int pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	CHECK("a pidfd of itself", pfd >= 0);
	CHECK_ERR("a bad fd: EBADF", syscall(SYS_setns, 99, 0), EBADF);
	CHECK_ERR("a file that names no namespace: EINVAL", syscall(SYS_setns, 0, CLONE_NEWNS), EINVAL);
	CHECK_ERR("a pidfd, flags 0: EINVAL", syscall(SYS_setns, pfd, 0), EINVAL);
	CHECK_ERR("a pidfd, an unknown flag: EINVAL", syscall(SYS_setns, pfd, CLONE_VM), EINVAL);
	chdir("/tmp");
	CHECK_OK0("its own mount namespace", syscall(SYS_setns, pfd, CLONE_NEWNS));
	char cwd[64] = "";
	getcwd(cwd, sizeof cwd);
	CHECK_STR("the cwd goes to /", cwd, "/");
	pid_t pid = fork();
	if (pid == 0) {
		if (setgid(100) < 0 || setuid(1000) < 0)
			_exit(2);
		int mine = (int)syscall(SYS_pidfd_open, getpid(), 0);
		_exit(syscall(SYS_setns, mine, CLONE_NEWNS) == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK_EQ("a user: EPERM", wait_for(pid), 0);
	pid = fork();
	if (pid == 0)
		_exit(0);
	int gone = (int)syscall(SYS_pidfd_open, pid, 0);
	wait_for(pid);
	CHECK_ERR("a process reaped: ESRCH", syscall(SYS_setns, gone, CLONE_NEWNS), ESRCH);
	close(gone);
	close(pfd);
}

static void u_stat(void)
{
	struct stat st;
	stat("/", &st);
	struct { int f_tfree; unsigned long f_tinode; char f_fname[6], f_fpack[6]; } u;
	memset(&u, 'x', sizeof u);
	CHECK_OK0("ustat of the root's device", syscall(SYS_ustat, (unsigned)st.st_dev, &u));
	CHECK("its names are empty", u.f_fname[0] == 0 && u.f_fpack[5] == 0);
	CHECK_ERR("no such filesystem: EINVAL", syscall(SYS_ustat, (unsigned)makedev(250, 251), &u), EINVAL);
	CHECK_ERR("a bad buffer: EFAULT", syscall(SYS_ustat, (unsigned)st.st_dev, (void *)8), EFAULT);
}

int main(void)
{
	RUN(nice_call);
	RUN(restart);
	RUN(set_ns);
	RUN(u_stat);
	return cases_failed ? 1 : 0;
}
