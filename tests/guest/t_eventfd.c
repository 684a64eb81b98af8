/* t_eventfd - differential test of eventfd (323) and eventfd2 (328): the
 * flags (EFD_SEMAPHORE, EFD_NONBLOCK, EFD_CLOEXEC, others EINVAL), the
 * counter read whole or one at a time, short buffers, the value
 * 0xffffffffffffffff, the ceiling 0xfffffffffffffffe (a write past it
 * waits or fails with EAGAIN), sleeping readers and writers woken by the
 * other side and by signals, poll and select readiness, EFAULT (the value
 * is taken all the same), and what the descriptor looks like (fstat,
 * F_GETFL, lseek, pread). Not checked: a write of more than 8 bytes,
 * which Linux 6.1 (and Pipit) takes as 8 and Linux 6.7 on refuses. */
#include "check.h"
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/uio.h>

#define BAD ((void *)16)                     /* an address no program maps */
#define MAXV 0xfffffffffffffffeull

static long raw_eventfd2(unsigned initval, int flags)
{
	long r = syscall(SYS_eventfd2, initval, flags);
	return r < 0 ? -errno : r;
}

static uint64_t rd(int fd, int *err)
{
	uint64_t v = 0;
	errno = 0;
	*err = read(fd, &v, sizeof v) == sizeof v ? 0 : errno;
	return v;
}

static int wr(int fd, uint64_t v)
{
	return write(fd, &v, sizeof v) == sizeof v ? 0 : errno;
}

static short revents(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT | POLLPRI | POLLRDNORM | POLLWRNORM, 0 };
	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

static void on_sig(int sig) { (void)sig; }

/* ---- cases ---- */

