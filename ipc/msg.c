/* Message queues: msgget, msgsnd, msgrcv, msgctl. A queue is a list of
 * kmalloc'd messages bounded by msg_qbytes; senders wait on `senders` for
 * room, receivers on `receivers` for a message. A sleeper holds a
 * reference on the queue, so after IPC_RMID it can wake, see `deleted`
 * and return EIDRM; the last one out frees the queue. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "fs/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/mm/uaccess.h"
#include "kernel/mm/mm.h"
#include "ipc/msg.h"
#include "ipc/namespace.h"
#include <linux/msg.h>
#include <asm/msgbuf.h>

/* The table and the limits (msgmax, msgmnb, msgmni) are current's IPC
 * namespace's (ipc/namespace.h). */

/* A message of up to MSG_SMALL bytes of text is given room for
 * MSG_SMALL (with its msg_msg and kmalloc's header, one 64-byte block),
 * and the queue keeps the last such buffer freed for the next (q_spare):
 * a ping-pong of small messages calls neither kmalloc nor kfree. The
 * queue's byte counts (q_cbytes, q_qbytes) are of the text, as before. */
#define MSG_SMALL 44

/* A message buffer with room for `size` bytes of text, m_ts set: q's
 * spare if it fits (q may be NULL), else a new one; NULL when memory is
 * short. Does not sleep. */
__hot static struct msg_msg *msg_alloc(struct msg_queue *q, uint32_t size)
{
    struct msg_msg *m = q ? q->q_spare : NULL;
    if (size <= MSG_SMALL && m)
        q->q_spare = NULL;
    else if (!(m = kmalloc(sizeof *m + MAX(size, MSG_SMALL))))
        return NULL;
    m->m_ts = size;
    m->next = NULL;
    return m;
}

/* Gives back what msg_alloc gave: a small buffer becomes q's spare if it
 * has none (q NULL: freed). */
__hot static void msg_free(struct msg_queue *q, struct msg_msg *m)
{
    if (q && m->m_ts <= MSG_SMALL && !q->q_spare)
        q->q_spare = m;
    else
        kfree(m);
}

static void free_queue(struct msg_queue *q)
{
    while (q->q_first) {
        struct msg_msg *m = q->q_first;
        q->q_first = m->next;
        kfree(m);
    }
    kfree(q->q_spare);
    kfree(q);
}

/* Drops a sleeper's reference; frees a removed queue with no one left. */
__hot static void queue_put(struct msg_queue *q)
{
    if (--q->q_perm.refs == 0 && q->q_perm.deleted)
        free_queue(q);
}

static int new_queue(int32_t key, int flg, void *arg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    (void)arg;
    struct msg_queue *q = kzalloc(sizeof *q);
    if (!q)
        return -ENOMEM;
    int id = ipc_add(&msg_ids(ns), &q->q_perm, key, flg);
    if (id < 0) {
        kfree(q);
        return id;
    }
    q->q_qbytes = ns->msg_ctlmnb;
    q->q_ctime = ipc_time();
    wait_queue_init(&q->senders);
    wait_queue_init(&q->receivers);
    wait_queue_name(&q->senders, "msq %u senders", (uint32_t)id);
    wait_queue_name(&q->receivers, "msq %u receivers", (uint32_t)id);
    return id;
}

/* msgget: the queue of `key` (IPC_PRIVATE: always a new one), made with
 * IPC_CREAT (mode: the low 9 bits of flg); see ipc_get for the order of
 * checks. Does not sleep. The identifier, or -ENOENT, -EEXIST, -EACCES,
 * -ENOSPC (no free slot), -ENOMEM. */
long msg_get(int32_t key, int flg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    return ipc_get(&msg_ids(ns), key, flg, new_queue, NULL, NULL);
}

__hot static struct msg_queue *queue_of(int id)
{
    struct ipc_namespace *ns = current_ipc_ns();
    return (struct msg_queue *)ipc_lookup(&msg_ids(ns), id);
}

/* Room for `size` more bytes and one more message? (as Linux: the
 * message count is bounded by q_qbytes too) */
__hot static bool msg_fits(struct msg_queue *q, uint32_t size)
{
    return q->q_cbytes + size <= q->q_qbytes && q->q_qnum + 1 <= q->q_qbytes;
}

