/* t_futex - differential test of futex(2): every operation (WAIT, WAKE,
 * the bitset pair, REQUEUE, CMP_REQUEUE, WAKE_OP) and every errno Linux
 * gives, relative and absolute timeouts on both clocks, futex_time64,
 * signals (EINTR, restart); processes meeting on a word in MAP_SHARED
 * anonymous memory, in a MAP_SHARED file and in a System V segment mapped
 * at different addresses; robust futex lists; musl's process-shared
 * mutexes (robust: EOWNERDEAD), condition variables, barriers and
 * semaphores across fork. Every wait is bounded (alarm, timeouts): a
 * broken kernel fails here, it does not hang. */
#include "check.h"
#include <limits.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/time.h>

#define PG 4096

/* <linux/futex.h> (user programs are built without the kernel headers). */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAIT_PRIVATE (FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE (FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#define FUTEX_REQUEUE_PRIVATE (FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_CMP_REQUEUE_PRIVATE (FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_OP_PRIVATE (FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG)
#define FUTEX_OP_SET 0
#define FUTEX_OP_ADD 1
#define FUTEX_OP_OR 2
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_XOR 4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ 0
#define FUTEX_OP_CMP_NE 1
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	((((op) & 0xf) << 28) | (((cmp) & 0xf) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
struct robust_list { struct robust_list *next; };
struct robust_list_head { struct robust_list list; long futex_offset; struct robust_list *list_op_pending; };

struct ts32 { int32_t sec, nsec; };
struct ts64 { int64_t sec, nsec; };

static long fx(void *a, int op, uint32_t val, const void *ts, void *a2, uint32_t val3)
{
	return syscall(SYS_futex, a, op, val, ts, a2, val3);
}

/* val2 (the count in REQUEUE/WAKE_OP) travels in the timeout slot. */
static long fx2(void *a, int op, uint32_t val, long val2, void *a2, uint32_t val3)
{
	return syscall(SYS_futex, a, op, val, val2, a2, val3);
}

static uint32_t *shared_page(void)
{
	void *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* How many wait on word a (a requeue onto itself moves none, counts all). */
static long nwaiters(void *a, int priv)
{
	return fx2(a, FUTEX_REQUEUE | priv, 0, INT_MAX, a, 0);
}

/* Waits (bounded) until n tasks sleep on a; returns the count seen. */
static long await_waiters(void *a, int priv, long n)
{
	long got = 0;
	for (int i = 0; i < 500 && (got = nwaiters(a, priv)) < n; i++)
		usleep(10000);
	return got;
}

/* Forks a child that waits on a for val (op: FUTEX_WAIT | flags) with a
 * relative timeout of ms; it exits 0 when woken, else with the errno. */
static pid_t waiter(void *a, int op, uint32_t val, int ms)
{
	pid_t pid = fork();
	if (pid == 0) {
		alarm(10);
		struct ts32 ts = { ms / 1000, (ms % 1000) * 1000000 };
		long r = fx(a, op, val, &ts, NULL, 0);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

static int exit_code(pid_t pid)
{
	int st = wait_for(pid);
	return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

/* ---- errors ---- */

static void errors(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	w[0] = 5;
	CHECK_SYSERR("WAIT, value changed: EAGAIN", EAGAIN, SYS_futex, w, FUTEX_WAIT, 4, NULL, NULL, 0);
	CHECK_SYSERR("WAIT_PRIVATE, value changed: EAGAIN", EAGAIN, SYS_futex, w, FUTEX_WAIT_PRIVATE, 4, NULL, NULL, 0);
	CHECK_SYSERR("WAIT unaligned: EINVAL", EINVAL, SYS_futex, (char *)w + 1, FUTEX_WAIT, 5, NULL, NULL, 0);
	CHECK_SYSERR("WAKE unaligned: EINVAL", EINVAL, SYS_futex, (char *)w + 2, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_SYSERR("WAKE_PRIVATE unaligned: EINVAL", EINVAL, SYS_futex, (char *)w + 2, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	CHECK_SYSERR("unknown command: ENOSYS", ENOSYS, SYS_futex, w, 14, 1, NULL, NULL, 0);
	CHECK_SYSERR("FUTEX_FD (gone): ENOSYS", ENOSYS, SYS_futex, w, 2, 1, NULL, NULL, 0);
	CHECK_SYSERR("WAKE|CLOCK_REALTIME: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0);
	CHECK_SYSERR("REQUEUE|CLOCK_REALTIME: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_REQUEUE | FUTEX_CLOCK_REALTIME, 1, NULL, w, 0);
	CHECK_SYSERR("WAIT_BITSET bitset 0: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT_BITSET, 5, NULL, NULL, 0);
	CHECK_SYSERR("WAKE_BITSET bitset 0: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0);
	struct ts32 bad1 = { 0, 1000000000 }, bad2 = { 0, -1 }, bad3 = { -1, 0 };
	CHECK_SYSERR("timeout nsec 1e9: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT, 5, &bad1, NULL, 0);
	CHECK_SYSERR("timeout nsec -1: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT, 5, &bad2, NULL, 0);
	CHECK_SYSERR("timeout sec -1: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT, 5, &bad3, NULL, 0);
	CHECK_SYSERR("bad timeout before value: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT, 4, &bad1, NULL, 0);
	CHECK_SYSERR("bad timeout before alignment: EINVAL", EINVAL, SYS_futex, (char *)w + 1, FUTEX_WAIT, 5, &bad1, NULL, 0);
	CHECK_SYSERR("timeout pointer bad: EFAULT", EFAULT, SYS_futex, w, FUTEX_WAIT, 5, (void *)8, NULL, 0);
	CHECK_SYSERR("WAIT_BITSET absolute sec -1: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAIT_BITSET, 5, &bad3, NULL, ~0u);
	CHECK_SYSERR("WAIT on NULL: EFAULT", EFAULT, SYS_futex, NULL, FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK_SYSERR("WAIT_PRIVATE on NULL: EFAULT", EFAULT, SYS_futex, NULL, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	uint32_t *gone = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(gone, PG);
	CHECK_SYSERR("WAIT on unmapped: EFAULT", EFAULT, SYS_futex, gone, FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK_SYSERR("WAKE (shared) on unmapped: EFAULT", EFAULT, SYS_futex, gone, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_EQ("WAKE_PRIVATE on unmapped: 0 (no look at memory)", fx(gone, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	uint32_t *none = mmap(NULL, PG, PROT_NONE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("WAKE on PROT_NONE shared: EFAULT", EFAULT, SYS_futex, none, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_SYSERR("WAIT on PROT_NONE: EFAULT", EFAULT, SYS_futex, none, FUTEX_WAIT, 0, NULL, NULL, 0);
	CHECK_EQ("WAKE, nobody waits: 0", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	CHECK_EQ("WAKE_BITSET, nobody waits: 0", fx(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 3), 0);
}

static void requeue_errors(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	w[0] = 1;
	CHECK_SYSERR("REQUEUE nr_wake < 0: EINVAL", EINVAL, SYS_futex, w, FUTEX_REQUEUE, -1, 1, w + 1, 0);
	CHECK_SYSERR("REQUEUE nr_requeue < 0: EINVAL", EINVAL, SYS_futex, w, FUTEX_REQUEUE, 1, -1, w + 1, 0);
	CHECK_SYSERR("CMP_REQUEUE nr_requeue < 0 before compare: EINVAL", EINVAL, SYS_futex, w, FUTEX_CMP_REQUEUE, 1, -1, w + 1, 7);
	CHECK_SYSERR("CMP_REQUEUE value differs: EAGAIN", EAGAIN, SYS_futex, w, FUTEX_CMP_REQUEUE, 1, 1, w + 1, 7);
	CHECK_EQ("CMP_REQUEUE value same, nobody: 0", fx2(w, FUTEX_CMP_REQUEUE, 1, 1, w + 1, 1), 0);
	CHECK_SYSERR("CMP_REQUEUE uaddr2 unaligned: EINVAL", EINVAL, SYS_futex, w, FUTEX_CMP_REQUEUE, 1, 1, (char *)w + 5, 1);
	CHECK_SYSERR("CMP_REQUEUE uaddr2 NULL: EFAULT", EFAULT, SYS_futex, w, FUTEX_CMP_REQUEUE, 1, 1, NULL, 1);
	CHECK_SYSERR("CMP_REQUEUE_PRIVATE uaddr NULL: EFAULT (compare)", EFAULT, SYS_futex, NULL, FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, w, 1);
	CHECK_EQ("REQUEUE_PRIVATE uaddr NULL: 0 (no compare)", fx2(NULL, FUTEX_REQUEUE_PRIVATE, 1, 1, w, 0), 0);
}

/* FUTEX_OP(op, oparg, cmp, cmparg) as <linux/futex.h> encodes it. */
static void wake_op_values(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	static const struct { int op, oparg; uint32_t before, after; const char *name; } t[] = {
		{ FUTEX_OP_SET, 7, 1, 7, "SET" }, { FUTEX_OP_ADD, 3, 4, 7, "ADD" },
		{ FUTEX_OP_ADD, -1, 4, 3, "ADD -1 (sign-extended oparg)" },
		{ FUTEX_OP_OR, 6, 1, 7, "OR" }, { FUTEX_OP_ANDN, 2, 7, 5, "ANDN" },
		{ FUTEX_OP_XOR, 5, 6, 3, "XOR" },
		{ FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4, 0, 16, "SET 1<<4" },
		{ FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 33, 0, 2, "OR 1<<33 (shift taken mod 32)" },
	};
	char name[96];
	for (unsigned i = 0; i < sizeof t / sizeof t[0]; i++) {
		w[1] = t[i].before;
		snprintf(name, sizeof name, "WAKE_OP %s: returns 0", t[i].name);
		CHECK_EQ(name, fx2(w, FUTEX_WAKE_OP, 1, 1, w + 1, FUTEX_OP(t[i].op, t[i].oparg, FUTEX_OP_CMP_EQ, 0)), 0);
		snprintf(name, sizeof name, "WAKE_OP %s: word", t[i].name);
		CHECK_EQ(name, w[1], t[i].after);
	}
	w[1] = 9;
	CHECK_SYSERR("WAKE_OP bad op: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_WAKE_OP, 1, 1, w + 1, (6u << 28) | (1 << 12));
	CHECK_EQ("WAKE_OP bad op: word untouched", w[1], 9);
	CHECK_SYSERR("WAKE_OP bad cmp: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_WAKE_OP, 1, 1, w + 1, FUTEX_OP(FUTEX_OP_SET, 3, 9, 0));
	CHECK_EQ("WAKE_OP bad cmp: word written all the same", w[1], 3);
	uint32_t *ro = mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("WAKE_OP uaddr2 read-only: EFAULT", EFAULT, SYS_futex, w, FUTEX_WAKE_OP, 1, 1, ro, FUTEX_OP(FUTEX_OP_SET, 1, 0, 0));
	CHECK_SYSERR("WAKE_OP_PRIVATE uaddr2 NULL: EFAULT", EFAULT, SYS_futex, w, FUTEX_WAKE_OP_PRIVATE, 1, 1, NULL, FUTEX_OP(FUTEX_OP_SET, 1, 0, 0));
	CHECK_SYSERR("WAKE_OP uaddr2 unaligned: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAKE_OP, 1, 1, (char *)w + 6, FUTEX_OP(FUTEX_OP_SET, 1, 0, 0));
}

/* ---- timeouts ---- */

static void timeouts(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	struct timespec t0, now;
	struct ts32 rel = { 0, 50000000 }, zero = { 0, 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_SYSERR("WAIT 50 ms: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_WAIT, 0, &rel, NULL, 0);
	long ms = ms_since(&t0);
	CHECK("WAIT 50 ms: slept 50 ms or more", ms >= 49 && ms < 2000);
	CHECK_SYSERR("WAIT timeout 0: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_WAIT_PRIVATE, 0, &zero, NULL, 0);
	CHECK_SYSERR("WAIT timeout 0, value changed: EAGAIN first", EAGAIN, SYS_futex, w, FUTEX_WAIT, 1, &zero, NULL, 0);
	CHECK_SYSERR("WAIT|CLOCK_REALTIME: ENOSYS (only the bitset wait takes the clock)", ENOSYS, SYS_futex, w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &rel, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &now);
	struct ts32 past = { (int32_t)now.tv_sec, 0 };   /* the start of this second */
	CHECK_SYSERR("WAIT_BITSET absolute, past: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_WAIT_BITSET, 0, &past, NULL, ~0u);
	CHECK_SYSERR("WAIT_BITSET absolute 0: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_WAIT_BITSET, 0, &zero, NULL, ~0u);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long ns = t0.tv_nsec + 60000000;
	struct ts32 abs = { (int32_t)(t0.tv_sec + ns / 1000000000), (int32_t)(ns % 1000000000) };
	CHECK_SYSERR("WAIT_BITSET absolute +60 ms: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_WAIT_BITSET, 0, &abs, NULL, ~0u);
	ms = ms_since(&t0);
	CHECK("WAIT_BITSET absolute: slept to the deadline", ms >= 59 && ms < 2000);
	struct timespec rt;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ns = rt.tv_nsec + 60000000;
	struct ts32 rabs = { (int32_t)(rt.tv_sec + ns / 1000000000), (int32_t)(ns % 1000000000) };
	CHECK_SYSERR("WAIT_BITSET|CLOCK_REALTIME absolute +60 ms: ETIMEDOUT", ETIMEDOUT, SYS_futex, w,
		     FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &rabs, NULL, ~0u);
	ms = ms_since(&t0);
	CHECK("CLOCK_REALTIME deadline: slept to it", ms >= 50 && ms < 2000);
	struct ts32 far = { 0x7FFFFFFF, 0 };
	CHECK_SYSERR("WAIT_BITSET far future, value changed: EAGAIN", EAGAIN, SYS_futex, w, FUTEX_WAIT_BITSET, 3, &far, NULL, ~0u);
}

static void time64(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	struct ts64 rel = { 0, 30000000 }, bad = { 0, 1000000000 }, neg = { -1, 0 };
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_SYSERR("futex_time64 WAIT 30 ms: ETIMEDOUT", ETIMEDOUT, SYS_futex_time64, w, FUTEX_WAIT, 0, &rel, NULL, 0);
	CHECK("futex_time64: slept 30 ms or more", ms_since(&t0) >= 29);
	CHECK_SYSERR("futex_time64 nsec 1e9: EINVAL", EINVAL, SYS_futex_time64, w, FUTEX_WAIT, 0, &bad, NULL, 0);
	CHECK_SYSERR("futex_time64 sec -1: EINVAL", EINVAL, SYS_futex_time64, w, FUTEX_WAIT, 0, &neg, NULL, 0);
	CHECK_SYSERR("futex_time64 bad pointer: EFAULT", EFAULT, SYS_futex_time64, w, FUTEX_WAIT, 0, (void *)8, NULL, 0);
	CHECK_EQ("futex_time64 WAKE: 0", syscall(SYS_futex_time64, w, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	struct ts64 abs = { t0.tv_sec, 0 };
	CHECK_SYSERR("futex_time64 WAIT_BITSET past: ETIMEDOUT", ETIMEDOUT, SYS_futex_time64, w, FUTEX_WAIT_BITSET, 0, &abs, NULL, 1);
}

/* ---- signals ---- */

static volatile uint32_t *sig_word;
static void on_usr1(int s)
{
	(void)s;
	if (sig_word)
		*sig_word = 1;                     /* a restarted wait sees the change */
}

/* Interrupts a wait on w (value 0) with SIGUSR1 from a child once it sleeps;
 * returns the futex result as 0 or -errno. */
static long interrupted_wait(uint32_t *w, int flags, const struct ts32 *ts)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };
	sigaction(SIGUSR1, &sa, NULL);
	*w = 0;
	pid_t parent = getpid(), k = fork();
	if (k == 0) {
		wait_sleeping(parent);             /* in its wait: a signal before it would be lost to it */
		kill(parent, SIGUSR1);
		_exit(0);
	}
	long r = fx(w, FUTEX_WAIT, 0, ts, NULL, 0);
	long e = r < 0 ? -errno : r;
	wait_for(k);
	return e;
}

static void signals(void)
{
	alarm(10);
	uint32_t *w = shared_page();
	struct ts32 ts = { 5, 0 };
	sig_word = NULL;
	CHECK_EQ("untimed WAIT, handler without SA_RESTART: EINTR", interrupted_wait(w, 0, NULL), -EINTR);
	CHECK_EQ("timed WAIT, handler without SA_RESTART: EINTR", interrupted_wait(w, 0, &ts), -EINTR);
	CHECK_EQ("timed WAIT, SA_RESTART handler: EINTR all the same", interrupted_wait(w, SA_RESTART, &ts), -EINTR);
	sig_word = w;
	CHECK_EQ("untimed WAIT, SA_RESTART handler: restarted (sees the new value)",
		 interrupted_wait(w, SA_RESTART, NULL), -EAGAIN);
	/* A stop and continue restarts a timed wait with its first deadline. */
	*w = 1;
	pid_t c = waiter(w, FUTEX_WAIT, 1, 300);
	usleep(50000);
	kill(c, SIGSTOP);
	usleep(20000);
	kill(c, SIGCONT);
	CHECK_EQ("timed WAIT across SIGSTOP/SIGCONT: ETIMEDOUT", exit_code(c), ETIMEDOUT);
}

/* ---- waking ---- */

static void wake_counts(void)
{
	alarm(20);
	uint32_t *w = shared_page();
	pid_t c[4];
	for (int i = 0; i < 4; i++)
		c[i] = waiter(w, FUTEX_WAIT, 0, 5000);
	CHECK_EQ("four processes wait on one shared word", await_waiters(w, 0, 4), 4);
	CHECK_EQ("WAKE 2: 2 woken", fx(w, FUTEX_WAKE, 2, NULL, NULL, 0), 2);
	CHECK_EQ("two left", await_waiters(w, 0, 2), 2);
	CHECK_EQ("WAKE 0 wakes one all the same", fx(w, FUTEX_WAKE, 0, NULL, NULL, 0), 1);
	CHECK_EQ("WAKE INT_MAX: the last one", fx(w, FUTEX_WAKE, INT_MAX, NULL, NULL, 0), 1);
	int ok = 0;
	for (int i = 0; i < 4; i++)
		ok += exit_code(c[i]) == 0;
	CHECK_EQ("every waiter returned 0", ok, 4);
	CHECK_EQ("WAKE after: 0", fx(w, FUTEX_WAKE, 9, NULL, NULL, 0), 0);
}

static void wake_order(void)
{
	alarm(20);
	uint32_t *w = shared_page();
	pid_t a = waiter(w, FUTEX_WAIT, 0, 5000);
	await_waiters(w, 0, 1);
	pid_t b = waiter(w, FUTEX_WAIT, 0, 5000);
	CHECK_EQ("two waiters", await_waiters(w, 0, 2), 2);
	CHECK_EQ("WAKE 1", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	int st = wait_for(a);
	CHECK("the first to wait is woken first", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	CHECK_EQ("WAKE the second", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	CHECK_EQ("second returned 0", exit_code(b), 0);
}

static pid_t bitset_waiter(uint32_t *w, uint32_t bits)
{
	pid_t pid = fork();
	if (pid == 0) {
		alarm(10);
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		struct ts32 abs = { (int32_t)t.tv_sec + 5, (int32_t)t.tv_nsec };
		long r = fx(w, FUTEX_WAIT_BITSET, 0, &abs, NULL, bits);
		_exit(r == 0 ? 0 : errno);
	}
	return pid;
}

static void bitsets(void)
{
	alarm(20);
	uint32_t *w = shared_page();
	pid_t a = bitset_waiter(w, 1);
	await_waiters(w, 0, 1);
	pid_t b = bitset_waiter(w, 6);
	CHECK_EQ("two bitset waiters", await_waiters(w, 0, 2), 2);
	CHECK_EQ("WAKE_BITSET 8: none match", fx(w, FUTEX_WAKE_BITSET, 9, NULL, NULL, 8), 0);
	CHECK_EQ("WAKE_BITSET 4: the second only", fx(w, FUTEX_WAKE_BITSET, 9, NULL, NULL, 4), 1);
	CHECK_EQ("bitset 6 woken", exit_code(b), 0);
	CHECK_EQ("plain WAKE reaches a bitset waiter", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	CHECK_EQ("bitset 1 woken", exit_code(a), 0);
	pid_t c = waiter(w, FUTEX_WAIT, 0, 5000);
	await_waiters(w, 0, 1);
	CHECK_EQ("WAKE_BITSET reaches a plain WAIT", fx(w, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0x80000000u), 1);
	CHECK_EQ("plain waiter woken", exit_code(c), 0);
}

static void requeue(void)
{
	alarm(20);
	uint32_t *w = shared_page(), *w2 = w + 1;
	pid_t c[3];
	for (int i = 0; i < 3; i++)
		c[i] = waiter(w, FUTEX_WAIT, 0, 5000);
	CHECK_EQ("three waiters on A", await_waiters(w, 0, 3), 3);
	CHECK_EQ("CMP_REQUEUE wake 1 move 1: 2", fx2(w, FUTEX_CMP_REQUEUE, 1, 1, w2, 0), 2);
	CHECK_EQ("one left on A", nwaiters(w, 0), 1);
	CHECK_EQ("one moved to B", nwaiters(w2, 0), 1);
	CHECK_EQ("REQUEUE wake 0 move 5: the one on A", fx2(w, FUTEX_REQUEUE, 0, 5, w2, 0), 1);
	CHECK_EQ("none on A", nwaiters(w, 0), 0);
	CHECK_EQ("WAKE A: 0", fx(w, FUTEX_WAKE, 9, NULL, NULL, 0), 0);
	CHECK_EQ("WAKE B: 2", fx(w2, FUTEX_WAKE, 9, NULL, NULL, 0), 2);
	int ok = 0;
	for (int i = 0; i < 3; i++)
		ok += exit_code(c[i]) == 0;
	CHECK_EQ("all three returned 0", ok, 3);
}

static void wake_op(void)
{
	alarm(20);
	uint32_t *w = shared_page(), *w2 = w + 1;
	pid_t a = waiter(w, FUTEX_WAIT, 0, 5000);
	pid_t b = waiter(w2, FUTEX_WAIT, 0, 5000);
	await_waiters(w, 0, 1);
	await_waiters(w2, 0, 1);
	CHECK_EQ("WAKE_OP, comparison false: only A", fx2(w, FUTEX_WAKE_OP, 1, 1, w2, FUTEX_OP(FUTEX_OP_ADD, 0, FUTEX_OP_CMP_NE, 0)), 1);
	CHECK_EQ("A woken", exit_code(a), 0);
	CHECK_EQ("WAKE_OP, A empty, comparison true: B", fx2(w, FUTEX_WAKE_OP, 1, 1, w2, FUTEX_OP(FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 0)), 1);
	CHECK_EQ("B woken", exit_code(b), 0);
	CHECK_EQ("B's word set", *w2, 5);
}

/* ---- shared memory of every kind ---- */

/* A child waits on a1 (value 0); the parent wakes through a2, another
 * mapping of the same memory. */
static void meet(const char *what, uint32_t *a1, uint32_t *a2)
{
	char name[128];
	*a1 = 0;
	pid_t c = waiter(a1, FUTEX_WAIT, 0, 5000);
	snprintf(name, sizeof name, "%s: the waiter is seen through the other mapping", what);
	CHECK_EQ(name, await_waiters(a2, 0, 1), 1);
	*a2 = 1;
	snprintf(name, sizeof name, "%s: WAKE through the other mapping: 1", what);
	CHECK_EQ(name, fx(a2, FUTEX_WAKE, 1, NULL, NULL, 0), 1);
	snprintf(name, sizeof name, "%s: the waiter returned 0", what);
	CHECK_EQ(name, exit_code(c), 0);
}

static void shared_anon(void)
{
	alarm(20);
	uint32_t *w = shared_page();
	meet("MAP_SHARED anonymous", w + 7, w + 7);
}

static void shared_file(void)
{
	alarm(20);
	int fd = open(P("f"), O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK_OK0("ftruncate", ftruncate(fd, 2 * PG));
	char *m1 = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *m2 = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
	CHECK("two mappings", m1 != MAP_FAILED && m2 != MAP_FAILED && m1 + PG != m2);
	meet("MAP_SHARED file", (uint32_t *)(m1 + PG + 16), (uint32_t *)(m2 + 16));
	close(fd);
}

static void shm_segment(void)
{
	alarm(20);
	int id = shmget(IPC_PRIVATE, 2 * PG, IPC_CREAT | 0600);
	CHECK_OK("shmget", id);
	char *s1 = shmat(id, NULL, 0), *s2 = shmat(id, NULL, 0);
	CHECK("two attachments at different addresses", s1 != (void *)-1 && s2 != (void *)-1 && s1 != s2);
	shmctl(id, IPC_RMID, NULL);
	meet("System V shm", (uint32_t *)(s1 + PG + 8), (uint32_t *)(s2 + PG + 8));
}

static void private_flag_stays_private(void)
{
	alarm(20);
	uint32_t *w = shared_page();
	pid_t c = waiter(w, FUTEX_WAIT_PRIVATE, 0, 300);
	usleep(100000);
	CHECK_EQ("WAKE_PRIVATE from another process: 0", fx(w, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0), 0);
	CHECK_EQ("shared WAKE does not reach a private waiter: 0", fx(w, FUTEX_WAKE, 1, NULL, NULL, 0), 0);
	CHECK_EQ("the private waiter times out", exit_code(c), ETIMEDOUT);
}

/* ---- robust lists ---- */

static void robust_calls(void)
{
	alarm(10);
	struct robust_list_head *h = NULL;
	size_t len = 0;
	static struct robust_list_head mine = { { &mine.list }, 0, NULL };
	CHECK_SYSERR("set_robust_list len 0: EINVAL", EINVAL, SYS_set_robust_list, &mine, 0);
	CHECK_SYSERR("set_robust_list len 24: EINVAL", EINVAL, SYS_set_robust_list, &mine, 24);
	CHECK_OK0("set_robust_list", syscall(SYS_set_robust_list, &mine, sizeof mine));
	CHECK_OK0("get_robust_list(0)", syscall(SYS_get_robust_list, 0, &h, &len));
	CHECK("get_robust_list gives it back", h == &mine && len == sizeof mine);
	CHECK_OK0("get_robust_list(own pid)", syscall(SYS_get_robust_list, getpid(), &h, &len));
	CHECK_SYSERR("get_robust_list no such pid: ESRCH", ESRCH, SYS_get_robust_list, 999999, &h, &len);
	CHECK_SYSERR("get_robust_list pid -1: ESRCH", ESRCH, SYS_get_robust_list, -1, &h, &len);
	CHECK_SYSERR("get_robust_list bad head pointer: EFAULT", EFAULT, SYS_get_robust_list, 0, (void *)8, &len);
	CHECK_SYSERR("get_robust_list bad len pointer: EFAULT", EFAULT, SYS_get_robust_list, 0, &h, (void *)8);
	pid_t c = syscall(SYS_fork);            /* glibc's fork() registers the child's list anew */
	if (c == 0) {
		h = (void *)1;
		syscall(SYS_get_robust_list, 0, &h, &len);
		_exit(h == NULL ? 0 : 1);
	}
	CHECK_EQ("a forked child starts with no robust list", exit_code(c), 0);
	pid_t root = getpid();
	c = fork();
	if (c == 0) {
		setgid(100);
		setuid(1000);
		long r = syscall(SYS_get_robust_list, root, &h, &len);
		_exit(r == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK_EQ("uid 1000 reading root's list: EPERM", exit_code(c), 0);
}

/* A hand-built list: the child dies holding a word (its tid, a waiter
 * bit); the kernel marks it OWNER_DIED and wakes the waiter. */
struct rlock { struct robust_list link; uint32_t word; };

static void robust_raw(void)
{
	alarm(20);
	char *m = (char *)shared_page();
	struct rlock *l = (struct rlock *)(m + 64);
	struct rlock *other = (struct rlock *)(m + 128);
	l->word = 0;
	other->word = 12345;                     /* somebody else's: left alone */
	int pfd[2];
	pipe(pfd);
	pid_t c = fork();
	if (c == 0) {
		static struct robust_list_head head;
		head.list.next = &l->link;
		l->link.next = &other->link;
		other->link.next = &head.list;
		head.futex_offset = offsetof(struct rlock, word);
		head.list_op_pending = NULL;
		l->word = (uint32_t)syscall(SYS_gettid);
		syscall(SYS_set_robust_list, &head, sizeof head);
		write(pfd[1], "x", 1);
		usleep(100000);
		_exit(0);
	}
	char x;
	read(pfd[0], &x, 1);
	uint32_t owner = l->word;
	l->word = owner | FUTEX_WAITERS;
	long r = fx(&l->word, FUTEX_WAIT, owner | FUTEX_WAITERS, NULL, NULL, 0);
	CHECK_EQ("waiter on a dead owner's word is woken", r, 0);
	CHECK_EQ("word: OWNER_DIED | WAITERS", l->word, FUTEX_OWNER_DIED | FUTEX_WAITERS);
	CHECK_EQ("another owner's word untouched", other->word, 12345);
	wait_for(c);
}

static pthread_mutex_t *robust_mutex(void *mem)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_t *mx = mem;
	pthread_mutex_init(mx, &a);
	return mx;
}

static void robust_mutex_dead_owner(void)
{
	alarm(20);
	pthread_mutex_t *mx = robust_mutex(shared_page());
	pid_t c = fork();
	if (c == 0) {
		_exit(pthread_mutex_lock(mx));
	}
	CHECK_EQ("the child locked and died", exit_code(c), 0);
	CHECK_EQ("next lock: EOWNERDEAD", pthread_mutex_lock(mx), EOWNERDEAD);
	CHECK_EQ("pthread_mutex_consistent", pthread_mutex_consistent(mx), 0);
	CHECK_EQ("unlock", pthread_mutex_unlock(mx), 0);
	CHECK_EQ("lock again: 0", pthread_mutex_lock(mx), 0);
	CHECK_EQ("unlock again", pthread_mutex_unlock(mx), 0);
}

static void robust_mutex_waiter(void)
{
	alarm(20);
	pthread_mutex_t *mx = robust_mutex(shared_page());
	int pfd[2];
	pipe(pfd);
	pid_t c = fork();
	if (c == 0) {
		pthread_mutex_lock(mx);
		write(pfd[1], "x", 1);
		usleep(150000);
		_exit(0);                            /* dies holding it, with us waiting */
	}
	char x;
	read(pfd[0], &x, 1);
	CHECK_EQ("a blocked locker gets EOWNERDEAD when the owner dies", pthread_mutex_lock(mx), EOWNERDEAD);
	pthread_mutex_consistent(mx);
	pthread_mutex_unlock(mx);
	wait_for(c);
}

/* ---- musl's process-shared objects ---- */

struct pshared {
	pthread_mutex_t m;
	pthread_cond_t cv;
	pthread_barrier_t bar;
	sem_t sem;
	int flag;
};

static struct pshared *pshared_objects(void)
{
	struct pshared *s = (struct pshared *)shared_page();
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&s->m, &ma);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	pthread_cond_init(&s->cv, &ca);
	pthread_barrierattr_t ba;
	pthread_barrierattr_init(&ba);
	pthread_barrierattr_setpshared(&ba, PTHREAD_PROCESS_SHARED);
	pthread_barrier_init(&s->bar, &ba, 2);
	sem_init(&s->sem, 1, 0);
	return s;
}

static void deadline(struct timespec *t, int sec)
{
	clock_gettime(CLOCK_REALTIME, t);
	t->tv_sec += sec;
}

static void pshared_cond(void)
{
	alarm(20);
	struct pshared *s = pshared_objects();
	pid_t c = fork();
	if (c == 0) {
		struct timespec t;
		deadline(&t, 5);
		int r = 0;
		pthread_mutex_lock(&s->m);
		while (!s->flag && r == 0)
			r = pthread_cond_timedwait(&s->cv, &s->m, &t);
		pthread_mutex_unlock(&s->m);
		_exit(r);
	}
	usleep(100000);
	pthread_mutex_lock(&s->m);
	s->flag = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->m);
	CHECK_EQ("process-shared condition variable: the child is signalled", exit_code(c), 0);
}

static void pshared_barrier(void)
{
	alarm(20);
	struct pshared *s = pshared_objects();
	pid_t c = fork();
	if (c == 0) {
		int r = pthread_barrier_wait(&s->bar);
		_exit(r == 0 ? 0 : r == PTHREAD_BARRIER_SERIAL_THREAD ? 1 : 2);
	}
	usleep(50000);
	int r = pthread_barrier_wait(&s->bar);
	int cr = exit_code(c);
	CHECK("process-shared barrier: both pass, one is the serial one",
	      (r == 0 && cr == 1) || (r == PTHREAD_BARRIER_SERIAL_THREAD && cr == 0));
}

static void pshared_sem(void)
{
	alarm(20);
	struct pshared *s = pshared_objects();
	pid_t c = fork();
	if (c == 0) {
		struct timespec t;
		deadline(&t, 5);
		_exit(sem_timedwait(&s->sem, &t) == 0 ? 0 : errno);
	}
	usleep(100000);
	CHECK_OK0("sem_post", sem_post(&s->sem));
	CHECK_EQ("sem_init(pshared=1): the child's sem_timedwait returns", exit_code(c), 0);
	int v = -1;
	sem_getvalue(&s->sem, &v);
	CHECK_EQ("value back to 0", v, 0);
}

int main(void)
{
	umask(022);
	tdir_setup("t_futex");
	RUN(errors);
	RUN(requeue_errors);
	RUN(wake_op_values);
	RUN(timeouts);
	RUN(time64);
	RUN(signals);
	RUN(wake_counts);
	RUN(wake_order);
	RUN(bitsets);
	RUN(requeue);
	RUN(wake_op);
	RUN(shared_anon);
	RUN(shared_file);
	RUN(shm_segment);
	RUN(private_flag_stays_private);
	RUN(robust_calls);
	RUN(robust_raw);
	RUN(robust_mutex_dead_owner);
	RUN(robust_mutex_waiter);
	RUN(pshared_cond);
	RUN(pshared_barrier);
	RUN(pshared_sem);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
