/* POSIX message queues: the messages and who waits for them. Messages
 * are the System V queues' struct msg_msg (m_type holds the priority),
 * kept per priority, highest first, FIFO within one. As in Linux, a send
 * that finds a receiver asleep hands the message straight to it
 * (pipelined send), and a receive that frees a place takes the message of
 * the oldest sleeping sender into the queue; only a message that lands in
 * an empty queue with no one waiting fires the mq_notify registration.
 * mq_timedsend and mq_timedreceive (and their _time64 forms) are here;
 * mq_open, mq_unlink, mq_notify and mq_getsetattr in ipc/mqueue_sys.c. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "ipc/mqueue.h"
#include "ipc/socket.h"
#include "net/netlink.h"
#include <linux/poll.h>

/* ---- the messages ---- */

/* Queues m behind the others of its priority: 0 or -ENOMEM (a new
 * priority needs a node; the spare in node_cache is used first). */
static int mq_msg_insert(struct mqueue_inode_info *info, struct msg_msg *m)
{
    struct mq_prio_node **pp = &info->prios;
    while (*pp && (*pp)->prio > (uint32_t)m->m_type)
        pp = &(*pp)->next;
    struct mq_prio_node *n = *pp;
    if (!n || n->prio != (uint32_t)m->m_type) {
        n = info->node_cache ? info->node_cache : kmalloc(sizeof *n);
        if (!n)
            return -ENOMEM;
        info->node_cache = NULL;
        n->prio = (uint32_t)m->m_type;
        n->first = n->last = NULL;
        n->next = *pp;
        *pp = n;
    }
    m->next = NULL;
    if (n->last) n->last->next = m; else n->first = m;
    n->last = m;
    info->attr.mq_curmsgs++;
    info->qsize += m->m_ts;
    return 0;
}

/* Takes the oldest message of the highest priority (NULL when empty). */
static struct msg_msg *mq_msg_get(struct mqueue_inode_info *info)
{
    struct mq_prio_node *n = info->prios;
    if (!n)
        return NULL;
    struct msg_msg *m = n->first;
    if (!(n->first = m->next)) {
        info->prios = n->next;
        if (info->node_cache) kfree(n); else info->node_cache = n;
    }
    info->attr.mq_curmsgs--;
    info->qsize -= m->m_ts;
    return m;
}

void mq_info_free(struct mqueue_inode_info *info)
{
    struct msg_msg *m;
    while ((m = mq_msg_get(info)))
        kfree(m);
    kfree(info->node_cache);
    kfree(info);
}

unsigned mq_poll_mask(struct mqueue_inode_info *info)
{
    unsigned mask = 0;
    if (info->attr.mq_curmsgs)
        mask |= POLLIN | POLLRDNORM;
    if (info->attr.mq_curmsgs < info->attr.mq_maxmsg)
        mask |= POLLOUT | POLLWRNORM;
    return mask;
}

/* SIGEV_THREAD: the registration's cookie, its last byte `why`
 * (NOTIFY_WOKENUP, NOTIFY_REMOVED), to its netlink socket, whose
 * reference goes with it (Linux's netlink_sendskb). */
static void mq_send_cookie(struct mqueue_inode_info *info, char why)
{
    struct socket *sk = info->notify_sock;
    if (!sk)
        return;
    info->notify_sock = NULL;
    info->notify_cookie[NOTIFY_COOKIE_LEN - 1] = why;
    netlink_sendskb(sk, info->notify_cookie, NOTIFY_COOKIE_LEN);
}

/* The registration ends unfired: a SIGEV_THREAD one's socket hears it. */
void mq_remove_notification(struct mqueue_inode_info *info)
{
    if (info->notify_owner && info->notify.sigev_notify == SIGEV_THREAD)
        mq_send_cookie(info, NOTIFY_REMOVED);
    info->notify_owner = 0;
}

/* A message has made the queue non-empty and no one was waiting: the
 * registered process is told (SIGEV_SIGNAL: a signal with si_code
 * SI_MESGQ and the sender's pid and uid), and the registration ends.
 * Pollers wake either way. */
static void do_notify(struct mqueue_inode_info *info)
{
    if (info->notify_owner && info->attr.mq_curmsgs == 1) {
        struct task *t = task_find(info->notify_owner);
        int sig = info->notify.sigev_signo;
        if (info->notify.sigev_notify == SIGEV_SIGNAL && sig && t) {
            struct ksiginfo ki = { .code = SI_MESGQ, .pid = t ? pid_nr_for(current->tgid, t) : 0,
                                   .uid = current->uid };
            ki.value = info->notify.sigev_value.sival_int;
            send_sig_group(t, sig, &ki);
        }
        if (info->notify.sigev_notify == SIGEV_THREAD)
            mq_send_cookie(info, NOTIFY_WOKENUP);
        info->notify_owner = 0;
    }
    wake_up(&info->poll_wq);
}

