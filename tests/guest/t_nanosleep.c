/* t_nanosleep - differential test of sleeps finer than a tick: nanosleep
 * and clock_nanosleep (every clock, TIMER_ABSTIME, the errors, EINTR with
 * the time left), and the timeouts of poll, ppoll, select, pselect6,
 * futex, semtimedop and rt_sigtimedwait: each sleeps at least the time
 * asked and, in the median of several tries, less than 5 ms for 200 µs
 * (a tick-based kernel sleeps 10 ms or more). The bound is generous for
 * a slow emulator; the values themselves are never printed. */
#include "check.h"
#define FUTEX_WAIT 0
#include <poll.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/select.h>
#include <sys/sem.h>
#include <sys/time.h>

struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };

#define TRIES 15
#define SHORT_NS 200000LL                    /* 200 µs */
#define MEDIAN_BOUND_NS 5000000LL            /* 5 ms */
#define PROCESS_CLOCK(pid, which) ((int)((~(unsigned)(pid)) << 3) | (which))
#define THREAD_CLOCK(tid, which) (PROCESS_CLOCK(tid, which) | 4)

static int64_t now_ns(void)
{
	struct ts64 t;
	syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &t);
	return t.sec * 1000000000LL + t.nsec;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Runs sleep_fn TRIES times; checks every try took >= min_ns and the
 * median < MEDIAN_BOUND_NS. */
static void measure(const char *what, void (*sleep_fn)(void), int64_t min_ns)
{
	int64_t d[TRIES];
	int short_ones = 0;
	for (int i = 0; i < TRIES; i++) {
		int64_t t0 = now_ns();
		sleep_fn();
		d[i] = now_ns() - t0;
		short_ones += d[i] < min_ns;
	}
	qsort(d, TRIES, sizeof d[0], cmp64);
	char name[120];
	snprintf(name, sizeof name, "%s: never shorter than asked", what);
	CHECK(name, short_ones == 0);
	snprintf(name, sizeof name, "%s: median < 5 ms", what);
	if (d[TRIES / 2] < MEDIAN_BOUND_NS)
		pass(name);
	else
		fail(name, "median %lld ns", (long long)d[TRIES / 2]);
}

static void do_nanosleep(void)
{
	struct timespec req = { 0, SHORT_NS };
	nanosleep(&req, NULL);
}

static void do_clock_nanosleep_abs(void)
{
	struct ts64 t;
	syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &t);
	t.nsec += SHORT_NS;
	if (t.nsec >= 1000000000) { t.nsec -= 1000000000; t.sec++; }
	syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
}

static int pfd[2];
static void do_poll(void) { struct pollfd p = { pfd[0], POLLIN, 0 }; poll(&p, 1, 1); }
static void do_ppoll(void)
{
	struct pollfd p = { pfd[0], POLLIN, 0 };
	struct ts64 t = { 0, SHORT_NS };
	syscall(SYS_ppoll_time64, &p, 1, &t, NULL, 8);
}
static void do_select(void)
{
	fd_set r;
	FD_ZERO(&r);
	FD_SET(pfd[0], &r);
	struct timeval tv = { 0, SHORT_NS / 1000 };
	select(pfd[0] + 1, &r, NULL, NULL, &tv);
}
static void do_pselect(void)
{
	fd_set r;
	FD_ZERO(&r);
	FD_SET(pfd[0], &r);
	struct ts64 t = { 0, SHORT_NS };
	syscall(SYS_pselect6_time64, pfd[0] + 1, &r, NULL, NULL, &t, NULL);
}
static uint32_t fword;
static void do_futex(void)
{
	struct ts64 t = { 0, SHORT_NS };
	syscall(SYS_futex_time64, &fword, FUTEX_WAIT, 0, &t, NULL, 0);
}
static int semid;
static void do_semtimedop(void)
{
	struct sembuf op = { 0, -1, 0 };
	struct ts64 t = { 0, SHORT_NS };
	syscall(SYS_semtimedop_time64, semid, &op, 1, &t);
}
static void do_sigtimedwait(void)
{
	uint64_t set = 1ULL << (SIGUSR2 - 1);
	struct ts64 t = { 0, SHORT_NS };
	syscall(SYS_rt_sigtimedwait_time64, &set, NULL, &t, 8);
}

