/* inotify: a descriptor that reads what happens to watched files and
 * directories (inotify_init 291, inotify_init1 332, inotify_add_watch 292,
 * inotify_rm_watch 293). An instance (Linux's fsnotify_group) is a queue
 * of events with a wait queue; a watch (Linux's inotify_inode_mark) ties
 * an instance to an inode with the events it wants, and sits on two
 * lists: the inode's (i_watches, which fs/notify.c looks at) and the
 * instance's. The notify layer (fs/notify.c) calls in here with an event
 * for an inode; this file finds the watches that want it and queues. */
#include "kernel/kernel.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "fs/notify.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <asm/ioctls.h>

/* Every bit add_watch accepts (Linux's ALL_INOTIFY_BITS); a mask needs
 * one of them and no other. What a watch keeps: events and two flags. */
#define ALL_INOTIFY_BITS (IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR | \
                          IN_DONT_FOLLOW | IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD |     \
                          IN_ISDIR | IN_ONESHOT)
#define WATCH_KEEPS      (IN_ALL_EVENTS | IN_EXCL_UNLINK | IN_ONESHOT)
#define EVENT_SIZE       ((uint32_t)sizeof(struct inotify_event))   /* 16 */

/* /proc/sys/fs/inotify (fs/proc.c). max_user_watches as Linux sizes it
 * for a machine of Pipit's memory: its floor, 8192. */
uint32_t inotify_max_queued_events = 16384;
uint32_t inotify_max_user_instances = 128;
uint32_t inotify_max_user_watches = 8192;

struct inotify_kevent {                     /* one queued event */
    struct inotify_kevent *next;
    int wd;
    uint32_t mask, cookie;
    uint32_t len;                           /* the name and its NULs: 0 or a multiple of 16 */
    char name[];
};

struct inotify_group {
    struct inotify_watch *watches;          /* newest first, the order fdinfo shows */
    struct inotify_kevent *head, *tail;     /* the queue, oldest first */
    uint32_t q_len;                         /* events queued, the overflow one included */
    uint32_t q_bytes;                       /* what reading them all takes (FIONREAD) */
    uint32_t max_events;                    /* max_queued_events when it was made */
    struct inotify_kevent overflow;         /* IN_Q_OVERFLOW: made at init, queued at most once */
    bool overflow_queued;
    int last_wd;                            /* the wd given last: the next is above it */
    struct notify_user *user;
    struct wait_queue wq;                   /* readers and pollers */
};

struct inotify_watch {
    struct inotify_watch *i_next;           /* the inode's watches */
    struct inotify_watch *g_next;           /* the instance's watches */
    struct inotify_watch *d_next;           /* on dir_watches, when the inode is a directory */
    struct inode *inode;
    struct inotify_group *group;
    int wd;
    uint32_t mask;                          /* WATCH_KEEPS bits */
    bool pinned;                            /* holds an inode reference (not a ramfs inode) */
};

static struct inotify_watch *dir_watches;   /* every watch on a directory */
int inotify_dir_watches;                    /* how many: fs/notify.h's test */


/* ---- the queue ---- */

/* Linux's inotify_merge: an event equal to the last one queued (mask, wd,
 * name; the cookie is not compared) is not queued again. */
static bool same_as_last(struct inotify_group *g, int wd, uint32_t mask, const char *name)
{
    struct inotify_kevent *t = g->tail;
    if (!t || (t->mask & IN_IGNORED) || t->mask != mask || t->wd != wd)
        return false;
    return name ? t->len && !strcmp(t->name, name) : !t->len;
}

static void queue_append(struct inotify_group *g, struct inotify_kevent *e)
{
    e->next = NULL;
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
    g->q_len++;
    g->q_bytes += EVENT_SIZE + e->len;
    wake_up(&g->wq);
}

/* Queues one event, as Linux's fsnotify_add_event: a full queue (or no
 * memory) gets the overflow event instead, once until it is read. Does
 * not sleep. */
static void queue_event(struct inotify_group *g, int wd, uint32_t mask, uint32_t cookie,
                        const char *name)
{
    if (g->q_len < g->max_events && !same_as_last(g, wd, mask, name)) {
        size_t n = name ? strlen(name) : 0;
        uint32_t len = n ? (uint32_t)(n + EVENT_SIZE) / EVENT_SIZE * EVENT_SIZE : 0;
        struct inotify_kevent *e = kzalloc(sizeof *e + len);   /* the NULs after the name */
        if (e) {
            e->wd = wd;
            e->mask = mask;
            e->cookie = cookie;
            e->len = len;
            if (n)
                memcpy(e->name, name, n);
            queue_append(g, e);
            return;
        }
    } else if (g->q_len < g->max_events) {
        return;                             /* merged */
    }
    if (!g->overflow_queued) {
        g->overflow_queued = true;
        queue_append(g, &g->overflow);
    }
}

