/* futexdemo - two processes synchronise through words in shared memory
 * (docs/10-futexes.md): a lock built from an atomic compare-and-swap and
 * futex(2), and a turn that they hand back and forth.
 *
 *   futexdemo [-n ROUNDS] [-v]
 *
 * The page is MAP_SHARED anonymous memory, so after fork both processes
 * see the same words. Part 1: both add 1 to a counter ROUNDS times each
 * under the lock: the lock word is 0 (free), 1 (taken) or 2 (taken, and
 * someone may sleep); taking a free lock and giving back an uncontended
 * one are one atomic instruction each, without a system call. Part 2:
 * they take turns ROUNDS times each: the turn word says whose turn it is,
 * the other sleeps on it in FUTEX_WAIT. The summary is deterministic; -v
 * adds how often each process entered the kernel (that depends on the
 * scheduler). */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "util.h"

static const struct prog_help help = {
	"[-n ROUNDS] [-v]",
	"Two processes share a lock and a turn, both plain words in shared memory,\n"
	"and sleep on them with futex(2) only when they must wait.\n\n"
	"  -n ROUNDS   rounds for each process (default 1000)\n"
	"  -v          also show how many futex calls each process made\n"
	"  -h          this help\n",
	1, 0,
};

#define FUTEX_WAIT 0                     /* <linux/futex.h>: no kernel headers here */
#define FUTEX_WAKE 1

struct shared {
	uint32_t lock;                   /* 0 free, 1 taken, 2 taken with (maybe) sleepers */
	uint32_t turn;                   /* 0: the parent's, 1: the child's */
	long counter;                    /* guarded by lock */
	long in_order;                   /* turns that came in the right order */
	long syscalls[2];                /* futex calls per process (-v) */
};

static struct shared *sh;

static long futex(uint32_t *word, int op, uint32_t val)
{
	return syscall(SYS_futex, word, op, val, NULL, NULL, 0);
}

/* Ulrich Drepper's mutex ("Futexes are tricky", mutex 2). */
static void lock(int me)
{
	uint32_t c = __sync_val_compare_and_swap(&sh->lock, 0, 1);
	if (c == 0)
		return;                          /* free: taken without the kernel */
	if (c != 2)
		c = __sync_lock_test_and_set(&sh->lock, 2);
	while (c != 0) {
		sh->syscalls[me]++;
		futex(&sh->lock, FUTEX_WAIT, 2);   /* sleeps only while the word is still 2 */
		c = __sync_lock_test_and_set(&sh->lock, 2);
	}
}

static void unlock(int me)
{
	if (__sync_fetch_and_sub(&sh->lock, 1) != 1) {   /* it was 2: someone may sleep */
		sh->lock = 0;
		sh->syscalls[me]++;
		futex(&sh->lock, FUTEX_WAKE, 1);
	}
}

/* Waits for our turn, takes it, gives it to the other. */
static void take_turn(int me, long round)
{
	while (__atomic_load_n(&sh->turn, __ATOMIC_SEQ_CST) != (uint32_t)me) {
		sh->syscalls[me]++;
		futex(&sh->turn, FUTEX_WAIT, (uint32_t)!me);
	}
	if (sh->in_order == 2 * round + me)
		sh->in_order++;
	__atomic_store_n(&sh->turn, (uint32_t)!me, __ATOMIC_SEQ_CST);
	sh->syscalls[me]++;
	futex(&sh->turn, FUTEX_WAKE, 1);
}

static void run(int me, long rounds)
{
	for (long i = 0; i < rounds; i++) {
		lock(me);
		sh->counter++;
		unlock(me);
	}
	for (long i = 0; i < rounds; i++)
		take_turn(me, i);
}

int main(int argc, char **argv)
{
	long rounds = 1000;
	int c, verbose = 0;
	prog_init("futexdemo", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "n:vh")) != -1) {
		switch (c) {
		case 'n': rounds = number_arg(optarg, 0, 1000000); break;
		case 'v': verbose = 1; break;
		case 'h': printf("Usage: futexdemo %s\n%s", help.usage, help.text); return 0;
		default: bad_option(optopt == 'n' ? 0 : optopt, 1);
		}
	}
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return err_errno(errno, "mmap");
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return err_errno(errno, "fork");
	if (pid == 0) {
		alarm(60);                       /* a broken kernel fails, it does not hang */
		run(1, rounds);
		_exit(0);
	}
	alarm(60);
	run(0, rounds);
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return err_errno(ECHILD, "the child failed");
	printf("futexdemo: 2 processes, %ld rounds each\n", rounds);
	printf("lock: counter %ld (expected %ld)\n", sh->counter, 2 * rounds);
	printf("turns: %ld of %ld in alternation\n", sh->in_order, 2 * rounds);
	if (verbose)
		printf("futex calls: parent %ld, child %ld\n", sh->syscalls[0], sh->syscalls[1]);
	int ok = sh->counter == 2 * rounds && sh->in_order == 2 * rounds;
	printf("futexdemo: %s\n", ok ? "ok" : "FAILED");
	return ok ? 0 : 1;
}
