/* fanotify: a descriptor that reads what happens to marked files, each
 * event with a descriptor open on the file or, for a group made with FID
 * bits, with file identifiers (a handle, a directory's and a name), and
 * that answers permission events (fanotify_init 338; fanotify_mark 339 is
 * in fs/fanotify_mark.c). The second backend of the notify layer beside
 * inotify: fs/notify.c calls fanotify_handle() for an open, a read, a
 * write, a close, and for the changes only FID groups hear (entries made,
 * removed, moved; attributes; an inode gone); each group (highest class
 * first) whose marks want it queues an event, and a permission event puts
 * the caller to sleep until the listener answers. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "kernel/pid_namespace.h"
#include "fs/notify.h"
#include "fs/fanotify.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

#define META_LEN ((uint32_t)sizeof(struct fanotify_event_metadata))   /* 24 */
#define PERM_EVENTS (FAN_OPEN_PERM | FAN_ACCESS_PERM | FAN_OPEN_EXEC_PERM)
#define DIRENT_EVENTS (FAN_MOVE | FAN_CREATE | FAN_DELETE | FAN_RENAME)
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

/* An event's merge bucket: its object (the descriptor's inode, or the
 * identifiers) and pid, as Linux's hash. */
static unsigned bucket(const struct fanotify_event *e)
{
    uint32_t key = e->type == FAN_EV_PATH ? (uint32_t)e->inode >> 6 : e->obj * 31 + e->dir * 17 + e->dir2;
    return (key ^ (uint32_t)e->pid) % FAN_HASH_SIZE;
}