/* ---- waiting ---- */

/* The oldest waiter of a list, taken off it (NULL when none). */
static struct mq_waiter *waiter_pop(struct mq_waiter **list)
{
    struct mq_waiter *w = *list;
    if (w)
        *list = w->next;
    return w;
}

static void waiter_done(struct mq_waiter *w)
{
    w->ready = true;
    wake_up(&w->wq);
}

/* Sleeps as w at the end of *list until someone makes it ready (0), the
 * deadline passes (-ETIMEDOUT) or a signal comes (-ERESTARTSYS: with an
 * absolute deadline the call may simply start again). */
static int waiter_sleep(struct mq_waiter **list, struct mq_waiter *w, const uint64_t *deadline)
{
    wait_queue_init(&w->wq);
    w->ready = false;
    w->next = NULL;
    while (*list)
        list = &(*list)->next;
    *list = w;
    int r = deadline ? wait_event_interruptible_deadline(&w->wq, w->ready, *deadline)
                     : wait_event_interruptible(&w->wq, w->ready);
    if (w->ready)
        return 0;
    while (*list != w)                      /* still on the list: take it off */
        list = &(*list)->next;
    *list = w->next;
    return r == -ETIME ? -ETIMEDOUT : -ERESTARTSYS;
}

/* The user's absolute CLOCK_REALTIME timeout as a ktime deadline. 0,
 * -EFAULT, or -EINVAL (negative seconds, nanoseconds out of 0..999999999:
 * of a 64-bit tv_nsec only the low 32 bits count, as Linux on i386). */
static int mq_deadline(const void *uts, bool ts64, uint64_t *deadline)
{
    int64_t sec, nsec;
    if (get_user_timespec(uts, ts64, &sec, &nsec))
        return -EFAULT;
    nsec = (int32_t)nsec;
    if (sec < 0 || nsec < 0 || nsec >= 1000000000)
        return -EINVAL;
    struct ktime now = time_now();
    int64_t ds = sec - now.sec, dn = nsec - now.nsec;
    if (ds > 0x7FFFFFFF)
        ds = 0x7FFFFFFF;                    /* decades: as good as never */
    int64_t left = ds * 1000000000 + dn;
    *deadline = ktime_get_ns() + (uint64_t)(left > 0 ? left : 0);
    return 0;
}

/* The queue open on mqdes, with the access `mode` (FMODE_READ or _WRITE):
 * -EBADF for a bad descriptor, one that is not a queue, or the wrong mode. */
static struct file *mq_file(int mqdes, uint32_t mode, struct mqueue_inode_info **info)
{
    struct file *f = fget(mqdes);
    if (!f || f->f_op != &mqueue_file_ops || (mode && !(f->f_mode & mode)))
        return NULL;
    *info = MQUEUE_I(f->f_inode);
    return f;
}

/* ---- sending ---- */

/* Puts m in the queue, or in the hands of the oldest waiting receiver;
 * sleeps for room unless O_NONBLOCK (-EAGAIN). Takes m in every case. */
static int mq_put(struct file *f, struct mqueue_inode_info *info, struct msg_msg *m,
                  const uint64_t *deadline)
{
    int r = 0;
    if (info->attr.mq_curmsgs >= info->attr.mq_maxmsg) {
        struct mq_waiter w = { .msg = m };
        r = (f->f_flags & O_NONBLOCK) ? -EAGAIN : waiter_sleep(&info->senders, &w, deadline);
        if (r)
            kfree(m);
        return r;                           /* ready: a receiver queued it */
    }
    struct mq_waiter *rcv = waiter_pop(&info->receivers);
    if (rcv) {
        rcv->msg = m;
        waiter_done(rcv);
    } else if ((r = mq_msg_insert(info, m))) {
        kfree(m);
        return r;
    } else {
        do_notify(info);
    }
    f->f_inode->i_mtime = f->f_inode->i_ctime = f->f_inode->i_atime = current_time();
    return 0;
}

/* mq_timedsend: Linux's order of checks: the timeout (-EFAULT, -EINVAL),
 * the priority (-EINVAL), the descriptor (-EBADF), the size (-EMSGSIZE),
 * the text (-EFAULT); then -EAGAIN, -ETIMEDOUT, -EINTR (a handler with
 * SA_RESTART starts it again). May sleep. */
