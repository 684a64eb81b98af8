/* epoll_create, epoll_ctl and the life of an eventpoll (see eventpoll.h).
 * Each watched file's poll() is called once, at EPOLL_CTL_ADD, with a poll
 * table whose queue procedure hangs a callback entry on every wait queue
 * the file names; a wake-up there runs ep_poll_callback, which puts the
 * item on the ready list and wakes the epoll's waiters. epoll_wait then
 * visits only the ready list (eventpoll_wait.c). */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventpoll.h"

/* Linux's default: 4% of low memory, in items of its size. */
uint32_t epoll_max_user_watches;
static struct ep_user *ep_users;

static struct ep_user *ep_user_get(uint32_t uid)
{
    struct ep_user *u;
    for (u = ep_users; u; u = u->next)
        if (u->uid == uid)
            break;
    if (!u && (u = kzalloc(sizeof *u))) {
        u->uid = uid;
        u->next = ep_users;
        ep_users = u;
    }
    if (u)
        u->epolls++;
    return u;
}

static void ep_user_put(struct ep_user *u)
{
    if (--u->epolls)
        return;
    for (struct ep_user **pp = &ep_users; *pp; pp = &(*pp)->next)
        if (*pp == u) {
            *pp = u->next;
            kfree(u);
            return;
        }
}

/* Links epi on the ready list if it is not there and wakes the epoll's
 * waiters and pollers. Callable with interrupts on or off. Returns
 * whether a task in epoll_wait was there to wake. */
static bool ep_link_ready(struct eventpoll *ep, struct epitem *epi)
{
    uint32_t f = irq_save();
    if (!ep_is_linked(epi))
        ep_list_add_tail(&epi->rdllink, &ep->rdllist);
    bool waiters = ep->wq.head != NULL;
    if (waiters)
        wake_up(&ep->wq);
    if (ep->poll_wait.head)
        wake_up_poll(&ep->poll_wait, EPOLLIN);   /* pollers, and epolls watching this one */
    irq_restore(f);
    return waiters;
}

void ep_queue_ready(struct eventpoll *ep, struct epitem *epi)
{
    ep_link_ready(ep, epi);
}

/* The wake-up callback on a watched file's queue (Linux's
 * ep_poll_callback): a disarmed (oneshot) item and a key the item does not
 * want are ignored; else the item becomes ready. Interrupts are off. An
 * exclusive item counts as having woken someone only when a waiter was
 * there and the key is of its kind. */
static int ep_poll_callback(struct wait_entry *wait, unsigned key)
{
    struct epitem *epi = ep_entry(wait, struct eppoll_entry, wait)->base;
    uint32_t ev = epi->event.events;
    if (!(ev & ~EP_PRIVATE_BITS) || (key && !(key & ev)))
        return !(ev & EPOLLEXCLUSIVE);
    bool waiters = ep_link_ready(epi->ep, epi);
    if (!(ev & EPOLLEXCLUSIVE))
        return 1;
    switch (key & (EPOLLIN | EPOLLOUT)) {
    case EPOLLIN:  return waiters && (ev & EPOLLIN);
    case EPOLLOUT: return waiters && (ev & EPOLLOUT);
    case 0:        return waiters;
    }
    return 0;
}

struct ep_pqueue {
    struct poll_table pt;
    struct epitem *epi;                     /* NULL once an allocation failed */
};

/* The poll table's queue procedure at EPOLL_CTL_ADD: one callback entry
 * on wq for the item. */
static void ep_ptable_queue_proc(struct wait_queue *wq, struct poll_table *pt)
{
    struct ep_pqueue *epq = ep_entry(pt, struct ep_pqueue, pt);
    struct epitem *epi = epq->epi;
    if (!epi)
        return;
    struct eppoll_entry *pwq = kzalloc(sizeof *pwq);
    if (!pwq) {
        epq->epi = NULL;
        return;
    }
    pwq->base = epi;
    pwq->whead = wq;
    wait_add_callback(wq, &pwq->wait, ep_poll_callback, epi->event.events & EPOLLEXCLUSIVE);
    pwq->next = epi->pwqlist;
    epi->pwqlist = pwq;
}

