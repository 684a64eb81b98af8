/* seccomp's user-space notification (the listener half of Linux's
 * kernel/seccomp.c): a filter installed with NEW_LISTENER has a listener,
 * an anonymous file "seccomp notify". A call that filter answers with
 * SECCOMP_RET_USER_NOTIF sleeps in seccomp_user_notif() with a
 * notification queued on the listener; a supervisor takes it
 * (SECCOMP_IOCTL_NOTIF_RECV), may put descriptors into the caller's
 * table (NOTIF_ADDFD) and answers (NOTIF_SEND). Both sides' records live
 * on their own kernel stacks while they sleep; the caller does the
 * descriptor work itself, in its own context, when woken for it. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/seccomp.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/ioctl.h>

/* Linux's kernel/seccomp.c still takes the number NOTIF_ID_VALID had
 * before 5.17 (its direction bits were wrong); the UAPI names only the new. */
#define SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR SECCOMP_IOR(2, __u64)
#define ADDFD_SIZE_VER0 24                   /* SECCOMP_NOTIFY_ADDFD_SIZE_VER0 */
#define EA_IOCTL(cmd) ((cmd) & ~(_IOC_DIRMASK << _IOC_DIRSHIFT | _IOC_SIZEMASK << _IOC_SIZESHIFT))

/* A notification's life: queued, taken by a RECV, answered. */
enum { NOTIFY_INIT, NOTIFY_SENT, NOTIFY_REPLIED };

/* An ADDFD request, on the supervisor's stack until the target did it. */
struct seccomp_kaddfd {
    struct file *file;                       /* referenced by the supervisor */
    uint32_t ioctl_flags;                    /* SECCOMP_ADDFD_FLAG_* */
    bool cloexec;                            /* newfd_flags' O_CLOEXEC */
    uint32_t fd;                             /* SETFD's descriptor */
    long ret;                                /* the descriptor, or -errno */
    bool done;
    struct wait_queue done_wq;               /* the supervisor waits here */
    struct seccomp_kaddfd *next;
};

/* One call waiting for its answer, on the target's stack. */
struct seccomp_knotif {
    struct task *task;
    uint64_t id;
    int state;
    const struct seccomp_data *data;         /* what the filters saw */
    int32_t error;                           /* the answer */
    int64_t val;
    uint32_t flags;
    struct seccomp_kaddfd *addfd;            /* ADDFD requests, newest first (Linux's list_add) */
    struct wait_queue ready;                 /* the target waits here */
    struct seccomp_knotif *next;
};

struct seccomp_listener {
    uint64_t next_id;                        /* random start, then counted up */
    int requests;                            /* notifications queued minus RECVs that
                                                took one (Linux 6.1's semaphore) */
    struct seccomp_knotif *notifications;    /* oldest first */
    struct wait_queue wqh;                   /* RECV and poll */
};

static struct seccomp_knotif *find_notification(struct seccomp_listener *l, uint64_t id)
{
    for (struct seccomp_knotif *n = l->notifications; n; n = n->next)
        if (n->id == id)
            return n;
    return NULL;
}

static void notification_unlink(struct seccomp_listener *l, struct seccomp_knotif *n)
{
    for (struct seccomp_knotif **p = &l->notifications; *p; p = &(*p)->next)
        if (*p == n) {
            *p = n->next;
            return;
        }
}

/* ---- the target's side ---- */

/* seccomp_handle_addfd: the oldest-queued request done in current's own
 * table (a new descriptor, or SETFD's, as dup2), the supervisor woken.
 * With SEND the descriptor is the answer; a failure leaves the
 * notification to be answered again. May sleep (SETFD's close). */
static void handle_addfd(struct seccomp_knotif *n)
{
    struct seccomp_kaddfd *a = n->addfd;
    n->addfd = a->next;
    long fd;
    if (a->ioctl_flags & SECCOMP_ADDFD_FLAG_SETFD) {
        fd = fd_replace_file(a->fd, a->file, a->cloexec);
    } else {
        a->file->f_count++;
        if ((fd = fd_install(a->file, 0, a->cloexec)) < 0)
            a->file->f_count--;              /* (the supervisor's reference remains) */
    }
    a->ret = fd;
    if (a->ioctl_flags & SECCOMP_ADDFD_FLAG_SEND) {
        if (fd < 0) {
            n->state = NOTIFY_SENT;
        } else {
            n->flags = 0;
            n->error = 0;
            n->val = fd;
        }
    }
    a->done = true;
    wake_up(&a->done_wq);
}

