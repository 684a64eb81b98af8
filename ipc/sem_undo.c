/* System V semaphore undo lists (SEM_UNDO): a task's adjustments, one
 * record per array, in a list that the tasks clone made with
 * CLONE_SYSVSEM share (pthread_create's threads do); the last of them to
 * exit, or to leave it with unshare(CLONE_SYSVSEM), applies it, as
 * Linux's exit_sem. Called by semop and semctl (ipc/sem.c), clone,
 * unshare and exit. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "ipc/sem.h"
#include "ipc/namespace.h"
#include <linux/sched.h>
#include <linux/sem.h>

/* t's undo list, made empty when it has none (Linux's get_undo_list):
 * semop makes it before it looks at the array, clone(CLONE_SYSVSEM)
 * before it shares it. NULL when out of memory. Does not sleep. */
struct sem_undo_list *sem_undo_list_get(struct task *t)
{
    if (!t->undo_list && (t->undo_list = kzalloc(sizeof *t->undo_list)))
        t->undo_list->refs = 1;
    return t->undo_list;
}

/* The record for array a in list ul, made with a zero adjustment for each
 * semaphore when there is none. NULL when out of memory. */
struct sem_undo *sem_undo_find(struct sem_undo_list *ul, struct sem_array *a)
{
    for (struct sem_undo *u = ul->head; u; u = u->next)
        if (u->semid == a->sem_perm.id)
            return u;
    struct sem_undo *u = kzalloc(sizeof *u + a->sem_nsems * sizeof(short));
    if (!u)
        return NULL;
    u->semid = a->sem_perm.id;
    u->nsems = a->sem_nsems;
    u->next = ul->head;
    ul->head = u;
    return u;
}

/* Clears every list's adjustment of one semaphore of array semid of
 * namespace ns (SETVAL), or of all of them (semnum -1: SETALL), as Linux
 * does. A list holds records of its tasks' namespace only (setns and
 * unshare let go of it). A list shared by several tasks is seen once for
 * each: clearing twice is harmless. */
void sem_undo_clear(struct ipc_namespace *ns, int semid, int semnum)
{
    for (int i = 0; i < task_slots_used(); i++) {
        struct sem_undo_list *ul = task_ipc_ns(&tasks[i]) == ns ? tasks[i].undo_list : NULL;
        for (struct sem_undo *u = ul ? ul->head : NULL; u; u = u->next)
            if (u->semid == semid) {
                if (semnum < 0)
                    memset(u->adj, 0, u->nsems * sizeof(short));
                else
                    u->adj[semnum] = 0;
            }
    }
}

/* IPC_RMID: every list's record for array semid of ns goes with it. */
void sem_undo_rmid(struct ipc_namespace *ns, int semid)
{
    for (int i = 0; i < task_slots_used(); i++) {
        struct sem_undo_list *ul = task_ipc_ns(&tasks[i]) == ns ? tasks[i].undo_list : NULL;
        for (struct sem_undo **pp = ul ? &ul->head : NULL; pp && *pp; ) {
            struct sem_undo *u = *pp;
            if (u->semid == semid) {
                *pp = u->next;
                kfree(u);
            } else {
                pp = &u->next;
            }
        }
    }
}

/* clone: with CLONE_SYSVSEM the child shares p's list (made now if p has
 * none, so kcmp sees it shared, as Linux's copy_semundo), else it starts
 * with none. 0 or -ENOMEM. Does not sleep. */
int sem_fork(struct task *p, struct task *c, uint32_t flags)
{
    c->undo_list = NULL;
    if (!(flags & CLONE_SYSVSEM))
        return 0;
    struct sem_undo_list *ul = sem_undo_list_get(p);
    if (!ul)
        return -ENOMEM;
    ul->refs++;
    c->undo_list = ul;
    return 0;
}

/* Applies one record to its array if the array is still there: each
 * adjustment, the value clamped to 0..SEMVMX as Linux does, the last
 * pid the caller's process; then the array's sleepers look again. */
static void undo_apply(struct sem_undo *u)
{
    struct sem_array *a = sem_array_of(u->semid);
    if (!a)
        return;
    for (int i = 0; i < u->nsems && i < a->sem_nsems; i++) {
        if (!u->adj[i])
            continue;
        int v = a->sems[i].semval + u->adj[i];
        a->sems[i].semval = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
        a->sems[i].sempid = current->tgid;
    }
    a->sem_otime = ipc_time();
    sem_update_queue(a);
}

/* At exit (do_exit, for every task) and unshare(CLONE_SYSVSEM): t (the
 * current task, or a clone child that never ran) lets go of its list;
 * the last holder applies and frees it. Does not sleep. */
void sem_exit(struct task *t)
{
    struct sem_undo_list *ul = t->undo_list;
    if (!ul)
        return;
    t->undo_list = NULL;
    if (--ul->refs > 0)
        return;
    while (ul->head) {
        struct sem_undo *u = ul->head;
        ul->head = u->next;
        undo_apply(u);
        kfree(u);
    }
    kfree(ul);
}