/* Takes the oldest event off the queue; the caller frees it (unless it is
 * the overflow event, which stays in the group). */
static struct inotify_kevent *queue_take(struct inotify_group *g)
{
    struct inotify_kevent *e = g->head;
    if (!(g->head = e->next))
        g->tail = NULL;
    g->q_len--;
    g->q_bytes -= EVENT_SIZE + e->len;
    if (e == &g->overflow)
        g->overflow_queued = false;
    return e;
}

static void event_free(struct inotify_group *g, struct inotify_kevent *e)
{
    if (e != &g->overflow)
        kfree(e);
}

/* ---- watches ---- */

static void list_remove(struct inotify_watch **head, struct inotify_watch *w, size_t link)
{
    for (struct inotify_watch **pp = head; *pp;
         pp = (struct inotify_watch **)((char *)*pp + link))
        if (*pp == w) {
            *pp = *(struct inotify_watch **)((char *)w + link);
            return;
        }
}

/* Takes w off its three lists and frees it; `ignored`: tells its
 * instance with IN_IGNORED (not when the instance itself is closing). */
static void watch_destroy(struct inotify_watch *w, bool ignored)
{
    struct inotify_group *g = w->group;
    struct inode *ip = w->inode;
    list_remove(&ip->i_watches, w, offsetof(struct inotify_watch, i_next));
    list_remove(&g->watches, w, offsetof(struct inotify_watch, g_next));
    if (S_ISDIR(ip->i_mode)) {
        list_remove(&dir_watches, w, offsetof(struct inotify_watch, d_next));
        inotify_dir_watches--;
    }
    if (ignored)
        queue_event(g, w->wd, IN_IGNORED, 0, NULL);
    g->user->count[UC_INOTIFY_WATCHES]--;
    bool pinned = w->pinned;
    kfree(w);
    if (pinned)
        inode_put(ip);                      /* may free ip: nothing of w is left to touch */
}

/* One event to one watch, if the watch wants it (the event's type is in
 * its mask); an IN_ONESHOT watch then goes. */
static void watch_event(struct inotify_watch *w, uint32_t mask, const char *name,
                        uint32_t cookie, bool unlinked)
{
    if (!(mask & w->mask & IN_ALL_EVENTS))
        return;
    if (unlinked && (w->mask & IN_EXCL_UNLINK))
        return;
    if (mask & (IN_MOVE_SELF | IN_DELETE_SELF))
        mask &= ~IN_ISDIR;                  /* inotify never said it on these */
    queue_event(w->group, w->wd, mask, cookie, name);
    if (w->mask & IN_ONESHOT)
        watch_destroy(w, true);
}

void inotify_inode_event(struct inode *ip, uint32_t mask, const char *name, uint32_t cookie,
                         bool unlinked)
{
    for (struct inotify_watch *w = ip->i_watches, *next; w; w = next) {
        next = w->i_next;                   /* w may go (IN_ONESHOT) */
        watch_event(w, mask, name, cookie, unlinked);
    }
}

void inotify_parent_event(struct inode *child, uint32_t mask)
{
    char name[NAME_MAX_K + 1];
    for (struct inotify_watch *w = dir_watches, *next; w; w = next) {
        next = w->d_next;
        if ((mask & w->mask & IN_ALL_EVENTS) && ramfs_name_in(w->inode, child, name) == 0)
            watch_event(w, mask, name, 0, false);
    }
}

void inotify_inode_gone(struct inode *ip)
{
    while (ip->i_watches)
        watch_destroy(ip->i_watches, true);
}

void inotify_inode_unmount(struct inode *ip)
{
    while (ip->i_watches) {
        struct inotify_watch *w = ip->i_watches;
        queue_event(w->group, w->wd, IN_UNMOUNT | (S_ISDIR(ip->i_mode) ? IN_ISDIR : 0), 0, NULL);
        watch_destroy(w, true);
    }
}

static struct inotify_watch *watch_find_wd(struct inotify_group *g, int wd)
{
    struct inotify_watch *w = g->watches;
    while (w && w->wd != wd)
        w = w->g_next;
    return w;
}

/* The next watch descriptor, as Linux's idr_alloc_cyclic: above the last
 * one given, from 1, wrapping past INT_MAX, skipping those in use. */
static int wd_alloc(struct inotify_group *g)
{
    int wd = g->last_wd;
    do
        wd = wd == 0x7fffffff ? 1 : wd + 1;
    while (watch_find_wd(g, wd));
    return g->last_wd = wd;
}

/* ---- the file ---- */

static const struct file_operations inotify_fops;

