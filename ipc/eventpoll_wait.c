/* epoll_wait, epoll_pwait, epoll_pwait2, and polling an epoll file: the
 * ready list is taken whole, each item on it is polled again (a wake-up
 * only said it may be ready), reported, and a level-triggered item goes
 * back on the list for the next wait. Items that are not ready are never
 * visited, so a wait costs the same with 10 or 10,000 watched files. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/proc.h"
#include "kernel/time.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventpoll.h"

/* The events of epi's file that epi wants; pt (if it has a qproc) hooks
 * the item on the file's queues. depth: epolls nested above. */
unsigned ep_item_poll(struct epitem *epi, struct poll_table *pt, int depth)
{
    struct file *f = epi->file;
    unsigned res = is_file_epoll(f) ? ep_eventpoll_poll_depth(f, pt, depth) : f->f_op->poll(f, pt);
    return res & epi->event.events;
}

/* Takes ep's ready list into tx (a wake-up meanwhile queues anew). */
static void ep_start_scan(struct eventpoll *ep, struct ep_list *tx)
{
    ep_list_init(tx);
    uint32_t f = irq_save();
    ep_list_splice_init(&ep->rdllist, tx);
    irq_restore(f);
}

/* Puts what is left of tx back at the front of the ready list and, if
 * anything is ready, wakes another waiter. */
static void ep_done_scan(struct eventpoll *ep, struct ep_list *tx)
{
    uint32_t f = irq_save();
    ep_list_splice_init(tx, &ep->rdllist);
    if (!ep_list_empty(&ep->rdllist) && ep->wq.head)
        wake_up(&ep->wq);
    irq_restore(f);
}

static void ep_unlink(struct epitem *epi)
{
    uint32_t f = irq_save();
    ep_list_del_init(&epi->rdllink);
    irq_restore(f);
}

static void ep_link_to(struct epitem *epi, struct ep_list *head, bool front)
{
    uint32_t f = irq_save();
    if (!ep_is_linked(epi)) {
        if (front)
            ep_list_add(&epi->rdllink, head);
        else
            ep_list_add_tail(&epi->rdllink, head);
    }
    irq_restore(f);
}

/* poll of an epoll file: readable when an item on its ready list really
 * is ready; items found not ready leave the list. */
unsigned ep_eventpoll_poll_depth(struct file *file, struct poll_table *pt, int depth)
{
    struct eventpoll *ep = file->private_data;
    struct poll_table none = { 0 };
    struct ep_list tx;
    unsigned res = 0;
    poll_wait(&ep->poll_wait, pt);
    ep_start_scan(ep, &tx);
    while (!ep_list_empty(&tx)) {
        struct epitem *epi = ep_entry(tx.next, struct epitem, rdllink);
        if (ep_item_poll(epi, &none, depth + 1)) {
            res = EPOLLIN | EPOLLRDNORM;
            break;
        }
        ep_unlink(epi);
    }
    ep_done_scan(ep, &tx);
    return res;
}

/* Copies up to maxevents ready events to uevents (Linux's ep_send_events).
 * A oneshot item is disarmed once reported; a level-triggered one goes
 * back at the tail of the ready list, an edge-triggered one waits for the
 * next wake-up. The count, or -EFAULT when the first copy fails (the item
 * stays ready). Does not sleep. */
static int ep_send_events(struct eventpoll *ep, struct epoll_event *uevents, int maxevents)
{
    struct poll_table none = { 0 };
    struct ep_list tx;
    int res = 0;
    ep_start_scan(ep, &tx);
    while (!ep_list_empty(&tx) && res < maxevents) {
        struct epitem *epi = ep_entry(tx.next, struct epitem, rdllink);
        ep_unlink(epi);
        unsigned revents = ep_item_poll(epi, &none, 1);
        if (!revents)
            continue;
        struct epoll_event ev = { .events = revents, .data = epi->event.data };
        if (copy_to_user(&uevents[res], &ev, sizeof ev)) {
            ep_link_to(epi, &tx, true);
            if (!res)
                res = -EFAULT;
            break;
        }
        res++;
        if (epi->event.events & EPOLLONESHOT)
            epi->event.events &= EP_PRIVATE_BITS;
        else if (!(epi->event.events & EPOLLET))
            ep_link_to(epi, &ep->rdllist, false);
    }
    ep_done_scan(ep, &tx);
    return res;
}

