/* fanotify: a descriptor that reads what happens to marked files, each
 * event with a descriptor open on the file, and that answers permission
 * events (fanotify_init 338; fanotify_mark 339 is in fs/fanotify_mark.c).
 * The second backend of the notify layer beside inotify: fs/notify.c calls
 * fanotify_event() for an open, a read, a write, a close or an exec; each
 * group (highest class first) whose marks want it queues an event, and a
 * permission event puts the caller to sleep until the listener answers. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include "fs/fanotify.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

#define META_LEN ((uint32_t)sizeof(struct fanotify_event_metadata))   /* 24 */
#define PERM_EVENTS (FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM)
/* What 6.1 takes from a user without CAP_SYS_ADMIN, and what it takes at
 * all (FANOTIFY_ADMIN_INIT_FLAGS, FANOTIFY_INIT_FLAGS; FAN_ENABLE_AUDIT
 * with CONFIG_AUDITSYSCALL, as Debian's). */
#define FID_BITS    (FAN_REPORT_FID | FAN_REPORT_DIR_FID | FAN_REPORT_NAME | FAN_REPORT_TARGET_FID)
#define ADMIN_FLAGS (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT | FAN_REPORT_TID | \
                     FAN_REPORT_PIDFD | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS)
#define INIT_FLAGS  (ADMIN_FLAGS | FID_BITS | FAN_CLOEXEC | FAN_NONBLOCK | FAN_ENABLE_AUDIT)
#define EVENT_F_BITS (O_ACCMODE | O_APPEND | O_NONBLOCK | __O_SYNC | O_DSYNC | O_CLOEXEC | \
                      O_LARGEFILE | O_NOATIME)

/* fs.fanotify.max_queued_events, max_user_groups, max_user_marks (the
 * floor of Linux's formula for a machine of Pipit's memory). */
uint32_t fanotify_max_queued_events = 16384;
uint32_t fanotify_max_user_groups = 128;
uint32_t fanotify_max_user_marks = 8192;

struct fanotify_group *fanotify_groups;


/* ---- the queue ---- */

static unsigned bucket(struct inode *ip, int pid)
{
    return ((uint32_t)ip >> 6 ^ (uint32_t)pid) % FAN_HASH_SIZE;
}

/* Linux's fanotify_merge: an event on the same object by the same
 * process as one still queued is folded into it (its mask ORed in),
 * looking at no more than the 128 newest of its bucket. Never a
 * permission event. True when merged. */
static bool merge(struct fanotify_group *g, struct inode *ip, uint32_t mask, int pid)
{
    int n = 0;
    for (struct fanotify_event *e = g->hash[bucket(ip, pid)]; e && n < 128; e = e->h_next, n++)
        if (e->inode == ip && e->pid == pid) {
            e->mask |= mask;
            return true;
        }
    return false;
}

static void queue_append(struct fanotify_group *g, struct fanotify_event *e)
{
    e->next = NULL;
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
    g->q_len++;
    wake_up(&g->wq);
}

/* Queues e (made by the caller, holding its inode), as Linux's
 * fsnotify_insert_event: a full queue takes the overflow event instead
 * (once until read), and e is not used: false, the caller frees it.
 * A mergeable e is folded into a queued one: false too. */
static bool queue_event(struct fanotify_group *g, struct fanotify_event *e)
{
    if (g->q_len >= g->max_events) {
        if (!g->overflow_queued) {
            g->overflow_queued = true;
            queue_append(g, &g->overflow);
        }
        return false;
    }
    if (!e->perm) {
        if (merge(g, e->inode, e->mask, e->pid))
            return false;
        unsigned b = bucket(e->inode, e->pid);
        e->h_next = g->hash[b];
        g->hash[b] = e;
    }
    queue_append(g, e);
    return true;
}

/* Takes the oldest event off the queue (and its bucket). */
static struct fanotify_event *queue_take(struct fanotify_group *g)
{
    struct fanotify_event *e = g->head;
    if (!(g->head = e->next))
        g->tail = NULL;
    g->q_len--;
    if (e == &g->overflow) {
        g->overflow_queued = false;
    } else if (!e->perm) {
        for (struct fanotify_event **pp = &g->hash[bucket(e->inode, e->pid)]; *pp;
             pp = &(*pp)->h_next)
            if (*pp == e) {
                *pp = e->h_next;
                break;
            }
    }
    return e;
}

static void event_free(struct fanotify_group *g, struct fanotify_event *e)
{
    if (e == &g->overflow)
        return;
    inode_put(e->inode);
    kfree(e);
}

