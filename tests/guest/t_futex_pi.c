/* t_futex_pi - differential test of the priority-inheritance futex
 * commands: FUTEX_LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI,
 * WAIT_REQUEUE_PI and CMP_REQUEUE_PI. The word protocol (owner id,
 * FUTEX_WAITERS, FUTEX_OWNER_DIED) as each call leaves it, every errno of
 * futex(2), the hand-over on unlock, a dead owner's lock going to its
 * waiter (with and without a robust list), timeouts on both clocks,
 * deadlocks, the C library's PTHREAD_PRIO_INHERIT mutexes (robust too)
 * and condition variables on them, and the classic priority inversion:
 * on one CPU a SCHED_FIFO waiter lends its priority to a SCHED_OTHER
 * owner, so a medium-priority spinner cannot starve it. Every wait is
 * bounded: a broken kernel fails here, it does not hang. */
#include "check.h"
#include "sched_util.h"
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/mman.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_TRYLOCK_PI 8
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_LOCK_PI2 13
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
struct robust_list { struct robust_list *next; };
struct robust_list_head { struct robust_list list; long futex_offset; struct robust_list *list_op_pending; };

static long fx(void *a, int op, uint32_t val, const void *ts, void *a2, uint32_t val3)
{
	return syscall(SYS_futex, a, op, val, ts, a2, val3);
}

static long fx2(void *a, int op, uint32_t val, long val2, void *a2, uint32_t val3)
{
	return syscall(SYS_futex, a, op, val, val2, a2, val3);
}

static uint32_t *pi_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static uint32_t tid(void) { return (uint32_t)syscall(SYS_gettid); }

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* SYS_futex's struct timespec: 32-bit fields on i386. */
struct ts32 { int32_t sec, nsec; };

/* An absolute time ms from now on clock c. */
static struct ts32 abs_in(clockid_t c, long ms)
{
	struct timespec t;
	clock_gettime(c, &t);
	t.tv_nsec += (ms % 1000) * 1000000;
	t.tv_sec += ms / 1000 + t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return (struct ts32){ (int32_t)t.tv_sec, (int32_t)t.tv_nsec };
}

/* Waits (up to 10 s) until *w has all the bits of mask. */
static bool wait_bits(volatile uint32_t *w, uint32_t mask)
{
	for (int i = 0; i < 10000; i++) {
		if ((*w & mask) == mask)
			return true;
		usleep(1000);
	}
	return false;
}

