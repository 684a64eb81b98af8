/* t_futex_waitv - futex_waitv(2) as Linux 6.1: one sleep on several
 * 32-bit words, woken by a FUTEX_WAKE on any (the call returns its
 * index), private and shared words, an absolute timeout on
 * CLOCK_MONOTONIC or CLOCK_REALTIME, and the errors in Linux's order
 * (kernel/futex.c: sys_futex_waitv). */
#include "check.h"
#define FUTEX_WAKE 1
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | 128)
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

#define NR_FUTEX_WAITV 449
#define SIZE_U32 0x02
#define F2_PRIVATE 128

struct waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

struct ts64 {
	int64_t sec, nsec;
};

static long waitv(struct waitv *w, unsigned n, unsigned flags, struct ts64 *t, int clk)
{
	return syscall(NR_FUTEX_WAITV, w, n, flags, t, clk);
}

static void set(struct waitv *w, uint32_t *word, uint32_t val, uint32_t flags)
{
	*w = (struct waitv){ val, (uintptr_t)word, flags, 0 };
}

/* An absolute time ms from now on clk. */
static struct ts64 after_ms(int clk, long ms)
{
	struct timespec now;
	clock_gettime(clk, &now);
	struct ts64 t = { now.tv_sec + ms / 1000, now.tv_nsec + (ms % 1000) * 1000000 };
	if (t.nsec >= 1000000000) {
		t.sec++;
		t.nsec -= 1000000000;
	}
	return t;
}

static uint32_t words[4];

static void errors(void)
{
	static struct waitv w[129];
	for (int i = 0; i < 129; i++)
		set(&w[i], &words[0], 0, SIZE_U32 | F2_PRIVATE);
	struct ts64 t = { 0, 0 };
	CHECK_ERR("flags: EINVAL", waitv(w, 1, 1, NULL, 0), EINVAL);
	CHECK_ERR("none: EINVAL", waitv(w, 0, 0, NULL, 0), EINVAL);
	CHECK_ERR("129: EINVAL", waitv(w, 129, 0, NULL, 0), EINVAL);
	CHECK_ERR("NULL vector: EINVAL", waitv(NULL, 1, 0, NULL, 0), EINVAL);
	CHECK_ERR("CLOCK_BOOTTIME with a timeout: EINVAL", waitv(w, 1, 0, &t, CLOCK_BOOTTIME), EINVAL);
	CHECK_ERR("a bad timeout pointer: EFAULT", waitv(w, 1, 0, (struct ts64 *)8, CLOCK_MONOTONIC), EFAULT);
	t.nsec = 1000000000;
	CHECK_ERR("tv_nsec 1e9: EINVAL", waitv(w, 1, 0, &t, CLOCK_MONOTONIC), EINVAL);
	t = (struct ts64){ -1, 0 };
	CHECK_ERR("negative seconds: EINVAL", waitv(w, 1, 0, &t, CLOCK_MONOTONIC), EINVAL);
	CHECK_ERR("a bad vector: EFAULT", waitv((struct waitv *)8, 1, 0, NULL, 0), EFAULT);
	words[0] = 5;
	CHECK_ERR("a word that differs: EAGAIN", waitv(w, 1, 0, NULL, 0), EAGAIN);
	CHECK_ERR("the clock is not looked at without a timeout", waitv(w, 1, 0, NULL, 99), EAGAIN);
	CHECK_ERR("128 entries, one differs: EAGAIN", waitv(w, 128, 0, NULL, 0), EAGAIN);
	words[0] = 0;
	set(&w[1], &words[1], 0, 0);
	CHECK_ERR("no size: EINVAL", waitv(w, 2, 0, NULL, 0), EINVAL);
	set(&w[1], &words[1], 0, SIZE_U32 | 4);
	CHECK_ERR("an unknown flag: EINVAL", waitv(w, 2, 0, NULL, 0), EINVAL);
	set(&w[1], &words[1], 0, SIZE_U32);
	w[1].reserved = 1;
	CHECK_ERR("reserved bits: EINVAL", waitv(w, 2, 0, NULL, 0), EINVAL);
	set(&w[1], (uint32_t *)((char *)&words[1] + 1), 0, SIZE_U32);
	CHECK_ERR("an unaligned word: EINVAL", waitv(w, 2, 0, NULL, 0), EINVAL);
	set(&w[1], (uint32_t *)8, 0, SIZE_U32 | F2_PRIVATE);
	CHECK_ERR("an unmapped word: EFAULT", waitv(w, 2, 0, NULL, 0), EFAULT);
}