static struct fanotify_event *event_new(struct fanotify_group *g, struct inode *ip, uint32_t mask)
{
    struct fanotify_event *e = kzalloc(sizeof *e);
    if (!e)
        return NULL;
    inode_get(ip);
    e->inode = ip;
    e->mask = mask;
    e->pid = (g->flags & FAN_REPORT_TID) ? current->pid : current->tgid;
    e->fd = FAN_NOFD;
    wait_queue_init(&e->wq);
    return e;
}

/* ---- permission events ---- */

/* An answer for e: it leaves whichever list holds it, and its waiter (or,
 * when the waiter gave up, the event) is done with. */
static void perm_finish(struct fanotify_event *e, uint32_t response)
{
    if (e->state == FAN_EVENT_CANCELED) {
        inode_put(e->inode);
        kfree(e);
        return;
    }
    e->response = response;
    e->state = FAN_EVENT_ANSWERED;
    wake_up(&e->wq);
}

static void list_unlink(struct fanotify_event **head, struct fanotify_event *e)
{
    for (struct fanotify_event **pp = head; *pp; pp = &(*pp)->next)
        if (*pp == e) {
            *pp = e->next;
            return;
        }
}

/* Removes e from g's queue where it waits unread (not the tail's bucket:
 * a permission event has none). */
static void queue_remove(struct fanotify_group *g, struct fanotify_event *e)
{
    struct fanotify_event *prev = NULL;
    for (struct fanotify_event *x = g->head; x; prev = x, x = x->next)
        if (x == e) {
            if (prev)
                prev->next = e->next;
            else
                g->head = e->next;
            if (g->tail == e)
                g->tail = prev;
            g->q_len--;
            return;
        }
}

/* Queues a permission event for g and sleeps (killable) until it is
 * answered: 0 for FAN_ALLOW (or no room: the event is dropped, as
 * Linux), -EPERM for FAN_DENY, -ERESTARTSYS when a fatal signal came
 * first (a read event is then left to its answer, an unread one goes). */
static int perm_event(struct fanotify_group *g, struct inode *ip, uint32_t mask)
{
    struct fanotify_event *e = event_new(g, ip, mask);
    if (!e)
        return 0;
    e->perm = true;
    if (!queue_event(g, e)) {
        event_free(g, e);
        return 0;
    }
    current->killable = true;
    wait_event(&e->wq, e->state == FAN_EVENT_ANSWERED || fatal_signal_pending(current));
    current->killable = false;
    if (e->state != FAN_EVENT_ANSWERED) {
        if (e->state == FAN_EVENT_REPORTED) {
            e->state = FAN_EVENT_CANCELED;  /* freed by its answer */
            return -ERESTARTSYS;
        }
        queue_remove(g, e);
        event_free(g, e);
        return -ERESTARTSYS;
    }
    int r = (e->response & ~FAN_AUDIT) == FAN_ALLOW ? 0 : -EPERM;
    event_free(g, e);
    return r;
}

/* ---- what the notify layer calls ---- */

int fanotify_event(struct inode *ip, uint32_t mask)
{
    if (!S_ISREG(ip->i_mode) && !S_ISDIR(ip->i_mode))
        return 0;                           /* no fd to report on anything else */
    for (struct fanotify_group *g = fanotify_groups, *next; g; g = next) {
        next = g->next;
        uint32_t m = g->shutdown ? 0 : fanotify_group_mask(g, ip, mask);
        if (!m)
            continue;
        if (m & PERM_EVENTS) {
            int r = perm_event(g, ip, m);   /* sleeps: g may go meanwhile */
            if (r)
                return r;
            next = fanotify_groups;         /* start again past the groups done */
            while (next && next != g)
                next = next->next;
            next = next ? next->next : NULL;
            continue;
        }
        struct fanotify_event *e = event_new(g, ip, m);
        if (!e) {
            if (g->q_len < g->max_events && !g->overflow_queued) {
                g->overflow_queued = true;  /* no memory: as a full queue */
                queue_append(g, &g->overflow);
            }
            continue;
        }
        if (!queue_event(g, e))
            event_free(g, e);
    }
    return 0;
}

/* ---- the file ---- */

/* One event to the reader: its metadata, and a new descriptor open on the
 * object with the group's event_f_flags (not installed before the copy
 * succeeded). The bytes written, or -EMFILE, -ENFILE, -EFAULT... */
