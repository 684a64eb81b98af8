/* poll, ppoll, select and pselect6: one loop (do_poll) over the files'
 * poll operations. The first pass registers the caller on every wait queue
 * a file names (poll_wait); the caller then sleeps until one of them is
 * woken, the timeout passes, or a signal arrives, and polls again. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/time.h"
#include "kernel/mm/mm.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include <linux/poll.h>

struct kpollfd { int fd; short events, revents; };

void poll_wait(struct wait_queue *wq, struct poll_table *pt)
{
    if (pt && pt->qproc) {
        pt->qproc(wq, pt);
        return;
    }
    if (!pt || pt->n >= pt->max)
        return;
    struct wait_entry *e = &pt->entries[pt->n];
    e->task = current;
    wait_add(wq, e);
    pt->queues[pt->n++] = wq;
}

static void poll_free(struct poll_table *pt)
{
    for (int i = 0; i < pt->n; i++)
        wait_remove(pt->queues[i], &pt->entries[i]);
    pt->n = 0;
}

/* Polls fds until one is ready, `timeout` ns pass (-1: forever), or a
 * signal arrives (-ERESTARTSYS... callers map it). Returns ready count. */
static int do_poll(struct kpollfd *fds, unsigned n, int64_t timeout)
{
    struct poll_table pt = { .max = (int)(2 * n + 2) };
    pt.queues = kmalloc(pt.max * sizeof *pt.queues);
    pt.entries = kmalloc(pt.max * sizeof *pt.entries);
    if (!pt.queues || !pt.entries) {
        kfree(pt.queues); kfree(pt.entries);
        return -ENOMEM;
    }
    uint64_t deadline = timeout > 0 ? deadline_after_ns(timeout) : 0;
    int count, ret;
    for (bool first = true;; first = false) {
        current->state = TASK_INTERRUPTIBLE;     /* a wake-up from now on counts */
        count = 0;
        for (unsigned i = 0; i < n; i++) {
            fds[i].revents = 0;
            if (fds[i].fd < 0)
                continue;
            struct file *f = fget(fds[i].fd);
            unsigned mask;
            if (!f)
                mask = POLLNVAL;
            else if (f->f_op && f->f_op->poll)
                mask = f->f_op->poll(f, first ? &pt : NULL);
            else
                mask = POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
            fds[i].revents = (short)(mask & ((unsigned short)fds[i].events | POLLERR | POLLHUP | POLLNVAL));
            count += fds[i].revents != 0;
        }
        if (count || timeout == 0 || (deadline && ktime_get_ns() >= deadline)) {
            ret = count;
            break;
        }
        if (signal_pending(current)) {
            ret = -ERESTARTSYS;
            break;
        }
        task_set_deadline(deadline);
        schedule();
        task_set_deadline(0);
    }
    current->state = TASK_RUNNING;
    poll_free(&pt);
    kfree(pt.queues);
    kfree(pt.entries);
    return ret;
}

static int64_t ms_to_ns(int32_t ms)
{
    return ms < 0 ? -1 : (int64_t)ms * 1000000;
}

static long poll_common(void *ufds, uint32_t n, int64_t timeout)
{
    if (n > rlimit(RLIMIT_NOFILE))
        return -EINVAL;                      /* as Linux: the limit, not the open files */
    struct kpollfd *fds = kmalloc(n * sizeof *fds + 1);
    if (!fds)
        return -ENOMEM;
    long r = copy_from_user(fds, ufds, n * sizeof *fds) ? -EFAULT : do_poll(fds, n, timeout);
    if (r >= 0)
        for (uint32_t i = 0; i < n; i++)   /* revents only, as Linux writes them */
            if (copy_to_user((char *)ufds + i * sizeof *fds + 6, &fds[i].revents, 2)) {
                r = -EFAULT;
                break;
            }
    kfree(fds);
    return r;
}