static bool same_name(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Linux's fanotify_should_merge: the same process, both about a
 * directory or neither, both FAN_RENAME or neither, and the same object:
 * the same inode; the same identifier; the same directory (a name event
 * needs one), names and child. */
static bool should_merge(const struct fanotify_event *o, const struct fanotify_event *n)
{
    if (o->type != n->type || o->pid != n->pid || ((o->mask ^ n->mask) & (FAN_ONDIR | FAN_RENAME)))
        return false;
    if (o->type == FAN_EV_PATH)
        return o->inode == n->inode;
    if (o->type == FAN_EV_FID)
        return o->obj && o->fsid == n->fsid && o->obj == n->obj;
    return o->dir && o->fsid == n->fsid && o->dir == n->dir && o->dir2 == n->dir2 && o->obj == n->obj &&
           same_name(o->name, n->name) && same_name(o->name2, n->name2);
}

/* Linux's fanotify_merge: an event that should merge with one still
 * queued is folded into it (its mask ORed in), looking at no more than
 * the 128 newest of its bucket. Never a permission event. True when
 * merged. */
static bool merge(struct fanotify_group *g, struct fanotify_event *n)
{
    int i = 0;
    for (struct fanotify_event *e = g->hash[bucket(n)]; e && i < 128; e = e->h_next, i++)
        if (should_merge(e, n)) {
            e->mask |= n->mask;
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
        if (merge(g, e))
            return false;
        unsigned b = bucket(e);
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
        for (struct fanotify_event **pp = &g->hash[bucket(e)]; *pp;
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

/* A new event of g, with extra bytes after it (a name event's names). */
static struct fanotify_event *event_alloc(struct fanotify_group *g, uint32_t mask, size_t extra)
{
    struct fanotify_event *e = kzalloc(sizeof *e + extra);
    if (!e)
        return NULL;
    e->mask = mask;
    e->pid = (g->flags & FAN_REPORT_TID) ? current->pid : current->tgid;
    e->fd = FAN_NOFD;
    wait_queue_init(&e->wq);
    return e;
}

/* A group without FID bits: the event holds its object, for the
 * descriptor a reader gets. */
static struct fanotify_event *event_new(struct fanotify_group *g, struct inode *ip, uint32_t mask)
{
    struct fanotify_event *e = event_alloc(g, mask, 0);
    if (!e)
        return NULL;
    inode_get(ip);
    e->inode = ip;
    return e;
}

/* What a FID group g reports of ev (mask: its events, with FAN_ONDIR;
 * saw and parent: fanotify_group_mask's), as 6.1's fanotify_alloc_event:
 * the object's identifier, or a directory's with the entry's name and
 * the child's (FAN_REPORT_TARGET_FID, or FAN_REPORT_FID on a child's
 * event), the new directory and name of a FAN_RENAME as its marks asked.
 * The directory of a child's event is the watching parent, else one
 * holding it (decision 61). NULL: nothing to report (a group without
 * FAN_REPORT_FID and no directory to tell), or no memory (*nomem). */
static struct fanotify_event *fid_event_new(struct fanotify_group *g, const struct fsnotify_event *ev,
                                            uint32_t mask, uint32_t saw, struct inode *parent, bool *nomem)
{
    uint32_t fid = g->flags & FID_BITS, dir = 0, dir2 = 0, child = 0;
    bool ondir = mask & FAN_ONDIR, dirent = ev->kind == FSN_DIRENT, name_event = false;
    const char *name = NULL, *name2 = NULL;
    char pname[NAME_MAX_K + 1];
    if (dirent) {
        dir = ev->dir->i_ino;
        name = ev->name;
    } else if (ev->kind != FSN_SELF && !ev->isdir && (fid & FAN_REPORT_DIR_FID)) {
        struct inode *held = NULL;
        if (parent && ramfs_name_in(parent, ev->inode, pname) == 0)
            dir = parent->i_ino, name = pname;
        else if (ramfs_find_name(ev->inode, &held, pname) == 0)
            dir = held->i_ino, name = pname;
        inode_put(held);
    }
    if (!(fid & FAN_REPORT_FID) && !dir && !ondir)
        return NULL;
    uint32_t id = dirent && !(fid & FAN_REPORT_TARGET_FID) ? dir : ev->ino;
    uint32_t dirid = dirent ? dir : ev->isdir ? ev->ino : dir;
    if ((fid & FAN_REPORT_DIR_FID) && dirid) {
        bool with_child = dirent ? (fid & FAN_REPORT_TARGET_FID) : (fid & FAN_REPORT_FID) && !ondir;
        if (with_child && id != dirid)
            child = id;
        id = dirid;
        if (!(fid & FAN_REPORT_NAME)) {
            name_event = child;
            name = NULL;
        } else if (dirent || !ondir) {
            name_event = true;
        }
        if (ev->mask & FAN_RENAME) {        /* the old and new places, as the marks asked */
            if (!(saw & (FAN_SAW_SB | FAN_SAW_INODE)))
                dirid = 0, name = NULL;
            if (saw & (FAN_SAW_SB | FAN_SAW_INODE2))
                dir2 = ev->dir2->i_ino, name2 = ev->name2;
        }
    }
    name_event = name_event && (name || dir2 || child);
    size_t l1 = name_event && name ? strlen(name) + 1 : 0, l2 = name_event && name2 ? strlen(name2) + 1 : 0;
    struct fanotify_event *e = event_alloc(g, mask, l1 + l2);
    if (!e) {
        *nomem = true;
        return NULL;
    }
    e->fsid = ev->dev;                      /* statfs's f_fsid */
    if (!name_event) {
        e->type = FAN_EV_FID;
        e->obj = id;
        return e;
    }
    e->type = FAN_EV_NAME;
    e->dir = dirid;
    e->dir2 = dir2;
    e->obj = child;
    char *p = (char *)(e + 1);
    if (l1)
        e->name = memcpy(p, name, l1);
    if (l2)
        e->name2 = memcpy(p + l1, name2, l2);
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

int fanotify_handle(const struct fsnotify_event *ev)
{
    struct inode *ip = ev->inode;
    /* A descriptor for a path event on a file or directory; identifiers
     * for the ramfs's objects (fs/fhandle.c's). */
    bool fd_ok = ev->kind == FSN_PATH && (S_ISREG(ip->i_mode) || S_ISDIR(ip->i_mode));
    bool fid_ok = ev->kind == FSN_DIRENT || ramfs_inode(ip);
    for (struct fanotify_group *g = fanotify_groups, *next; g; g = next) {
        next = g->next;
        bool fid = g->flags & FID_BITS;
        uint32_t saw = 0, m = 0;
        struct inode *parent = NULL;
        if (!g->shutdown && (fid ? fid_ok : fd_ok))
            m = fanotify_group_mask(g, ev, &saw, &parent);
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
        bool nomem = !fid;
        struct fanotify_event *e = fid ? fid_event_new(g, ev, m, saw, parent, &nomem) : event_new(g, ip, m);
        if (!e) {
            if (nomem && g->q_len < g->max_events && !g->overflow_queued) {
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

int fanotify_event(struct inode *ip, uint32_t mask)
{
    struct fsnotify_event ev = {
        .kind = FSN_PATH, .mask = mask, .inode = ip, .ino = ip->i_ino, .dev = ip->i_dev,
        .isdir = S_ISDIR(ip->i_mode),
    };
    return fanotify_handle(&ev);
}

/* ---- the file ---- */

/* The bytes of an info record with a file handle and maybe a name (6.1's
 * fanotify_fid_info_len): the header, the struct file_handle, the name
 * and its NUL, to a multiple of 4. */
static uint32_t fid_info_len(const char *name)
{
    uint32_t n = sizeof(struct fanotify_event_info_fid) + 8 + FH_BYTES + (name ? strlen(name) + 1 : 0);
    return (n + 3) & ~3u;
}

/* What reading e takes in g, as 6.1's fanotify_event_len: the metadata,
 * and for a FID group the directory records (a name event's) and the
 * object's (named "." for a directory's own event with FAN_REPORT_NAME). */
static uint32_t event_len(struct fanotify_group *g, const struct fanotify_event *e)
{
    uint32_t len = META_LEN;
    const char *dot = NULL;
    if (e->type == FAN_EV_PATH)
        return len;
    if (e->type == FAN_EV_NAME && (e->dir || e->dir2)) {
        if (e->dir)
            len += fid_info_len(e->name);
        if (e->dir2)
            len += fid_info_len(e->name2);
    } else if ((g->flags & FAN_REPORT_NAME) && (e->mask & FAN_ONDIR)) {
        dot = ".";
    }
    return e->obj ? len + fid_info_len(dot) : len;
}

/* Copies one info record (struct fanotify_event_info_fid, the handle of
 * inode number ino, name) to the reader: its length, or -EFAULT. */
static ssize_t copy_fid_info(struct iov_iter *to, int type, uint32_t fsid, uint32_t ino, const char *name)
{
    char buf[sizeof(struct fanotify_event_info_fid) + 8 + FH_BYTES + NAME_MAX_K + 4];
    uint32_t len = fid_info_len(name);
    memset(buf, 0, len);
    struct fanotify_event_info_fid *info = (void *)buf;
    info->hdr.info_type = type;
    info->hdr.len = len;
    info->fsid.val[0] = (int)fsid;
    struct { uint32_t bytes; int32_t type; uint32_t words[FH_BYTES / 4]; } *fh = (void *)info->handle;
    fh->type = fh_encode(ino, fh->words);
    fh->bytes = FH_BYTES;
    if (name)
        memcpy((char *)(fh + 1), name, strlen(name));
    return copy_to_iter(buf, len, to) == len ? (ssize_t)len : -EFAULT;
}

/* A FID group's records of e, in 6.1's order and types
 * (copy_info_records_to_user): the directory and name, FAN_RENAME's new
 * directory and name, then the object (or child). Bytes, or -EFAULT. */
static ssize_t copy_fid_records(struct fanotify_group *g, const struct fanotify_event *e, struct iov_iter *to)
{
    uint32_t fid = g->flags & FID_BITS;
    ssize_t n = 0, r;
    int type = 0;
    if (e->type == FAN_EV_NAME && e->dir) {
        type = e->mask & FAN_RENAME ? FAN_EVENT_INFO_TYPE_OLD_DFID_NAME :
               e->name ? FAN_EVENT_INFO_TYPE_DFID_NAME : FAN_EVENT_INFO_TYPE_DFID;
        if ((r = copy_fid_info(to, type, e->fsid, e->dir, e->name)) < 0)
            return r;
        n += r;
    }
    if (e->type == FAN_EV_NAME && e->dir2) {
        type = FAN_EVENT_INFO_TYPE_NEW_DFID_NAME;
        if ((r = copy_fid_info(to, type, e->fsid, e->dir2, e->name2)) < 0)
            return r;
        n += r;
    }
    if (!e->obj)
        return n;
    const char *dot = NULL;
    if (fid == FAN_REPORT_FID || type) {
        type = FAN_EVENT_INFO_TYPE_FID;
    } else if ((fid & FAN_REPORT_NAME) && (e->mask & FAN_ONDIR)) {
        type = FAN_EVENT_INFO_TYPE_DFID_NAME;   /* a directory's own event: "." */
        dot = ".";
    } else if (e->mask & (DIRENT_EVENTS | FAN_ONDIR)) {
        type = FAN_EVENT_INFO_TYPE_DFID;
    } else {
        type = FAN_EVENT_INFO_TYPE_FID;     /* a file's, no directory to tell */
    }
    if ((r = copy_fid_info(to, type, e->fsid, e->obj, dot)) < 0)
        return r;
    return n + r;
}

/* One event to the reader: its metadata and, for a group without FID
 * bits, a new descriptor open on the object with the group's
 * event_f_flags (not installed before the copy succeeded); a FID group's
 * records. The bytes written, or -EMFILE, -ENFILE, -EFAULT... */
static ssize_t copy_event(struct fanotify_group *g, struct fanotify_event *e, struct iov_iter *to)
{
    struct fanotify_event_metadata md = {
        .event_len = event_len(g, e), .vers = FANOTIFY_METADATA_VERSION, .metadata_len = META_LEN,
        .mask = e->mask & ~FAN_EVENT_ON_CHILD, .fd = FAN_NOFD, .pid = pid_vnr(e->pid),
    };
    if (g->unpriv && e->pid != current->tgid)
        md.pid = 0;                         /* others' pids are not an unprivileged reader's */
    struct file *f = NULL;
    if (e->type == FAN_EV_PATH && e->inode) {
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
    if (copy_to_iter(&md, META_LEN, to) != META_LEN ||
        (e->type != FAN_EV_PATH && copy_fid_records(g, e, to) < 0)) {
        if (f) {
            fd_unreserve(md.fd);
            file_put(f);
        }
        return -EFAULT;
    }
    if (f)
        fd_install_at(md.fd, f, g->f_flags & O_CLOEXEC);
    e->fd = md.fd;
    return md.event_len;
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
        if (event_len(g, e) > iov_iter_count(to)) {
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
    if (flags & FAN_REPORT_PIDFD)
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
    g->unpriv = !capable(CAP_SYS_ADMIN);    /* inode marks only; no pids but its own */
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