static ssize_t copy_event(struct fanotify_group *g, struct fanotify_event *e, struct iov_iter *to)
{
    struct fanotify_event_metadata md = {
        .event_len = META_LEN, .vers = FANOTIFY_METADATA_VERSION, .metadata_len = META_LEN,
        .mask = e->mask & ~(FAN_ONDIR | FAN_EVENT_ON_CHILD), .fd = FAN_NOFD, .pid = e->pid,
    };
    struct file *f = NULL;
    if (e->inode) {
        int fd = fd_alloc(0);
        if (fd < 0)
            return fd;
        inode_get(e->inode);
        int r = open_inode(e->inode, NULL, (int)(g->f_flags | __O_NONOTIFY), false, &f);
        if (r) {
            fd_unreserve(fd);
            return r;
        }
        md.fd = fd;
    }
    if (copy_to_iter(&md, META_LEN, to) != META_LEN) {
        if (f) {
            fd_unreserve(md.fd);
            file_put(f);
        }
        return -EFAULT;
    }
    if (f)
        fd_install_at(md.fd, f, g->f_flags & O_CLOEXEC);
    e->fd = md.fd;
    return META_LEN;
}

/* read(2): whole events while they fit, waiting for the first. -EINVAL
 * when the first queued one does not fit, -EAGAIN (O_NONBLOCK),
 * -ERESTARTSYS; an event whose descriptor could not be made is lost (a
 * permission event is denied) and its error returned when it is the
 * first. May sleep. */
static ssize_t fanotify_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct fanotify_group *g = f->private_data;
    ssize_t done = 0, r = 0;
    for (;;) {
        struct fanotify_event *e = g->head;
        if (!e) {
            if (done)
                break;
            if (f->f_flags & O_NONBLOCK)
                return -EAGAIN;
            if (wait_event_interruptible(&g->wq, g->head != NULL))
                return -ERESTARTSYS;
            continue;
        }
        if (META_LEN > iov_iter_count(to)) {
            r = -EINVAL;
            break;
        }
        queue_take(g);
        r = copy_event(g, e, to);
        if (!e->perm) {
            event_free(g, e);
        } else if (r < 0) {
            perm_finish(e, FAN_DENY);
        } else {
            e->state = FAN_EVENT_REPORTED;
            e->next = g->access;
            g->access = e;
        }
        if (r < 0)
            break;
        done += r;
    }
    return done && r != -EFAULT ? done : r;
}

/* write(2): a struct fanotify_response answering the permission event
 * read with fd. sizeof the response, or -EINVAL (short, a bad answer,
 * FAN_AUDIT without FAN_ENABLE_AUDIT, fd < 0), -EFAULT, -ENOENT (no such
 * event waits). */
static ssize_t fanotify_write(struct file *f, struct iov_iter *from, loff_t *pos UNUSED)
{
    struct fanotify_group *g = f->private_data;
    struct fanotify_response resp;
    if (iov_iter_count(from) < sizeof resp)
        return -EINVAL;
    if (copy_from_iter(&resp, sizeof resp, from) != sizeof resp)
        return -EFAULT;
    uint32_t how = resp.response & ~FAN_AUDIT;
    if ((how != FAN_ALLOW && how != FAN_DENY) || resp.fd < 0)
        return -EINVAL;
    if ((resp.response & FAN_AUDIT) && !(g->flags & FAN_ENABLE_AUDIT))
        return -EINVAL;
    for (struct fanotify_event *e = g->access; e; e = e->next)
        if (e->fd == resp.fd) {
            list_unlink(&g->access, e);
            perm_finish(e, resp.response);
            return sizeof resp;
        }
    return -ENOENT;
}

static unsigned fanotify_poll(struct file *f, struct poll_table *pt)
{
    struct fanotify_group *g = f->private_data;
    poll_wait(&g->wq, pt);
    return g->head ? POLLIN | POLLRDNORM : 0;
}

/* FIONREAD: the bytes reading every queued event takes; else -ENOTTY. */
static int fanotify_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct fanotify_group *g = f->private_data;
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = (int)(g->q_len * META_LEN);
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

static loff_t fanotify_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;                        /* noop_llseek, as Linux */
}

/* The last close: the group takes no more events, every permission
 * event waiting (read or not) is allowed, the marks and queue go. */
static void fanotify_release(struct inode *ip UNUSED, struct file *f)
{
    struct fanotify_group *g = f->private_data;
    g->shutdown = true;
    while (g->access) {
        struct fanotify_event *e = g->access;
        g->access = e->next;
        perm_finish(e, FAN_ALLOW);
    }
    while (g->head) {
        struct fanotify_event *e = queue_take(g);
        if (e->perm)
            perm_finish(e, FAN_ALLOW);
        else
            event_free(g, e);
    }
    fanotify_marks_destroy(g);
    for (struct fanotify_group **pp = &fanotify_groups; *pp; pp = &(*pp)->next)
        if (*pp == g) {
            *pp = g->next;
            break;
        }
    g->user->count[UC_FANOTIFY_GROUPS]--;
    notify_user_maybe_free(g->user);
    kfree(g);
}

