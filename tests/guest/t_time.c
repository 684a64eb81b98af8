/* t_time - differential test of the clocks: clock_gettime (32- and 64-bit
 * system calls), gettimeofday, time, nanosleep. Only truth values are
 * printed: the clocks themselves differ between any two runs. */
#include "check.h"
#include <stdint.h>
#include <sys/time.h>

/* The kernel's 32-bit and 64-bit timespec layouts on i386. */
struct ts32 { int32_t sec; int32_t nsec; };
struct ts64 { int64_t sec; int64_t nsec; };

static int64_t ns_of(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static void realtime(void)
{
	struct timespec t;
	CHECK_OK0("clock_gettime REALTIME", clock_gettime(CLOCK_REALTIME, &t));
	CHECK("year >= 2020", t.tv_sec >= 1577836800);
	CHECK("tv_nsec in range", t.tv_nsec >= 0 && t.tv_nsec < 1000000000);
	struct timeval tv;
	CHECK_OK0("gettimeofday", gettimeofday(&tv, NULL));
	CHECK("gettimeofday agrees within 2 s", llabs((long long)tv.tv_sec - t.tv_sec) <= 2);
	CHECK("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	time_t now = time(NULL), also;
	CHECK("time() agrees within 2 s", llabs((long long)now - t.tv_sec) <= 2);
	CHECK("time(&t) stores the same", time(&also) >= now && also - now <= 2);
	long raw = syscall(SYS_time, NULL);
	CHECK("SYS_time agrees within 2 s", llabs((long long)raw - t.tv_sec) <= 2);
	struct ts32 a;
	struct ts64 b;
	CHECK_OK0("SYS_clock_gettime32", syscall(SYS_clock_gettime32, CLOCK_REALTIME, &a));
	CHECK_OK0("SYS_clock_gettime64", syscall(SYS_clock_gettime64, CLOCK_REALTIME, &b));
	CHECK("32- and 64-bit calls agree", llabs((long long)a.sec - b.sec) <= 2 &&
	      llabs((long long)b.sec - t.tv_sec) <= 2);
	CHECK("nsec fields in range", a.nsec >= 0 && a.nsec < 1000000000 &&
	      b.nsec >= 0 && b.nsec < 1000000000);
	struct { int32_t sec, usec; } tv32;
	CHECK_OK0("SYS_gettimeofday_time32", syscall(SYS_gettimeofday_time32, &tv32, NULL));
	CHECK("SYS_gettimeofday_time32 agrees", llabs((long long)tv32.sec - t.tv_sec) <= 2);
}

static void monotonic(void)
{
	struct timespec prev, t;
	CHECK_OK0("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &prev));
	int ok = 1;
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (ns_of(&t) < ns_of(&prev))
			ok = 0;
		prev = t;
	}
	CHECK("MONOTONIC never goes back in 1000 calls", ok);
	struct ts64 b;
	CHECK_OK0("SYS_clock_gettime64 MONOTONIC", syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &b));
	CHECK("agrees with libc", b.sec >= prev.tv_sec && b.sec - prev.tv_sec <= 2);
	struct timespec r;
	CHECK_OK0("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &r));
	CHECK("resolution positive and <= 10 ms", ns_of(&r) > 0 && ns_of(&r) <= 10000000);
	CHECK_OK0("clock_getres REALTIME", clock_getres(CLOCK_REALTIME, &r));
}

static void sleeps(void)
{
	struct timespec a, b, rt0, rt1;
	clock_gettime(CLOCK_REALTIME, &rt0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	struct timespec req = { 0, 50000000 };
	CHECK_OK0("nanosleep 50 ms", nanosleep(&req, NULL));
	clock_gettime(CLOCK_MONOTONIC, &b);
	clock_gettime(CLOCK_REALTIME, &rt1);
	CHECK("MONOTONIC advanced >= 50 ms", ns_of(&b) - ns_of(&a) >= 50000000);
	CHECK("REALTIME advanced too", ns_of(&rt1) > ns_of(&rt0));
	req.tv_sec = 1;
	req.tv_nsec = 0;
	clock_gettime(CLOCK_MONOTONIC, &a);
	nanosleep(&req, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK("nanosleep 1 s: >= 1 s", ns_of(&b) - ns_of(&a) >= 1000000000);
	struct timespec zero = { 0, 0 };
	CHECK_OK0("nanosleep 0", nanosleep(&zero, NULL));
	struct timespec bad = { 0, 1000000000 };
	CHECK_ERR("nanosleep tv_nsec 1e9 -> EINVAL", nanosleep(&bad, NULL), EINVAL);
	struct timespec neg = { 0, -1 };
	CHECK_ERR("nanosleep tv_nsec -1 -> EINVAL", nanosleep(&neg, NULL), EINVAL);
	struct timespec negs = { -1, 0 };
	CHECK_ERR("nanosleep tv_sec -1 -> EINVAL", nanosleep(&negs, NULL), EINVAL);
	CHECK_SYSERR("SYS_nanosleep bad pointer -> EFAULT", EFAULT, SYS_nanosleep, (void *)1, NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct timespec s = { 0, 100000000 };
		nanosleep(&s, NULL);
		_exit(8);
	}
	CHECK_EXIT("a sleeping child wakes and exits", wait_for(pid), 8);
}

static void clock_errors(void)
{
	struct timespec t;
	CHECK_ERR("clock_gettime bad clock -> EINVAL", clock_gettime(1000, &t), EINVAL);
	CHECK_ERR("clock_gettime clock -1000 -> EINVAL", clock_gettime(-1000, &t), EINVAL);
	CHECK_SYSERR("SYS_clock_gettime32 bad pointer -> EFAULT", EFAULT,
		     SYS_clock_gettime32, CLOCK_REALTIME, (void *)1);
	CHECK_SYSERR("SYS_clock_gettime64 bad pointer -> EFAULT", EFAULT,
		     SYS_clock_gettime64, CLOCK_MONOTONIC, (void *)0xC0000000);
	CHECK_SYSERR("SYS_clock_gettime32 bad clock -> EINVAL", EINVAL,
		     SYS_clock_gettime32, 1000, &t);
	CHECK_SYSERR("SYS_gettimeofday_time32 bad pointer -> EFAULT", EFAULT,
		     SYS_gettimeofday_time32, (void *)1, NULL);
	CHECK_SYSERR("SYS_time bad pointer -> EFAULT", EFAULT, SYS_time, (void *)1);
	CHECK_SYSERR("SYS_clock_getres_time32 bad clock -> EINVAL", EINVAL, SYS_clock_getres_time32, 1000, &t);
}

int main(void)
{
	RUN(realtime);
	RUN(monotonic);
	RUN(sleeps);
	RUN(clock_errors);
	return cases_failed ? 1 : 0;
}
