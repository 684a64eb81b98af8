/* Semaphore arrays: semget, semop/semtimedop, semctl. A semop applies its
 * whole operation array or nothing; if it cannot, it joins the array's
 * queue of sleepers and sleeps on its wait queue; each change of values
 * goes through the queue, oldest first, and does for each sleeper what
 * can now be done (Linux's update_queue), so no one sleeps while it
 * could go on and a woken semop has already happened. SEM_UNDO records the opposite of each operation in the
 * task's undo list (ipc/sem_undo.c), applied when the last task that
 * shares it exits. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/user_namespace.h"
#include "kernel/time.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/mm.h"
#include "ipc/sem.h"
#include "ipc/namespace.h"
#include <linux/sem.h>
#include <asm/sembuf.h>

/* The table and /proc/sys/kernel/sem (SEMMSL SEMMNS SEMOPM SEMMNI) are
 * current's IPC namespace's (ipc/namespace.h). */
#define SEMOPM_FAST 64                       /* operations sem_op copies to its stack */
#define sc_semmsl(ns) ((ns)->sem_ctls[0])
#define sc_semmns(ns) ((ns)->sem_ctls[1])
#define sc_semopm(ns) ((ns)->sem_ctls[2])
#define sc_semmni(ns) ((ns)->sem_ctls[3])

/* Semaphores in all arrays (Linux's used_sems). */
static uint32_t used_sems(void)
{
    struct ipc_namespace *ns = current_ipc_ns();
    uint32_t n = 0;
    for (int i = 0; i <= sem_ids(ns).max_idx; i++)
        if (ipc_at(&sem_ids(ns), (uint32_t)i))
            n += ((struct sem_array *)ipc_at(&sem_ids(ns), (uint32_t)i))->sem_nsems;
    return n;
}

static void free_array(struct sem_array *a)
{
    kfree(a);                               /* the semaphores too (new_array) */
}

__hot static void array_put(struct sem_array *a)
{
    if (--a->sem_perm.refs == 0 && a->sem_perm.deleted)
        free_array(a);
}

static int new_array(int32_t key, int flg, void *arg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    int nsems = *(int *)arg;
    if (nsems <= 0 || (uint32_t)nsems > sc_semmsl(ns))
        return -EINVAL;
    if (used_sems() + nsems > sc_semmns(ns))
        return -ENOSPC;                      /* kernel.sem's SEMMNS */
    struct sem_array *a = kzalloc(sizeof *a + nsems * sizeof(struct sem));
    if (!a)
        return -ENOMEM;
    a->sems = (struct sem *)(a + 1);        /* in the same block: one page less to touch */
    a->sem_nsems = nsems;
    int id = ipc_add(&sem_ids(ns), &a->sem_perm, key, flg);
    if (id < 0) {
        free_array(a);
        return id;
    }
    a->sem_ctime = ipc_time();
    wait_queue_init(&a->waiters);
    wait_queue_name(&a->waiters, "sem %u", (uint32_t)id);
    return id;
}

static int check_array(struct kern_ipc_perm *p, void *arg)
{
    return *(int *)arg > ((struct sem_array *)p)->sem_nsems ? -EINVAL : 0;
}

/* semget: the array of `key` (IPC_PRIVATE: always a new one) of nsems
 * semaphores, made with IPC_CREAT; an existing one must have at least
 * nsems. Does not sleep. The identifier, or -EINVAL, -ENOENT, -EEXIST,
 * -EACCES, -ENOSPC, -ENOMEM. */
long sem_get(int32_t key, int nsems, int flg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if (nsems < 0 || (uint32_t)nsems > sc_semmsl(ns))
        return -EINVAL;
    return ipc_get(&sem_ids(ns), key, flg, new_array, check_array, &nsems);
}

/* Inline: semop's only call to another function before its work (a
 * return is a jump-cache lookup under TCG, docs/performance.md). */
static inline __attribute__((always_inline)) struct sem_array *array_of(int id)
{
    struct ipc_namespace *ns = current_ipc_ns();
    return (struct sem_array *)ipc_lookup(&sem_ids(ns), id);
}

struct sem_array *sem_array_of(int id)
{
    return array_of(id);
}

/* One operation on its semaphore, as part of an array: 0 when done
 * (value and undo adjustment changed), 1 when it must wait, -EAGAIN when
 * it would wait but has IPC_NOWAIT, -ERANGE when the value would pass
 * SEMVMX or the adjustment leave -32768..32767 (Linux's order). */