long sys_poll(void *ufds, uint32_t n, int timeout_ms)
{
    long r = poll_common(ufds, n, ms_to_ns(timeout_ms));
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

/* ppoll: the signal mask is swapped for the call, and restored on return
 * (after a handler runs, through restore_saved_mask). */
static long ppoll_common(void *ufds, uint32_t n, int64_t timeout, const void *sigmask, uint32_t sigsetsize)
{
    long r;
    if (sigmask && (r = set_user_sigmask(sigmask, sigsetsize)))
        return r;
    r = poll_common(ufds, n, timeout);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

long sys_ppoll(void *ufds, uint32_t n, const void *ts32, const void *sigmask, uint32_t sigsetsize)
{
    int64_t timeout;
    int r = timeout_from_user(ts32, false, &timeout);
    return r ? r : ppoll_common(ufds, n, timeout, sigmask, sigsetsize);
}

long sys_ppoll_time64(void *ufds, uint32_t n, const void *ts64, const void *sigmask, uint32_t sigsetsize)
{
    int64_t timeout;
    int r = timeout_from_user(ts64, true, &timeout);
    return r ? r : ppoll_common(ufds, n, timeout, sigmask, sigsetsize);
}

/* The descriptors named in select's three sets (below n) as a pollfd
 * array, allocated for those only: the sets are read a word at a time
 * and only the bits set are visited. The count, -EBADF (a named
 * descriptor is not open) or -ENOMEM. */
static long sets_to_pollfds(int n, const uint32_t *in, const uint32_t *out, const uint32_t *ex,
                            struct kpollfd **fdsp)
{
    int words = (n + 31) / 32;
    uint32_t tail = n % 32 ? (1u << (n % 32)) - 1 : ~0u;   /* bits of the last word below n */
    unsigned asked = 0;
    for (int w = 0; w < words; w++)
        asked += (unsigned)__builtin_popcount((in[w] | out[w] | ex[w]) & (w == words - 1 ? tail : ~0u));
    struct kpollfd *fds = kmalloc(sizeof *fds * (asked + 1));
    if (!fds)
        return -ENOMEM;
    unsigned k = 0;
    for (int w = 0; w < words; w++) {
        uint32_t any = (in[w] | out[w] | ex[w]) & (w == words - 1 ? tail : ~0u);
        for (; any; any &= any - 1) {
            int b = __builtin_ctz(any), fd = w * 32 + b;
            uint32_t bit = 1u << b;
            if (!fget_raw(fd)) {            /* an O_PATH fd is open: POLLNVAL below */
                kfree(fds);
                return -EBADF;
            }
            fds[k].fd = fd;
            fds[k++].events = (short)((in[w] & bit ? POLLIN : 0) | (out[w] & bit ? POLLOUT : 0) |
                                      (ex[w] & bit ? POLLPRI : 0));
        }
    }
    *fdsp = fds;
    return k;
}

/* select: fd sets become a pollfd array and back. */
static long select_common(int n, uint32_t *uin, uint32_t *uout, uint32_t *uex, int64_t timeout)
{
    if (n < 0)
        return -EINVAL;
    if (n > NR_OPEN)
        n = NR_OPEN;
    uint32_t in[NR_OPEN / 32] = { 0 }, out[NR_OPEN / 32] = { 0 }, ex[NR_OPEN / 32] = { 0 };
    size_t bytes = (size_t)((n + 31) / 32) * 4;
    if ((uin && copy_from_user(in, uin, bytes)) || (uout && copy_from_user(out, uout, bytes)) ||
        (uex && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
    struct kpollfd *fds;
    long k = sets_to_pollfds(n, in, out, ex, &fds);
    if (k < 0)
        return k;
    long r = do_poll(fds, (unsigned)k, timeout);
    if (r >= 0) {
        memset(in, 0, sizeof in); memset(out, 0, sizeof out); memset(ex, 0, sizeof ex);
        r = 0;
        for (long i = 0; i < k; i++) {
            int fd = fds[i].fd;
            uint32_t bit = 1u << (fd % 32);
            short rv = fds[i].revents;
            if ((fds[i].events & POLLIN) && (rv & (POLLIN | POLLHUP | POLLERR | POLLNVAL))) { in[fd / 32] |= bit; r++; }
            if ((fds[i].events & POLLOUT) && (rv & (POLLOUT | POLLERR | POLLNVAL))) { out[fd / 32] |= bit; r++; }
            if ((fds[i].events & POLLPRI) && (rv & (POLLPRI | POLLNVAL))) { ex[fd / 32] |= bit; r++; }
        }
        if ((uin && copy_to_user(uin, in, bytes)) || (uout && copy_to_user(uout, out, bytes)) ||
            (uex && copy_to_user(uex, ex, bytes)))
            r = -EFAULT;
    }
    kfree(fds);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

long sys__newselect(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *tv32)
{
    int64_t timeout = -1;
    int32_t t[2];
    if (tv32) {
        if (copy_from_user(t, tv32, sizeof t))
            return -EFAULT;
        if (t[0] < 0 || t[1] < 0 || t[1] >= 1000000)
            return -EINVAL;
        timeout = (int64_t)t[0] * 1000000000 + (int64_t)t[1] * 1000;
    }
    uint64_t deadline = deadline_after_ns(timeout);
    long r = select_common(n, in, out, ex, timeout);
    if (tv32 && r != -EFAULT) {              /* the time left, as Linux writes it */
        uint64_t now = ktime_get_ns();
        struct ktime left = ns_to_ktime(deadline > now ? (int64_t)(deadline - now) : 0);
        t[0] = (int32_t)left.sec;
        t[1] = left.nsec / 1000;
        copy_to_user(tv32, t, sizeof t);
    }
    return r;
}

static long pselect_common(int n, uint32_t *in, uint32_t *out, uint32_t *ex, int64_t timeout, const uint32_t *sigdata)
{
    if (sigdata) {
        uint32_t d[2];                       /* { const sigset_t *ss, size_t ss_len } */
        if (copy_from_user(d, sigdata, sizeof d))
            return -EFAULT;
        int r;
        if (d[0] && (r = set_user_sigmask((void *)d[0], d[1])))
            return r;
    }
    return select_common(n, in, out, ex, timeout);
}

long sys_pselect6(int n, uint32_t *in, uint32_t *out, uint32_t *ex, const void *ts32, const uint32_t *sigdata)
{
    int64_t timeout;
    int r = timeout_from_user(ts32, false, &timeout);
    return r ? r : pselect_common(n, in, out, ex, timeout, sigdata);
}

long sys_pselect6_time64(int n, uint32_t *in, uint32_t *out, uint32_t *ex, const void *ts64, const uint32_t *sigdata)
{
    int64_t timeout;
    int r = timeout_from_user(ts64, true, &timeout);
    return r ? r : pselect_common(n, in, out, ex, timeout, sigdata);
}

/* The old i386 select (82): its five arguments in a block in user memory
 * (Linux's sel_arg_struct), then as _newselect. */
long sys_select(void *uargs)
{
    uint32_t a[5];
    if (copy_from_user(a, uargs, sizeof a))
        return -EFAULT;
    return sys__newselect((int)a[0], (uint32_t *)a[1], (uint32_t *)a[2], (uint32_t *)a[3],
                          (void *)a[4]);
}
