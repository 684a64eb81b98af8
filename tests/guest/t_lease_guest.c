/* t_lease_guest - a lease holder that does not give way loses its lease
 * after /proc/sys/fs/lease-break-time seconds, and the opener goes on.
 * Guest-only: it sets the knob (root), which the host must keep. */
#include "check.h"

static void set_break_time(const char *v)
{
	put_file("/proc/sys/fs/lease-break-time", v, strlen(v));
}

static long ms_since(struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* The holder ignores SIGIO; a child opens with `how` and reports how long
 * that took. Returns the milliseconds, -1 when the open failed. */
static long opener_waits(int fd, int how)
{
	signal(SIGIO, SIG_IGN);
	CHECK_OK0("write lease", fcntl(fd, F_SETLEASE, F_WRLCK));
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(open(P("f"), how) >= 0 ? 0 : 1);
	int st = wait_for(pid);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? ms_since(&t0) : -1;
}

static void writer_times_out(void)
{
	tdir_setup("t_lease_guest");
	mk("f", "x");
	set_break_time("1");
	int fd = open(P("f"), O_RDONLY);
	long ms = opener_waits(fd, O_WRONLY);
	CHECK("the writer got in after about a second", ms >= 900 && ms < 3000);
	CHECK_EQ("the lease is gone", fcntl(fd, F_GETLEASE), F_UNLCK);
	CHECK_ERR("unlock: nothing left", fcntl(fd, F_SETLEASE, F_UNLCK), EAGAIN);
	set_break_time("45");
}

static void reader_times_out(void)
{
	tdir_setup("t_lease_guest");
	mk("f", "x");
	set_break_time("1");
	int fd = open(P("f"), O_RDONLY);
	long ms = opener_waits(fd, O_RDONLY);
	CHECK("the reader got in after about a second", ms >= 900 && ms < 3000);
	CHECK_EQ("the lease was downgraded", fcntl(fd, F_GETLEASE), F_RDLCK);
	set_break_time("45");
}

static void zero_break_time(void)
{
	tdir_setup("t_lease_guest");
	mk("f", "x");
	set_break_time("0");
	int fd = open(P("f"), O_RDONLY);
	long ms = opener_waits(fd, O_RDWR);
	CHECK("break time 0: at once", ms >= 0 && ms < 500);
	CHECK_EQ("no lease", fcntl(fd, F_GETLEASE), F_UNLCK);
	set_break_time("45");
}

int main(void)
{
	RUN(writer_times_out);
	RUN(reader_times_out);
	RUN(zero_break_time);
	return cases_failed ? 1 : 0;
}
