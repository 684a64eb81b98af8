/* System V semaphore arrays (the book's section 5.5.3). */
#ifndef IPC_SEM_H
#define IPC_SEM_H
#include "ipc/util.h"
#include "kernel/wait.h"

struct sem {
    int semval;
    int sempid;                             /* last process to operate on it */
};

struct sem_array {
    struct kern_ipc_perm sem_perm;
    uint32_t sem_otime, sem_ctime;
    int sem_nsems;
    struct sem *sems;
    struct sem_queue *pending;              /* sleepers and what they wait for */
    struct wait_queue waiters;              /* every semop that must wait */
};

/* One sleeping semop: which semaphore it is blocked on, and how. */
struct sem_queue {
    struct sem_queue *next;
    int semnum;
    bool for_zero;                          /* counted in GETZCNT, else GETNCNT */
};

/* SEM_UNDO adjustments of one process for one array, applied at exit. */
struct sem_undo {
    struct sem_undo *next;
    int semid;
    int nsems;
    short adj[];
};

/* A semtimedop timeout that was out of range: sem_op reports -EINVAL at
 * the point where Linux checks it (after the operations are read). */
#define SEM_TIMEOUT_INVALID ((int32_t)0x80000000)

long sem_get(int32_t key, int nsems, int flg);
long sem_op(int id, void *usops, uint32_t nsops, int32_t timeout_ticks);
long sem_ctl(int id, int semnum, int cmd, uint32_t arg);
void sem_exit(struct task *t);              /* apply and free t's undo list */
int sem_proc_show(char *buf, int size);

#endif