/* read(2): as many whole events as fit, waiting for one while none is
 * queued. -EINVAL when the first does not fit, -EAGAIN (O_NONBLOCK),
 * -ERESTARTSYS, -EFAULT (the event is lost, as on Linux). May sleep. */
static ssize_t inotify_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct inotify_group *g = f->private_data;
    size_t room = iov_iter_count(to);
    ssize_t done = 0;
    for (;;) {
        struct inotify_kevent *e = g->head;
        if (!e) {
            if (done)
                return done;
            if (f->f_flags & O_NONBLOCK)
                return -EAGAIN;
            if (wait_event_interruptible(&g->wq, g->head != NULL))
                return -ERESTARTSYS;
            continue;
        }
        if (EVENT_SIZE + e->len > room - (size_t)done)
            return done ? done : -EINVAL;
        queue_take(g);
        struct inotify_event hdr = { e->wd, e->mask, e->cookie, e->len };
        bool ok = copy_to_iter(&hdr, EVENT_SIZE, to) == EVENT_SIZE &&
                  copy_to_iter(e->name, e->len, to) == e->len;
        done += EVENT_SIZE + e->len;
        event_free(g, e);
        if (!ok)
            return -EFAULT;
    }
}

/* POLLIN while an event is queued. */
static unsigned inotify_poll(struct file *f, struct poll_table *pt)
{
    struct inotify_group *g = f->private_data;
    poll_wait(&g->wq, pt);
    return g->head ? POLLIN | POLLRDNORM : 0;
}

/* FIONREAD: the bytes reading every queued event takes;
 * INOTIFY_IOC_SETNEXTWD (CONFIG_CHECKPOINT_RESTORE): the next watch
 * descriptor is looked for from arg (1 .. INT_MAX, else -EINVAL). */
static int inotify_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct inotify_group *g = f->private_data;
    if (cmd == INOTIFY_IOC_SETNEXTWD) {
        if (arg < 1 || arg > 0x7fffffff)
            return -EINVAL;
        g->last_wd = (int)arg - 1;
        return 0;
    }
    if (cmd != FIONREAD)
        return -ENOTTY;
    int n = (int)g->q_bytes;
    return copy_to_user((void *)arg, &n, sizeof n) ? -EFAULT : 0;
}

static loff_t inotify_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;                        /* noop_llseek, as Linux */
}

/* The last close: every watch goes without IN_IGNORED, then the queue. */
static void inotify_release(struct inode *ip UNUSED, struct file *f)
{
    struct inotify_group *g = f->private_data;
    while (g->watches)
        watch_destroy(g->watches, false);
    while (g->head)
        event_free(g, queue_take(g));
    g->user->count[UC_INOTIFY_INSTANCES]--;
    notify_user_maybe_free(g->user);
    kfree(g);
}

/* fdinfo: a line per watch, newest first, as Linux 6.1 (sdev is the
 * kernel's dev_t) with tmpfs's file handle (12 bytes, type 1: generation
 * 0, then the inode number's two 32-bit halves). */
static int inotify_show_fdinfo(struct file *f, char *buf, int size)
{
    struct inotify_group *g = f->private_data;
    int n = 0;
    for (struct inotify_watch *w = g->watches; w; w = w->g_next) {
        uint32_t ino = w->inode->i_ino;
        n += snprintf(buf + n, size > n ? size - n : 0,
                      "inotify wd:%x ino:%x sdev:%x mask:%x ignored_mask:0 "
                      "fhandle-bytes:c fhandle-type:1 f_handle:00000000%02x%02x%02x%02x00000000\n",
                      w->wd, ino, w->inode->i_dev, w->mask,
                      ino & 0xff, (ino >> 8) & 0xff, (ino >> 16) & 0xff, ino >> 24);
    }
    return n;
}

static const struct file_operations inotify_fops = {
    .read_iter = inotify_read, .poll = inotify_poll, .ioctl = inotify_ioctl,
    .lseek = inotify_lseek, .release = inotify_release, .show_fdinfo = inotify_show_fdinfo,
};

/* inotify_init1(2): a new instance, read-only. -EINVAL for flags other
 * than IN_CLOEXEC and IN_NONBLOCK, -EMFILE (descriptors, or the user's
 * max_user_instances), -ENOMEM. */
long sys_inotify_init1(int flags)
{
    if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
        return -EINVAL;
    struct notify_user *u = notify_user_get();
    if (!u)
        return -ENOMEM;
    if (u->count[UC_INOTIFY_INSTANCES] >= inotify_max_user_instances) {
        notify_user_maybe_free(u);
        return -EMFILE;
    }
    struct inotify_group *g = kzalloc(sizeof *g);
    struct file *f = g ? anon_inode_getfile("inotify", &inotify_fops, g, flags) : NULL;
    if (!f) {
        kfree(g);
        notify_user_maybe_free(u);
        return -ENOMEM;
    }
    f->f_mode = FMODE_READ;
    f->f_flags = O_RDONLY | (flags & O_NONBLOCK);
    g->max_events = inotify_max_queued_events;
    g->overflow.wd = -1;
    g->overflow.mask = IN_Q_OVERFLOW;
    g->user = u;
    u->count[UC_INOTIFY_INSTANCES]++;
    wait_queue_init(&g->wq);
    return anon_inode_install(f, flags);   /* -EMFILE: file_put releases g */
}

