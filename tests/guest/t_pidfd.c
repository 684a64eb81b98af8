/* t_pidfd - process descriptors: pidfd_open(2), CLONE_PIDFD of clone and
 * clone3, pidfd_send_signal(2), pidfd_getfd(2), poll on a pidfd (readable
 * once the whole process has ended), and waitid(2), with P_PIDFD and the
 * other id types, its options and the siginfo it fills. */
#include "check.h"
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#define SYS_pidfd_send_signal 424
#define SYS_pidfd_getfd 438
#endif
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#define PIDFD_NONBLOCK O_NONBLOCK

struct clone_args {                          /* <linux/sched.h>'s */
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};

static int pidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static int send_sig(int fd, int sig, siginfo_t *info, unsigned flags)
{
	return (int)syscall(SYS_pidfd_send_signal, fd, sig, info, flags);
}

/* A child that waits until its pipe is closed, then exits with `code`;
 * *wfd is the write end that holds it. */
static pid_t held_child(int code, int *wfd)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(p[1]);
		while (read(p[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(code);
	}
	close(p[0]);
	*wfd = p[1];
	return c;
}

/* A pid no process, group or session has. */
static pid_t free_pid(void)
{
	for (pid_t p = 31000 + getpid() % 700; p < 32700; p++)
		if (kill(p, 0) < 0 && errno == ESRCH && getpgid(p) < 0 && getsid(p) < 0)
			return p;
	return 32767;
}

static int revents(int fd, int timeout)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	int n = poll(&pfd, 1, timeout);
	return n < 0 ? -1 : pfd.revents;
}

static void *thread_tid(void *arg)
{
	*(pid_t *)arg = (pid_t)syscall(SYS_gettid);
	return NULL;
}

static void open_errors(void)
{
	CHECK_ERR("flags 1", pidfd_open(getpid(), 1), EINVAL);
	CHECK_ERR("O_CLOEXEC is no pidfd_open flag", pidfd_open(getpid(), O_CLOEXEC), EINVAL);
	CHECK_ERR("pid 0", pidfd_open(0, 0), EINVAL);
	CHECK_ERR("pid -1", pidfd_open(-1, 0), EINVAL);
	CHECK_ERR("no such process", pidfd_open(free_pid(), 0), ESRCH);
	static pid_t tid;
	pthread_t th;
	pthread_create(&th, NULL, thread_tid, &tid);
	pthread_join(th, NULL);
	CHECK_ERR("a thread that is gone", pidfd_open(tid, 0), ESRCH);
}