__hot static int try_one(struct sem_array *a, const struct sembuf *op, struct sem_undo *u)
{
    struct sem *s = &a->sems[op->sem_num];
    int v = s->semval + op->sem_op;
    if ((op->sem_op == 0 && s->semval != 0) || v < 0)
        return (op->sem_flg & IPC_NOWAIT) ? -EAGAIN : 1;
    if (v > SEMVMX)
        return -ERANGE;
    if (op->sem_flg & SEM_UNDO) {
        int adj = u->adj[op->sem_num] - op->sem_op;
        if (adj < -SEMAEM - 1 || adj > SEMAEM)
            return -ERANGE;
        u->adj[op->sem_num] = (short)adj;
    }
    s->semval = v;
    return 0;
}

__hot static void untry_one(struct sem_array *a, const struct sembuf *op, struct sem_undo *u)
{
    a->sems[op->sem_num].semval -= op->sem_op;
    if (op->sem_flg & SEM_UNDO)
        u->adj[op->sem_num] += op->sem_op;
}

/* Tries the whole operation array in order; the first operation that
 * cannot go on decides (try_one's codes). 0: all of them are done, and
 * their semaphores' sempid is pid (a process id, as Linux). Else nothing
 * stays changed; when one must wait, q records which (GETNCNT/GETZCNT
 * count it). u: the undo record if any op has SEM_UNDO. */
__hot static int try_ops(struct sem_array *a, struct sembuf *ops, uint32_t n, struct sem_undo *u,
                   struct sem_queue *q, int pid)
{
    uint32_t i;
    int r = 0;
    for (i = 0; i < n && !(r = try_one(a, &ops[i], u)); i++)
        ;
    if (r == 1 || r == -EAGAIN) {
        q->semnum = ops[i].sem_num;
        q->for_zero = ops[i].sem_op == 0;
    }
    if (r) {                                  /* roll back what was applied */
        while (i-- > 0)
            untry_one(a, &ops[i], u);
        return r;
    }
    for (i = 0; i < n; i++)
        a->sems[ops[i].sem_num].sempid = pid;
    return 0;
}

__hot static void queue_remove(struct sem_array *a, struct sem_queue *q)
{
    struct sem_queue **pp = &a->pending;
    while (*pp && *pp != q)
        pp = &(*pp)->next;
    if (*pp)
        *pp = q->next;
}

/* The checks of a semop after the operations are copied, in Linux's
 * order: the id and timeout; with SEM_UNDO the caller's undo list (made
 * even when the array turns out not to exist), the array and the
 * array's record in the list; else the array; then the semaphore numbers
 * (EFBIG) and the permission (write if any op alters, else read). Sets
 * *ap, *alterp and, when an op has SEM_UNDO, *up. 0 or -errno. */
__hot static int semop_check(int id, struct sembuf *ops, uint32_t nsops, int64_t timeout,
                       struct sem_array **ap, bool *alterp, struct sem_undo **up)
{
    if (id < 0 || timeout == SEM_TIMEOUT_INVALID)
        return -EINVAL;
    bool alter = false, undo = false;
    uint32_t max = 0;
    for (uint32_t i = 0; i < nsops; i++) {
        max = MAX(max, ops[i].sem_num);
        alter |= ops[i].sem_op != 0;
        undo |= ops[i].sem_flg & SEM_UNDO;
    }
    struct sem_undo_list *ul = NULL;
    if (undo && !(ul = sem_undo_list_get(current)))
        return -ENOMEM;
    struct sem_array *a = array_of(id);
    if (!a)
        return -EINVAL;
    if (undo && !(*up = sem_undo_find(ul, a)))
        return -ENOMEM;
    if (max >= (uint32_t)a->sem_nsems)
        return -EFBIG;
    *ap = a;
    *alterp = alter;
    return ipcperms(&a->sem_perm, alter ? 0222 : 0444);
}

/* Queues q behind the array's other sleepers and sleeps until a change
 * has done its operations for it or found them failing (q->status, set
 * by sem_update_queue), the array goes, a signal or the deadline (0:
 * none). May sleep. q's result, or -EIDRM, -EINTR, -EAGAIN. */