long sys_inotify_init(void)
{
    return sys_inotify_init1(0);
}

/* The instance behind fd: -EBADF, or -EINVAL for another kind of file. */
static struct inotify_group *group_of(int fd, long *err)
{
    struct file *f = fget(fd);
    *err = !f ? -EBADF : f->f_op != &inotify_fops ? -EINVAL : 0;
    return *err ? NULL : f->private_data;
}

/* A watch for ip in g, or g's watch on it changed (IN_MASK_ADD adds to
 * its mask, else the mask is replaced). The wd, or -EEXIST
 * (IN_MASK_CREATE), -ENOSPC (max_user_watches), -ENOMEM. */
static long watch_update(struct inotify_group *g, struct inode *ip, uint32_t mask)
{
    struct inotify_watch *w = ip->i_watches;
    while (w && w->group != g)
        w = w->i_next;
    if (w) {
        if (mask & IN_MASK_CREATE)
            return -EEXIST;
        w->mask = (mask & IN_MASK_ADD ? w->mask : 0) | (mask & WATCH_KEEPS);
        return w->wd;
    }
    if (!(w = kzalloc(sizeof *w)))
        return -ENOMEM;
    w->wd = wd_alloc(g);                    /* taken before the limit: a refusal uses it up */
    if (g->user->count[UC_INOTIFY_WATCHES] >= inotify_max_user_watches) {
        kfree(w);
        return -ENOSPC;
    }
    w->inode = ip;
    w->group = g;
    w->mask = mask & WATCH_KEEPS;
    /* A ramfs inode lives while it has a name or a user; its watch does
     * not keep it (its freeing says IN_DELETE_SELF). Others (/proc's,
     * made per lookup; a pipe's, a socket's) are held, as Linux's marks
     * hold every inode. */
    w->pinned = !ramfs_inode(ip);
    if (w->pinned)
        inode_get(ip);
    w->i_next = ip->i_watches;
    ip->i_watches = w;
    w->g_next = g->watches;
    g->watches = w;
    if (S_ISDIR(ip->i_mode)) {
        w->d_next = dir_watches;
        dir_watches = w;
        inotify_dir_watches++;
    }
    g->user->count[UC_INOTIFY_WATCHES]++;
    return w->wd;
}

/* inotify_add_watch(2): watches path (followed unless IN_DONT_FOLLOW) for
 * the events of mask. The wd; -EINVAL (bad mask, IN_MASK_ADD with
 * IN_MASK_CREATE, not an inotify fd), -EBADF, -EFAULT, -ENOENT,
 * -ENOTDIR (IN_ONLYDIR), -EACCES (no read permission), -EEXIST, -ENOSPC. */
long sys_inotify_add_watch(int fd, const char *upath, uint32_t mask)
{
    if (!(mask & ALL_INOTIFY_BITS) || (mask & ~ALL_INOTIFY_BITS))
        return -EINVAL;
    long r;
    struct inotify_group *g = group_of(fd, &r);   /* -EBADF before the flags, as Linux */
    if (!g && r == -EBADF)
        return r;
    if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
        return -EINVAL;
    if (!g)
        return r;
    char *path = getname(upath);
    if (IS_ERR_PTR(path))
        return PTR_ERR(path);
    struct inode *ip;
    r = namei_at(AT_FDCWD, path, mask & IN_DONT_FOLLOW ? 0 : LOOKUP_FOLLOW, &ip);
    putname(path);
    if (r)
        return r;
    if ((mask & IN_ONLYDIR) && !S_ISDIR(ip->i_mode))
        r = -ENOTDIR;
    else if (!(r = inode_permission(ip, MAY_READ)))
        r = watch_update(g, ip, mask);
    inode_put(ip);
    return r;
}

/* inotify_rm_watch(2): the watch wd goes; IN_IGNORED is queued. -EBADF,
 * -EINVAL (not an inotify fd, no such wd). */
long sys_inotify_rm_watch(int fd, int wd)
{
    long r;
    struct inotify_group *g = group_of(fd, &r);
    if (!g)
        return r;
    struct inotify_watch *w = watch_find_wd(g, wd);
    if (!w)
        return -EINVAL;
    watch_destroy(w, true);
    return 0;
}