/* Waits for room in q, checking the permission each time round as Linux
 * does (IPC_SET may take it away). May sleep. 0, or -EACCES, -EAGAIN,
 * -EIDRM, -EINTR. */
__hot static int msg_wait_room(struct msg_queue *q, uint32_t size, int flg)
{
    int r;
    while (!(r = ipcperms(&q->q_perm, 0222)) && !msg_fits(q, size)) {
        if (flg & IPC_NOWAIT)
            return -EAGAIN;
        q->q_perm.refs++;
        r = wait_event_interruptible(&q->senders, q->q_perm.deleted || msg_fits(q, size) ||
                                     ipcperms(&q->q_perm, 0222));
        bool gone = q->q_perm.deleted;
        queue_put(q);
        if (gone)
            return -EIDRM;
        if (r)
            return r;
    }
    return r;
}

/* The error of a msgsnd whose arguments, allocation (err -ENOMEM) or
 * copy (err -EFAULT) failed, as Linux's order of checks has it: the
 * type's word (EFAULT), then the size, id and type (EINVAL), then err. */
static long msg_send_error(int id, const void *umsg, uint32_t size, long err)
{
    struct ipc_namespace *ns = current_ipc_ns();
    uint32_t type;
    if (get_user32(&type, umsg))
        return -EFAULT;
    if ((int32_t)size < 0 || size > ns->msg_ctlmax || id < 0 || (int32_t)type < 1)
        return -EINVAL;
    return err;
}

/* msgsnd: umsg is the user's struct msgbuf (a long type, then `size`
 * bytes of text), copied in one go to the msg_msg, whose m_type is
 * followed by its text in the same way. Linux's order of checks: the
 * type's word (EFAULT), the size and id, the type, the text (EFAULT), the
 * queue, the permission (msg_send_error sorts out a failed copy). May
 * sleep (for room, unless IPC_NOWAIT). 0, or -EFAULT, -EINVAL, -ENOMEM,
 * -EACCES, -EAGAIN, -EIDRM (removed while it slept), -EINTR. */
__hot long msg_send(int id, const void *umsg, uint32_t size, int flg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if ((int32_t)size < 0 || size > ns->msg_ctlmax || id < 0)
        return msg_send_error(id, umsg, size, -EINVAL);
    struct msg_msg *m = msg_alloc(queue_of(id), size);   /* the queue's spare, if any */
    if (!m)
        return msg_send_error(id, umsg, size, -ENOMEM);
    int r;
    struct msg_queue *q = NULL;             /* looked up after the copy, which may fault */
    if (copy_from_user(&m->m_type, umsg, 4 + size))
        r = msg_send_error(id, umsg, size, -EFAULT);
    else if (m->m_type < 1)
        r = -EINVAL;
    else
        r = (q = queue_of(id)) ? msg_wait_room(q, size, flg) : -EINVAL;
    if (r) {
        kfree(m);                           /* (q may be gone: EIDRM) */
        return r;
    }
    if (q->q_last) q->q_last->next = m; else q->q_first = m;
    q->q_last = m;
    q->q_cbytes += size;
    q->q_qnum++;
    q->q_lspid = current->pid;
    q->q_stime = ipc_time();
    q->q_changes++;
    TRACE(TRACE_IPC_XFER, size, 1, 0, 0, "msq %u", (uint32_t)id);
    ipc_wake_up(&q->receivers);
    return 0;
}

/* The message msgrcv would take for (type, flg), with its predecessor.
 * MSG_COPY: the type-th message (from 0), whatever its type. Else type 0:
 * the first; type > 0: the first of that type (MSG_EXCEPT: of another);
 * type < 0: the first of the lowest type <= -type, where INT32_MIN means
 * every type, as Linux reads LONG_MIN. */