static bool ep_events_available(struct eventpoll *ep)
{
    return !ep_list_empty(&ep->rdllist);
}

/* Waits for events (Linux's ep_poll): timeout in ns, -1 forever, 0 not at all.
 * The events' count; 0 when the time ran out; -EINTR when a signal came
 * first (never restarted, as Linux); -EFAULT. May sleep. */
static int ep_poll(struct eventpoll *ep, struct epoll_event *uevents, int maxevents, int64_t timeout)
{
    bool timed_out = timeout == 0;
    uint64_t deadline = timeout > 0 ? deadline_after_ns(timeout) : 0;
    bool eavail = ep_events_available(ep);
    for (;;) {
        if (eavail) {
            int res = ep_send_events(ep, uevents, maxevents);
            if (res)
                return res;
        }
        if (timed_out)
            return 0;
        if (signal_pending(current))
            return -EINTR;
        int r = timeout < 0 ? wait_event_interruptible(&ep->wq, ep_events_available(ep))
                          : wait_event_interruptible_deadline(&ep->wq, ep_events_available(ep), deadline);
        timed_out = r == -ETIME;
        eavail = true;
    }
}

/* The checks of epoll_wait in Linux's order, then the wait; the epoll file
 * is held for it, so a close by another thread cannot free it. */
static long do_epoll_wait(int epfd, struct epoll_event *uevents, int maxevents, int64_t timeout)
{
    if (maxevents <= 0 || (uint32_t)maxevents > EP_MAX_EVENTS)
        return -EINVAL;
    uint32_t end = (uint32_t)(uintptr_t)uevents + (uint32_t)maxevents * sizeof *uevents;
    if (end < (uint32_t)(uintptr_t)uevents || end > KERNEL_VMA)
        return -EFAULT;                     /* access_ok: the range only, pages are not looked at */
    struct file *f = fget(epfd);
    if (!f)
        return -EBADF;
    if (!is_file_epoll(f))
        return -EINVAL;
    f->f_count++;
    long r = ep_poll(f->private_data, uevents, maxevents, timeout);
    file_put(f);
    return r;
}

static int64_t ep_ms_to_ns(int ms)
{
    return ms < 0 ? -1 : (int64_t)ms * 1000000;
}

long sys_epoll_wait(int epfd, void *events, int maxevents, int timeout_ms)
{
    return do_epoll_wait(epfd, events, maxevents, ep_ms_to_ns(timeout_ms));
}

/* The pwait forms: the mask is swapped for the call and put back on the
 * way out, before any signal it let in is delivered, unless the call ends
 * with -EINTR: then after the handler (Linux's
 * restore_saved_sigmask_unless). */
static long do_epoll_pwait(int epfd, void *events, int maxevents, int64_t timeout,
                           const void *sigmask, uint32_t sigsetsize)
{
    long r;
    if (sigmask && (r = set_user_sigmask(sigmask, sigsetsize)))
        return r;
    r = do_epoll_wait(epfd, events, maxevents, timeout);
    if (sigmask && r != -EINTR && current->restore_saved_mask) {
        current->restore_saved_mask = false;
        current->blocked = current->saved_mask;
    }
    return r;
}

long sys_epoll_pwait(int epfd, void *events, int maxevents, int timeout_ms, const void *sigmask,
                     uint32_t sigsetsize)
{
    return do_epoll_pwait(epfd, events, maxevents, ep_ms_to_ns(timeout_ms), sigmask, sigsetsize);
}

long sys_epoll_pwait2(int epfd, void *events, int maxevents, const void *uts64, const void *sigmask,
                      uint32_t sigsetsize)
{
    int64_t timeout;
    int r = timeout_from_user(uts64, true, &timeout);
    return r ? r : do_epoll_pwait(epfd, events, maxevents, timeout, sigmask, sigsetsize);
}