static long do_mq_timedsend(int mqdes, const char *uptr, size_t len, uint32_t prio,
                            const void *uts, bool ts64)
{
    uint64_t at, *deadline = NULL;
    int r;
    if (uts && (r = mq_deadline(uts, ts64, &at)))
        return r;
    deadline = uts ? &at : NULL;
    if (prio >= MQ_PRIO_MAX)
        return -EINVAL;
    struct mqueue_inode_info *info;
    struct file *f = mq_file(mqdes, FMODE_WRITE, &info);
    if (!f)
        return -EBADF;
    if (len > (size_t)info->attr.mq_msgsize)
        return -EMSGSIZE;
    struct msg_msg *m = kmalloc(sizeof *m + len);
    if (!m)
        return -ENOMEM;
    m->m_type = (int32_t)prio;
    m->m_ts = len;
    if (copy_from_user(m->m_text, uptr, len)) {
        kfree(m);
        return -EFAULT;
    }
    if (!info->node_cache)
        info->node_cache = kmalloc(sizeof(struct mq_prio_node));
    struct inode *ip = f->f_inode;
    inode_get(ip);                          /* the queue outlives a close while we sleep */
    r = mq_put(f, info, m, deadline);
    inode_put(ip);
    return r;
}

long sys_mq_timedsend(int mqdes, const char *uptr, size_t len, uint32_t prio, const void *uts)
{
    return do_mq_timedsend(mqdes, uptr, len, prio, uts, false);
}

long sys_mq_timedsend_time64(int mqdes, const char *uptr, size_t len, uint32_t prio,
                             const void *uts)
{
    return do_mq_timedsend(mqdes, uptr, len, prio, uts, true);
}

/* ---- receiving ---- */

/* A message out of the queue, whose freed place the oldest waiting sender's
 * message takes; or, when empty, one a sender hands over while we sleep
 * (unless O_NONBLOCK: -EAGAIN). */
static int mq_take(struct file *f, struct mqueue_inode_info *info, const uint64_t *deadline,
                   struct msg_msg **res)
{
    if (!info->attr.mq_curmsgs) {
        struct mq_waiter w = { .msg = NULL };
        int r = (f->f_flags & O_NONBLOCK) ? -EAGAIN : waiter_sleep(&info->receivers, &w, deadline);
        *res = w.msg;
        return r;
    }
    *res = mq_msg_get(info);
    f->f_inode->i_mtime = f->f_inode->i_ctime = f->f_inode->i_atime = current_time();
    struct mq_waiter *snd = info->senders;
    if (snd && !mq_msg_insert(info, snd->msg)) {
        waiter_pop(&info->senders);
        waiter_done(snd);
    } else if (!snd) {
        wake_up(&info->poll_wq);            /* there is room now */
    }
    return 0;
}

/* mq_timedreceive: checks as mq_timedsend, then -EMSGSIZE for a buffer
 * smaller than mq_msgsize. The message leaves the queue before it is
 * copied out: a bad buffer loses it (-EFAULT), as in Linux. Its length. */
static long do_mq_timedreceive(int mqdes, char *uptr, size_t len, uint32_t *uprio,
                               const void *uts, bool ts64)
{
    uint64_t at;
    int r;
    if (uts && (r = mq_deadline(uts, ts64, &at)))
        return r;
    struct mqueue_inode_info *info;
    struct file *f = mq_file(mqdes, FMODE_READ, &info);
    if (!f)
        return -EBADF;
    if (len < (size_t)info->attr.mq_msgsize)
        return -EMSGSIZE;
    if (!info->node_cache)
        info->node_cache = kmalloc(sizeof(struct mq_prio_node));
    struct inode *ip = f->f_inode;
    struct msg_msg *m;
    inode_get(ip);
    r = mq_take(f, info, uts ? &at : NULL, &m);
    inode_put(ip);
    if (r)
        return r;
    uint32_t prio = (uint32_t)m->m_type;
    r = (int)m->m_ts;
    if ((uprio && copy_to_user(uprio, &prio, sizeof prio)) || copy_to_user(uptr, m->m_text, m->m_ts))
        r = -EFAULT;
    kfree(m);
    return r;
}

long sys_mq_timedreceive(int mqdes, char *uptr, size_t len, uint32_t *uprio, const void *uts)
{
    return do_mq_timedreceive(mqdes, uptr, len, uprio, uts, false);
}

long sys_mq_timedreceive_time64(int mqdes, char *uptr, size_t len, uint32_t *uprio,
                                const void *uts)
{
    return do_mq_timedreceive(mqdes, uptr, len, uprio, uts, true);
}
