/* t_seccomp_notify_guest - guest only: seccomp's listeners give back
 * every kmalloc object and page (kmem.h): answered, continued and
 * ADDFD'd calls (plain, SETFD over an open descriptor, SEND), targets
 * killed before and after RECV, a call interrupted and restarted, a
 * listener closed with calls waiting, one that outlives its filter's
 * tasks, and installs refused (EBUSY, EMFILE). */
#include "check.h"
#include "seccomp_defs.h"
#include "kmem.h"
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#define LD_NR   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr))
#define RET(v)  BPF_STMT(BPF_RET | BPF_K, (v))
#define LEN(f)  (sizeof (f) / sizeof (f)[0])

static int install_notify(unsigned flags)
{
	struct sock_filter f[] = {
		LD_NR, BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_getpgid, 0, 1),
		RET(SECCOMP_RET_USER_NOTIF), RET(SECCOMP_RET_ALLOW),
	};
	struct sock_fprog p = { LEN(f), f };
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &p);
}

static uint64_t recv_id(int fd)
{
	struct seccomp_notif n;
	memset(&n, 0, sizeof n);
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, &n) == 0 ? n.id : 0;
}

static int answer(int fd, uint64_t id, int64_t val, uint32_t flags)
{
	struct seccomp_notif_resp r = { id, val, 0, flags };
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, &r);
}

static int addfd(int fd, uint64_t id, int src, unsigned flags, unsigned newfd)
{
	struct seccomp_notif_addfd a = { id, flags, (uint32_t)src, newfd, O_CLOEXEC };
	return ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
}

static void on_usr1(int sig) { (void)sig; }

/* A child that calls getpgid `calls` times, closing `shut` first (-1: none). */
static pid_t target(int calls, int shut)
{
	pid_t pid = fork();
	if (pid == 0) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_usr1;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGUSR1, &sa, NULL);
		if (shut >= 0)
			close(shut);
		for (int i = 0; i < calls; i++)
			syscall(SYS_getpgid, 0);
		_exit(0);
	}
	return pid;
}

static void wait_pollin(int fd)
{
	struct pollfd p = { fd, POLLIN, 0 };
	poll(&p, 1, -1);
}

/* Every kind of answer, and the ends of targets and listeners. */
static bool notify_work(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	int p[2];
	pipe(p);
	bool ok = fd >= 0;
	pid_t t = target(5, -1);
	ok = answer(fd, recv_id(fd), 1, 0) == 0 && ok;
	ok = answer(fd, recv_id(fd), 0, SECCOMP_USER_NOTIF_FLAG_CONTINUE) == 0 && ok;
	uint64_t id = recv_id(fd);
	ok = addfd(fd, id, p[1], 0, 0) >= 0 && ok;
	ok = addfd(fd, id, p[0], SECCOMP_ADDFD_FLAG_SETFD, 0) == 0 && ok;   /* over its stdin */
	ok = answer(fd, id, 0, 0) == 0 && ok;
	ok = addfd(fd, recv_id(fd), p[1], SECCOMP_ADDFD_FLAG_SEND, 0) >= 0 && ok;
	id = recv_id(fd);
	kill(t, SIGUSR1);                         /* restarted: a new notification */
	ok = answer(fd, recv_id(fd), 2, 0) == 0 && wait_for(t) == 0 && ok;
	t = target(1, -1);
	recv_id(fd);
	kill(t, SIGKILL);                         /* after RECV */
	wait_for(t);
	t = target(1, -1);
	wait_pollin(fd);
	kill(t, SIGKILL);                         /* before RECV */
	wait_for(t);
	recv_id(fd);                              /* (ENOENT: takes the stale count) */
	pid_t a = target(1, fd), b = target(1, fd);
	recv_id(fd);
	wait_pollin(fd);
	close(fd);                                /* both fail with ENOSYS */
	ok = wait_for(a) == 0 && wait_for(b) == 0 && ok;
	return ok;
}

/* A listener held after the last task of its filter is gone. */
static bool orphan_work(void)
{
	int p[2], q[2];
	pipe(p);
	pipe(q);
	pid_t t = fork();
	if (t == 0) {
		int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
		write(p[1], &fd, sizeof fd);
		char c;
		read(q[0], &c, 1);
		_exit(0);
	}
	int lfd = -1;
	read(p[0], &lfd, sizeof lfd);
	int pidfd = syscall(SYS_pidfd_open, t, 0);
	int fd = syscall(SYS_pidfd_getfd, pidfd, lfd, 0);
	write(q[1], "x", 1);
	wait_for(t);
	struct pollfd pf = { fd, POLLIN, 0 };
	bool ok = fd >= 0 && poll(&pf, 1, 0) == 1 && pf.revents == POLLHUP;
	close(fd);
	close(pidfd);
	close(p[0]); close(p[1]); close(q[0]); close(q[1]);
	return ok;
}

/* Installs refused after the listener was made: EBUSY, EMFILE. */
static bool refused_work(void)
{
	int fd = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER);
	bool ok = fd >= 0 && install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER) == -1 && errno == EBUSY;
	struct rlimit r = { (rlim_t)fd + 1, (rlim_t)fd + 1 };
	setrlimit(RLIMIT_NOFILE, &r);
	close(fd);
	ok = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER) == fd && ok;
	ok = install_notify(SECCOMP_FILTER_FLAG_NEW_LISTENER) == -1 && (errno == EMFILE) && ok;
	return ok;
}

static void leaks(void)
{
	kmem_account("answers, ADDFD, kills, restarts, a closed listener", notify_work, 3,
		     "the account exactly as before");
	kmem_account("a listener that outlives its filter's tasks", orphan_work, 3,
		     "the account exactly as before");
	kmem_account("installs refused (EBUSY, EMFILE)", refused_work, 3, "the account exactly as before");
}

int main(void)
{
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
