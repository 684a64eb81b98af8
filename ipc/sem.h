/* System V semaphore arrays (the book's section 5.5.3). */
#ifndef IPC_SEM_H
#define IPC_SEM_H
#include "ipc/util.h"
#include "kernel/wait.h"

struct sem {                                /* one semaphore */
    int semval;                             /* the value, 0..SEMVMX (32767) */
    int sempid;                             /* last process to operate on it (GETPID) */
};

struct sem_array {                          /* the book's semid_ds */
    struct kern_ipc_perm sem_perm;          /* key, owner, mode, id: first, for ipc_lookup */
    uint32_t sem_otime, sem_ctime;          /* last semop, last change */
    int sem_nsems;                          /* semaphores in the array */
    struct sem *sems;                       /* sem_nsems of them, right after the array */
    struct sem_queue *pending;              /* who sleeps, and on what (GETNCNT, GETZCNT) */
    struct wait_queue waiters;              /* every semop that must wait sleeps here */
};

struct sem_queue {                          /* one sleeping semop, on the sleeper's stack */
    struct sem_queue *next;                 /* the array's pending list, oldest first */
    struct sembuf *ops;                     /* its operations, done by whoever lets them go on */
    uint32_t nsops;
    struct sem_undo *undo;                  /* its undo record (SEM_UNDO), or NULL */
    int pid;                                /* its process: sempid when done */
    bool alter;                             /* some operation is not a wait for zero */
    int semnum;                             /* the semaphore its blocking operation is on */
    bool for_zero;                          /* waits for 0 (GETZCNT), else for more (GETNCNT) */
    int status;                             /* 1 while it waits, then its result: 0 or -errno */
};

struct sem_undo {                           /* one undo list's SEM_UNDO sums for one array */
    struct sem_undo *next;                  /* the list's: sem_undo_list.head */
    int semid;                              /* which array (by identifier, so a new one is not confused) */
    int nsems;                              /* entries in adj[] */
    short adj[];                            /* semadj per semaphore, applied at exit */
};

struct sem_undo_list {                      /* Linux's: task->undo_list, shared by CLONE_SYSVSEM */
    int refs;                               /* tasks that hold it; the last applies it */
    struct sem_undo *head;                  /* one record per array used with SEM_UNDO */
};

/* A semtimedop timeout that was out of range: sem_op reports -EINVAL at
 * the point where Linux checks it (after the operations are read). */
#define SEM_TIMEOUT_INVALID ((int64_t)-2)

long sem_get(int32_t key, int nsems, int flg);
long sem_op(int id, void *usops, uint32_t nsops, int64_t timeout_ns);
long sem_ctl(int id, int semnum, int cmd, uint32_t arg, int version);
int sem_proc_show(char *buf, int size);

/* Undo lists (ipc/sem_undo.c). */
int sem_fork(struct task *p, struct task *c, uint32_t flags);
void sem_exit(struct task *t);              /* let go of t's undo list; the last applies it */

/* Inside ipc/: sem.c for sem_undo.c and back. */
struct sem_array *sem_array_of(int id);
void sem_update_queue(struct sem_array *a);
struct sem_undo_list *sem_undo_list_get(struct task *t);
struct sem_undo *sem_undo_find(struct sem_undo_list *ul, struct sem_array *a);
void sem_undo_clear(struct ipc_namespace *ns, int semid, int semnum);
void sem_undo_rmid(struct ipc_namespace *ns, int semid);

#endif
