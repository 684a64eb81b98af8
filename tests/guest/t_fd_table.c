/* t_fd_table - differential test of the descriptor table past its first
 * slots: Pipit's table starts with 32 (kernel/proc.h: NR_OPEN_SMALL) and
 * grows when a higher descriptor is asked for (fs/fd.c: fdt_grow), as
 * Linux's does past its first 32 or 64. Each case asks for descriptors
 * above 64 in a fresh process: dup2, F_DUPFD, filling the table from the
 * bottom, a fork that copies a grown table, a thread that grows the table
 * its process shares, close-on-exec of a high descriptor, and the listing
 * of /proc/self/fd. */
#include "check.h"
#include <pthread.h>

/* A pipe whose write end is also descriptor `at`; checks a byte gets
 * through it. */
static bool pipe_through(int at, int rfd)
{
	char c = 0;
	return write(at, "z", 1) == 1 && read(rfd, &c, 1) == 1 && c == 'z';
}

static void dup2_high(void)
{
	int p[2];
	CHECK_EQ("pipe", pipe(p), 0);
	CHECK_EQ("dup2 to 200", dup2(p[1], 200), 200);
	CHECK("a byte through 200", pipe_through(200, p[0]));
	CHECK_EQ("F_GETFD of 200", fcntl(200, F_GETFD), 0);
	CHECK_EQ("dup3 to 201 with O_CLOEXEC", dup3(p[1], 201, O_CLOEXEC), 201);
	CHECK_EQ("F_GETFD of 201", fcntl(201, F_GETFD), FD_CLOEXEC);
	CHECK_EQ("close 200", close(200), 0);
	CHECK_ERR("close 200 again", close(200), EBADF);
	CHECK_ERR("fcntl of closed 150", fcntl(150, F_GETFD), EBADF);
	CHECK_ERR("dup2 from closed 150", dup2(150, 151), EBADF);
	CHECK_EQ("F_DUPFD from 120", fcntl(p[1], F_DUPFD, 120), 120);
	CHECK_EQ("F_DUPFD from 120 again: 121", fcntl(p[1], F_DUPFD, 120), 121);
	CHECK_EQ("F_DUPFD_CLOEXEC from 100", fcntl(p[1], F_DUPFD_CLOEXEC, 100), 100);
	CHECK_EQ("its F_GETFD", fcntl(100, F_GETFD), FD_CLOEXEC);
}

/* dup fills the lowest free descriptors: 3, 4, ... past 64 without a gap. */
static void fill_from_bottom(void)
{
	int last = -1, gaps = 0;
	for (int want = 3; want < 150; want++) {
		int fd = dup(0);
		gaps += fd != want;
		last = fd;
	}
	CHECK_EQ("dups 3..149 in order", gaps, 0);
	CHECK_EQ("the last is 149", last, 149);
	CHECK_EQ("close 70", close(70), 0);
	CHECK_EQ("the next dup takes 70", dup(0), 70);
	CHECK_EQ("then 150", dup(0), 150);
}

static void fork_copies(void)
{
	int p[2];
	pipe(p);
	dup2(p[1], 180);
	pid_t pid = fork();
	if (pid == 0)
		_exit(write(180, "c", 1) == 1 ? 0 : 1);
	CHECK_EQ("the child wrote through its copy of 180", wait_for(pid), 0);
	char c = 0;
	CHECK("the byte came", read(p[0], &c, 1) == 1 && c == 'c');
	CHECK("the parent's 180 still works", pipe_through(180, p[0]));
}

static int shared_p[2];
static void *grow_in_thread(void *arg)
{
	(void)arg;
	return (void *)(long)dup2(shared_p[1], 190);
}

/* A thread shares the table (CLONE_FILES): what it puts at 190, the
 * other thread reaches at once. */
static void thread_grows(void)
{
	pipe(shared_p);
	pthread_t th;
	void *ret = NULL;
	CHECK_EQ("pthread_create", pthread_create(&th, NULL, grow_in_thread, NULL), 0);
	pthread_join(th, &ret);
	CHECK_EQ("the thread's dup2 to 190", (long)ret, 190);
	CHECK("the main thread writes through 190", pipe_through(190, shared_p[0]));
	CHECK_EQ("and closes it", close(190), 0);
}

/* Close-on-exec of a high descriptor: the exec'd program (this one, with
 * an argument) finds 170 closed and 171 open. */
static void cloexec_high(void)
{
	int p[2];
	pipe(p);
	dup2(p[1], 170);
	fcntl(170, F_SETFD, FD_CLOEXEC);
	dup2(p[1], 171);
	pid_t pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", "t_fd_table", "exec-check", (char *)NULL);
		_exit(99);
	}
	CHECK_EQ("after exec: 170 closed, 171 open", wait_for(pid), 0);
}

static void proc_lists_high(void)
{
	dup2(0, 210);
	DIR *d = opendir("/proc/self/fd");
	bool seen = false;
	struct dirent *e;
	while (d && (e = readdir(d)))
		seen |= !strcmp(e->d_name, "210");
	if (d)
		closedir(d);
	CHECK("/proc/self/fd lists 210", seen);
	char link[64] = { 0 };
	CHECK("/proc/self/fd/210 reads", readlink("/proc/self/fd/210", link, sizeof link - 1) > 0);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec-check"))
		return fcntl(170, F_GETFD) == -1 && errno == EBADF && fcntl(171, F_GETFD) == 0 ? 0 : 1;
	RUN(dup2_high);
	RUN(fill_from_bottom);
	RUN(fork_copies);
	RUN(thread_grows);
	RUN(cloexec_high);
	RUN(proc_lists_high);
	return cases_failed ? 1 : 0;
}