static bool notif_ready(struct seccomp_knotif *n)
{
    return n->state == NOTIFY_REPLIED || n->addfd;
}

/* One wait for an answer or an ADDFD: interruptible, or killable only
 * (WAIT_KILLABLE_RECV once the supervisor has the notification). 0, or
 * -EINTR when a signal came first. */
static int notif_wait(struct seccomp_knotif *n, bool killable)
{
    if (!killable)
        return wait_event_interruptible(&n->ready, notif_ready(n));
    current->killable = true;
    wait_event(&n->ready, notif_ready(n) || fatal_signal_pending(current));
    current->killable = false;
    return notif_ready(n) ? 0 : -EINTR;
}

/* Linux's seccomp_do_user_notification. Sleeps. An interrupted call
 * returns -ERESTARTSYS: its notification is gone (a restart queues a new
 * one, with a new id), and ADDFD requests still queued fail with ESRCH. */
bool seccomp_user_notif(struct seccomp_filter *match, const struct seccomp_data *sd,
                        struct trapframe *tf)
{
    struct seccomp_listener *l = match->notif;
    if (!l) {                                /* never had one, or it was closed */
        tf->eax = (uint32_t)-ENOSYS;
        return false;
    }
    struct seccomp_knotif n = { .task = current, .id = l->next_id++, .state = NOTIFY_INIT, .data = sd };
    wait_queue_init(&n.ready);
    struct seccomp_knotif **tail = &l->notifications;
    while (*tail)
        tail = &(*tail)->next;
    *tail = &n;
    l->requests++;
    wake_up_poll(&l->wqh, POLLIN | POLLRDNORM);
    int err;
    do {
        bool killable = match->wait_killable_recv && n.state == NOTIFY_SENT;
        if ((err = notif_wait(&n, killable))) {
            if (!killable && match->wait_killable_recv && n.state == NOTIFY_SENT)
                continue;                    /* received meanwhile: wait on, killable */
            break;
        }
        if (n.addfd)
            handle_addfd(&n);
    } while (n.state != NOTIFY_REPLIED);
    for (struct seccomp_kaddfd *a = n.addfd, *next; a; a = next) {
        next = a->next;                      /* (a may go once its owner runs) */
        a->ret = -ESRCH;
        a->done = true;
        wake_up(&a->done_wq);
    }
    if (match->notif)                        /* (a closed listener has no list) */
        notification_unlink(match->notif, &n);
    if (err) {
        tf->eax = (uint32_t)-ERESTARTSYS;
        return false;
    }
    if (n.flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE) {
        tf->eax = current->syscall_nr;
        return true;
    }
    tf->eax = n.error ? (uint32_t)n.error : (uint32_t)n.val;
    return false;
}

/* ---- the supervisor's ioctls ---- */

/* SECCOMP_IOCTL_NOTIF_RECV: the oldest notification not yet received,
 * waiting for one (whatever O_NONBLOCK says, as Linux). -EINVAL unless
 * the user's struct is all zero, -EINTR, -ENOENT (its target went away
 * meanwhile), -EFAULT (the notification is then queued again). */
static int notify_recv(struct seccomp_listener *l, void *ubuf)
{
    struct seccomp_notif u;
    if (copy_from_user(&u, ubuf, sizeof u))
        return -EFAULT;
    for (size_t i = 0; i < sizeof u; i++)
        if (((uint8_t *)&u)[i])
            return -EINVAL;
    if (wait_event_interruptible(&l->wqh, l->requests > 0))
        return -EINTR;                       /* (6.1's down_interruptible) */
    l->requests--;
    struct seccomp_knotif *n = l->notifications;
    while (n && n->state != NOTIFY_INIT)
        n = n->next;
    if (!n)
        return -ENOENT;
    u.id = n->id;
    u.pid = (uint32_t)pid_vnr(n->task->pid);
    u.data = *n->data;
    n->state = NOTIFY_SENT;
    wake_up_poll(&l->wqh, POLLOUT | POLLWRNORM);
    if (!copy_to_user(ubuf, &u, sizeof u))
        return 0;
    if ((n = find_notification(l, u.id))) {  /* (copy_to_user may have slept) */
        n->state = NOTIFY_INIT;
        l->requests++;
        wake_up_poll(&l->wqh, POLLIN | POLLRDNORM);
    }
    return -EFAULT;
}

