/* t_threads_guest - Pipit only: a burst of 1000 thread create/join gives
 * back every page and kmalloc object (tests/guest/kmem.h). The work runs
 * in a child once to warm up, then twice more around which the kernel's
 * memory account is taken; the two accounts must be equal. Also threads
 * left running when their process exits (exit_group) and a leader that
 * ends before its threads leave nothing behind. */
#include "check.h"
#include "kmem.h"
#include <pthread.h>

static void *nothing(void *arg)
{
	return arg;
}

static void *block(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void *late_exit(void *arg)
{
	(void)arg;
	usleep(20 * 1000);
	exit(0);
}

/* 1000 threads, at most 8 alive at a time; exits 0 when all were made
 * and joined with the right values. */
static void burst(void)
{
	int ok = 0;
	for (int i = 0; i < 125; i++) {
		pthread_t t[8];
		int made = 0;
		for (long j = 0; j < 8; j++)
			made += pthread_create(&t[j], NULL, nothing, (void *)(j + 1)) == 0;
		for (long j = 0; j < made; j++) {
			void *r;
			ok += pthread_join(t[j], &r) == 0 && (long)r == j + 1;
		}
	}
	_exit(ok == 1000 ? 0 : 1);
}

/* Threads that are still running when the process ends. */
static void abandon(void)
{
	pthread_t t;
	for (int i = 0; i < 4; i++)
		pthread_create(&t, NULL, block, NULL);
	exit(0);
}

/* The leader ends first; a thread ends the others later (exit). (Not
 * every thread returning: musl's thread list lock, which the kernel
 * releases at a thread's exit, is not released for a forked child's main
 * thread, on Linux either.) */
static void leader_first(void)
{
	pthread_t t;
	for (int i = 0; i < 3; i++)
		pthread_create(&t, NULL, block, NULL);
	pthread_create(&t, NULL, late_exit, NULL);
	pthread_exit(NULL);
}

static int run(void (*fn)(void))
{
	int st = child_status(fn);
	return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static void account(const char *what, void (*fn)(void))
{
	alarm(120);
	struct kmem a, b;
	char why[256], name[160];
	int ok = run(fn);
	kmem_take(&a);
	ok = run(fn) && ok;
	ok = run(fn) && ok;
	kmem_take(&b);
	snprintf(name, sizeof name, "%s: works every time", what);
	CHECK(name, ok);
	snprintf(name, sizeof name, "%s: the account exactly as before", what);
	if (kmem_diff(&a, &b, why, sizeof why) == 0)
		pass(name);
	else
		fail(name, "%s", why);
}

static void burst_1000(void) { account("1000 thread create/join", burst); }
static void abandoned(void) { account("threads ended by exit_group", abandon); }
static void leader_exits_first(void) { account("leader exits before its threads", leader_first); }

int main(void)
{
	RUN(leader_exits_first);
	RUN(burst_1000);
	RUN(abandoned);
	return cases_failed ? 1 : 0;
}
