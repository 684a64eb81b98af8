/* t_futex_pi_guest - what the host cannot show of priority-inheritance
 * futexes: the boost itself, as /proc/<pid>/stat's priority field shows
 * it, through a chain of two locks and following a waiter's
 * sched_setscheduler; and that every way a PI wait can end (hand-over,
 * timeout, a signal, SIGKILL, the owner's death, a requeue, a deadlock
 * refused) gives back the kernel's state (kmem.h: exact account). */
#include "check.h"
#include "kmem.h"
#include "sched_util.h"
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>

#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_CMP_REQUEUE_PI 12
#define FUTEX_WAITERS 0x80000000u
struct ts32 { int32_t sec, nsec; };
struct robust_list { struct robust_list *next; };
struct robust_list_head { struct robust_list list; long futex_offset; struct robust_list *list_op_pending; };

static long fx(void *a, int op, uint32_t val, const void *ts, void *a2, uint32_t val3)
{
	return syscall(SYS_futex, a, op, val, ts, a2, val3);
}

static uint32_t *page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

/* /proc/<pid>/stat's priority (field 18): 20 + nice, or -1 - rt priority. */
static long prio_of(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if (get_file(path, buf, sizeof buf) <= 0)
		return -1000;
	char *p = strrchr(buf, ')');
	long v = -1000;
	for (int f = 2; p && f <= 18; f++) {
		p = strchr(p + 1, ' ');
		if (p && f == 17)
			v = strtol(p + 1, NULL, 10);
	}
	return v;
}