static void create_flags(void)
{
	int fd = eventfd(0, 0);
	CHECK("eventfd(0, 0)", fd >= 0);
	CHECK_EQ("F_GETFL is O_RDWR", fcntl(fd, F_GETFL), O_RDWR);
	CHECK_EQ("no FD_CLOEXEC", fcntl(fd, F_GETFD), 0);
	int nb = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK_EQ("EFD_NONBLOCK: F_GETFL", fcntl(nb, F_GETFL), O_RDWR | O_NONBLOCK);
	CHECK_EQ("EFD_CLOEXEC: FD_CLOEXEC", fcntl(nb, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("flag 2 EINVAL", raw_eventfd2(0, 2), -EINVAL);
	CHECK_EQ("O_RDWR as a flag EINVAL", raw_eventfd2(0, O_RDWR), -EINVAL);
	CHECK_EQ("O_APPEND EINVAL", raw_eventfd2(0, O_APPEND), -EINVAL);
	CHECK_EQ("all bits EINVAL", raw_eventfd2(0, -1), -EINVAL);
	long old = syscall(SYS_eventfd, 7);
	CHECK("eventfd (323)", old >= 0);
	int e;
	CHECK_EQ("eventfd (323) holds its initval", rd((int)old, &e), 7);
	CHECK_EQ("eventfd (323) F_GETFL", fcntl((int)old, F_GETFL), O_RDWR);
	long big = raw_eventfd2(0xffffffffu, 0);
	CHECK_EQ("initval 0xffffffff", rd((int)big, &e), 0xffffffffull);
}

static void looks_like(void)
{
	int a = eventfd(0, 0), b = eventfd(0, 0);
	struct stat sa, sb;
	CHECK_OK0("fstat", fstat(a, &sa));
	fstat(b, &sb);
	CHECK_MODE("mode 0600, no file type", sa.st_mode, 0600);
	CHECK_EQ("one link", sa.st_nlink, 1);
	CHECK_EQ("size 0", sa.st_size, 0);
	CHECK_EQ("owned by root", sa.st_uid, 0);
	CHECK("one inode for both", sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev);
	CHECK_STR("/proc/self/fd link", fd_link(a), "anon_inode:[eventfd]");
	CHECK_EQ("lseek says 0", lseek(a, 100, SEEK_SET), 0);
	CHECK_EQ("lseek SEEK_END says 0", lseek(a, 0, SEEK_END), 0);
	CHECK_ERR("lseek bad whence", lseek(a, 0, 77), EINVAL);
	uint64_t v = 1;
	CHECK_ERR("pwrite ESPIPE", pwrite(a, &v, 8, 0), ESPIPE);
	CHECK_ERR("pread ESPIPE", pread(a, &v, 8, 0), ESPIPE);
}

static void read_write(void)
{
	int fd = eventfd(5, EFD_NONBLOCK), e;
	CHECK_EQ("read takes the whole counter", rd(fd, &e), 5);
	rd(fd, &e);
	CHECK_EQ("then EAGAIN", e, EAGAIN);
	CHECK_EQ("write 3", wr(fd, 3), 0);
	CHECK_EQ("write 4", wr(fd, 4), 0);
	CHECK_EQ("write 0 is accepted", wr(fd, 0), 0);
	CHECK_EQ("the writes add up", rd(fd, &e), 7);
	char buf[16];
	wr(fd, 9);
	CHECK_ERR("read of 7 bytes EINVAL", read(fd, buf, 7), EINVAL);
	CHECK_ERR("read of 0 bytes EINVAL", read(fd, buf, 0), EINVAL);
	CHECK_EQ("read of 16 bytes gives 8", read(fd, buf, 16), 8);
	uint64_t v = 0x1122334455667788ull;
	CHECK_ERR("write of 7 bytes EINVAL", write(fd, &v, 7), EINVAL);
	CHECK_ERR("write of 0 bytes EINVAL", write(fd, &v, 0), EINVAL);
	v = ~0ull;
	CHECK_ERR("write 0xffffffffffffffff EINVAL", write(fd, &v, 8), EINVAL);
	CHECK_ERR("write from a bad pointer EFAULT", write(fd, BAD, 8), EFAULT);
	uint64_t a = 0, b = 0;
	struct iovec iov[2] = { { &a, 4 }, { &b, 4 } };
	wr(fd, 0x0000000200000001ull);
	CHECK_EQ("readv over two 4-byte segments", readv(fd, iov, 2), 8);
	CHECK("readv splits the value", a == 1 && b == 2);
}

static void semaphore(void)
{
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK), e;
	CHECK_EQ("semaphore read 1", rd(fd, &e), 1);
	CHECK_EQ("semaphore read 2", rd(fd, &e), 1);
	CHECK_EQ("semaphore read 3", rd(fd, &e), 1);
	rd(fd, &e);
	CHECK_EQ("semaphore empty: EAGAIN", e, EAGAIN);
	wr(fd, 2);
	CHECK_EQ("after write 2: 1", rd(fd, &e), 1);
	CHECK_EQ("and 1 more", rd(fd, &e), 1);
	rd(fd, &e);
	CHECK_EQ("then EAGAIN", e, EAGAIN);
}

static void ceiling(void)
{
	int fd = eventfd(0, EFD_NONBLOCK), e;
	CHECK_EQ("write 0xfffffffffffffffe", wr(fd, MAXV), 0);
	CHECK_EQ("write 1 more: EAGAIN", wr(fd, 1), EAGAIN);
	CHECK_EQ("write 0 still fine", wr(fd, 0), 0);
	CHECK_EQ("counter full: POLLIN only", revents(fd), POLLIN);
	CHECK_EQ("read takes it all", rd(fd, &e), MAXV);
	CHECK_EQ("write 5", wr(fd, 5), 0);
	CHECK_EQ("5 + 0xfffffffffffffff9 fits", wr(fd, MAXV - 5), 0);
	CHECK_EQ("one more: EAGAIN", wr(fd, 1), EAGAIN);
	CHECK_EQ("a failed write adds nothing", rd(fd, &e), MAXV);
}

static void poll_select(void)
{
	int fd = eventfd(0, EFD_NONBLOCK), e;
	CHECK_EQ("empty: POLLOUT", revents(fd), POLLOUT);
	wr(fd, 1);
	CHECK_EQ("1: POLLIN|POLLOUT", revents(fd), POLLIN | POLLOUT);
	fd_set r, w;
	FD_ZERO(&r); FD_ZERO(&w);
	FD_SET(fd, &r); FD_SET(fd, &w);
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select: readable and writable", select(fd + 1, &r, &w, NULL, &tv), 2);
	rd(fd, &e);
	FD_ZERO(&r);
	FD_SET(fd, &r);
	tv.tv_usec = 0;
	CHECK_EQ("select after the read: none", select(fd + 1, &r, NULL, NULL, &tv), 0);
	struct pollfd p = { fd, POLLIN, 0 };
	pid_t pid = fork();
	if (pid == 0) {
		msleep(50);
		wr(fd, 3);
		_exit(0);
	}
	CHECK_EQ("poll waits for a write from another process", poll(&p, 1, 20000), 1);
	CHECK_EQ("POLLIN", p.revents, POLLIN);
	wait_for(pid);
}

static void sleeping_reader(void)
{
	int fd = eventfd(0, 0), e;
	pid_t pid = fork();
	if (pid == 0) {
		uint64_t v = rd(fd, &e);
		_exit(e ? 100 : (int)v);
	}
	wait_sleeping(pid);
	CHECK_EQ("reader still waits", waitpid(pid, NULL, WNOHANG), 0);
	wr(fd, 42);
	CHECK_EXIT("a write wakes the reader, which gets 42", wait_for(pid), 42);
	CHECK_EQ("and the counter is 0 again", revents(fd), POLLOUT);
}

static void sleeping_writer(void)
{
	int fd = eventfd(0, 0), e;
	wr(fd, MAXV);
	pid_t pid = fork();
	if (pid == 0)
		_exit(wr(fd, 10));
	wait_sleeping(pid);
	CHECK_EQ("writer waits at the ceiling", waitpid(pid, NULL, WNOHANG), 0);
	CHECK_EQ("read makes room", rd(fd, &e), MAXV);
	CHECK_EXIT("the writer finishes", wait_for(pid), 0);
	CHECK_EQ("its value arrived", rd(fd, &e), 10);
}

/* A child sleeping in read or write gets a handled signal: EINTR without
 * SA_RESTART; with it, the call goes on and completes. */
static void interrupted(void)
{
	int fd = eventfd(0, 0), e;
	struct sigaction sa = { .sa_handler = on_sig };
	sigaction(SIGUSR1, &sa, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		rd(fd, &e);
		_exit(e == EINTR ? 0 : 1);
	}
	wait_sleeping(pid);
	kill(pid, SIGUSR1);
	CHECK_EXIT("read EINTR", wait_for(pid), 0);
	wr(fd, MAXV);
	pid = fork();
	if (pid == 0)
		_exit(wr(fd, 1) == EINTR ? 0 : 1);
	wait_sleeping(pid);
	kill(pid, SIGUSR1);
	CHECK_EXIT("write EINTR", wait_for(pid), 0);
	rd(fd, &e);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	pid = fork();
	if (pid == 0) {
		uint64_t v = rd(fd, &e);
		_exit(e ? 100 : (int)v);
	}
	wait_sleeping(pid);
	kill(pid, SIGUSR1);
	msleep(50);
	wr(fd, 9);
	CHECK_EXIT("SA_RESTART: the read goes on", wait_for(pid), 9);
}

static void efault(void)
{
	int fd = eventfd(0, EFD_NONBLOCK), e;
	wr(fd, 6);
	CHECK_ERR("read into a bad pointer EFAULT", read(fd, BAD, 8), EFAULT);
	rd(fd, &e);
	CHECK_EQ("the value was taken all the same", e, EAGAIN);
	int sem = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	CHECK_ERR("semaphore: EFAULT", read(sem, BAD, 8), EFAULT);
	CHECK_EQ("one was taken", rd(sem, &e), 1);
}

static void shared(void)
{
	int fd = eventfd(0, EFD_NONBLOCK), e;
	pid_t pid = fork();
	if (pid == 0)
		_exit(wr(fd, 11));
	wait_for(pid);
	CHECK_EQ("a child's write reaches the parent", rd(fd, &e), 11);
	int d = dup(fd);
	wr(d, 4);
	close(d);
	CHECK_EQ("through a dup", rd(fd, &e), 4);
	CHECK_OK0("close", close(fd));
	CHECK_ERR("read after close EBADF", read(fd, &e, 8), EBADF);
}

static void root_owned(void)
{
	struct stat st;
	int fd = eventfd(0, 0);
	fstat(fd, &st);
	CHECK_EQ("uid 1000's eventfd belongs to root", st.st_uid, 0);
	CHECK_EQ("group root", st.st_gid, 0);
}

static void as_user(void)
{
	in_child("uid 1000", become_uid1000, root_owned);
}

int main(void)
{
	RUN(create_flags);
	RUN(looks_like);
	RUN(read_write);
	RUN(semaphore);
	RUN(ceiling);
	RUN(poll_select);
	RUN(sleeping_reader);
	RUN(sleeping_writer);
	RUN(interrupted);
	RUN(efault);
	RUN(shared);
	RUN(as_user);
	return cases_failed ? 1 : 0;
}
