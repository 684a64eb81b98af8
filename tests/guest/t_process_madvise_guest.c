/* t_process_madvise_guest - what Linux 6.1 does and later kernels (the
 * host's) do not: process_madvise asks CAP_SYS_NICE and the same advice
 * even for the caller's own memory, checks the advice before the memory
 * (a zombie, a process it may not read), MADV_COLLAPSE fails per range (no
 * transparent huge pages) and a range in the kernel is EFAULT (i386's
 * access_ok); and process_mrelease on a process just killed (on Pipit's
 * one CPU it has not run yet) frees its private pages at once, 0 again
 * after that, EINVAL when a live process shares the memory. */
#include "check.h"
#include "caps.h"
#include <sched.h>
#include <sys/mman.h>
#include <sys/uio.h>

#define SYS_process_mrelease_ 448
#define PAGE 4096
#define MADV_COLLAPSE_ 25                    /* musl 1.2.3 does not name it */

static long pmadvise(int pidfd, const struct iovec *v, size_t n, int advice, unsigned flags)
{
	return syscall(SYS_process_madvise, pidfd, v, n, advice, flags);
}

static int pidfd_open(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

static char *area;

static void self(void)
{
	int me = pidfd_open(getpid());
	struct iovec v = { area, PAGE };
	CHECK_EQ("own memory, MADV_COLD", pmadvise(me, &v, 1, MADV_COLD, 0), PAGE);
	CHECK_ERR("own memory, MADV_DONTNEED: EINVAL in 6.1", pmadvise(me, &v, 1, MADV_DONTNEED, 0), EINVAL);
	CHECK_ERR("MADV_COLLAPSE: EINVAL per range", pmadvise(me, &v, 1, MADV_COLLAPSE_, 0), EINVAL);
	CHECK_EQ("MADV_COLLAPSE, no range: 0", pmadvise(me, &v, 0, MADV_COLLAPSE_, 0), 0);
	CHECK_ERR("a range in the kernel: EFAULT", pmadvise(me, &(struct iovec){ (void *)0xc0000000, PAGE }, 1, MADV_COLD, 0), EFAULT);
	drop_cap(CAP_SYS_NICE);
	CHECK_ERR("own memory without CAP_SYS_NICE: EPERM in 6.1", pmadvise(me, &v, 1, MADV_COLD, 0), EPERM);
}

static int root_fd;

static void unprivileged(void)
{
	struct iovec v = { area, PAGE };
	CHECK_ERR("uid 1000, bad advice: EINVAL before EACCES", pmadvise(root_fd, &v, 1, 99, 0), EINVAL);
}

static void order(void)
{
	root_fd = pidfd_open(getpid());
	as_uid1000(unprivileged);
	pid_t pid = fork();
	if (pid == 0)
		_exit(0);
	int fd = pidfd_open(pid);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	struct iovec v = { area, PAGE };
	CHECK_ERR("a zombie, bad advice: EINVAL first", pmadvise(fd, &v, 1, 99, 0), EINVAL);
	wait_for(pid);
}

/* Resident pages of pid (statm's second field), or -1. */
static long resident(pid_t pid)
{
	char path[64], buf[128];
	snprintf(path, sizeof path, "/proc/%d/statm", pid);
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	long size, res;
	return sscanf(buf, "%ld %ld", &size, &res) == 2 ? res : -1;
}

static void reap(void)
{
	int ready[2];
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		char *big = mmap(NULL, 256 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		memset(big, 1, 256 * PAGE);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	int fd = pidfd_open(pid);
	long before = resident(pid);
	CHECK("the child holds its 256 pages", before >= 256);
	CHECK_ERR("alive: EINVAL", syscall(SYS_process_mrelease_, fd, 0), EINVAL);
	kill(pid, SIGKILL);
	CHECK_OK0("killed, not run yet: reaped", syscall(SYS_process_mrelease_, fd, 0));
	long after = resident(pid);
	CHECK("its private pages are gone", after >= 0 && after < 16);
	CHECK_OK0("again: 0, the work is done", syscall(SYS_process_mrelease_, fd, 0));
	CHECK_SIG("it dies of SIGKILL", wait_for(pid), SIGKILL);
}

static void term_pending(void)
{
	int ready[2];
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		write(ready[1], "r", 1);         /* past fork: musl's mask is back */
		pause();
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	int fd = pidfd_open(pid);
	kill(pid, SIGTERM);
	CHECK_OK0("SIGTERM pending (default action): dying", syscall(SYS_process_mrelease_, fd, 0));
	CHECK_SIG("it dies of SIGTERM", wait_for(pid), SIGTERM);
}

static int shared_child(void *arg)
{
	(void)arg;
	pause();
	return 0;
}

static void shared_mm(void)
{
	static char stack[16384];
	pid_t pid = clone(shared_child, stack + sizeof stack, CLONE_VM | SIGCHLD, NULL);
	int fd = pidfd_open(pid);
	kill(pid, SIGKILL);
	CHECK_ERR("its memory is ours too, and we live: EINVAL", syscall(SYS_process_mrelease_, fd, 0), EINVAL);
	CHECK_SIG("it dies", wait_for(pid), SIGKILL);
}

int main(void)
{
	caps_same_start();
	area = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	RUN(self);
	RUN(order);
	RUN(reap);
	RUN(term_pending);
	RUN(shared_mm);
	return cases_failed ? 1 : 0;
}