/* The order of the interest list, Linux's (its red-black tree's key):
 * by the file's address, then by descriptor. <0, 0 or >0 as epi comes
 * before, at or after (f, fd). */
static int ep_cmp_ffd(const struct epitem *epi, const struct file *f, int fd)
{
    if (epi->file != f)
        return (uintptr_t)epi->file < (uintptr_t)f ? -1 : 1;
    return epi->fd - fd;
}

/* The item for (f, fd), or NULL; *after is set to the item it would
 * follow in the list's order (&ep->items: the front). */
static struct epitem *ep_find_at(struct eventpoll *ep, struct file *f, int fd, struct ep_list **after)
{
    *after = &ep->items;
    for (struct ep_list *l = ep->items.next; l != &ep->items; l = l->next) {
        struct epitem *epi = ep_entry(l, struct epitem, itlink);
        int c = ep_cmp_ffd(epi, f, fd);
        if (c == 0)
            return epi;
        if (c > 0)
            break;
        *after = l;
    }
    return NULL;
}

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
    struct ep_list *after;
    return ep_find_at(ep, f, fd, &after);
}

/* Takes epi out of everything: the files' wait queues, the file's list of
 * watchers, the interest and ready lists; frees it. Does not sleep. */
void ep_remove(struct eventpoll *ep, struct epitem *epi)
{
    while (epi->pwqlist) {
        struct eppoll_entry *pwq = epi->pwqlist;
        epi->pwqlist = pwq->next;
        wait_remove(pwq->whead, &pwq->wait);
        kfree(pwq);
    }
    *epi->f_pprev = epi->f_next;
    if (epi->f_next)
        epi->f_next->f_pprev = epi->f_pprev;
    ep_list_del_init(&epi->itlink);
    uint32_t f = irq_save();
    if (ep_is_linked(epi))
        ep_list_del_init(&epi->rdllink);
    irq_restore(f);
    ep->user->watches--;
    kfree(epi);
}

/* EPOLL_CTL_ADD of (tfile, fd) to ep with *event (EPOLLERR|EPOLLHUP added).
 * 0, -ENOSPC (the user's watches are used up), -ENOMEM, or the path
 * check's -EINVAL. An item ready now goes on the ready list at once. */
static int ep_insert(struct eventpoll *ep, const struct epoll_event *event, struct file *tfile,
                     int fd, struct ep_check *chk)
{
    if (ep->user->watches >= epoll_max_user_watches)
        return -ENOSPC;
    struct epitem *epi = kzalloc(sizeof *epi);
    if (!epi)
        return -ENOMEM;
    ep->user->watches++;
    ep_list_init(&epi->rdllink);
    epi->ep = ep;
    epi->file = tfile;
    epi->fd = fd;
    epi->event = *event;
    epi->f_next = tfile->f_ep;              /* newest first, as Linux's hlist */
    if (epi->f_next)
        epi->f_next->f_pprev = &epi->f_next;
    epi->f_pprev = &tfile->f_ep;
    tfile->f_ep = epi;
    struct ep_list *after;
    ep_find_at(ep, tfile, fd, &after);
    ep_list_add(&epi->itlink, after);       /* in (file, fd) order: fdinfo's */
    int r = ep_check_paths(chk, tfile);
    if (r) {
        ep_remove(ep, epi);
        return r;
    }
    struct ep_pqueue epq = { .pt = { .qproc = ep_ptable_queue_proc }, .epi = epi };
    unsigned revents = ep_item_poll(epi, &epq.pt, 1);
    if (!epq.epi) {
        ep_remove(ep, epi);
        return -ENOMEM;
    }
    if (revents)
        ep_link_ready(ep, epi);
    return 0;
}

/* EPOLL_CTL_MOD: new events and data; the item is polled again and
 * queued if the new mask finds it ready (this re-arms a oneshot item). */
static int ep_modify(struct eventpoll *ep, struct epitem *epi, const struct epoll_event *event)
{
    epi->event = *event;
    struct poll_table pt = { 0 };
    if (ep_item_poll(epi, &pt, 1))
        ep_link_ready(ep, epi);
    return 0;
}

