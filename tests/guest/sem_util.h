/* sem_util.h - what the System V semaphore tests (t_sem, t_sem_undo,
 * t_sem_edges) share: semctl's union, arrays made and remembered for
 * removal after each case (ipc_made.h), one-value accessors, one
 * operation, and a wait until a sleeper shows in GETNCNT/GETZCNT. */
#ifndef SEM_UTIL_H
#define SEM_UTIL_H
#include "check.h"
#include "ipc_made.h"
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* Arrays made by a case are removed after it (made_setup(rm_made)), so a
 * crash leaves nothing behind on the host. */
__attribute__((unused))
static void rm_made(int id)
{
	semctl(id, 0, IPC_RMID);
}

__attribute__((unused))
static int new_array(int nsems, int mode)
{
	int id = semget(IPC_PRIVATE, nsems, IPC_CREAT | mode);
	remember(id);
	return id;
}

__attribute__((unused)) static int getval(int id, int n) { return semctl(id, n, GETVAL); }
__attribute__((unused)) static int setval(int id, int n, int v) { return semctl(id, n, SETVAL, (union semun){ .val = v }); }
__attribute__((unused)) static int ncnt(int id, int n) { return semctl(id, n, GETNCNT); }
__attribute__((unused)) static int zcnt(int id, int n) { return semctl(id, n, GETZCNT); }

/* One operation. */
__attribute__((unused))
static int op1(int id, int num, int op, int flg)
{
	struct sembuf sb = { (unsigned short)num, (short)op, (short)flg };
	return semop(id, &sb, 1);
}

/* Waits (up to ~5 s) until cnt(id, num) reaches want: the child is asleep
 * in semop. Returns the count seen last. */
__attribute__((unused))
static int wait_count(int (*cnt)(int, int), int id, int num, int want)
{
	int c = -1;
	for (int i = 0; i < 500 && (c = cnt(id, num)) != want; i++)
		msleep(10);
	return c;
}

#endif