/* SECCOMP_IOCTL_NOTIF_SEND: the answer to a received notification: its
 * error (returned as is when not 0) or else its val, or CONTINUE (both
 * 0) to run the call. -EINVAL, -ENOENT (no such id: answered, or its
 * target gone), -EINPROGRESS (not received yet, or answered already). */
static int notify_send(struct seccomp_listener *l, void *ubuf)
{
    struct seccomp_notif_resp r;
    if (copy_from_user(&r, ubuf, sizeof r))
        return -EFAULT;
    if (r.flags & ~SECCOMP_USER_NOTIF_FLAG_CONTINUE)
        return -EINVAL;
    if ((r.flags & SECCOMP_USER_NOTIF_FLAG_CONTINUE) && (r.error || r.val))
        return -EINVAL;
    struct seccomp_knotif *n = find_notification(l, r.id);
    if (!n)
        return -ENOENT;
    if (n->state != NOTIFY_SENT)
        return -EINPROGRESS;
    n->state = NOTIFY_REPLIED;
    n->error = r.error;
    n->val = r.val;
    n->flags = r.flags;
    wake_up(&n->ready);
    return 0;
}

/* SECCOMP_IOCTL_NOTIF_ID_VALID: 0 while the id's call waits for an
 * answer after being received, else -ENOENT. */
static int notify_id_valid(struct seccomp_listener *l, void *ubuf)
{
    uint64_t id;
    if (copy_from_user(&id, ubuf, sizeof id))
        return -EFAULT;
    struct seccomp_knotif *n = find_notification(l, id);
    return n && n->state == NOTIFY_SENT ? 0 : -ENOENT;
}

/* The struct seccomp_notif_addfd of an ADDFD ioctl of size bytes: 0,
 * -EINVAL (the size, newfd_flags, flags, newfd without SETFD), -E2BIG
 * (a larger struct's tail not zero), -EFAULT. */
static int addfd_copy(struct seccomp_notif_addfd *a, const void *ubuf, uint32_t size)
{
    if (size < ADDFD_SIZE_VER0 || size >= PAGE_SIZE)
        return -EINVAL;
    long err = copy_struct_from_user(a, sizeof *a, ubuf, size);
    if (err)
        return (int)err;
    if (a->newfd_flags & ~(uint32_t)O_CLOEXEC)
        return -EINVAL;
    if (a->flags & ~(uint32_t)(SECCOMP_ADDFD_FLAG_SETFD | SECCOMP_ADDFD_FLAG_SEND))
        return -EINVAL;
    if (a->newfd && !(a->flags & SECCOMP_ADDFD_FLAG_SETFD))
        return -EINVAL;
    return 0;
}

/* SECCOMP_IOCTL_NOTIF_ADDFD: the target of a received notification gets
 * a copy of the supervisor's srcfd (SEND: and answers with it, at once).
 * Sleeps until the target did it: the descriptor it got, its error, or
 * -EBADF, -ENOENT, -EINPROGRESS (not received, or answered), -EBUSY
 * (SEND while other requests wait), -ESRCH (the target went away first),
 * -ERESTARTSYS (a signal came first: the request is withdrawn). */
static int notify_addfd(struct seccomp_listener *l, void *ubuf, uint32_t size)
{
    struct seccomp_notif_addfd ua;
    int err = addfd_copy(&ua, ubuf, size);
    if (err)
        return err;
    struct file *f = fget(ua.srcfd);
    if (!f)
        return -EBADF;
    struct seccomp_knotif *n = find_notification(l, ua.id);
    if (!n)
        return -ENOENT;
    if (n->state != NOTIFY_SENT)
        return -EINPROGRESS;
    if ((ua.flags & SECCOMP_ADDFD_FLAG_SEND) && n->addfd)
        return -EBUSY;
    if (ua.flags & SECCOMP_ADDFD_FLAG_SEND)
        n->state = NOTIFY_REPLIED;           /* exactly one answer */
    struct seccomp_kaddfd a = {
        .file = f, .ioctl_flags = ua.flags, .cloexec = (ua.newfd_flags & O_CLOEXEC) != 0,
        .fd = ua.newfd, .next = n->addfd,
    };
    wait_queue_init(&a.done_wq);
    f->f_count++;                            /* held until the target is done with it */
    n->addfd = &a;
    wake_up(&n->ready);
    long ret;
    if (wait_event_interruptible(&a.done_wq, a.done) == 0) {
        ret = a.ret;
    } else {
        ret = -ERESTARTSYS;                  /* not done: n still waits, with a queued */
        for (struct seccomp_kaddfd **p = &n->addfd; *p; p = &(*p)->next)
            if (*p == &a) {
                *p = a.next;
                break;
            }
    }
    file_put(f);
    return (int)ret;
}