__hot static struct msg_msg *find_msg(struct msg_queue *q, int32_t type, int flg, struct msg_msg **prevp)
{
    struct msg_msg *m = q->q_first, *prev = NULL;
    if (flg & MSG_COPY) {
        for (int32_t i = 0; m && i != type; i++)
            prev = m, m = m->next;
    } else if (type >= 0) {
        bool except = flg & MSG_EXCEPT;
        while (m && type && (m->m_type == type) == except)
            prev = m, m = m->next;
    } else {
        struct msg_msg *best = NULL, *bprev = NULL;
        int32_t most = type == INT32_MIN ? INT32_MAX : -type;
        for (; m; prev = m, m = m->next)
            if (m->m_type <= most && (!best || m->m_type < best->m_type))
                best = m, bprev = prev;
        m = best;
        prev = bprev;
    }
    *prevp = prev;
    return m;
}

/* Is msgrcv done waiting? True with *err set (-EACCES: the permission
 * is gone, checked each time round as Linux does), or with *mp the
 * message to take (*prevp its predecessor); false while there is no such
 * message. */
__hot static bool msg_ready(struct msg_queue *q, int32_t type, int flg, struct msg_msg **mp,
                            struct msg_msg **prevp, int *err)
{
    if ((*err = ipcperms(&q->q_perm, 0444)))
        return true;
    return q->q_first && (*mp = find_msg(q, type, flg, prevp)) != NULL;
}

/* Waits for a message msgrcv may take, looking again after each msgsnd
 * or IPC_SET (q_changes). May sleep. The message (and its predecessor in
 * *prevp), or NULL with *err: -EACCES, -ENOMSG, -EIDRM, -EINTR. */
__hot static struct msg_msg *msg_wait_msg(struct msg_queue *q, int32_t type, int flg,
                                    struct msg_msg **prevp, int *err)
{
    struct msg_msg *m = NULL;
    while (!msg_ready(q, type, flg, &m, prevp, err)) {
        if (flg & IPC_NOWAIT) {
            *err = -ENOMSG;
            break;
        }
        uint32_t seen = q->q_changes;
        q->q_perm.refs++;
        *err = wait_event_interruptible(&q->receivers, q->q_perm.deleted || q->q_changes != seen);
        bool gone = q->q_perm.deleted;
        queue_put(q);
        if (gone)
            *err = -EIDRM;
        if (*err)
            break;
    }
    return *err ? NULL : m;
}

__hot static void msg_unlink(struct msg_queue *q, struct msg_msg *m, struct msg_msg *prev)
{
    if (prev) prev->next = m->next; else q->q_first = m->next;
    if (q->q_last == m) q->q_last = prev;
    q->q_cbytes -= m->m_ts;
    q->q_qnum--;
    q->q_lrpid = current->pid;
    q->q_rtime = ipc_time();
}

/* msgrcv: umsg is the user's struct msgbuf with room for `size` bytes of
 * text; `type` picks the message (find_msg). As in Linux, a message is
 * taken off the queue before it is copied out: a bad buffer loses it
 * (EFAULT). MSG_COPY (with IPC_NOWAIT, without MSG_EXCEPT) copies the
 * type-th message and leaves it. May sleep (for a message, unless
 * IPC_NOWAIT). The text's length, or -EINVAL, -EACCES, -ENOMSG, -E2BIG,
 * -EIDRM, -EINTR, -EFAULT. */
__hot long msg_receive(int id, void *umsg, uint32_t size, int32_t type, int flg)
{
    struct ipc_namespace *ns = current_ipc_ns();
    if ((int32_t)size < 0 || id < 0)
        return -EINVAL;
    if ((flg & MSG_COPY) && ((flg & MSG_EXCEPT) || !(flg & IPC_NOWAIT)))
        return -EINVAL;
    struct msg_queue *q = queue_of(id);
    if (!q)
        return -EINVAL;
    int r;
    struct msg_msg *m, *prev;
    if (!(m = msg_wait_msg(q, type, flg, &prev, &r)))
        return r;
    if (m->m_ts > size && !(flg & MSG_NOERROR))
        return -E2BIG;
    if ((flg & MSG_COPY) && m->m_ts > MIN(size, ns->msg_ctlmax))
        return -EINVAL;                      /* MSG_NOERROR cannot shorten a copy */
    if (!(flg & MSG_COPY)) {
        msg_unlink(q, m, prev);
        ipc_wake_up(&q->senders);
    }
    uint32_t n = MIN(size, m->m_ts);
    r = copy_to_user(umsg, &m->m_type, 4 + n) ? -EFAULT : (int)n;   /* the type and the text */
    TRACE(TRACE_IPC_XFER, n, 0, 0, 0, "msq %u", (uint32_t)id);
    if (!(flg & MSG_COPY))
        msg_free(q, m);
    return r;
}