/* fdinfo, as 6.1's fanotify_show_fdinfo: the group's flags and
 * event_f_flags, then a line per mark. */
static int fanotify_show_fdinfo(struct file *f, char *buf, int size)
{
    struct fanotify_group *g = f->private_data;
    int n = snprintf(buf, size, "fanotify flags:%x event-flags:%x\n",
                     g->flags & INIT_FLAGS, g->f_flags);
    return n + fanotify_show_marks(g, buf + n, size > n ? size - n : 0);
}

const struct file_operations fanotify_fops = {
    .read_iter = fanotify_read, .write_iter = fanotify_write, .poll = fanotify_poll,
    .ioctl = fanotify_ioctl, .lseek = fanotify_lseek, .release = fanotify_release,
    .show_fdinfo = fanotify_show_fdinfo,
};

/* Checks fanotify_init's arguments in 6.1's order: 0 or -EPERM, -EINVAL. */
static int init_check(uint32_t flags, uint32_t event_f_flags)
{
    uint32_t fid = flags & FID_BITS;
    if (!capable(CAP_SYS_ADMIN) && ((flags & ADMIN_FLAGS) || !fid))
        return -EPERM;
    if (flags & ~INIT_FLAGS)
        return -EINVAL;
    if ((flags & FAN_REPORT_PIDFD) && (flags & FAN_REPORT_TID))
        return -EINVAL;
    if ((event_f_flags & ~EVENT_F_BITS) || (event_f_flags & O_ACCMODE) == 3)
        return -EINVAL;
    if (fid && (flags & (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT)))
        return -EINVAL;
    if ((fid & FAN_REPORT_NAME) && !(fid & FAN_REPORT_DIR_FID))
        return -EINVAL;
    if ((fid & FAN_REPORT_TARGET_FID) && (!(fid & FAN_REPORT_NAME) || !(fid & FAN_REPORT_FID)))
        return -EINVAL;
    if (fid || (flags & FAN_REPORT_PIDFD))
        return -EINVAL;                     /* not done: decision 61 */
    if ((flags & (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT)) ==
        (FAN_CLASS_CONTENT | FAN_CLASS_PRE_CONTENT))
        return -EINVAL;
    if ((flags & FAN_ENABLE_AUDIT) && !capable(CAP_AUDIT_WRITE))
        return -EPERM;
    return 0;
}

/* Puts g among the groups, after those of a higher class: the order in
 * which events (and permission questions) reach them. */
static void group_link(struct fanotify_group *g)
{
    struct fanotify_group **pp = &fanotify_groups;
    while (*pp && (*pp)->priority >= g->priority)
        pp = &(*pp)->next;
    g->next = *pp;
    *pp = g;
}

/* fanotify_init(2): a new group, O_RDWR. The fd; -EPERM (no
 * CAP_SYS_ADMIN), -EINVAL, -EMFILE (descriptors, or the user's
 * max_user_groups), -ENOMEM. */
long sys_fanotify_init(uint32_t flags, uint32_t event_f_flags)
{
    int r = init_check(flags, event_f_flags);
    if (r)
        return r;
    struct notify_user *u = notify_user_get();
    if (!u)
        return -ENOMEM;
    if (u->count[UC_FANOTIFY_GROUPS] >= fanotify_max_user_groups) {
        notify_user_maybe_free(u);
        return -EMFILE;
    }
    struct fanotify_group *g = kzalloc(sizeof *g);
    int fflags = (flags & FAN_CLOEXEC ? O_CLOEXEC : 0) | (flags & FAN_NONBLOCK ? O_NONBLOCK : 0);
    struct file *f = g ? anon_inode_getfile("[fanotify]", &fanotify_fops, g, fflags) : NULL;
    if (!f) {
        kfree(g);
        notify_user_maybe_free(u);
        return -ENOMEM;
    }
    g->flags = flags;
    g->f_flags = event_f_flags;
    g->priority = flags & FAN_CLASS_PRE_CONTENT ? 2 : flags & FAN_CLASS_CONTENT ? 1 : 0;
    g->max_events = flags & FAN_UNLIMITED_QUEUE ? 0xffffffffu : fanotify_max_queued_events;
    g->overflow.mask = FAN_Q_OVERFLOW;
    g->overflow.fd = FAN_NOFD;
    g->user = u;
    u->count[UC_FANOTIFY_GROUPS]++;
    wait_queue_init(&g->wq);
    group_link(g);
    return anon_inode_install(f, fflags);   /* -EMFILE: file_put releases g */
}
