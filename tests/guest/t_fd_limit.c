/* t_fd_limit - descriptors up to RLIMIT_NOFILE, past the first table's
 * slots, as Linux: open, dup2, dup3 and F_DUPFD at the limit and past
 * it, a lowered limit that leaves higher descriptors working, select and
 * poll over a thousand descriptors, fork and exec carrying them (with
 * close-on-exec), /proc/self/fd listing them, and close_range(2) with its
 * flags and errors (fs/fd.c: fd_alloc, fdt_grow, sys_close_range). Each
 * case sets its own limit (the host's shell may have set another). */
#include "check.h"
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <poll.h>
#include <dirent.h>
#include <pthread.h>

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static char self_exe[256];

static int set_nofile(rlim_t cur)
{
	struct rlimit r;
	getrlimit(RLIMIT_NOFILE, &r);
	r.rlim_cur = cur;
	if (r.rlim_max < cur)
		r.rlim_max = cur;            /* (fails unless the hard limit allows it) */
	return setrlimit(RLIMIT_NOFILE, &r);
}

static long close_range(unsigned fd, unsigned max_fd, unsigned flags)
{
	return syscall(436, fd, max_fd, flags);   /* __NR_close_range on i386 */
}

/* Open descriptors >= 3, counted with fcntl. */
static int count_open(int below)
{
	int n = 0;
	for (int fd = 3; fd < below; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

static void open_to_limit(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	close_range(3, ~0U, 0);
	int last = -1, fd, n = 0;
	while ((fd = open("/dev/null", O_RDONLY)) >= 0) {
		last = fd;
		n++;
	}
	CHECK_EQ("opens end at the limit", last, 1023);
	CHECK_EQ("every number from 3", n, 1021);
	CHECK_ERR("then EMFILE", open("/dev/null", O_RDONLY), EMFILE);
	CHECK_ERR("dup too", dup(0), EMFILE);
	int p[2];
	CHECK_ERR("pipe too", pipe(p), EMFILE);
	CHECK_EQ("close 500", close(500), 0);
	CHECK_EQ("the next open is 500", open("/dev/null", O_RDONLY), 500);
	CHECK_EQ("close 1023", close(1023), 0);
	CHECK_EQ("dup2 onto 1023", dup2(0, 1023), 1023);
	CHECK_ERR("dup2 onto 1024: EBADF", dup2(0, 1024), EBADF);
	CHECK_ERR("dup3 onto 1024: EBADF", dup3(0, 1024, 0), EBADF);
	CHECK_ERR("F_DUPFD 1024: EINVAL", fcntl(0, F_DUPFD, 1024), EINVAL);
	CHECK_ERR("F_DUPFD 1000, none free: EMFILE", fcntl(0, F_DUPFD, 1000), EMFILE);
	close(1010);
	close(1005);
	CHECK_EQ("F_DUPFD 1000 takes the lowest free above", fcntl(0, F_DUPFD, 1000), 1005);
	CHECK_EQ("F_DUPFD_CLOEXEC 1006", fcntl(0, F_DUPFD_CLOEXEC, 1006), 1010);
	CHECK_EQ("it is close-on-exec", fcntl(1010, F_GETFD), FD_CLOEXEC);
}

static void lowered_limit(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	CHECK_EQ("dup2 onto 1000", dup2(1, 1000), 1000);
	CHECK_OK0("lowered to 100", set_nofile(100));
	CHECK_EQ("1000 still writes", write(1000, "", 0), 0);
	CHECK_EQ("and dups below the limit", dup(1000) < 100, 1);
	CHECK_ERR("dup2 onto 200: EBADF", dup2(0, 200), EBADF);
	CHECK_ERR("F_DUPFD 100: EINVAL", fcntl(0, F_DUPFD, 100), EINVAL);
	CHECK_EQ("close 1000", close(1000), 0);
	CHECK_ERR("then it is gone", close(1000), EBADF);
}

static void select_poll_high(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	int p[2];
	pipe(p);
	CHECK_EQ("the read end at 1000", dup2(p[0], 1000), 1000);
	CHECK_EQ("the write end at 1001", dup2(p[1], 1001), 1001);
	write(1001, "x", 1);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(1000, &r);
	struct timeval tv = { 0, 0 };
	CHECK_EQ("select(1001) sees 1000 readable", select(1001, &r, NULL, NULL, &tv), 1);
	CHECK("its bit stays", FD_ISSET(1000, &r));
	FD_ZERO(&r);
	FD_SET(1002, &r);
	CHECK_ERR("select on 1002, not open: EBADF", select(1003, &r, NULL, NULL, &tv), EBADF);
	static struct pollfd pf[1025];
	for (int i = 0; i < 1024; i++)
		pf[i] = (struct pollfd){ .fd = -1 };
	pf[1023] = (struct pollfd){ .fd = 1000, .events = POLLIN };
	CHECK_EQ("poll of 1024 entries", poll(pf, 1024, 0), 1);
	CHECK_EQ("1000 has POLLIN", pf[1023].revents, POLLIN);
	CHECK_ERR("poll of 1025 (past the limit): EINVAL", poll(pf, 1025, 0), EINVAL);
}

/* The exec'ed half of fork_exec: 900 is open, 1000 was close-on-exec. */
static int after_exec(void)
{
	int ok = fcntl(900, F_GETFD) == 0 && fcntl(1000, F_GETFD) < 0 && errno == EBADF;
	return ok ? 0 : 1;
}

static void fork_exec(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	dup2(0, 900);
	dup2(0, 1000);
	fcntl(1000, F_SETFD, FD_CLOEXEC);
	pid_t pid = fork();
	if (pid == 0)
		_exit(fcntl(900, F_GETFD) == 0 && fcntl(1000, F_GETFD) == FD_CLOEXEC ? 0 : 1);
	CHECK_EQ("the child has 900 and 1000, close-on-exec kept", wait_for(pid), 0);
	pid = fork();
	if (pid == 0) {
		execl(self_exe, self_exe, "after-exec", (char *)NULL);
		_exit(2);
	}
	CHECK_EQ("after exec, 900 open and 1000 closed", wait_for(pid), 0);
}

static void proc_fd_lists(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	for (int fd = 600; fd < 1024; fd += 50)
		dup2(0, fd);
	DIR *d = opendir("/proc/self/fd");
	int high = 0, sum = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		int fd = atoi(e->d_name);
		if (fd >= 600) {
			high++;
			sum += fd;
		}
	}
	if (d)
		closedir(d);
	CHECK_EQ("/proc/self/fd lists the nine", high, 9);
	CHECK_EQ("by their numbers", sum, 600 + 650 + 700 + 750 + 800 + 850 + 900 + 950 + 1000);
	char link[64], target[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", 1000);
	ssize_t n = readlink(link, target, sizeof target - 1);
	target[n > 0 ? n : 0] = 0;
	CHECK("fd/1000 is a link", n > 0);
}

static void close_range_errors(void)
{
	CHECK_ERR("unknown flag: EINVAL", close_range(3, 10, 1), EINVAL);
	CHECK_ERR("flag 8: EINVAL", close_range(3, 10, 8), EINVAL);
	CHECK_ERR("fd > max_fd: EINVAL", close_range(10, 3, 0), EINVAL);
	CHECK_ERR("bad flag before bad range: EINVAL", close_range(10, 3, 1), EINVAL);
	CHECK_OK0("a range past the table", close_range(5000, 6000, 0));
	CHECK_OK0("a range with nothing open", close_range(100, 200, 0));
	CHECK_OK0("the whole range, all flags", close_range(~0U, ~0U, CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC));
}

static void close_range_closes(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	close_range(3, ~0U, 0);
	for (int fd = 3; fd < 20; fd++)
		dup2(0, fd);
	dup2(0, 700);
	CHECK_OK0("close 5..9", close_range(5, 9, 0));
	CHECK_EQ("3, 4 and 10..19 and 700 left", count_open(1024), 2 + 10 + 1);
	CHECK_ERR("7 is closed", fcntl(7, F_GETFD), EBADF);
	CHECK_EQ("the next open is 5", open("/dev/null", O_RDONLY), 5);
	CHECK_OK0("close 12 alone", close_range(12, 12, 0));
	CHECK_ERR("12 is closed", fcntl(12, F_GETFD), EBADF);
	CHECK_OK0("close from 10 to the end", close_range(10, ~0U, 0));
	CHECK_EQ("3, 4, 5 left", count_open(1024), 3);
	CHECK_OK0("mark 3..4 close-on-exec", close_range(3, 4, CLOSE_RANGE_CLOEXEC));
	CHECK_EQ("3 is close-on-exec", fcntl(3, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("4 is close-on-exec", fcntl(4, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("5 is not", fcntl(5, F_GETFD), 0);
	CHECK_EQ("a dup into a marked slot is not", dup2(0, 30) == 30 && close_range(30, 40, CLOSE_RANGE_CLOEXEC) == 0 &&
		 close(30) == 0 && dup2(0, 30) == 30 ? fcntl(30, F_GETFD) : -1, 0);
}

static int shared_fd = -1;
static long thread_result;

static void *unsharer(void *arg)
{
	(void)arg;
	thread_result = close_range((unsigned)shared_fd, (unsigned)shared_fd, CLOSE_RANGE_UNSHARE);
	if (thread_result == 0 && fcntl(shared_fd, F_GETFD) >= 0)
		thread_result = 100;        /* not closed in the thread's own table */
	int fd = dup(0);                /* a descriptor only the thread's table has */
	if (thread_result == 0 && fd >= 0)
		thread_result = fd;
	return NULL;
}

static void *closer(void *arg)
{
	(void)arg;
	thread_result = close_range((unsigned)shared_fd, (unsigned)shared_fd, 0);
	return NULL;
}

static void close_range_unshare(void)
{
	CHECK_OK0("RLIMIT_NOFILE 1024", set_nofile(1024));
	shared_fd = dup2(0, 800);
	pthread_t t;
	pthread_create(&t, NULL, unsharer, NULL);
	pthread_join(t, NULL);
	CHECK("the thread closed 800 in its own copy", thread_result > 0 && thread_result < 100);
	CHECK_EQ("the process still has 800", fcntl(800, F_GETFD), 0);
	CHECK_ERR("and not the thread's new descriptor", fcntl((int)thread_result, F_GETFD), EBADF);
	pthread_create(&t, NULL, closer, NULL);
	pthread_join(t, NULL);
	CHECK_EQ("without UNSHARE the thread's close_range", thread_result, 0);
	CHECK_ERR("closes it for the process", fcntl(800, F_GETFD), EBADF);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "after-exec"))
		return after_exec();
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	self_exe[n > 0 ? n : 0] = 0;
	RUN(open_to_limit);
	RUN(lowered_limit);
	RUN(select_poll_high);
	RUN(fork_exec);
	RUN(proc_fd_lists);
	RUN(close_range_errors);
	RUN(close_range_closes);
	RUN(close_range_unshare);
	return cases_failed ? 1 : 0;
}
