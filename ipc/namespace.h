/* IPC namespaces (CLONE_NEWIPC), as Linux's struct ipc_namespace: each
 * holds its own System V tables (message queues, semaphore sets, shared
 * memory), their limits in /proc/sys/kernel, and its own POSIX message
 * queue filesystem. A task's is task->ipc_ns (NULL: the initial one);
 * every msgget, semop, shmat, mq_open... works on current's. */
#ifndef IPC_NAMESPACE_H
#define IPC_NAMESPACE_H
#include "ipc/util.h"

#define IPC_MSG_IDS 0
#define IPC_SEM_IDS 1
#define IPC_SHM_IDS 2

struct super_block;

struct ipc_namespace {
    int refs;                               /* tasks, ns files, shm attachments */
    unsigned inum;                          /* the ns file's inode number (fs/nsfs.c) */
    struct user_namespace *user_ns;         /* its owner, counted; NULL: the initial */
    /* /proc/sys/kernel: msgmax, msgmnb, msgmni; sem; shmmax, shmall,
     * shmmni, shm_rmid_forced (Linux's defaults in a new namespace).
     * Before the tables: msgsnd reads msgmax and semop semopm, and so
     * they share a page with the tables' first slots (a page more
     * touched after a switch costs a TLB refill, docs/performance.md). */
    uint32_t msg_ctlmax, msg_ctlmnb, msg_ctlmni;
    uint32_t sem_ctls[4];                   /* semmsl, semmns, semopm, semmni */
    uint32_t shm_ctlmax, shm_ctlall, shm_ctlmni, shm_rmid_forced;
    struct ipc_ids ids[3];                  /* msg_ids(ns), sem_ids(ns), shm_ids(ns) */
    /* /proc/sys/fs/mqueue, and the namespace's mqueue instance */
    uint32_t mq_queues_max, mq_msg_max, mq_msgsize_max, mq_msg_default, mq_msgsize_default;
    struct super_block *mq_sb;
};

#define msg_ids(ns) ((ns)->ids[IPC_MSG_IDS])
#define sem_ids(ns) ((ns)->ids[IPC_SEM_IDS])
#define shm_ids(ns) ((ns)->ids[IPC_SHM_IDS])

extern struct ipc_namespace init_ipc_ns;

/* t's namespace (the initial one for NULL), and current's. */
static inline struct ipc_namespace *task_ipc_ns(const struct task *t)
{
    return t && t->ipc_ns ? t->ipc_ns : &init_ipc_ns;
}
static inline struct ipc_namespace *current_ipc_ns(void) { return task_ipc_ns(current); }

void ipc_ns_init(void);                     /* the initial namespace, at boot */
/* A new namespace with Linux's default limits and no objects, counted
 * once for the caller; NULL when out of memory. */
struct ipc_namespace *create_ipc_ns(void);
void get_ipc_ns(struct ipc_namespace *ns);  /* NULL: the initial one, not counted */
/* Its last user gone: every message queue, semaphore set and unattached
 * segment of it is destroyed, and its mqueue instance unless mounted
 * somewhere (ipc/mqueue_fs.c). The initial one is never put to 0. */
void put_ipc_ns(struct ipc_namespace *ns);

/* What each kind does when its namespace dies (msg.c, sem.c, shm.c,
 * mqueue_fs.c), and sets up in a new one (mqueue_fs.c: 0 or -ENOMEM). */
void msg_exit_ns(struct ipc_namespace *ns);
void sem_exit_ns(struct ipc_namespace *ns);
void shm_exit_ns(struct ipc_namespace *ns);
int mq_init_ns(struct ipc_namespace *ns);
void mq_exit_ns(struct ipc_namespace *ns);

#endif