__hot static int semop_sleep(struct sem_array *a, struct sem_queue *q, uint64_t deadline)
{
    struct sem_queue **pp = &a->pending;
    while (*pp)
        pp = &(*pp)->next;
    *pp = q;                                 /* first come, first served */
    q->next = NULL;
    q->status = 1;
    a->sem_perm.refs++;
    TRACE(TRACE_IPC_LOCK, 0, TRACE_LOCK_NOTYPE, 0, 0, "sem %d #%d %s", a->sem_perm.id, q->semnum,
          q->for_zero ? "=0" : ">0");
    int r;
    if (deadline)
        r = wait_event_interruptible_deadline(&a->waiters, a->sem_perm.deleted || q->status != 1,
                                              deadline);
    else
        r = wait_event_interruptible(&a->waiters, a->sem_perm.deleted || q->status != 1);
    if (q->status == 1)
        queue_remove(a, q);
    bool gone = a->sem_perm.deleted;
    array_put(a);
    if (q->status != 1)
        return q->status;                    /* done (or failed) before the signal or the end */
    if (gone)
        return -EIDRM;
    return r == -ETIME ? -EAGAIN : r;
}

/* After a change of values (a semop that altered, SETVAL, SETALL, an undo
 * list applied), as Linux's update_queue: the sleepers' operation arrays
 * are tried in the order they came; each that can now complete is done
 * on its sleeper's behalf (sempid is its process), and each that now
 * fails (ERANGE, or EAGAIN for a later IPC_NOWAIT operation) gets that
 * result; either way it leaves the queue, and after one that altered
 * values the sleepers before it are tried again. Its sleeper finds the
 * result on waking. Does not sleep. */
__hot void sem_update_queue(struct sem_array *a)
{
    bool done = false;
again:
    for (struct sem_queue *q = a->pending; q; q = q->next) {
        int r = try_ops(a, q->ops, q->nsops, q->undo, q, q->pid);
        if (r == 1)
            continue;
        queue_remove(a, q);                  /* q->next stays: the walk goes on */
        q->status = r;
        done = true;
        if (!r) {
            a->sem_otime = ipc_time();
            if (q->alter)
                goto again;
        }
    }
    if (done)
        wake_up(&a->waiters);
}

/* semop/semtimedop: usops is the user's array of nsops struct sembuf;
 * timeout in ns, -1 for none, SEM_TIMEOUT_INVALID for a timespec that
 * was out of range (the caller converts it; reported where Linux does).
 * All the operations or none. May sleep (unless the blocking operation
 * has IPC_NOWAIT). 0, or -E2BIG, -EINVAL, -EFAULT, -EFBIG, -EACCES,
 * -ENOMEM, -ERANGE, -EAGAIN (IPC_NOWAIT or the timeout), -EIDRM, -EINTR. */
__hot long sem_op(int id, void *usops, uint32_t nsops, int64_t timeout)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if (nsops > sc_semopm(ns))
        return -E2BIG;
    if (nsops < 1)
        return -EINVAL;
    struct sembuf fast[SEMOPM_FAST];         /* the common few on the stack, as Linux */
    struct sembuf *ops = nsops <= SEMOPM_FAST ? fast : kmalloc(nsops * sizeof *ops);
    if (!ops)
        return -ENOMEM;
    struct sem_array *a = NULL;
    struct sem_undo *u = NULL;
    bool alter = false;
    long r = copy_from_user(ops, usops, nsops * sizeof *ops) ? -EFAULT : 0;
    if (!r)
        r = semop_check(id, ops, nsops, timeout, &a, &alter, &u);
    struct sem_queue q = { .ops = ops, .nsops = nsops, .undo = u, .pid = current->tgid,
                           .alter = alter };
    if (!r)
        r = try_ops(a, ops, nsops, u, &q, q.pid);
    if (r == 1 && timeout == 0)
        r = -EAGAIN;
    else if (r == 1)
        r = semop_sleep(a, &q, timeout > 0 ? deadline_after_ns(timeout) : 0);
    else if (!r) {
        a->sem_otime = ipc_time();
        if (alter)
            sem_update_queue(a);
    }
    if (ops != fast)
        kfree(ops);
    return r;
}

static int count_waiters(struct sem_array *a, int semnum, bool zero)
{
    int n = 0;
    for (struct sem_queue *q = a->pending; q; q = q->next)
        n += q->semnum == semnum && q->for_zero == zero;
    return n;
}

/* IPC_STAT's fields past the permission block (see ipc_ctl_stat). */
static void sem_fill(const struct kern_ipc_perm *p, void *out)
{
    const struct sem_array *a = (const struct sem_array *)p;
    struct semid64_ds *ds = out;
    ds->sem_otime = a->sem_otime;
    ds->sem_ctime = a->sem_ctime;
    ds->sem_nsems = a->sem_nsems;
}

