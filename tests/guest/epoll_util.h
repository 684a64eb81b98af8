/* epoll_util.h - what the epoll tests share: adding and changing items,
 * and a wait's result as one deterministic string, "N:ev/data,ev/data"
 * (events in hex), "0" or an errno name. */
#ifndef EPOLL_UTIL_H
#define EPOLL_UTIL_H
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <stdint.h>
#include <limits.h>
#include <poll.h>
#include <time.h>

__attribute__((unused))
static int epoll_add(int e, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { events, { .u64 = data } };
	return epoll_ctl(e, EPOLL_CTL_ADD, fd, &ev);
}

__attribute__((unused))
static int epoll_mod(int e, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { events, { .u64 = data } };
	return epoll_ctl(e, EPOLL_CTL_MOD, fd, &ev);
}

/* Up to max events of e within timeout ms, as a string (a static buffer
 * of a ring of 8). */
__attribute__((unused))
static const char *wait_n(int e, int max, int timeout)
{
	static char ring[8][256];
	static unsigned next;
	char *out = ring[next++ % 8];
	struct epoll_event ev[16];
	int n = epoll_wait(e, ev, max > 16 ? 16 : max, timeout);
	if (n < 0) {
		snprintf(out, 256, "%s", errname(errno));
		return out;
	}
	int k = snprintf(out, 256, "%d", n);
	for (int i = 0; i < n && k < 200; i++)
		k += snprintf(out + k, 256 - k, "%s%#x/%llu", i ? "," : ":", ev[i].events,
			      (unsigned long long)ev[i].data.u64);
	return out;
}

__attribute__((unused))
static const char *wait_str(int e, int timeout)
{
	return wait_n(e, 16, timeout);
}

/* The raw calls, for sizes and pointers the libc wrappers would not pass. */
__attribute__((unused))
static long epoll_pwait_raw(int e, void *ev, int max, int timeout, const void *mask, long size)
{
	return syscall(SYS_epoll_pwait, e, ev, max, timeout, mask, size);
}

__attribute__((unused))
static long epoll_pwait2_raw(int e, void *ev, int max, const void *ts64, const void *mask, long size)
{
	return syscall(441 /* epoll_pwait2 */, e, ev, max, ts64, mask, size);
}

__attribute__((unused))
static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000;
}

#endif