static void fill_info(struct msginfo *mi)
{
    struct ipc_namespace *ns = current_ipc_ns();
    memset(mi, 0, sizeof *mi);
    mi->msgpool = MSGPOOL;
    mi->msgmap = MSGMAP;
    mi->msgmax = (int)ns->msg_ctlmax;
    mi->msgmnb = (int)ns->msg_ctlmnb;
    mi->msgmni = (int)ns->msg_ctlmni;
    mi->msgssz = MSGSSZ;
    mi->msgtql = MSGTQL;
    mi->msgseg = MSGSEG;
}

/* IPC_INFO (the limits) and MSG_INFO (usage): the highest slot in use. */
static long msg_info(int cmd, void *ubuf)
{
    struct ipc_namespace *ns = current_ipc_ns();
    struct msginfo mi;
    fill_info(&mi);
    if (cmd == MSG_INFO) {                   /* usage, not limits */
        mi.msgpool = msg_ids(ns).in_use;
        mi.msgmap = mi.msgtql = 0;
        for (int i = 0; i <= msg_ids(ns).max_idx; i++) {
            struct msg_queue *q = (struct msg_queue *)ipc_at(&msg_ids(ns), (uint32_t)i);
            if (q) { mi.msgmap += q->q_qnum; mi.msgtql += q->q_cbytes; }
        }
    }
    return ipc_ctl_info(&msg_ids(ns), ubuf, &mi, sizeof mi);
}

/* IPC_STAT's fields past the permission block (see ipc_ctl_stat). */
static void msg_fill(const struct kern_ipc_perm *p, void *out)
{
    const struct msg_queue *q = (const struct msg_queue *)p;
    struct msqid64_ds *ds = out;
    ds->msg_stime = q->q_stime;
    ds->msg_rtime = q->q_rtime;
    ds->msg_ctime = q->q_ctime;
    ds->msg_cbytes = q->q_cbytes;
    ds->msg_qnum = q->q_qnum;
    ds->msg_qbytes = q->q_qbytes;
    ds->msg_lspid = pid_vnr(q->q_lspid);
    ds->msg_lrpid = pid_vnr(q->q_lrpid);
}

/* IPC_SET past the ownership (ipc_ctl_set), in Linux's order: a
 * q_qbytes past msgmnb for a user (EPERM), then a uid or gid of -1
 * (EINVAL). Wakes every sleeper: there may be room, or a permission lost. */
static long msg_set(struct kern_ipc_perm *p, const void *in)
{
    struct ipc_namespace *ns = current_ipc_ns();
    struct msg_queue *q = (struct msg_queue *)p;
    const struct msqid64_ds *ds = in;
    if (ds->msg_qbytes > ns->msg_ctlmnb && !capable(CAP_SYS_RESOURCE))
        return -EPERM;
    long r = ipc_set_perm64(p, &ds->msg_perm, &q->q_ctime);
    if (r)
        return r;
    q->q_qbytes = ds->msg_qbytes;
    q->q_changes++;
    wake_up(&q->senders);
    ipc_wake_up(&q->receivers);
    return 0;
}

/* IPC_STAT's old layout (Linux's copy_msqid_to_user for IPC_OLD): the
 * 16-bit counts stop at 65535, their full values go in the two fields
 * the old layout had spare. */
static void msg_to_old(const void *in, void *out)
{
    const struct msqid64_ds *ds = in;
    struct msqid_ds *o = out;
    ipc_perm_to_old(&ds->msg_perm, &o->msg_perm);
    o->msg_stime = (__kernel_old_time_t)ds->msg_stime;
    o->msg_rtime = (__kernel_old_time_t)ds->msg_rtime;
    o->msg_ctime = (__kernel_old_time_t)ds->msg_ctime;
    o->msg_cbytes = (uint16_t)MIN(ds->msg_cbytes, 0xFFFFu);
    o->msg_lcbytes = ds->msg_cbytes;
    o->msg_qnum = (uint16_t)MIN(ds->msg_qnum, 0xFFFFu);
    o->msg_qbytes = (uint16_t)MIN(ds->msg_qbytes, 0xFFFFu);
    o->msg_lqbytes = ds->msg_qbytes;
    o->msg_lspid = (__kernel_ipc_pid_t)ds->msg_lspid;
    o->msg_lrpid = (__kernel_ipc_pid_t)ds->msg_lrpid;
}