/* The listener's ioctls: the fixed-size ones by number, ADDFD by its
 * type and number whatever size it says (an extensible struct). */
static int notify_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct seccomp_filter *filter = f->private_data;
    struct seccomp_listener *l = filter->notif;
    void *ubuf = (void *)arg;
    switch (cmd) {
    case SECCOMP_IOCTL_NOTIF_RECV:
        return notify_recv(l, ubuf);
    case SECCOMP_IOCTL_NOTIF_SEND:
        return notify_send(l, ubuf);
    case SECCOMP_IOCTL_NOTIF_ID_VALID:
    case SECCOMP_IOCTL_NOTIF_ID_VALID_WRONG_DIR:
        return notify_id_valid(l, ubuf);
    }
    if (EA_IOCTL(cmd) == EA_IOCTL(SECCOMP_IOCTL_NOTIF_ADDFD))
        return notify_addfd(l, ubuf, _IOC_SIZE(cmd));
    return -EINVAL;
}

/* POLLIN while a notification waits to be received, POLLOUT while one
 * received waits for its answer, POLLHUP once no task runs the filter. */
static unsigned notify_poll(struct file *f, struct poll_table *pt)
{
    struct seccomp_filter *filter = f->private_data;
    struct seccomp_listener *l = filter->notif;
    poll_wait(&l->wqh, pt);
    unsigned mask = 0;
    for (struct seccomp_knotif *n = l->notifications; n; n = n->next) {
        if (n->state == NOTIFY_INIT)
            mask |= POLLIN | POLLRDNORM;
        if (n->state == NOTIFY_SENT)
            mask |= POLLOUT | POLLWRNORM;
    }
    if (filter->users == 0)
        mask |= POLLHUP;
    return mask;
}

/* seccomp_notify_detach: the listener goes. Every call not yet answered
 * fails with ENOSYS (an ADDFD's supervisor cannot be waiting: it holds
 * this file), later USER_NOTIF calls too. */
static void listener_detach(struct seccomp_filter *filter)
{
    struct seccomp_listener *l = filter->notif;
    for (struct seccomp_knotif *n = l->notifications; n; n = n->next) {
        if (n->state == NOTIFY_REPLIED)
            continue;
        n->state = NOTIFY_REPLIED;
        n->error = -ENOSYS;
        n->val = 0;
        n->flags = 0;
        wake_up(&n->ready);
    }
    filter->notif = NULL;
    kfree(l);
}

static void notify_release(struct inode *ip UNUSED, struct file *f)
{
    struct seccomp_filter *filter = f->private_data;
    if (!filter)                             /* (a filter that was not installed) */
        return;
    listener_detach(filter);
    seccomp_filter_put(filter);
}

static const struct file_operations seccomp_notify_fops = {
    .ioctl = notify_ioctl, .poll = notify_poll, .release = notify_release,
};

/* ---- the listener's birth and end ---- */

struct file *seccomp_listener_new(struct seccomp_filter *f)
{
    struct seccomp_listener *l = kzalloc(sizeof *l);
    if (!l)
        return NULL;
    l->next_id = (uint64_t)random_u32() << 32 | random_u32();
    wait_queue_init(&l->wqh);
    wait_queue_name(&l->wqh, "seccomp listener %x", (uint32_t)(uintptr_t)f);
    struct file *lf = anon_inode_getfile("seccomp notify", &seccomp_notify_fops, NULL, O_RDWR);
    if (!lf) {
        kfree(l);
        return NULL;
    }
    f->notif = l;
    return lf;
}

void seccomp_listener_attach(struct file *lf, struct seccomp_filter *f)
{
    f->refs++;
    lf->private_data = f;
}

void seccomp_listener_free(struct file *lf, struct seccomp_filter *f)
{
    file_put(lf);                            /* (private_data NULL: releases nothing) */
    listener_detach(f);
}

void seccomp_notify_orphaned(struct seccomp_filter *f)
{
    if (f->notif)
        wake_up_poll(&f->notif->wqh, POLLHUP);
}