/* IPC_SET past the ownership (ipc_ctl_set): a uid or gid of -1 is EINVAL. */
static long sem_set(struct kern_ipc_perm *p, const void *in)
{
    const struct semid64_ds *ds = in;
    return ipc_set_perm64(p, &ds->sem_perm, &((struct sem_array *)p)->sem_ctime);
}

/* IPC_STAT's old layout (Linux's copy_semid_to_user for IPC_OLD). */
static void sem_to_old(const void *in, void *out)
{
    const struct semid64_ds *ds = in;
    struct semid_ds *o = out;
    ipc_perm_to_old(&ds->sem_perm, &o->sem_perm);
    o->sem_otime = (__kernel_old_time_t)ds->sem_otime;
    o->sem_ctime = (__kernel_old_time_t)ds->sem_ctime;
    o->sem_nsems = (uint16_t)ds->sem_nsems;
}

/* IPC_SET's old layout: the owner and the mode. */
static void sem_from_old(const void *in, void *out)
{
    ipc_perm_from_old(&((const struct semid_ds *)in)->sem_perm, &((struct semid64_ds *)out)->sem_perm);
}

static const struct ipc_kind sem_kind = {
    .ids = IPC_SEM_IDS, .stat_any_cmd = SEM_STAT_ANY, .ds_size = sizeof(struct semid64_ds),
    .fill = sem_fill, .set = sem_set,
    .old_size = sizeof(struct semid_ds), .to_old = sem_to_old, .from_old = sem_from_old,
};

/* IPC_INFO (the limits) and SEM_INFO (usage): the highest slot in use. */
static long sem_info(int cmd, void *ubuf)
{
    struct ipc_namespace *ns = current_ipc_ns();
    struct seminfo si;
    memset(&si, 0, sizeof si);
    si.semmni = (int)sc_semmni(ns);
    si.semmsl = (int)sc_semmsl(ns);
    si.semmns = (int)sc_semmns(ns);
    si.semopm = (int)sc_semopm(ns);
    si.semvmx = SEMVMX;
    si.semaem = SEMAEM;
    si.semume = SEMUME;
    si.semmnu = SEMMNU;
    si.semmap = SEMMAP;
    si.semusz = SEMUSZ;
    if (cmd == SEM_INFO) {                   /* usage: arrays and semaphores in use */
        si.semusz = sem_ids(ns).in_use;
        si.semaem = (int)used_sems();
    }
    return ipc_ctl_info(&sem_ids(ns), ubuf, &si, sizeof si);
}

static long sem_setall(struct sem_array *a, void *ubuf)
{
    int n = a->sem_nsems;
    uint16_t *v = kmalloc(n * sizeof *v);
    if (!v)
        return -ENOMEM;
    long r = copy_from_user(v, ubuf, n * sizeof *v) ? -EFAULT : 0;
    for (int i = 0; !r && i < n; i++)
        if (v[i] > SEMVMX)
            r = -ERANGE;
    for (int i = 0; !r && i < n; i++) {
        a->sems[i].semval = v[i];
        a->sems[i].sempid = current->tgid;
    }
    kfree(v);
    if (!r) {
        sem_undo_clear(current_ipc_ns(), a->sem_perm.id, -1);
        a->sem_ctime = ipc_time();
        sem_update_queue(a);
    }
    return r;
}

static long sem_getall(struct sem_array *a, void *ubuf)
{
    int n = a->sem_nsems;
    uint16_t *v = kmalloc(n * sizeof *v);
    if (!v)
        return -ENOMEM;
    for (int i = 0; i < n; i++)
        v[i] = (uint16_t)a->sems[i].semval;
    long r = copy_to_user(ubuf, v, n * sizeof *v) ? -EFAULT : 0;
    kfree(v);
    return r;
}

/* Array a of namespace ns goes (Linux's freeary): its undo records with
 * it; sleepers wake to EIDRM and the last of them frees it. */
static void sem_destroy(struct ipc_namespace *ns, struct sem_array *a)
{
    sem_undo_rmid(ns, a->sem_perm.id);
    ipc_remove(&sem_ids(ns), &a->sem_perm);
    wake_up(&a->waiters);
    if (a->sem_perm.refs == 0)
        free_array(a);
}