static void open_flags(void)
{
	int fd = pidfd_open(getpid(), 0);
	CHECK("pidfd_open of itself", fd >= 0);
	CHECK_EQ("close-on-exec", fcntl(fd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("O_RDWR", fcntl(fd, F_GETFL) & ~O_LARGEFILE, O_RDWR);
	int nb = pidfd_open(getpid(), PIDFD_NONBLOCK);
	CHECK_EQ("PIDFD_NONBLOCK: O_NONBLOCK", fcntl(nb, F_GETFL) & ~O_LARGEFILE, O_RDWR | O_NONBLOCK);
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	/* Linux 6.1's anon inode; Linux 6.9 and later have a pidfs */
	CHECK("/proc/self/fd shows a pidfd", !strcmp(link, "anon_inode:[pidfd]") || !strncmp(link, "pidfd:[", 7));
	CHECK_EQ("a live process: not readable", revents(fd, 0), 0);
	close(fd);
	close(nb);
}

static void open_zombie(void)
{
	int w;
	pid_t c = held_child(3, &w);
	int fd = pidfd_open(c, 0);
	CHECK("a running child", fd >= 0);
	CHECK_EQ("not readable while it runs", revents(fd, 0), 0);
	close(w);
	CHECK_EQ("poll waits for its end", revents(fd, 5000) & POLLIN, POLLIN);
	int z = pidfd_open(c, 0);
	CHECK("a zombie can be opened", z >= 0);
	CHECK_EQ("it is readable", revents(z, 0) & POLLIN, POLLIN);
	CHECK_EXIT("reaped", wait_for(c), 3);
	CHECK_ERR("reaped: ESRCH", pidfd_open(c, 0), ESRCH);
	CHECK_EQ("the old pidfd stays readable", revents(fd, 0) & POLLIN, POLLIN);
	close(fd);
	close(z);
}

static int leader_pipe[2];

static void *late_thread(void *arg)
{
	char b;
	(void)arg;
	while (read(leader_pipe[0], &b, 1) < 0 && errno == EINTR)
		;
	_exit(4);                                /* exit_group from the last thread */
}

static void poll_group(void)
{
	pipe(leader_pipe);
	pid_t c = fork();
	if (c == 0) {
		pthread_t th;
		pthread_create(&th, NULL, late_thread, NULL);
		syscall(SYS_exit, 0);            /* the leader alone */
	}
	int fd = pidfd_open(c, 0);
	msleep(100);
	CHECK_EQ("the leader gone, a thread left: not readable", revents(fd, 0), 0);
	write(leader_pipe[1], "x", 1);
	CHECK_EQ("readable when the last thread ends", revents(fd, 5000) & POLLIN, POLLIN);
	CHECK_EXIT("the process's status", wait_for(c), 4);
	close(fd);
}

static void send_errors(void)
{
	int fd = pidfd_open(getpid(), 0);
	int null = open("/dev/null", O_RDONLY);
	CHECK_ERR("flags 0x100", send_sig(fd, 0, NULL, 0x100), EINVAL);
	CHECK_ERR("a closed fd", send_sig(999, 0, NULL, 0), EBADF);
	CHECK_ERR("a file that is no pidfd", send_sig(null, 0, NULL, 0), EBADF);
	CHECK_ERR("signal 65", send_sig(fd, 65, NULL, 0), EINVAL);
	CHECK_ERR("signal -1", send_sig(fd, -1, NULL, 0), EINVAL);
	CHECK_OK0("signal 0 checks only", send_sig(fd, 0, NULL, 0));
	CHECK_ERR("an unreadable siginfo", send_sig(fd, SIGUSR1, (siginfo_t *)4, 0), EFAULT);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR2;
	si.si_code = SI_QUEUE;
	CHECK_ERR("si_signo is not sig", send_sig(fd, SIGUSR1, &si, 0), EINVAL);
	close(fd);
	close(null);
}

static void send_kill(void)
{
	int w;
	pid_t c = held_child(0, &w);
	int fd = pidfd_open(c, 0);
	CHECK_OK0("SIGKILL through the pidfd", send_sig(fd, SIGKILL, NULL, 0));
	CHECK_SIG("the child was killed", wait_for(c), SIGKILL);
	CHECK_ERR("reaped: ESRCH", send_sig(fd, 0, NULL, 0), ESRCH);
	CHECK_ERR("reaped: ESRCH for a bad signal too", send_sig(fd, 99, NULL, 0), ESRCH);
	close(fd);
	close(w);
	c = held_child(0, &w);
	fd = pidfd_open(c, 0);
	close(w);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	CHECK_OK0("a zombie: 0", send_sig(fd, SIGTERM, NULL, 0));
	wait_for(c);
	close(fd);
}

static void send_info(void)
{
	int fd = pidfd_open(getpid(), 0);
	mask(SIG_BLOCK, SIGUSR1);
	CHECK_OK0("no siginfo: kill's", send_sig(fd, SIGUSR1, NULL, 0));
	siginfo_t si;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_EQ("taken", sigwaitinfo(&set, &si), SIGUSR1);
	CHECK_EQ("si_code SI_USER", si.si_code, SI_USER);
	CHECK("si_pid is ours", si.si_pid == getpid());
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;
	si.si_pid = 4242;
	CHECK_OK0("to itself: any si_code", send_sig(fd, SIGUSR1, &si, 0));
	memset(&si, 0, sizeof si);
	CHECK_EQ("taken", sigwaitinfo(&set, &si), SIGUSR1);
	CHECK_EQ("the sender's si_pid", si.si_pid, 4242);
	close(fd);
	int w;
	pid_t c = held_child(0, &w);
	fd = pidfd_open(c, 0);
	memset(&si, 0, sizeof si);
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;
	CHECK_ERR("to another: SI_USER is the kernel's", send_sig(fd, SIGUSR1, &si, 0), EPERM);
	si.si_code = SI_TKILL;
	CHECK_ERR("to another: SI_TKILL is the kernel's", send_sig(fd, SIGUSR1, &si, 0), EPERM);
	si.si_code = SI_QUEUE;
	si.si_signo = SIGKILL;
	CHECK_OK0("to another: SI_QUEUE", send_sig(fd, SIGKILL, &si, 0));
	CHECK_SIG("it was killed", wait_for(c), SIGKILL);
	close(w);
	close(fd);
}

static void send_perm_user(void)
{
	int fd = pidfd_open(1, 0);
	CHECK("a user may open init's pidfd", fd >= 0);
	CHECK_ERR("but not signal it", send_sig(fd, 0, NULL, 0), EPERM);
	CHECK_ERR("nor take its descriptors", syscall(SYS_pidfd_getfd, fd, 0, 0), EPERM);
}

static void send_perm(void)
{
	as_uid1000(send_perm_user);
}

static void getfd(void)
{
	int fd = pidfd_open(getpid(), 0);
	int null = open("/dev/null", O_RDONLY);
	CHECK_ERR("flags 1", syscall(SYS_pidfd_getfd, fd, null, 1), EINVAL);
	CHECK_ERR("no pidfd", syscall(SYS_pidfd_getfd, null, 0, 0), EBADF);
	CHECK_ERR("a closed target fd", syscall(SYS_pidfd_getfd, fd, 999, 0), EBADF);
	CHECK_ERR("a negative target fd", syscall(SYS_pidfd_getfd, fd, -1, 0), EBADF);
	int p[2], ready[2];
	pipe(p);
	pipe(ready);
	int w;
	pid_t c = fork();
	if (c == 0) {
		close(p[1]);
		int fd2 = open("/proc/self/comm", O_RDONLY);   /* a file the parent has not */
		dup2(fd2, 40);
		write(ready[1], "r", 1);
		char b;
		read(p[0], &b, 1);
		_exit(0);
	}
	close(p[0]);
	w = p[1];
	char r;
	read(ready[0], &r, 1);                           /* its fd 40 is open */
	close(ready[0]);
	close(ready[1]);
	int cfd = pidfd_open(c, 0);
	int got = (int)syscall(SYS_pidfd_getfd, cfd, 40, 0);
	CHECK("the child's fd 40", got >= 0);
	CHECK_EQ("close-on-exec", fcntl(got, F_GETFD), FD_CLOEXEC);
	char buf[32] = "";
	read(got, buf, sizeof buf - 1);
	CHECK("it is the child's open file", buf[0] != 0);
	CHECK_ERR("the child's fd 41: none", syscall(SYS_pidfd_getfd, cfd, 41, 0), EBADF);
	close(w);
	wait_for(c);
	CHECK_ERR("reaped: ESRCH", syscall(SYS_pidfd_getfd, cfd, 40, 0), ESRCH);
	int self = (int)syscall(SYS_pidfd_getfd, fd, null, 0);
	CHECK("its own descriptor", self >= 0 && self != null);
	close(fd);
}

static void clone_pidfd(void)
{
	int pfd = -1;
	long c = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pfd, 0, 0);
	if (c == 0)
		_exit(fcntl(pfd, F_GETFD) < 0 && errno == EBADF ? 5 : 6);
	CHECK("clone(CLONE_PIDFD) gives a descriptor", pfd >= 0);
	CHECK_EQ("close-on-exec", fcntl(pfd, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("poll waits for the child", revents(pfd, 5000) & POLLIN, POLLIN);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK_OK0("waitid(P_PIDFD)", waitid(P_PIDFD, pfd, &si, WEXITED));
	CHECK_EQ("the child did not have it", si.si_status, 5);
	CHECK("si_pid", si.si_pid == c);
	close(pfd);
	CHECK_SYSERR("CLONE_PIDFD with CLONE_PARENT_SETTID", EINVAL, SYS_clone,
		     CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &pfd, 0, 0);
	CHECK_SYSERR("CLONE_PIDFD with CLONE_DETACHED", EINVAL, SYS_clone,
		     CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &pfd, 0, 0);
	CHECK_SYSERR("CLONE_PIDFD to a bad address", EFAULT, SYS_clone, CLONE_PIDFD | SIGCHLD, 0, 4, 0, 0);
	CHECK_ERR("... and no child was made", waitpid(-1, NULL, WNOHANG), ECHILD);
}

static void clone3_pidfd(void)
{
	int pfd = -1;
	pid_t ptid = 0;
	struct clone_args a = { .flags = CLONE_PIDFD | CLONE_PARENT_SETTID, .pidfd = (uintptr_t)&pfd,
				.parent_tid = (uintptr_t)&ptid, .exit_signal = SIGCHLD };
	long c = syscall(SYS_clone3, &a, sizeof a);
	if (c == 0)
		_exit(7);
	CHECK("clone3(CLONE_PIDFD) gives a descriptor", pfd >= 0);
	CHECK("and CLONE_PARENT_SETTID its own word", ptid == c);
	siginfo_t si;
	memset(&si, 0, sizeof si);
	CHECK_OK0("waitid(P_PIDFD)", waitid(P_PIDFD, pfd, &si, WEXITED));
	CHECK_EQ("status 7", si.si_status, 7);
	a.pidfd = 4;
	CHECK_SYSERR("clone3 CLONE_PIDFD to a bad address", EFAULT, SYS_clone3, &a, sizeof a);
	CHECK_ERR("... and no child was made", waitpid(-1, NULL, WNOHANG), ECHILD);
	a.flags = CLONE_PIDFD | CLONE_FILES;
	a.pidfd = (uintptr_t)&pfd;
	pfd = -1;
	int lowest = dup(0);
	close(lowest);
	c = syscall(SYS_clone3, &a, sizeof a);
	if (c == 0)                                /* its pfd is the copy from before the write */
		_exit(pfd == -1 && fcntl(lowest, F_GETFD) == FD_CLOEXEC ? 8 : 9);
	CHECK("the lowest free descriptor", pfd == lowest);
	CHECK_EXIT("with CLONE_FILES the child shares it", wait_for(c), 8);
	close(pfd);
}

static void waitid_errors(void)
{
	siginfo_t si;
	int null = open("/dev/null", O_RDONLY);
	CHECK_ERR("which 4", waitid(4, 0, &si, WEXITED), EINVAL);
	CHECK_ERR("no WEXITED, WSTOPPED or WCONTINUED", waitid(P_ALL, 0, &si, WNOHANG), EINVAL);
	CHECK_ERR("an unknown option", waitid(P_ALL, 0, &si, WEXITED | 0x100), EINVAL);
	CHECK_ERR("P_PID 0", waitid(P_PID, 0, &si, WEXITED), EINVAL);
	CHECK_ERR("P_PGID -1", waitid(P_PGID, -1, &si, WEXITED), EINVAL);
	CHECK_ERR("P_PIDFD -1", waitid(P_PIDFD, -1, &si, WEXITED), EINVAL);
	CHECK_ERR("P_PIDFD of no pidfd", waitid(P_PIDFD, null, &si, WEXITED), EBADF);
	CHECK_ERR("P_PIDFD of a closed fd", waitid(P_PIDFD, 999, &si, WEXITED), EBADF);
	CHECK_ERR("no children", waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	int pp = pidfd_open(getppid(), 0);
	CHECK_ERR("P_PIDFD of the parent", waitid(P_PIDFD, pp, &si, WEXITED | WNOHANG), ECHILD);
	CHECK_ERR("wait4 does not take WEXITED", wait4(-1, NULL, WEXITED, NULL), EINVAL);
	CHECK_ERR("nor WNOWAIT", wait4(-1, NULL, WNOWAIT, NULL), EINVAL);
}

static void waitid_info(void)
{
	int w;
	pid_t c = held_child(9, &w);
	siginfo_t si;
	memset(&si, 0x55, sizeof si);
	CHECK_OK0("WNOHANG, nothing yet", waitid(P_PID, c, &si, WEXITED | WNOHANG));
	CHECK_EQ("si_pid 0", si.si_pid, 0);
	CHECK_EQ("si_signo 0", si.si_signo, 0);
	int nb = pidfd_open(c, PIDFD_NONBLOCK);
	CHECK_ERR("a PIDFD_NONBLOCK pidfd: EAGAIN", waitid(P_PIDFD, nb, &si, WEXITED), EAGAIN);
	CHECK_OK0("... unless WNOHANG", waitid(P_PIDFD, nb, &si, WEXITED | WNOHANG));
	close(w);
	memset(&si, 0, sizeof si);
	CHECK_OK0("WNOWAIT", waitid(P_PGID, 0, &si, WEXITED | WNOWAIT));
	CHECK_EQ("si_signo SIGCHLD", si.si_signo, SIGCHLD);
	CHECK_EQ("si_code CLD_EXITED", si.si_code, CLD_EXITED);
	CHECK_EQ("si_status 9", si.si_status, 9);
	CHECK("si_pid", si.si_pid == c);
	CHECK("si_uid", si.si_uid == getuid());
	memset(&si, 0, sizeof si);
	CHECK_OK0("the same again", waitid(P_ALL, 0, &si, WEXITED | WNOWAIT));
	CHECK("si_pid", si.si_pid == c);
	CHECK_OK0("P_PIDFD reaps", waitid(P_PIDFD, nb, &si, WEXITED));
	CHECK_ERR("gone", waitpid(c, NULL, WNOHANG), ECHILD);
	CHECK_ERR("P_PIDFD once reaped: ECHILD", waitid(P_PIDFD, nb, &si, WEXITED), ECHILD);
	close(nb);
}

static void waitid_stop(void)
{
	int w;
	pid_t c = held_child(0, &w);
	siginfo_t si;
	kill(c, SIGSTOP);
	memset(&si, 0, sizeof si);
	CHECK_OK0("WSTOPPED", waitid(P_PID, c, &si, WSTOPPED));
	CHECK_EQ("CLD_STOPPED", si.si_code, CLD_STOPPED);
	CHECK_EQ("by SIGSTOP", si.si_status, SIGSTOP);
	memset(&si, 0, sizeof si);
	CHECK_OK0("reported once", waitid(P_PID, c, &si, WSTOPPED | WNOHANG));
	CHECK_EQ("si_pid 0", si.si_pid, 0);
	kill(c, SIGCONT);
	memset(&si, 0, sizeof si);
	CHECK_OK0("WCONTINUED", waitid(P_PID, c, &si, WCONTINUED));
	CHECK_EQ("CLD_CONTINUED", si.si_code, CLD_CONTINUED);
	CHECK_EQ("SIGCONT", si.si_status, SIGCONT);
	kill(c, SIGTERM);
	memset(&si, 0, sizeof si);
	CHECK_OK0("killed", waitid(P_PID, c, &si, WEXITED));
	CHECK_EQ("CLD_KILLED", si.si_code, CLD_KILLED);
	CHECK_EQ("by SIGTERM", si.si_status, SIGTERM);
	close(w);
}

int main(void)
{
	RUN(open_errors);
	RUN(open_flags);
	RUN(open_zombie);
	RUN(poll_group);
	RUN(send_errors);
	RUN(send_kill);
	RUN(send_info);
	RUN(send_perm);
	RUN(getfd);
	RUN(clone_pidfd);
	RUN(clone3_pidfd);
	RUN(waitid_errors);
	RUN(waitid_info);
	RUN(waitid_stop);
	return cases_failed ? 1 : 0;
}
