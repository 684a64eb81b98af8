/* t_fdinfo_guest - Pipit only: the fdinfo lines of the event descriptors
 * and pidfds exactly as Linux 6.1 prints them, where the host's later
 * kernel adds lines (eventfd-semaphore since 6.6); a pidfd's NSpid
 * (CONFIG_PID_NS) as 6.1's; eventfd-id as
 * Linux's IDA gives it (the lowest number no living eventfd has, from 0:
 * this assumes no other process holds an eventfd, as in the test run);
 * the alarm clocks' ids (root only); and that all of it leaves no kernel
 * memory behind. */
#include "check.h"
#include "fdinfo.h"
#include "kmem.h"
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#define SYS_pidfd_open_ 434
#ifndef CLOCK_REALTIME_ALARM
#define CLOCK_REALTIME_ALARM 8
#define CLOCK_BOOTTIME_ALARM 9
#endif

static long efd_id(int fd)
{
	const char *l = line_of(fdinfo_own(fd), "eventfd-id: ");
	return l ? strtol(l + 12, NULL, 10) : -1;
}

static void eventfd_exact(void)
{
	int a = eventfd(7, 0), b = eventfd(0, EFD_SEMAPHORE);
	CHECK_STR("eventfd: two lines, no eventfd-semaphore (6.6)", fdinfo_own(a),
		  "eventfd-count:                7\neventfd-id: 0\n");
	CHECK_STR("EFD_SEMAPHORE: the same two lines", fdinfo_own(b),
		  "eventfd-count:                0\neventfd-id: 1\n");
	close(a);
	int c = eventfd(0, 0);
	CHECK_EQ("eventfd-id: a freed number is the next one given", efd_id(c), 0);
	int d = eventfd(0, 0);
	CHECK_EQ("eventfd-id: then the next free one", efd_id(d), 2);
}

/* Past the first 32 numbers (the bitmap grows) and back. */
static void eventfd_many(void)
{
	int fds[100];
	bool ok = true;
	for (int i = 0; i < 100; i++)
		ok = ok && (fds[i] = eventfd(0, 0)) >= 0 && efd_id(fds[i]) == i;
	CHECK("100 eventfds: numbers 0 to 99", ok);
	close(fds[40]);
	close(fds[5]);
	int x = eventfd(0, 0), y = eventfd(0, 0), z = eventfd(0, 0);
	CHECK("the lowest free first: 5, 40, then 100",
	      efd_id(x) == 5 && efd_id(y) == 40 && efd_id(z) == 100);
}

static void pidfd_exact(void)
{
	char want[64];
	int self = (int)syscall(SYS_pidfd_open_, getpid(), 0);
	snprintf(want, sizeof want, "Pid:\t%d\nNSpid:\t%d\n", getpid(), getpid());
	CHECK_STR("pidfd: Pid:, then NSpid: (CONFIG_PID_NS)", fdinfo_own(self), want);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	int pfd = (int)syscall(SYS_pidfd_open_, c, 0);
	wait_for(c);
	CHECK_STR("pidfd: reaped: Pid:\\t-1, NSpid:\\t-1", fdinfo_own(pfd), "Pid:\t-1\nNSpid:\t-1\n");
}

static void alarm_clocks(void)
{
	int r = timerfd_create(CLOCK_REALTIME_ALARM, 0), b = timerfd_create(CLOCK_BOOTTIME_ALARM, 0);
	CHECK_STR("CLOCK_REALTIME_ALARM: clockid 8", line_of(fdinfo_own(r), "clockid:"), "clockid: 8");
	CHECK_STR("CLOCK_BOOTTIME_ALARM: clockid 9", line_of(fdinfo_own(b), "clockid:"), "clockid: 9");
}

/* Every kind of file with lines of its own, made, shown and closed. */
static bool fdinfo_work(void)
{
	bool ok = true;
	int p[2];
	pipe(p);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN };
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	uint64_t m = 1;
	int fds[] = { eventfd(1, 0), ep, (int)syscall(SYS_signalfd4, -1, &m, 8, 0),
		      timerfd_create(CLOCK_MONOTONIC, 0), (int)syscall(SYS_pidfd_open_, getpid(), 0) };
	int e[40];
	for (int i = 0; i < 40; i++)
		e[i] = eventfd(0, 0);
	for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
		ok = ok && fds[i] >= 0 && *fdinfo_own(fds[i]);
	for (unsigned i = 0; i < sizeof fds / sizeof fds[0]; i++)
		close(fds[i]);
	for (int i = 0; i < 40; i++)
		close(e[i]);
	close(p[0]);
	close(p[1]);
	return ok;
}

static void no_leak(void)
{
	kmem_account("fdinfo of the event descriptors", fdinfo_work, 3, "every page and object comes back");
}

int main(void)
{
	RUN(eventfd_exact);
	RUN(eventfd_many);
	RUN(pidfd_exact);
	RUN(alarm_clocks);
	RUN(no_leak);
	return cases_failed ? 1 : 0;
}