/* IPC_RMID: sem_destroy, for the owner, the creator or root. */
static long sem_rmid(int id)
{
    struct ipc_namespace *ns = current_ipc_ns();
    long r;
    struct sem_array *a = (struct sem_array *)ipc_ctl_owned(&sem_ids(ns), id, &r);
    if (a)
        sem_destroy(ns, a);
    return a ? 0 : r;
}

/* The namespace's last user went: every array goes. */
void sem_exit_ns(struct ipc_namespace *ns)
{
    for (int i = 0; i <= sem_ids(ns).max_idx; i++) {
        struct sem_array *a = (struct sem_array *)ipc_at(&sem_ids(ns), (uint32_t)i);
        if (a)
            sem_destroy(ns, a);
    }
}

/* SETVAL: the value's range first, then the array, the semaphore
 * number, the permission (Linux's order). */
static long sem_setval(int id, int semnum, int val)
{
    if (val < 0 || val > SEMVMX)
        return -ERANGE;
    struct sem_array *a = array_of(id);
    if (!a)
        return -EINVAL;
    if (semnum < 0 || semnum >= a->sem_nsems)
        return -EINVAL;
    long r = ipcperms(&a->sem_perm, 0222);
    if (r)
        return r;
    a->sems[semnum].semval = val;
    a->sems[semnum].sempid = current->tgid;
    sem_undo_clear(current_ipc_ns(), a->sem_perm.id, semnum);
    a->sem_ctime = ipc_time();
    sem_update_queue(a);
    return 0;
}

/* GETALL, SETALL and the per-semaphore reads: the array, the permission,
 * then (for the reads) the semaphore number, as Linux checks them. */
static long sem_ctl_main(int id, int semnum, int cmd, void *ubuf)
{
    struct sem_array *a = array_of(id);
    if (!a)
        return -EINVAL;
    long r = ipcperms(&a->sem_perm, cmd == SETALL ? 0222 : 0444);
    if (r)
        return r;
    if (cmd == GETALL)
        return sem_getall(a, ubuf);
    if (cmd == SETALL)
        return sem_setall(a, ubuf);
    if (semnum < 0 || semnum >= a->sem_nsems)
        return -EINVAL;
    switch (cmd) {
    case GETVAL:  return a->sems[semnum].semval;
    case GETPID:  return pid_vnr(a->sems[semnum].sempid);
    case GETNCNT: return count_waiters(a, semnum, false);
    default:      return count_waiters(a, semnum, true);
    }
}

/* semctl: `arg` is the value of union semun (an int or a pointer). One
 * function per command, after the checks all commands share
 * (ipc_ctl_cmd); `version` is the layout of a semid_ds (IPC_64 or
 * IPC_OLD, ipc_parse_version). Does not sleep. The value asked for, 0,
 * or -errno. */
long sem_ctl(int id, int semnum, int cmd, uint32_t arg, int version)
{
    long r = ipc_ctl_cmd(id, &cmd);
    if (r)
        return r;
    void *ubuf = (void *)arg;
    switch (cmd) {
    case IPC_INFO: case SEM_INFO:
        return sem_info(cmd, ubuf);
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY:
        return ipc_ctl_stat(&sem_kind, id, cmd, ubuf, version);
    case GETALL: case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETALL:
        return sem_ctl_main(id, semnum, cmd, ubuf);
    case SETVAL:
        return sem_setval(id, semnum, (int)arg);
    case IPC_SET:
        return ipc_ctl_set(&sem_kind, id, ubuf, version);
    case IPC_RMID:
        return sem_rmid(id);
    }
    return -EINVAL;
}

int sem_proc_show(char *buf, int size)
{
    struct ipc_namespace *ns = current_ipc_ns();
    int n = snprintf(buf, size, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
    for (int i = 0; i <= sem_ids(ns).max_idx && n < size; i++) {
        struct sem_array *a = (struct sem_array *)ipc_at(&sem_ids(ns), (uint32_t)i);
        if (a)
            n += snprintf(buf + n, size - n, "%10d %10d  %4o %10d %5u %5u %5u %5u %10u %10u\n",
                          a->sem_perm.key, a->sem_perm.id, a->sem_perm.mode, a->sem_nsems,
                          uid_out(a->sem_perm.uid), gid_out(a->sem_perm.gid), uid_out(a->sem_perm.cuid),
                          gid_out(a->sem_perm.cgid),
                          a->sem_otime, a->sem_ctime);
    }
    return MIN(n, size);
}