static void short_sleeps(void)
{
	measure("nanosleep 200 us", do_nanosleep, SHORT_NS);
	measure("clock_nanosleep ABSTIME +200 us", do_clock_nanosleep_abs, SHORT_NS);
}

static void short_timeouts(void)
{
	CHECK_OK0("pipe", pipe(pfd));
	measure("poll 1 ms", do_poll, 1000000);
	measure("ppoll 200 us", do_ppoll, SHORT_NS);
	measure("select 200 us", do_select, SHORT_NS);
	measure("pselect6 200 us", do_pselect, SHORT_NS);
	measure("futex wait 200 us", do_futex, SHORT_NS);
	semid = semget(IPC_PRIVATE, 1, 0600);
	CHECK("semget", semid >= 0);
	measure("semtimedop 200 us", do_semtimedop, SHORT_NS);
	semctl(semid, 0, IPC_RMID);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	measure("rt_sigtimedwait 200 us", do_sigtimedwait, SHORT_NS);
}

static void abstime(void)
{
	struct ts64 t = { 0, 0 };
	int64_t t0 = now_ns();
	CHECK_OK0("ABSTIME in the past returns at once",
		  syscall(SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL));
	CHECK("... without sleeping", now_ns() - t0 < 1000000000);
	syscall(SYS_clock_gettime64, CLOCK_REALTIME, &t);
	int64_t target = t.sec * 1000000000LL + t.nsec + 20000000;
	t.sec = target / 1000000000;
	t.nsec = target % 1000000000;
	CHECK_OK0("REALTIME ABSTIME +20 ms",
		  syscall(SYS_clock_nanosleep_time64, CLOCK_REALTIME, TIMER_ABSTIME, &t, NULL));
	struct ts64 after;
	syscall(SYS_clock_gettime64, CLOCK_REALTIME, &after);
	CHECK("woke at or after the deadline", after.sec * 1000000000LL + after.nsec >= target);
	struct ts32 rel = { 0, 2000000 };
	t0 = now_ns();
	CHECK_OK0("BOOTTIME relative 2 ms", syscall(SYS_clock_nanosleep_time32, CLOCK_BOOTTIME, 0, &rel, NULL));
	CHECK("slept >= 2 ms", now_ns() - t0 >= 2000000);
	CHECK_OK0("TAI relative 1 ms", syscall(SYS_clock_nanosleep_time32, CLOCK_TAI, 0, &rel, NULL));
	struct ts64 zero = { 0, 0 };
	CHECK_OK0("PROCESS_CPUTIME ABSTIME 0 returns at once",
		  syscall(SYS_clock_nanosleep_time64, CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, NULL));
	CHECK_OK0("PROCESS_CPUTIME relative 0 returns at once",
		  syscall(SYS_clock_nanosleep_time64, CLOCK_PROCESS_CPUTIME_ID, 0, &zero, NULL));
}