static void errors(void)
{
	uint32_t *w = pi_page(), me = tid();
	w[0] = me;
	CHECK_SYSERR("LOCK_PI on my own lock: EDEADLK", EDEADLK, SYS_futex, w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	CHECK_SYSERR("TRYLOCK_PI on my own lock: EDEADLK", EDEADLK, SYS_futex, w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	CHECK_EQ("the word is untouched", w[0], me);
	w[0] = 0;
	CHECK_SYSERR("UNLOCK_PI of a free lock: EPERM", EPERM, SYS_futex, w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	w[0] = me + 1;
	CHECK_SYSERR("UNLOCK_PI of another's lock: EPERM", EPERM, SYS_futex, w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	CHECK_SYSERR("LOCK_PI|CLOCK_REALTIME: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_LOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, 0);
	CHECK_SYSERR("TRYLOCK_PI|CLOCK_REALTIME: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_TRYLOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, 0);
	CHECK_SYSERR("UNLOCK_PI|CLOCK_REALTIME: ENOSYS", ENOSYS, SYS_futex, w, FUTEX_UNLOCK_PI | FUTEX_CLOCK_REALTIME, 0, NULL, NULL, 0);
	struct ts32 bad = { 0, 1000000000 };
	CHECK_SYSERR("LOCK_PI, nanoseconds out of range: EINVAL", EINVAL, SYS_futex, w, FUTEX_LOCK_PI, 0, &bad, NULL, 0);
	w[0] = 0;
	CHECK_SYSERR("LOCK_PI unaligned: EINVAL", EINVAL, SYS_futex, (char *)w + 1, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	CHECK_SYSERR("LOCK_PI at NULL: EFAULT", EFAULT, SYS_futex, NULL, (FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG), 0, NULL, NULL, 0);
	CHECK_SYSERR("UNLOCK_PI at NULL: EFAULT", EFAULT, SYS_futex, NULL, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	uint32_t *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK_SYSERR("LOCK_PI, a free word in read-only memory: EFAULT", EFAULT, SYS_futex, ro, (FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG), 0, NULL, NULL, 0);
	CHECK_SYSERR("TRYLOCK_PI, the same: EFAULT", EFAULT, SYS_futex, ro, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	CHECK_EQ("the read-only word is still free", ro[0], 0);

	/* A word naming no thread: ESRCH, with FUTEX_WAITERS left set. */
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);   /* a zombie now */
	w[0] = (uint32_t)c;
	CHECK_SYSERR("LOCK_PI, the owner is a zombie: ESRCH", ESRCH, SYS_futex, w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	CHECK_EQ("the word got FUTEX_WAITERS", w[0], (uint32_t)c | FUTEX_WAITERS);
	w[0] = (uint32_t)c;
	CHECK_SYSERR("TRYLOCK_PI, the same: ESRCH", ESRCH, SYS_futex, w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	wait_for(c);
	w[0] = (uint32_t)c;
	CHECK_SYSERR("LOCK_PI, the owner is gone: ESRCH", ESRCH, SYS_futex, w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	w[0] = 0x3fff0000u;
	CHECK_SYSERR("LOCK_PI, no such thread id: ESRCH", ESRCH, SYS_futex, w, FUTEX_LOCK_PI, 0, NULL, NULL, 0);

	/* Free words the kernel takes. */
	w[0] = 0;
	CHECK_OK0("LOCK_PI of a free word", fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it names me", w[0], me);
	CHECK_OK0("UNLOCK_PI", fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it is free", w[0], 0);
	w[0] = FUTEX_OWNER_DIED;
	CHECK_OK0("LOCK_PI of a dead owner's word", fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it names me and keeps OWNER_DIED", w[0], me | FUTEX_OWNER_DIED);
	CHECK_OK0("UNLOCK_PI clears every bit", fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it is 0", w[0], 0);
	w[0] = FUTEX_WAITERS;
	CHECK_OK0("TRYLOCK_PI of a word with only FUTEX_WAITERS", fx(w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it names me alone", w[0], me);
	w[0] = me | FUTEX_WAITERS;
	CHECK_OK0("UNLOCK_PI with FUTEX_WAITERS and no waiter", fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("it is 0", w[0], 0);
	w[0] = 0;
	struct ts32 past = { 1, 0 };
	CHECK_OK0("LOCK_PI of a free word, the deadline long past", fx(w, FUTEX_LOCK_PI, 0, &past, NULL, 0));
	w[0] = 0;
	CHECK_OK0("LOCK_PI2|CLOCK_REALTIME", fx(w, FUTEX_LOCK_PI2 | FUTEX_CLOCK_REALTIME, 0, &past, NULL, 0));
	CHECK_OK0("UNLOCK_PI|PRIVATE", fx(w, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0));

	/* The requeue pair's own checks. */
	uint32_t *cv = w + 8, *m = w + 16;
	*cv = 5;
	*m = 0;
	CHECK_SYSERR("WAIT_REQUEUE_PI onto itself: EINVAL", EINVAL, SYS_futex, cv, FUTEX_WAIT_REQUEUE_PI, 5, NULL, cv, 0);
	CHECK_SYSERR("WAIT_REQUEUE_PI, the word differs: EAGAIN", EAGAIN, SYS_futex, cv, FUTEX_WAIT_REQUEUE_PI, 4, NULL, m, 0);
	struct ts32 soon = abs_in(CLOCK_MONOTONIC, 100);
	CHECK_SYSERR("WAIT_REQUEUE_PI times out: ETIMEDOUT", ETIMEDOUT, SYS_futex, cv, FUTEX_WAIT_REQUEUE_PI, 5, &soon, m, 0);
	CHECK_SYSERR("CMP_REQUEUE_PI, nr_wake 2: EINVAL", EINVAL, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 2, 1, m, 5);
	CHECK_SYSERR("CMP_REQUEUE_PI, nr_wake 0: EINVAL", EINVAL, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 0, 1, m, 5);
	CHECK_SYSERR("CMP_REQUEUE_PI onto itself: EINVAL", EINVAL, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, 1, cv, 5);
	CHECK_SYSERR("CMP_REQUEUE_PI, negative count: EINVAL", EINVAL, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, -1, m, 5);
	CHECK_SYSERR("CMP_REQUEUE_PI, the word differs: EAGAIN", EAGAIN, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, 1, m, 4);
	CHECK_EQ("CMP_REQUEUE_PI with no waiter: 0", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, 1, m, 5), 0);
	CHECK_EQ("the lock word is untouched", *m, 0);
}

/* A child that takes *w and holds it until *go is set: its pid. */
static pid_t holder(uint32_t *w, volatile uint32_t *go)
{
	pid_t c = fork();
	if (c == 0) {
		if (fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0))
			_exit(1);
		for (int i = 0; i < 10000 && !*go; i++)
			usleep(1000);
		_exit(fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0);
	}
	wait_bits(w, (uint32_t)c);
	return c;
}

static void trylock_timeouts(void)
{
	uint32_t *w = pi_page();
	pid_t c = holder(w, &w[1]);
	CHECK_EQ("the holder owns it", w[0], (uint32_t)c);
	CHECK_SYSERR("TRYLOCK_PI of a held lock: EAGAIN", EAGAIN, SYS_futex, w, FUTEX_TRYLOCK_PI, 0, NULL, NULL, 0);
	CHECK_EQ("and FUTEX_WAITERS is set", w[0], (uint32_t)c | FUTEX_WAITERS);
	CHECK_SYSERR("UNLOCK_PI of its lock: EPERM", EPERM, SYS_futex, w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	struct timespec t0;
	struct ts32 dl = abs_in(CLOCK_REALTIME, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_SYSERR("LOCK_PI times out on CLOCK_REALTIME: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_LOCK_PI, 0, &dl, NULL, 0);
	long ms = ms_since(&t0);
	CHECK("after about 200 ms", ms >= 150 && ms < 5000);
	dl = abs_in(CLOCK_MONOTONIC, 200);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK_SYSERR("LOCK_PI2 times out on CLOCK_MONOTONIC: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_LOCK_PI2, 0, &dl, NULL, 0);
	ms = ms_since(&t0);
	CHECK("after about 200 ms", ms >= 150 && ms < 5000);
	dl = abs_in(CLOCK_REALTIME, 200);
	CHECK_SYSERR("LOCK_PI2|CLOCK_REALTIME times out: ETIMEDOUT", ETIMEDOUT, SYS_futex, w, FUTEX_LOCK_PI2 | FUTEX_CLOCK_REALTIME, 0, &dl, NULL, 0);
	CHECK_EQ("the holder still owns it", w[0], (uint32_t)c | FUTEX_WAITERS);
	w[1] = 1;
	CHECK_EQ("the holder unlocks", WEXITSTATUS(wait_for(c)), 0);
	CHECK_EQ("free", w[0], 0);
}

/* The holder unlocks while we wait: the lock is handed to us. */
static void handover(void)
{
	uint32_t *w = pi_page(), me = tid();
	pid_t c = holder(w, &w[1]);
	pid_t k = fork();
	if (k == 0) {                            /* releases the holder once we sleep */
		wait_sleeping(getppid());
		w[2] = w[0];
		w[1] = 1;
		_exit(0);
	}
	CHECK_OK0("LOCK_PI waits, then gets the lock", fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("the holder saw FUTEX_WAITERS", w[2], (uint32_t)c | FUTEX_WAITERS);
	CHECK_EQ("the word names me, with FUTEX_WAITERS", w[0], me | FUTEX_WAITERS);
	CHECK_EQ("the holder's UNLOCK_PI succeeded", WEXITSTATUS(wait_for(c)), 0);
	wait_for(k);
	CHECK_OK0("UNLOCK_PI", fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("free", w[0], 0);

	/* Two waiters of equal priority: in arrival order. */
	w[1] = 0;
	w[0] = me;
	pid_t a[2];
	for (int i = 0; i < 2; i++) {
		a[i] = fork();
		if (a[i] == 0) {
			if (fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0))
				_exit(1);
			w[4 + w[3]++] = (uint32_t)getpid();
			_exit(fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0);
		}
		wait_sleeping(a[i]);
	}
	CHECK_SYSERR("FUTEX_WAKE on a PI futex with waiters: EINVAL", EINVAL, SYS_futex, w, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_OK0("UNLOCK_PI hands it on", fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("first waiter exit", WEXITSTATUS(wait_for(a[0])), 0);
	CHECK_EQ("second waiter exit", WEXITSTATUS(wait_for(a[1])), 0);
	CHECK("they took it in arrival order", w[4] == (uint32_t)a[0] && w[5] == (uint32_t)a[1]);
	CHECK_EQ("free at the end", w[0], 0);
}

/* The owner exits holding the lock while we wait. */
static void owner_died(void)
{
	for (int robust = 0; robust < 2; robust++) {
		uint32_t *w = pi_page(), me = tid();
		pid_t c = fork();
		if (c == 0) {
			/* the lock in a robust list entry: { next, word } */
			static struct robust_list_head head;
			struct robust_list *e = (struct robust_list *)&w[8];
			head.list.next = (struct robust_list *)((uintptr_t)e | 1);   /* a PI entry */
			head.futex_offset = 4;
			e->next = &head.list;
			if (robust)
				syscall(SYS_set_robust_list, &head, sizeof head);
			w[9] = tid();                    /* taken in user space */
			for (int i = 0; i < 10000 && !(w[9] & FUTEX_WAITERS); i++)
				usleep(1000);
			usleep(50000);
			_exit(0);                        /* holding it */
		}
		wait_bits(&w[9], (uint32_t)c);
		CHECK_OK0(robust ? "robust: LOCK_PI gets the dead owner's lock" : "LOCK_PI gets the dead owner's lock",
			  fx(&w[9], FUTEX_LOCK_PI, 0, NULL, NULL, 0));
		CHECK_EQ("the word names me, with WAITERS and OWNER_DIED", w[9], me | FUTEX_WAITERS | FUTEX_OWNER_DIED);
		CHECK_OK0("UNLOCK_PI", fx(&w[9], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
		CHECK_EQ("free", w[9], 0);
		wait_for(c);
	}
	/* Dead with no waiter: the robust list marks it, the next takes it. */
	uint32_t *w = pi_page();
	pid_t c = fork();
	if (c == 0) {
		static struct robust_list_head head;
		struct robust_list *e = (struct robust_list *)&w[8];
		head.list.next = (struct robust_list *)((uintptr_t)e | 1);
		head.futex_offset = 4;
		e->next = &head.list;
		syscall(SYS_set_robust_list, &head, sizeof head);
		w[9] = tid();
		_exit(0);
	}
	wait_for(c);
	CHECK_EQ("an uncontended dead owner's word: OWNER_DIED alone", w[9], FUTEX_OWNER_DIED);
	CHECK_OK0("LOCK_PI takes it", fx(&w[9], FUTEX_LOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("keeping OWNER_DIED", w[9], tid() | FUTEX_OWNER_DIED);
}

/* Each holds one lock and wants the other's. */
static void deadlock(void)
{
	uint32_t *w = pi_page(), me = tid();
	w[0] = me;
	pid_t c = fork();
	if (c == 0) {
		w[1] = tid();
		long r = fx(&w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);   /* waits for the parent */
		_exit(r == 0 ? 0 : 3);
	}
	wait_bits(&w[0], FUTEX_WAITERS);
	wait_sleeping(c);
	CHECK_SYSERR("LOCK_PI closing a circle: EDEADLK", EDEADLK, SYS_futex, &w[1], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	CHECK_EQ("the other's word got FUTEX_WAITERS", w[1], (uint32_t)c | FUTEX_WAITERS);
	CHECK_OK0("UNLOCK_PI", fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("the child got mine", WEXITSTATUS(wait_for(c)), 0);
}

/* A condition variable's wait moved onto a PI mutex. */
static void requeue_pi(void)
{
	uint32_t *w = pi_page(), me = tid();
	uint32_t *cv = &w[0], *m = &w[1];
	*cv = 1;
	pid_t c = fork();
	if (c == 0) {
		long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, m, 0);
		w[4] = *m;
		_exit(r == 0 ? (fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0) : 1);
	}
	wait_sleeping(c);
	CHECK_SYSERR("FUTEX_WAKE on a WAIT_REQUEUE_PI waiter: EINVAL", EINVAL, SYS_futex, cv, FUTEX_WAKE, 1, NULL, NULL, 0);
	CHECK_SYSERR("CMP_REQUEUE_PI to another word than the waiter's: EINVAL", EINVAL, SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, 0, &w[2], 1);
	CHECK_EQ("CMP_REQUEUE_PI, the mutex free: takes it for the waiter, 1", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, 0, m, 1), 1);
	CHECK_EQ("the waiter returned 0 and unlocked", WEXITSTATUS(wait_for(c)), 0);
	CHECK_EQ("it owned the mutex, no FUTEX_WAITERS", w[4], (uint32_t)c);
	CHECK_EQ("free", *m, 0);

	/* The mutex held: both waiters are moved onto it, then handed it. */
	*m = me;
	pid_t a[2];
	for (int i = 0; i < 2; i++) {
		a[i] = fork();
		if (a[i] == 0) {
			long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, m, 0);
			w[8 + w[7]++] = (uint32_t)getpid();
			_exit(r == 0 ? (fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0) : 1);
		}
		wait_sleeping(a[i]);
	}
	CHECK_EQ("CMP_REQUEUE_PI, the mutex held: moves both, 2", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, INT_MAX, m, 1), 2);
	CHECK_EQ("the mutex word got FUTEX_WAITERS", *m, me | FUTEX_WAITERS);
	CHECK_EQ("nothing left on the condition", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, INT_MAX, m, 1), 0);
	CHECK_OK0("UNLOCK_PI hands the mutex on", fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("first waiter", WEXITSTATUS(wait_for(a[0])), 0);
	CHECK_EQ("second waiter", WEXITSTATUS(wait_for(a[1])), 0);
	CHECK("in arrival order", w[8] == (uint32_t)a[0] && w[9] == (uint32_t)a[1]);
	CHECK_EQ("free", *m, 0);

	/* A requeued waiter times out on the mutex. */
	*m = me;
	c = fork();
	if (c == 0) {
		struct ts32 dl = abs_in(CLOCK_MONOTONIC, 300);
		long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, &dl, m, 0);
		_exit(r == -1 && errno == ETIMEDOUT ? 0 : 1);
	}
	wait_sleeping(c);
	CHECK_EQ("CMP_REQUEUE_PI moves it", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, 1, m, 1), 1);
	CHECK_EQ("it times out there: ETIMEDOUT", WEXITSTATUS(wait_for(c)), 0);
	CHECK_OK0("UNLOCK_PI, no waiter left", fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("free", *m, 0);
}

static volatile int handled;
static void on_usr1(int sig) { (void)sig; handled++; }

/* A handled signal does not end a LOCK_PI (restarted, SA_RESTART or
 * not), nor a WAIT_REQUEUE_PI still on the condition; one moved onto the
 * mutex already returns EAGAIN. */
static void signals(void)
{
	uint32_t *w = pi_page();
	struct sigaction sa = { .sa_handler = on_usr1 };        /* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	w[0] = tid();
	pid_t c = fork();
	if (c == 0) {
		long r = fx(&w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		_exit(r == 0 && handled == 1 ? 0 : 10 + handled);
	}
	wait_sleeping(c);
	kill(c, SIGUSR1);
	usleep(100000);
	wait_sleeping(c);
	CHECK_OK0("UNLOCK_PI", fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("LOCK_PI ran the handler and went on waiting: 0", WEXITSTATUS(wait_for(c)), 0);

	uint32_t *cv = &w[4], *m = &w[5];
	*cv = 1;
	*m = tid();
	c = fork();
	if (c == 0) {
		long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, m, 0);
		int e = errno;
		if (r != 0)
			_exit(20 + handled);
		if (handled != 1)
			_exit(30 + handled);
		/* now the owner: wait on again, to be interrupted on the mutex */
		*cv = 2;
		fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
		(void)e;
		_exit(0);
	}
	wait_sleeping(c);
	kill(c, SIGUSR1);
	usleep(100000);
	wait_sleeping(c);
	CHECK_EQ("CMP_REQUEUE_PI still finds it on the condition", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, 1, m, 1), 1);
	CHECK_OK0("UNLOCK_PI hands it the mutex", fx(&w[5], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("WAIT_REQUEUE_PI ran the handler and went on: 0", WEXITSTATUS(wait_for(c)), 0);

	*cv = 1;
	*m = tid();
	c = fork();
	if (c == 0) {
		long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, m, 0);
		_exit(r == -1 && errno == EAGAIN && handled == 1 ? 0 : 40 + handled);
	}
	wait_sleeping(c);
	CHECK_EQ("CMP_REQUEUE_PI moves it onto the held mutex", fx2(cv, FUTEX_CMP_REQUEUE_PI, 1, 1, m, 1), 1);
	kill(c, SIGUSR1);
	CHECK_EQ("a signal there: EAGAIN", WEXITSTATUS(wait_for(c)), 0);
	CHECK_EQ("the mutex is mine still, FUTEX_WAITERS set", *m, tid() | FUTEX_WAITERS);
	CHECK_OK0("UNLOCK_PI, no waiter left", fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	CHECK_EQ("free", *m, 0);
}

/* Waiters take the lock by priority, then arrival. */
static void priority_order(void)
{
	uint32_t *w = pi_page();
	w[0] = tid();
	static const int prio[4] = { 10, 20, 10, 30 };
	pid_t c[4];
	for (int i = 0; i < 4; i++) {
		c[i] = fork();
		if (c[i] == 0) {
			if (setsched(0, SCHED_FIFO, prio[i]))
				_exit(9);
			long r = fx(&w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
			w[8 + __sync_fetch_and_add(&w[1], 1)] = (uint32_t)i;
			_exit(r == 0 && fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
		}
		wait_sleeping(c[i]);
	}
	CHECK_OK0("UNLOCK_PI", fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0));
	for (int i = 0; i < 4; i++)
		CHECK_EQ("waiter exit", WEXITSTATUS(wait_for(c[i])), 0);
	say("order: %u %u %u %u\n", w[8], w[9], w[10], w[11]);
	CHECK("FIFO 30, then 20, then the two 10s in arrival order",
	      w[8] == 3 && w[9] == 1 && w[10] == 0 && w[11] == 2);
}

/* User space changed the word under the kernel's waiters: EINVAL. */
static void inconsistent(void)
{
	uint32_t *w = pi_page(), me = tid();
	pid_t h = fork();
	if (h == 0) {                            /* the real owner */
		w[0] = tid();
		while (!w[1])
			usleep(1000);
		_exit(0);
	}
	while (w[0] != (uint32_t)h)
		usleep(1000);
	pid_t c = fork();
	if (c == 0) {
		long r = fx(&w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		_exit(r == 0 && fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	}
	wait_sleeping(c);
	CHECK_EQ("the word", w[0], (uint32_t)h | FUTEX_WAITERS);
	w[0] = me | FUTEX_WAITERS;
	CHECK_SYSERR("UNLOCK_PI of a word naming me but the kernel's owner is another: EINVAL", EINVAL,
		     SYS_futex, &w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
	w[0] = 0x3ffffff0u | FUTEX_WAITERS;
	CHECK_SYSERR("LOCK_PI of a word naming another than the kernel's owner: EINVAL", EINVAL,
		     SYS_futex, &w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	w[0] = 0;
	CHECK_SYSERR("LOCK_PI of a zeroed word with waiters: EINVAL", EINVAL,
		     SYS_futex, &w[0], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
	w[0] = (uint32_t)h | FUTEX_WAITERS;
	w[1] = 1;                                /* the owner exits: the waiter inherits */
	CHECK_EQ("the waiter got it from the dead owner", WEXITSTATUS(wait_for(c)), 0);
	wait_for(h);
	CHECK_EQ("free", w[0], 0);
}

static pthread_mutex_t pm;
static long counter;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		pthread_mutex_lock(&pm);
		long v = counter;
		if (i % 100 == 0)
			sched_yield();               /* contended: the kernel's part */
		counter = v + 1;
		pthread_mutex_unlock(&pm);
	}
	return NULL;
}

static void pthread_pi(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	CHECK_EQ("setprotocol(PTHREAD_PRIO_INHERIT)", pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT), 0);
	CHECK_EQ("mutex init", pthread_mutex_init(&pm, &a), 0);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, adder, NULL);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("three threads counted under a PI mutex", counter, 6000);
	CHECK_EQ("trylock", pthread_mutex_trylock(&pm), 0);
	CHECK_EQ("trylock again: EBUSY", pthread_mutex_trylock(&pm), EBUSY);
	CHECK_EQ("unlock", pthread_mutex_unlock(&pm), 0);

	/* Robust, process-shared, PI: the owner dies, the next gets EOWNERDEAD. */
	pthread_mutex_t *sm = (pthread_mutex_t *)pi_page();
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	CHECK_EQ("robust PI mutex init", pthread_mutex_init(sm, &a), 0);
	volatile uint32_t *flag = (uint32_t *)(sm + 1);
	pid_t c = fork();
	if (c == 0) {
		pthread_mutex_lock(sm);
		*flag = 1;
		usleep(200000);
		_exit(0);
	}
	wait_bits(flag, 1);
	CHECK_EQ("lock after the owner died: EOWNERDEAD", pthread_mutex_lock(sm), EOWNERDEAD);
	CHECK_EQ("consistent", pthread_mutex_consistent(sm), 0);
	CHECK_EQ("unlock", pthread_mutex_unlock(sm), 0);
	CHECK_EQ("lock again", pthread_mutex_lock(sm), 0);
	CHECK_EQ("unlock", pthread_mutex_unlock(sm), 0);
	wait_for(c);
}

static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int ready, taken;

static void *cond_waiter(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pm);
	while (!ready)
		pthread_cond_wait(&cond, &pm);
	taken++;
	pthread_mutex_unlock(&pm);
	return NULL;
}

static void pthread_cond_pi(void)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	pthread_mutex_init(&pm, &a);
	pthread_t t[3];
	for (int i = 0; i < 3; i++)
		pthread_create(&t[i], NULL, cond_waiter, NULL);
	usleep(100000);
	pthread_mutex_lock(&pm);
	ready = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&pm);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ("a broadcast on a PI mutex's condition wakes all three", taken, 3);
	pthread_mutex_lock(&pm);
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_nsec += 100000000;
	if (dl.tv_nsec >= 1000000000) { dl.tv_sec++; dl.tv_nsec -= 1000000000; }
	CHECK_EQ("timedwait on it: ETIMEDOUT, the mutex retaken", pthread_cond_timedwait(&cond, &pm, &dl), ETIMEDOUT);
	CHECK_EQ("trylock of the held mutex (recursive attempt): EBUSY or EDEADLK",
		 pthread_mutex_trylock(&pm) == EBUSY || pthread_mutex_trylock(&pm) == EDEADLK, 1);
	CHECK_EQ("unlock", pthread_mutex_unlock(&pm), 0);
}

/* ---- the priority inversion ---- */

static uint32_t inv_lock, inv_stage, inv_done;
static volatile long m_spins, spins_when_h_got;

static void *low(void *arg)
{
	(void)arg;
	setsched(0, SCHED_OTHER, 0);
	__sync_val_compare_and_swap(&inv_lock, 0, tid());
	inv_stage = 1;
	fx(&inv_stage, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!(inv_lock & FUTEX_WAITERS) && ms_since(&t0) < 10000)
		;                                    /* works until the high one waits */
	if (__sync_val_compare_and_swap(&inv_lock, tid(), 0) != tid())
		fx(&inv_lock, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	return NULL;
}

static void *medium(void *arg)
{
	(void)arg;
	setsched(0, SCHED_FIFO, 10);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!inv_done && ms_since(&t0) < 1500)
		m_spins++;                           /* a CPU hog above the owner */
	while (!inv_done && ms_since(&t0) < 20000)
		usleep(10000);                       /* (without inheritance: let it finish) */
	return NULL;
}

static void *high(void *arg)
{
	(void)arg;
	setsched(0, SCHED_FIFO, 20);
	fx(&inv_lock, FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	spins_when_h_got = m_spins;
	inv_done = 1;
	fx(&inv_lock, FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	return NULL;
}

static void inversion(void)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	CHECK_OK0("on one CPU", sched_setaffinity(0, sizeof one, &one));
	CHECK_OK0("the main thread is SCHED_FIFO 30", setsched(0, SCHED_FIFO, 30));
	pthread_t l, m, h;
	pthread_create(&l, NULL, low, NULL);
	while (!inv_stage)
		fx(&inv_stage, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, NULL, NULL, 0);
	pthread_create(&m, NULL, medium, NULL);
	pthread_create(&h, NULL, high, NULL);
	pthread_join(h, NULL);
	pthread_join(m, NULL);
	pthread_join(l, NULL);
	CHECK_EQ("the high one got the lock", inv_done, 1);
	CHECK_EQ("before the medium spinner ran at all (the owner was boosted)", spins_when_h_got, 0);
}

int main(void)
{
	tdir_setup("t_futex_pi");
	RUN(errors);
	RUN(trylock_timeouts);
	RUN(handover);
	RUN(owner_died);
	RUN(deadlock);
	RUN(requeue_pi);
	RUN(signals);
	RUN(priority_order);
	RUN(inconsistent);
	RUN(pthread_pi);
	RUN(pthread_cond_pi);
	RUN(inversion);
	rm_rf(tdir);
	return cases_failed ? 1 : 0;
}