static void timeouts(void)
{
	struct waitv w[2];
	set(&w[0], &words[0], 0, SIZE_U32 | F2_PRIVATE);
	set(&w[1], &words[1], 0, SIZE_U32 | F2_PRIVATE);
	struct ts64 t = after_ms(CLOCK_MONOTONIC, 50);
	CHECK_ERR("50 ms on CLOCK_MONOTONIC: ETIMEDOUT", waitv(w, 2, 0, &t, CLOCK_MONOTONIC), ETIMEDOUT);
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	CHECK("not before the deadline", now.tv_sec > t.sec || (now.tv_sec == t.sec && now.tv_nsec >= t.nsec));
	t = after_ms(CLOCK_REALTIME, 20);
	CHECK_ERR("on CLOCK_REALTIME: ETIMEDOUT", waitv(w, 2, 0, &t, CLOCK_REALTIME), ETIMEDOUT);
	t = (struct ts64){ 0, 0 };
	CHECK_ERR("a deadline long past: ETIMEDOUT", waitv(w, 2, 0, &t, CLOCK_MONOTONIC), ETIMEDOUT);
}

static volatile int waiter_tid;
static long waiter_ret;
static int waiter_err;

static void *waiter(void *arg)
{
	struct waitv *w = arg;
	waiter_tid = (int)syscall(SYS_gettid);
	errno = 0;
	waiter_ret = waitv(w, 3, 0, NULL, 0);
	waiter_err = errno;
	return NULL;
}

static long wake(uint32_t *word, int op)
{
	return syscall(SYS_futex, word, op, 1, NULL, NULL, 0);
}

static void woken(void)
{
	struct waitv w[3];
	for (int i = 0; i < 3; i++)
		set(&w[i], &words[i], 0, SIZE_U32 | F2_PRIVATE);
	pthread_t t;
	waiter_tid = 0;
	pthread_create(&t, NULL, waiter, w);
	while (!waiter_tid)
		sched_yield();
	char path[64];
	snprintf(path, sizeof path, "/proc/self/task/%d/stat", waiter_tid);
	wait_sleeping_path(path);
	long n = wake(&words[2], FUTEX_WAKE_PRIVATE);
	pthread_join(t, NULL);
	CHECK_EQ("FUTEX_WAKE on the third wakes one", n, 1);
	CHECK_EQ("futex_waitv returns its index", waiter_ret, 2);
	CHECK_EQ("a wake of the others finds no one", wake(&words[0], FUTEX_WAKE_PRIVATE), 0);
}

static void shared(void)
{
	uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int ready[2];
	pipe(ready);
	pid_t pid = fork();
	if (pid == 0) {
		struct waitv w[2];
		set(&w[0], &words[0], 0, SIZE_U32 | F2_PRIVATE);
		set(&w[1], word, 0, SIZE_U32);
		write(ready[1], "r", 1);
		_exit((int)waitv(w, 2, 0, NULL, 0));
	}
	char c;
	read(ready[0], &c, 1);
	wait_sleeping(pid);
	CHECK_EQ("a shared word: FUTEX_WAKE from another process", wake(word, FUTEX_WAKE), 1);
	int st = wait_for(pid);
	CHECK("the child's futex_waitv returned 1", WIFEXITED(st) && WEXITSTATUS(st) == 1);
	pid = fork();
	if (pid == 0) {
		struct waitv w[1];
		set(&w[0], word, 0, SIZE_U32 | F2_PRIVATE);
		struct ts64 t = after_ms(CLOCK_MONOTONIC, 300);
		write(ready[1], "r", 1);
		_exit(waitv(w, 1, 0, &t, CLOCK_MONOTONIC) == -1 && errno == ETIMEDOUT ? 0 : 1);
	}
	read(ready[0], &c, 1);
	wait_sleeping(pid);
	CHECK_EQ("a private waiter on shared memory: a shared wake misses it", wake(word, FUTEX_WAKE), 0);
	CHECK_EQ("it times out", wait_for(pid), 0);
}

int main(void)
{
	RUN(errors);
	RUN(timeouts);
	RUN(woken);
	RUN(shared);
	return cases_failed ? 1 : 0;
}