/* ---- the epoll file ---- */

static void ep_eventpoll_release(struct inode *ip UNUSED, struct file *f)
{
    struct eventpoll *ep = f->private_data;
    if (ep->poll_wait.head)
        wake_up_poll(&ep->poll_wait, EPOLLIN);
    while (!ep_list_empty(&ep->items))
        ep_remove(ep, ep_entry(ep->items.next, struct epitem, itlink));
    ep_user_put(ep->user);
    kfree(ep);
}

static unsigned ep_eventpoll_poll(struct file *f, struct poll_table *pt)
{
    return ep_eventpoll_poll_depth(f, pt, 0);
}

static loff_t ep_noop_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;                        /* Linux's noop_llseek */
}

/* fdinfo: a line per item, in the interest list's order (by file, then
 * descriptor): the descriptor it was added by, its events (EPOLLERR and
 * EPOLLHUP always, only the private bits once a oneshot item fired), its
 * data, then the watched file's position, inode number and device (the
 * kernel's dev_t, major << 20 | minor, in hex: Linux's sb->s_dev). */
static int ep_show_fdinfo(struct file *f, char *buf, int size)
{
    struct eventpoll *ep = f->private_data;
    int n = 0;
    for (struct ep_list *l = ep->items.next; l != &ep->items && n < size; l = l->next) {
        struct epitem *epi = ep_entry(l, struct epitem, itlink);
        struct inode *ip = epi->file->f_inode;
        n += snprintf(buf + n, size - n, "tfd: %8d events: %8x data: %16llx  pos:%lli ino:%lx sdev:%x\n",
                      epi->fd, epi->event.events, (unsigned long long)epi->event.data,
                      (long long)epi->file->f_pos, (unsigned long)ip->i_ino, ip->i_dev);
    }
    return n;
}

static const struct file_operations eventpoll_fops = {
    .poll = ep_eventpoll_poll,
    .lseek = ep_noop_lseek,
    .release = ep_eventpoll_release,
    .show_fdinfo = ep_show_fdinfo,
};

bool is_file_epoll(const struct file *f)
{
    return f->f_op == &eventpoll_fops;
}

/* kcmp's KCMP_EPOLL_TFD: the file of the toff-th item (in the interest
 * list's order) that epoll file epf watches under descriptor tfd, not
 * referenced; ERR_PTR(-EINVAL) when epf is no epoll, ERR_PTR(-ENOENT)
 * when there is no such item. */
struct file *ep_target_file(struct file *epf, int tfd, uint32_t toff)
{
    if (!is_file_epoll(epf))
        return ERR_PTR(-EINVAL);
    struct eventpoll *ep = epf->private_data;
    for (struct ep_list *l = ep->items.next; l != &ep->items; l = l->next) {
        struct epitem *epi = ep_entry(l, struct epitem, itlink);
        if (epi->fd == tfd && toff-- == 0)
            return epi->file;
    }
    return ERR_PTR(-ENOENT);
}

/* At the last close of a watched file: out of every epoll that watches
 * it, so a set never points at a dead file. */
void eventpoll_release_file(struct file *f)
{
    while (f->f_ep)
        ep_remove(f->f_ep->ep, f->f_ep);
}

/* An epoll descriptor: the eventpoll, then the descriptor, then an
 * anonymous inode and file (Linux's order of ENOMEM, EMFILE, ENFILE). */
