/* IPC namespaces (see namespace.h): made by clone and unshare with
 * CLONE_NEWIPC, joined by setns, destroyed with their last user, as
 * Linux's ipc/namespace.c. */
#include "kernel/kernel.h"
#include "kernel/user_namespace.h"
#include "kernel/proc.h"
#include "ipc/namespace.h"
#include "ipc/mqueue.h"
#include "fs/nsfs.h"
#include <linux/msg.h>
#include <linux/sem.h>

struct ipc_namespace init_ipc_ns = { .refs = 1, .inum = PROC_IPC_INIT_INO };

/* Linux's defaults (msg_init_ns, sem_init_ns, shm_init_ns,
 * mq_init_ns), but for the number of objects of each kind, which is the
 * size of Pipit's tables; shmmax is Pipit's 64 MiB (docs/decisions.md). */
static void ipc_ns_defaults(struct ipc_namespace *ns)
{
    ns->msg_ctlmax = MSGMAX;
    ns->msg_ctlmnb = MSGMNB;
    ns->msg_ctlmni = IPC_OBJECTS;
    ns->sem_ctls[0] = SEMMSL;
    ns->sem_ctls[1] = SEMMNS;
    ns->sem_ctls[2] = SEMOPM;
    ns->sem_ctls[3] = IPC_OBJECTS;
    ns->shm_ctlmax = 64u << 20;
    ns->shm_ctlall = 0xFFFFFFFFu - (1u << 24);
    ns->shm_ctlmni = IPC_OBJECTS;
    ns->shm_rmid_forced = 0;
    ns->mq_queues_max = DFLT_QUEUESMAX;
    ns->mq_msg_max = DFLT_MSGMAX;
    ns->mq_msgsize_max = DFLT_MSGSIZEMAX;
    ns->mq_msg_default = DFLT_MSG;
    ns->mq_msgsize_default = DFLT_MSGSIZE;
    const uint32_t *limit[3] = { &ns->msg_ctlmni, &ns->sem_ctls[3], &ns->shm_ctlmni };
    for (int i = 0; i < 3; i++) {
        struct ipc_ids *ids = &ns->ids[i];
        memset(ids, 0, sizeof *ids);
        ids->last_idx = ids->max_idx = -1;
        ids->next_id = -1;
        ids->limit = limit[i];
    }
}

void ipc_ns_init(void)
{
    ipc_ns_defaults(&init_ipc_ns);
}

struct ipc_namespace *create_ipc_ns(void)
{
    struct ipc_namespace *ns = kzalloc(sizeof *ns);
    if (!ns)
        return NULL;
    ipc_ns_defaults(ns);
    ns->refs = 1;
    ns->inum = ns_alloc_inum();
    if (mq_init_ns(ns) < 0) {
        kfree(ns);
        return NULL;
    }
    return ns;
}

void get_ipc_ns(struct ipc_namespace *ns)
{
    if (ns)
        ns->refs++;
}

void put_ipc_ns(struct ipc_namespace *ns)
{
    if (!ns || --ns->refs > 0)
        return;
    assert(ns != &init_ipc_ns);
    msg_exit_ns(ns);                         /* Linux's free_ipc_ns */
    sem_exit_ns(ns);
    shm_exit_ns(ns);
    mq_exit_ns(ns);
    put_user_ns(ns->user_ns);
    kfree(ns);
}