/* A child that takes *w and keeps it until *go (or 20 s). */
static pid_t holder(uint32_t *w, volatile uint32_t *go)
{
	pid_t c = fork();
	if (c == 0) {
		if (fx(w, FUTEX_LOCK_PI, 0, NULL, NULL, 0))
			_exit(1);
		for (int i = 0; i < 20000 && !*go; i++)
			usleep(1000);
		_exit(fx(w, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0);
	}
	while (*w != (uint32_t)c)
		usleep(1000);
	return c;
}

static void boost(void)
{
	uint32_t *w = page();
	uint32_t *l1 = &w[0], *l2 = &w[1];
	pid_t a = holder(l1, &w[8]);             /* owns l1 */
	pid_t b = fork();
	if (b == 0) {                            /* owns l2, waits for l1 */
		fx(l2, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		w[4] = 1;
		fx(l1, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		fx(l1, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0);
		while (!w[9])
			usleep(1000);
		_exit(fx(l2, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) ? 2 : 0);
	}
	while (!w[4])
		usleep(1000);
	wait_sleeping(b);
	CHECK_EQ("a normal waiter lends nothing", prio_of(a), 20);
	pid_t c = fork();
	if (c == 0) {                            /* real time, waits for l2 */
		setsched(0, SCHED_FIFO, 30);
		long r = fx(l2, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		_exit(r == 0 && fx(l2, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
	}
	wait_sleeping(c);
	CHECK_EQ("the FIFO 30 waiter's rank: l2's owner", prio_of(b), -31);
	CHECK_EQ("and down the chain, l1's owner", prio_of(a), -31);
	CHECK_OK0("the waiter goes to FIFO 40", setsched(c, SCHED_FIFO, 40));
	CHECK_EQ("l2's owner follows", prio_of(b), -41);
	CHECK_EQ("l1's owner follows", prio_of(a), -41);
	CHECK_EQ("its own policy is unchanged", getsched(a), SCHED_OTHER);
	kill(c, SIGKILL);
	wait_for(c);
	CHECK_EQ("the waiter killed: l2's owner is normal again", prio_of(b), 20);
	CHECK_EQ("l1's owner too", prio_of(a), 20);
	w[8] = w[9] = 1;
	CHECK_EQ("l1's owner unlocks", WEXITSTATUS(wait_for(a)), 0);
	CHECK_EQ("l2's owner unlocks", WEXITSTATUS(wait_for(b)), 0);
	CHECK("both free", *l1 == 0 && *l2 == 0);
}

/* Every way out of a PI wait, once: true when each ended as it should. */
static bool pi_work(void)
{
	uint32_t *w = page();
	bool ok = true;
	pid_t h = holder(&w[0], &w[8]);
	pid_t k[4];
	for (int i = 0; i < 4; i++) {
		k[i] = fork();
		if (k[i] == 0) {
			signal(SIGUSR1, SIG_IGN);
			struct ts32 dl = { 0, 0 };
			if (i == 1) {                    /* a timeout */
				struct timespec t;
				clock_gettime(CLOCK_REALTIME, &t);
				dl.sec = (int32_t)t.tv_sec + 1;
			}
			long r = fx(&w[0], FUTEX_LOCK_PI, 0, i == 1 ? &dl : NULL, NULL, 0);
			if (i == 1)
				_exit(r == -1 && errno == ETIMEDOUT ? 0 : 1);
			_exit(r == 0 && fx(&w[0], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
		}
		wait_sleeping(k[i]);
	}
	kill(k[2], SIGUSR1);                     /* ignored: restarts */
	kill(k[3], SIGKILL);                     /* dies waiting */
	ok = WIFSIGNALED(wait_for(k[3])) && ok;
	ok = wait_for(k[1]) == 0 && ok;
	w[8] = 1;
	ok = wait_for(h) == 0 && ok;
	ok = wait_for(k[0]) == 0 && wait_for(k[2]) == 0 && ok;
	ok = w[0] == 0 && ok;

	/* The owner dies with two waiters; a robust list marks it. */
	pid_t o = fork();
	if (o == 0) {
		static struct robust_list_head head;
		struct robust_list *e = (struct robust_list *)&w[16];
		head.list.next = (struct robust_list *)((uintptr_t)e | 1);
		head.futex_offset = 4;
		e->next = &head.list;
		syscall(SYS_set_robust_list, &head, sizeof head);
		w[17] = (uint32_t)getpid();
		while (!w[18])
			usleep(1000);
		_exit(0);
	}
	while (w[17] != (uint32_t)o)
		usleep(1000);
	for (int i = 0; i < 2; i++) {
		k[i] = fork();
		if (k[i] == 0) {
			long r = fx(&w[17], FUTEX_LOCK_PI, 0, NULL, NULL, 0);
			_exit(r == 0 && fx(&w[17], FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
		}
		wait_sleeping(k[i]);
	}
	w[18] = 1;
	ok = wait_for(o) == 0 && wait_for(k[0]) == 0 && wait_for(k[1]) == 0 && ok;
	ok = w[17] == 0 && ok;

	/* Requeued waiters: one killed on the mutex, one handed it. */
	uint32_t *cv = &w[24], *m = &w[25];
	*cv = 1;
	*m = (uint32_t)getpid();
	for (int i = 0; i < 2; i++) {
		k[i] = fork();
		if (k[i] == 0) {
			long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, NULL, m, 0);
			_exit(r == 0 && fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 ? 0 : 1);
		}
		wait_sleeping(k[i]);
	}
	ok = syscall(SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, 10, m, 1) == 2 && ok;
	kill(k[0], SIGKILL);
	ok = WIFSIGNALED(wait_for(k[0])) && ok;
	ok = fx(m, FUTEX_UNLOCK_PI, 0, NULL, NULL, 0) == 0 && ok;
	ok = wait_for(k[1]) == 0 && *m == 0 && ok;

	/* A waiter that owns the mutex it would be moved to: EDEADLK. */
	*m = 0;
	k[0] = fork();
	if (k[0] == 0) {
		fx(m, FUTEX_LOCK_PI, 0, NULL, NULL, 0);
		struct timespec t;
		clock_gettime(CLOCK_MONOTONIC, &t);
		struct ts32 dl = { (int32_t)t.tv_sec + 2, 0 };
		long r = fx(cv, FUTEX_WAIT_REQUEUE_PI, 1, &dl, m, 0);
		_exit(r == -1 && errno == ETIMEDOUT ? 0 : 1);
	}
	wait_sleeping(k[0]);
	errno = 0;
	ok = syscall(SYS_futex, cv, FUTEX_CMP_REQUEUE_PI, 1, 10, m, 1) == -1 && errno == EDEADLK && ok;
	ok = wait_for(k[0]) == 0 && ok;
	return ok;
}

static void leaks(void)
{
	kmem_account("PI waits ending every way", pi_work, 2, "the account exactly as before");
}

int main(void)
{
	RUN(boost);
	RUN(leaks);
	return cases_failed ? 1 : 0;
}