/* IPC_SET's old layout: a msg_qbytes of 0 means the 32-bit msg_lqbytes. */
static void msg_from_old(const void *in, void *out)
{
    const struct msqid_ds *o = in;
    struct msqid64_ds *ds = out;
    ipc_perm_from_old(&o->msg_perm, &ds->msg_perm);
    ds->msg_qbytes = o->msg_qbytes ? o->msg_qbytes : o->msg_lqbytes;
}

static const struct ipc_kind msg_kind = {
    .ids = IPC_MSG_IDS, .stat_any_cmd = MSG_STAT_ANY, .ds_size = sizeof(struct msqid64_ds),
    .fill = msg_fill, .set = msg_set,
    .old_size = sizeof(struct msqid_ds), .to_old = msg_to_old, .from_old = msg_from_old,
};

/* Queue q of namespace ns goes (Linux's freeque): sleepers wake to
 * EIDRM; the last of them frees it. */
static void msg_destroy(struct ipc_namespace *ns, struct msg_queue *q)
{
    ipc_remove(&msg_ids(ns), &q->q_perm);
    wake_up(&q->senders);
    wake_up(&q->receivers);
    if (q->q_perm.refs == 0)
        free_queue(q);
}

/* IPC_RMID: msg_destroy, for the owner, the creator or root. */
static long msg_rmid(int id)
{
    struct ipc_namespace *ns = current_ipc_ns();
    long r;
    struct msg_queue *q = (struct msg_queue *)ipc_ctl_owned(&msg_ids(ns), id, &r);
    if (q)
        msg_destroy(ns, q);
    return q ? 0 : r;
}

/* The namespace's last user went: every queue goes. */
void msg_exit_ns(struct ipc_namespace *ns)
{
    for (int i = 0; i <= msg_ids(ns).max_idx; i++) {
        struct msg_queue *q = (struct msg_queue *)ipc_at(&msg_ids(ns), (uint32_t)i);
        if (q)
            msg_destroy(ns, q);
    }
}

/* msgctl: one function per command, after the checks all commands share
 * (ipc_ctl_cmd); `version` is the layout of ubuf (IPC_64 or IPC_OLD,
 * ipc_parse_version). Does not sleep. 0, the id or slot that *_STAT and
 * *_INFO report, or -errno. */
long msg_ctl(int id, int cmd, void *ubuf, int version)
{
    long r = ipc_ctl_cmd(id, &cmd);
    if (r)
        return r;
    switch (cmd) {
    case IPC_INFO: case MSG_INFO:
        return msg_info(cmd, ubuf);
    case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
        return ipc_ctl_stat(&msg_kind, id, cmd, ubuf, version);
    case IPC_SET:
        return ipc_ctl_set(&msg_kind, id, ubuf, version);
    case IPC_RMID:
        return msg_rmid(id);
    }
    return -EINVAL;
}

int msg_proc_show(char *buf, int size)
{
    struct ipc_namespace *ns = current_ipc_ns();
    int n = snprintf(buf, size, "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid      stime      rtime      ctime\n");
    for (int i = 0; i <= msg_ids(ns).max_idx && n < size; i++) {
        struct msg_queue *q = (struct msg_queue *)ipc_at(&msg_ids(ns), (uint32_t)i);
        if (!q)
            continue;
        n += snprintf(buf + n, size - n, "%10d %10d  %4o  %10u %10u %5u %5u %5u %5u %5u %5u %10u %10u %10u\n",
                      q->q_perm.key, q->q_perm.id, q->q_perm.mode, q->q_cbytes, q->q_qnum,
                      proc_nr(q->q_lspid), proc_nr(q->q_lrpid), uid_out(q->q_perm.uid), gid_out(q->q_perm.gid),
                      uid_out(q->q_perm.cuid), gid_out(q->q_perm.cgid), q->q_stime, q->q_rtime, q->q_ctime);
    }
    return MIN(n, size);
}
