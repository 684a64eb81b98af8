/* shmdemo - a ring buffer in a System V shared memory segment, guarded by
 * three semaphores (the book's sections 5.5.3 and 5.5.4): the classic
 * bounded buffer.
 *
 *   shmdemo [-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]
 *
 * Semaphore EMPTY counts free slots (starts at SLOTS), FULL counts filled
 * ones (starts at 0), MUTEX (1) guards the ring's indices. A producer does
 * P(EMPTY) P(MUTEX) put V(MUTEX) V(FULL); a consumer P(FULL) P(MUTEX) take
 * V(MUTEX) V(EMPTY). Every P uses SEM_UNDO on MUTEX so a killed process
 * cannot leave the ring locked. Producers put ITEMS numbers each;
 * consumers add up what they take; the totals must match. The segment and
 * the array are removed at the end (and on ^C). */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include "util.h"

static const struct prog_help help = {
	"[-p PRODUCERS] [-c CONSUMERS] [-n ITEMS] [-s SLOTS]",
	"A bounded buffer of SLOTS numbers in System V shared memory, guarded by\n"
	"three semaphores; PRODUCERS put ITEMS numbers each, CONSUMERS add up what\n"
	"they take, and the totals must match.\n\n"
	"  -p PRODUCERS   the number of producers\n"
	"  -c CONSUMERS   the number of consumers\n"
	"  -n ITEMS       numbers per producer\n"
	"  -s SLOTS       the size of the ring\n"
	"  -h             this help\n",
	1, 0,
};
#define MAXSLOTS 1024
#define MAXPROC 32
enum { EMPTY, FULL, MUTEX };

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct ring {
	int head, tail;         /* next slot to fill, next slot to empty */
	long long sum[MAXPROC]; /* each consumer's total */
	long count[MAXPROC];    /* and how many items it took */
	long slot[MAXSLOTS];
};

static int semid = -1, shmid = -1, nslots = 16;
static struct ring *ring;

static void cleanup(void)
{
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	if (shmid >= 0)
		shmctl(shmid, IPC_RMID, NULL);
}

static void on_interrupt(int sig)
{
	(void)sig;
	cleanup();
	_exit(130);
}

/* One semaphore operation, retried after a signal. */
static void sem(int num, int op, int flg)
{
	struct sembuf sb = { (unsigned short)num, (short)op, (short)flg };
	while (semop(semid, &sb, 1) < 0) {
		if (errno != EINTR) {
			err_msg("semop: %s", strerror(errno));
			_exit(1);
		}
	}
}

static void producer(int me, int items)
{
	for (int i = 1; i <= items; i++) {
		sem(EMPTY, -1, 0);
		sem(MUTEX, -1, SEM_UNDO);
		ring->slot[ring->head] = (long)me * 1000000 + i;
		ring->head = (ring->head + 1) % nslots;
		sem(MUTEX, 1, SEM_UNDO);
		sem(FULL, 1, 0);
	}
	_exit(0);
}

/* Takes items until it takes a 0 (the end marker). */
static void consumer(int me)
{
	for (;;) {
		sem(FULL, -1, 0);
		sem(MUTEX, -1, SEM_UNDO);
		long v = ring->slot[ring->tail];
		ring->tail = (ring->tail + 1) % nslots;
		sem(MUTEX, 1, SEM_UNDO);
		sem(EMPTY, 1, 0);
		if (v == 0)
			break;
		ring->sum[me] += v;
		ring->count[me]++;
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	int np = 2, nc = 2, items = 10000, c;
	prog_init("shmdemo", argc, argv, &help);
	opterr = 0;
	while ((c = getopt(argc, argv, "p:c:n:s:h")) != -1) {
		switch (c) {
		case 'p': np = number_arg(optarg, 1, MAXPROC); break;
		case 'c': nc = number_arg(optarg, 1, MAXPROC); break;
		case 'n': items = number_arg(optarg, 0, 999999); break;
		case 's': nslots = number_arg(optarg, 1, MAXSLOTS); break;
		case 'h': printf("Usage: shmdemo %s\n%s", help.usage, help.text); return 0;
		default: bad_option(strchr("pcns", optopt) ? 0 : optopt, 1);
		}
	}
	shmid = shmget(IPC_PRIVATE, sizeof(struct ring), IPC_CREAT | 0600);
	semid = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	if (shmid < 0 || semid < 0) {
		err_msg("shmget/semget: %s", strerror(errno));
		cleanup();
		return 1;
	}
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);
	ring = shmat(shmid, NULL, 0);
	if (ring == (void *)-1) {
		err_msg("shmat: %s", strerror(errno));
		cleanup();
		return 1;
	}
	unsigned short init[3] = { (unsigned short)nslots, 0, 1 };
	semctl(semid, 0, SETALL, (union semun){ .array = init });
	printf("segment %d (%u bytes), semaphores %d: %d producers x %d items, %d consumers, %d slots\n",
	       shmid, (unsigned)sizeof(struct ring), semid, np, items, nc, nslots);
	fflush(stdout);

	pid_t pids[2 * MAXPROC];
	int n = 0;
	for (int i = 0; i < nc; i++)
		if ((pids[n++] = fork()) == 0)
			consumer(i);
	for (int i = 0; i < np; i++)
		if ((pids[n++] = fork()) == 0)
			producer(i, items);
	for (int i = nc; i < n; i++)             /* producers first */
		waitpid(pids[i], NULL, 0);
	for (int i = 0; i < nc; i++) {            /* one end marker per consumer */
		sem(EMPTY, -1, 0);
		sem(MUTEX, -1, SEM_UNDO);
		ring->slot[ring->head] = 0;
		ring->head = (ring->head + 1) % nslots;
		sem(MUTEX, 1, SEM_UNDO);
		sem(FULL, 1, 0);
	}
	for (int i = 0; i < nc; i++)
		waitpid(pids[i], NULL, 0);

	long long want = 0, got = 0;
	long taken = 0;
	for (int p = 0; p < np; p++)
		want += (long long)p * 1000000 * items + (long long)items * (items + 1) / 2;
	for (int i = 0; i < nc; i++) {
		printf("consumer %d took %ld items\n", i, ring->count[i]);
		got += ring->sum[i];
		taken += ring->count[i];
	}
	int ok = got == want && taken == (long)np * items;
	printf("%ld items, sum %lld (expected %lld): %s\n", taken, got, want, ok ? "ok" : "WRONG");
	shmdt(ring);
	cleanup();
	return ok ? 0 : 1;
}
