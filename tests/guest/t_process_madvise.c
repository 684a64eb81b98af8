/* t_process_madvise - differential test of process_madvise(2) and
 * process_mrelease(2) on another process: the advice a caller may give
 * (MADV_COLD, MADV_PAGEOUT, MADV_WILLNEED; the memory is unchanged), the
 * bytes advised and the partial count when a range fails, locked memory
 * (EINVAL for COLD and PAGEOUT), the errors in Linux's order (flags, the
 * vector, the pidfd, the advice, the memory, CAP_SYS_NICE), and
 * process_mrelease's: flags, a process that is not dying, a zombie, a
 * reaped one. What 6.1 does differently from later kernels (the
 * caller's own memory) is t_process_madvise_guest's. */
#include "check.h"
#include "caps.h"
#include <sys/mman.h>
#include <sys/uio.h>

#ifndef SYS_process_mrelease
#define SYS_process_mrelease 448             /* musl 1.2.3 does not name it */
#endif

#define PAGE 4096

static long pmadvise(int pidfd, const struct iovec *v, size_t n, int advice, unsigned flags)
{
	return syscall(SYS_process_madvise, pidfd, v, n, advice, flags);
}

static long mrelease(int pidfd, unsigned flags)
{
	return syscall(SYS_process_mrelease, pidfd, flags);
}

static int pidfd_open(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

/* Three pages, the third unmapped again; the first two hold a pattern. */
static char *area;

static void make_area(void)
{
	area = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(area, 'a', 2 * PAGE);
	munmap(area + 2 * PAGE, PAGE);
}

/* A child that sleeps until it is told (a byte on fd) to check its
 * pattern; it exits 0 when the pattern is intact. lock: mlockall first. */
static pid_t sleeper(int *tell, bool lock)
{
	int p[2], ready[2];
	pipe(p);
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		if (lock)
			mlockall(MCL_CURRENT);
		write(ready[1], "r", 1);
		char c;
		read(p[0], &c, 1);
		for (int i = 0; i < 2 * PAGE; i++)
			if (area[i] != 'a')
				_exit(2);
		_exit(0);
	}
	char c;
	read(ready[0], &c, 1);
	close(ready[0]);
	close(ready[1]);
	close(p[0]);
	*tell = p[1];
	return pid;
}

static void advice(void)
{
	int tell;
	pid_t pid = sleeper(&tell, false);
	int fd = pidfd_open(pid);
	struct iovec v[3] = { { area, PAGE }, { area + PAGE, PAGE }, { area + 2 * PAGE, PAGE } };
	CHECK_EQ("MADV_COLD", pmadvise(fd, v, 1, MADV_COLD, 0), PAGE);
	CHECK_EQ("MADV_PAGEOUT", pmadvise(fd, v, 2, MADV_PAGEOUT, 0), 2 * PAGE);
	CHECK_EQ("MADV_WILLNEED", pmadvise(fd, v, 1, MADV_WILLNEED, 0), PAGE);
	CHECK_EQ("an odd length counts as given", pmadvise(fd, &(struct iovec){ area, 100 }, 1, MADV_COLD, 0), 100);
	CHECK_EQ("three ranges, the last unmapped: the first two", pmadvise(fd, v, 3, MADV_COLD, 0), 2 * PAGE);
	CHECK_ERR("only the unmapped one: ENOMEM", pmadvise(fd, v + 2, 1, MADV_COLD, 0), ENOMEM);
	CHECK_EQ("no ranges: 0", pmadvise(fd, v, 0, MADV_COLD, 0), 0);
	CHECK_EQ("an empty range: 0", pmadvise(fd, &(struct iovec){ area, 0 }, 1, MADV_COLD, 0), 0);
	CHECK_ERR("unaligned start", pmadvise(fd, &(struct iovec){ area + 1, PAGE }, 1, MADV_COLD, 0), EINVAL);
	struct iovec z[2] = { { area + 1, 0 }, { area, PAGE } };
	CHECK_ERR("an empty unaligned range still EINVAL", pmadvise(fd, z, 2, MADV_COLD, 0), EINVAL);
	struct iovec part[2] = { { area, PAGE }, { area + 1, PAGE } };
	CHECK_EQ("the second unaligned: the first's bytes", pmadvise(fd, part, 2, MADV_PAGEOUT, 0), PAGE);
	CHECK_ERR("MADV_DONTNEED: EINVAL", pmadvise(fd, v, 1, MADV_DONTNEED, 0), EINVAL);
	CHECK_ERR("MADV_FREE", pmadvise(fd, v, 1, MADV_FREE, 0), EINVAL);
	CHECK_ERR("MADV_NORMAL", pmadvise(fd, v, 1, MADV_NORMAL, 0), EINVAL);
	CHECK_ERR("advice 99", pmadvise(fd, v, 1, 99, 0), EINVAL);
	CHECK_ERR("advice 99, no ranges", pmadvise(fd, v, 0, 99, 0), EINVAL);
	write(tell, "x", 1);
	CHECK_EXIT("the child's memory is unchanged", wait_for(pid), 0);
}

static void locked(void)
{
	int tell;
	pid_t pid = sleeper(&tell, true);
	int fd = pidfd_open(pid);
	struct iovec v = { area, PAGE };
	CHECK_ERR("locked: MADV_COLD EINVAL", pmadvise(fd, &v, 1, MADV_COLD, 0), EINVAL);
	CHECK_ERR("locked: MADV_PAGEOUT EINVAL", pmadvise(fd, &v, 1, MADV_PAGEOUT, 0), EINVAL);
	CHECK_EQ("locked: MADV_WILLNEED", pmadvise(fd, &v, 1, MADV_WILLNEED, 0), PAGE);
	write(tell, "x", 1);
	CHECK_EXIT("unchanged", wait_for(pid), 0);
}

