/* t_pidfd_guest - Pipit only: where Linux 6.1's pidfds differ from the
 * host's later kernel (Linux 6.9 made pidfds files of a "pidfs" and gave
 * threads pidfds), and that pidfds, clone3 children and waitid leave no
 * kernel memory behind. */
#include "check.h"
#include "kmem.h"
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#define SYS_pidfd_open_ 434
#define SYS_pidfd_send_signal_ 424
#define SYS_pidfd_getfd_ 438
#define SYS_clone3_ 435
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct clone_args {                          /* <linux/sched.h>'s */
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		 set_tid, set_tid_size, cgroup;
};

static volatile int thread_go;
static volatile pid_t live_tid;

static void *thread_wait(void *arg)
{
	(void)arg;
	live_tid = (pid_t)syscall(SYS_gettid);
	while (!thread_go)
		sched_yield();
	return NULL;
}

static void linux61(void)
{
	pthread_t th;
	pthread_create(&th, NULL, thread_wait, NULL);
	while (!live_tid)
		sched_yield();
	CHECK_SYSERR("pidfd_open of a thread that is not the leader", EINVAL, SYS_pidfd_open_, live_tid, 0);
	thread_go = 1;
	pthread_join(th, NULL);
	int fd = (int)syscall(SYS_pidfd_open_, getpid(), 0);
	CHECK_SYSERR("pidfd_send_signal flags 1", EINVAL, SYS_pidfd_send_signal_, fd, 0, NULL, 1);
	struct stat st;
	fstat(fd, &st);
	CHECK_MODE("an anon inode: mode 0600, no type", st.st_mode, 0600);
	char path[64], link[64] = "";
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, link, sizeof link - 1);
	link[n > 0 ? n : 0] = 0;
	CHECK_STR("/proc/self/fd: anon_inode:[pidfd]", link, "anon_inode:[pidfd]");
	CHECK_SYSERR("read of a pidfd", EINVAL, SYS_read, fd, path, 1);
	int pfd;
	static char stack[8192];
	CHECK_SYSERR("CLONE_PIDFD with CLONE_THREAD", EINVAL, SYS_clone,
		     CLONE_PIDFD | CLONE_THREAD | CLONE_SIGHAND | CLONE_VM, stack + sizeof stack, &pfd, 0, 0);
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(p[1]);
		read(p[0], &b, 1);
		_exit(0);
	}
	int cfd = (int)syscall(SYS_pidfd_open_, c, 0);
	close(p[1]);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	CHECK_SYSERR("pidfd_getfd of an exited process", EBADF, SYS_pidfd_getfd_, cfd, 0, 0);
	wait_for(c);
	close(fd);
	close(cfd);
}

/* pidfds of children made every way, polled, signalled and waited for. */
static bool pidfd_work(void)
{
	bool ok = true;
	for (int i = 0; i < 20; i++) {
		int pfd = -1;
		struct clone_args a = { .flags = CLONE_PIDFD, .pidfd = (uintptr_t)&pfd,
					.exit_signal = i % 2 ? SIGCHLD : 0 };
		long c = syscall(SYS_clone3_, &a, sizeof a);
		if (c == 0)
			_exit(1);
		int again = (int)syscall(SYS_pidfd_open_, c, 0);
		struct pollfd pf = { pfd, POLLIN, 0 };
		ok = ok && c > 0 && poll(&pf, 1, 5000) == 1;
		siginfo_t si;
		ok = ok && waitid(P_PIDFD, pfd, &si, WEXITED | __WALL) == 0 && si.si_status == 1;
		ok = ok && syscall(SYS_pidfd_send_signal_, again, 0, NULL, 0) < 0 && errno == ESRCH;
		close(pfd);
		close(again);
	}
	return ok;
}

static void no_leak(void)
{
	kmem_account("pidfds, clone3 and waitid", pidfd_work, 3, "every page and object comes back");
}

int main(void)
{
	RUN(linux61);
	RUN(no_leak);
	return cases_failed ? 1 : 0;
}