static void errors(void)
{
	struct ts32 ok = { 0, 1000 }, bad = { 0, 1000000000 };
	CHECK_SYSERR("nanosleep nsec 1e9 -> EINVAL", EINVAL, SYS_nanosleep, &bad, NULL);
	bad.nsec = -1;
	CHECK_SYSERR("nanosleep nsec -1 -> EINVAL", EINVAL, SYS_nanosleep, &bad, NULL);
	bad.sec = -1; bad.nsec = 0;
	CHECK_SYSERR("nanosleep sec -1 -> EINVAL", EINVAL, SYS_nanosleep, &bad, NULL);
	CHECK_SYSERR("nanosleep bad req -> EFAULT", EFAULT, SYS_nanosleep, (void *)1, NULL);
	CHECK_OK0("nanosleep bad rem, not interrupted -> 0", syscall(SYS_nanosleep, &ok, (void *)1));
	CHECK_SYSERR("clock_nanosleep THREAD_CPUTIME -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, CLOCK_THREAD_CPUTIME_ID, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep MONOTONIC_RAW -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, CLOCK_MONOTONIC_RAW, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep MONOTONIC_COARSE -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, CLOCK_MONOTONIC_COARSE, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep REALTIME_COARSE -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, CLOCK_REALTIME_COARSE, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep clock 10 -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time32, 10, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep clock 16 -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time32, 16, 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep own thread clock id -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time32, THREAD_CLOCK(0, 2), 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep clock by descriptor -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, PROCESS_CLOCK(0, 3), 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep thread CPU clock kind 3 -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time32, PROCESS_CLOCK(0, 7), 0, &ok, NULL);
	CHECK_SYSERR("clock_nanosleep bad clock before bad req -> EOPNOTSUPP", EOPNOTSUPP,
		     SYS_clock_nanosleep_time32, CLOCK_MONOTONIC_RAW, 0, (void *)1, NULL);
	CHECK_SYSERR("clock_nanosleep bad req -> EFAULT", EFAULT,
		     SYS_clock_nanosleep_time32, CLOCK_MONOTONIC, 0, (void *)1, NULL);
	struct ts64 bad64 = { 0, 1000000000 };
	CHECK_SYSERR("clock_nanosleep_time64 nsec 1e9 -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &bad64, NULL);
	bad64.sec = -1; bad64.nsec = 0;
	CHECK_SYSERR("clock_nanosleep ABSTIME sec -1 -> EINVAL", EINVAL,
		     SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &bad64, NULL);
	struct timespec lreq = { 0, 1000000000 };
	CHECK_EQ("libc clock_nanosleep returns EINVAL (not -1)",
		 clock_nanosleep(CLOCK_MONOTONIC, 0, &lreq, NULL), EINVAL);
}

static void on_alarm(int sig) { (void)sig; }

/* A handled signal cuts a 2 s sleep after 50 ms: EINTR, about 1.95 s left. */
static void interrupted(void)
{
	handle(SIGALRM, on_alarm, 0);
	struct itimerval it = { { 0, 0 }, { 0, 50000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	struct ts32 req = { 2, 0 }, rem = { -1, -1 };
	CHECK_SYSERR("nanosleep 2 s, SIGALRM at 50 ms -> EINTR", EINTR, SYS_nanosleep, &req, &rem);
	CHECK("rem: between 1 s and 2 s", rem.sec == 1 && rem.nsec >= 0 && rem.nsec < 1000000000);
	setitimer(ITIMER_REAL, &it, NULL);
	struct ts64 req64 = { 2, 0 }, rem64 = { -1, -1 };
	CHECK_SYSERR("clock_nanosleep_time64 relative -> EINTR", EINTR,
		     SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, 0, &req64, &rem64);
	CHECK("rem64: between 1 s and 2 s", rem64.sec == 1 && rem64.nsec >= 0 && rem64.nsec < 1000000000);
	setitimer(ITIMER_REAL, &it, NULL);
	syscall(SYS_clock_gettime64, CLOCK_MONOTONIC, &req64);
	req64.sec += 2;
	rem64.sec = rem64.nsec = -7;
	CHECK_SYSERR("clock_nanosleep ABSTIME -> EINTR", EINTR,
		     SYS_clock_nanosleep_time64, CLOCK_MONOTONIC, TIMER_ABSTIME, &req64, &rem64);
	CHECK("ABSTIME: rem untouched", rem64.sec == -7 && rem64.nsec == -7);
	setitimer(ITIMER_REAL, &it, NULL);
	CHECK_SYSERR("interrupted with a bad rem -> EFAULT", EFAULT, SYS_nanosleep, &req, (void *)1);
}

/* A stop and a continue do not end the sleep early (it is restarted). */
static void stopped(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		int64_t t0 = now_ns();
		struct timespec req = { 0, 300000000 };
		int r = nanosleep(&req, NULL);
		_exit(r == 0 && now_ns() - t0 >= 300000000 ? 0 : 1);
	}
	struct timespec d = { 0, 50000000 };
	nanosleep(&d, NULL);
	kill(pid, SIGSTOP);
	nanosleep(&d, NULL);
	kill(pid, SIGCONT);
	int st = wait_for(pid);
	CHECK("stopped and continued: slept the whole 300 ms, returned 0",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

int main(void)
{
	RUN(short_sleeps);
	RUN(short_timeouts);
	RUN(abstime);
	RUN(errors);
	RUN(interrupted);
	RUN(stopped);
	return cases_failed ? 1 : 0;
}