static void errors(void)
{
	int tell;
	pid_t pid = sleeper(&tell, false);
	int fd = pidfd_open(pid);
	struct iovec v = { area, PAGE };
	CHECK_ERR("flags 1", pmadvise(fd, &v, 1, MADV_COLD, 1), EINVAL);
	CHECK_ERR("flags before the pidfd", pmadvise(-1, &v, 1, 99, 1), EINVAL);
	CHECK_ERR("vlen 1025", pmadvise(fd, &v, 1025, MADV_COLD, 0), EINVAL);
	CHECK_ERR("vlen before the pidfd", pmadvise(-1, &v, 1025, 99, 0), EINVAL);
	CHECK_ERR("a bad vector", pmadvise(fd, (void *)4, 1, MADV_COLD, 0), EFAULT);
	CHECK_ERR("a negative length", pmadvise(fd, &(struct iovec){ area, (size_t)-1 }, 1, MADV_COLD, 0), EINVAL);
	CHECK_ERR("pidfd -1", pmadvise(-1, &v, 1, MADV_COLD, 0), EBADF);
	CHECK_ERR("a closed descriptor", pmadvise(99, &v, 1, MADV_COLD, 0), EBADF);
	CHECK_ERR("not a pidfd", pmadvise(0, &v, 1, MADV_COLD, 0), EBADF);
	CHECK_ERR("the pidfd before the advice", pmadvise(-1, &v, 0, 99, 0), EBADF);
	write(tell, "x", 1);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	CHECK_ERR("a zombie: ESRCH", pmadvise(fd, &v, 1, MADV_COLD, 0), ESRCH);
	wait_for(pid);
	CHECK_ERR("reaped: ESRCH", pmadvise(fd, &v, 1, MADV_COLD, 0), ESRCH);
	CHECK_ERR("reaped, bad advice: ESRCH first", pmadvise(fd, &v, 1, 99, 0), ESRCH);
}

static int root_pidfd;

static void unprivileged(void)
{
	struct iovec v = { area, PAGE };
	CHECK_ERR("uid 1000 on root's process: EACCES", pmadvise(root_pidfd, &v, 1, MADV_COLD, 0), EACCES);
}

static pid_t victim;
static int victim_fd;

static void no_sys_nice(void)
{
	struct iovec v = { area, PAGE };
	CHECK_ERR("no CAP_SYS_NICE: EPERM", pmadvise(victim_fd, &v, 1, MADV_COLD, 0), EPERM);
	CHECK_ERR("bad advice first", pmadvise(victim_fd, &v, 1, 99, 0), EINVAL);
	CHECK_ERR("a bad pidfd first", pmadvise(-1, &v, 1, MADV_COLD, 0), EBADF);
}

static void drop_nice(void)
{
	drop_cap(CAP_SYS_NICE);
}

static void permissions(void)
{
	root_pidfd = pidfd_open(getpid());
	as_uid1000(unprivileged);
	int tell;
	victim = sleeper(&tell, false);
	victim_fd = pidfd_open(victim);
	in_child("no CAP_SYS_NICE", drop_nice, no_sys_nice);
	write(tell, "x", 1);
	wait_for(victim);
}

static void mrelease_errors(void)
{
	int tell;
	pid_t pid = sleeper(&tell, false);
	int fd = pidfd_open(pid);
	CHECK_ERR("flags 1", mrelease(fd, 1), EINVAL);
	CHECK_ERR("a live process: EINVAL", mrelease(fd, 0), EINVAL);
	CHECK_ERR("ourselves: EINVAL", mrelease(pidfd_open(getpid()), 0), EINVAL);
	CHECK_ERR("pidfd -1", mrelease(-1, 0), EBADF);
	CHECK_ERR("not a pidfd", mrelease(0, 0), EBADF);
	CHECK_ERR("flags before the pidfd", mrelease(-1, 1), EINVAL);
	write(tell, "x", 1);
	siginfo_t si;
	waitid(P_PID, pid, &si, WEXITED | WNOWAIT);
	CHECK_ERR("a zombie: ESRCH", mrelease(fd, 0), ESRCH);
	wait_for(pid);
	CHECK_ERR("reaped: ESRCH", mrelease(fd, 0), ESRCH);
	CHECK_ERR("reaped, flags: EINVAL", mrelease(fd, 1), EINVAL);
}

static void mrelease_dying(void)
{
	int tell;
	pid_t pid = sleeper(&tell, false);
	int fd = pidfd_open(pid);
	kill(pid, SIGKILL);
	/* Killed: reaped early (0), or on a machine with more CPUs it may
	 * have finished exiting already (ESRCH). */
	errno = 0;
	long r = mrelease(fd, 0);
	CHECK("killed: 0 or ESRCH", r == 0 || (r == -1 && errno == ESRCH));
	CHECK_SIG("it dies of SIGKILL", wait_for(pid), SIGKILL);
	CHECK_ERR("then ESRCH", mrelease(fd, 0), ESRCH);
}

int main(void)
{
	caps_same_start();
	make_area();
	RUN(advice);
	RUN(locked);
	RUN(errors);
	RUN(permissions);
	RUN(mrelease_errors);
	RUN(mrelease_dying);
	return cases_failed ? 1 : 0;
}