static long do_epoll_create(int flags)
{
    if (flags & ~EPOLL_CLOEXEC)
        return -EINVAL;
    struct eventpoll *ep = kzalloc(sizeof *ep);
    if (!ep || !(ep->user = ep_user_get(current->uid))) {
        kfree(ep);
        return -ENOMEM;
    }
    ep_list_init(&ep->rdllist);
    ep_list_init(&ep->items);
    int fd = fd_alloc(0);
    struct inode *ip = fd < 0 ? NULL : inode_alloc(0600);
    struct file *f = ip ? file_alloc() : NULL;
    if (!f) {
        if (ip)
            inode_put(ip);
        ep_user_put(ep->user);
        kfree(ep);
        if (fd < 0)
            return fd;
        fd_unreserve(fd);
        return -ENFILE;
    }
    ip->i_private = (void *)"[eventpoll]";   /* /proc/PID/fd: anon_inode:[eventpoll] */
    f->f_inode = ip;
    f->f_op = &eventpoll_fops;
    f->f_mode = FMODE_READ | FMODE_WRITE;
    f->f_flags = O_RDWR;
    f->private_data = ep;
    ep->file = f;
    fd_install_at(fd, f, flags & EPOLL_CLOEXEC);
    return fd;
}

long sys_epoll_create1(int flags)
{
    return do_epoll_create(flags);
}

long sys_epoll_create(int size)
{
    return size <= 0 ? -EINVAL : do_epoll_create(0);
}

/* The checks of epoll_ctl before the interest list is looked at, in
 * Linux's order: EBADF, EPERM (no poll), EINVAL (not an epoll, itself,
 * EPOLLEXCLUSIVE where it may not be). */
static int ep_ctl_args(struct file *f, struct file *tf, int op, struct epoll_event *ev)
{
    if (!f || !tf)
        return -EBADF;
    if (!tf->f_op || !tf->f_op->poll)
        return -EPERM;
    if (op != EPOLL_CTL_DEL && (ev->events & EPOLLWAKEUP) && !capable(CAP_BLOCK_SUSPEND))
        ev->events &= ~EPOLLWAKEUP;         /* CAP_BLOCK_SUSPEND: silently dropped */
    if (f == tf || !is_file_epoll(f))
        return -EINVAL;
    const uint32_t ok = EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET |
                        EPOLLEXCLUSIVE;
    if (op != EPOLL_CTL_DEL && (ev->events & EPOLLEXCLUSIVE)) {
        if (op == EPOLL_CTL_MOD)
            return -EINVAL;
        if (op == EPOLL_CTL_ADD && (is_file_epoll(tf) || (ev->events & ~ok)))
            return -EINVAL;
    }
    return 0;
}

long sys_epoll_ctl(int epfd, int op, int fd, void *uevent)
{
    struct epoll_event ev = { 0 };
    if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uevent, sizeof ev))
        return -EFAULT;
    return do_epoll_ctl(epfd, op, fd, &ev);
}

long do_epoll_ctl(int epfd, int op, int fd, const struct epoll_event *kev)
{
    struct epoll_event ev = *kev;
    struct file *f = fget(epfd), *tf = fget(fd);
    int r = ep_ctl_args(f, tf, op, &ev);
    if (r)
        return r;
    struct eventpoll *ep = f->private_data;
    struct ep_check chk = { 0 };
    if (op == EPOLL_CTL_ADD && (r = ep_check_begin(&chk, ep, tf)))
        return r;
    struct epitem *epi = ep_find(ep, tf, fd);
    r = -EINVAL;
    if (op == EPOLL_CTL_ADD) {
        ev.events |= EPOLLERR | EPOLLHUP;
        r = epi ? -EEXIST : ep_insert(ep, &ev, tf, fd, &chk);
    } else if (op == EPOLL_CTL_DEL) {
        r = epi ? 0 : -ENOENT;
        if (epi)
            ep_remove(ep, epi);
    } else if (op == EPOLL_CTL_MOD) {
        ev.events |= EPOLLERR | EPOLLHUP;
        r = !epi ? -ENOENT : (epi->event.events & EPOLLEXCLUSIVE) ? -EINVAL : ep_modify(ep, epi, &ev);
    }
    ep_check_end(&chk);
    return r;
}

/* fs.epoll.max_user_watches' default, as Linux: 4% of memory over the
 * cost of an item and one queue entry. */
void eventpoll_init(void)
{
    uint64_t bytes = (uint64_t)page_total_count() * PAGE_SIZE / 25;
    epoll_max_user_watches = (uint32_t)(bytes / (sizeof(struct epitem) + sizeof(struct eppoll_entry)));
}
