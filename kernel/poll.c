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

/* Sleeps until file f's poll reports one of events (or an error or a
 * hang-up): a blocking wait on one file for callers that move bytes
 * without sleeping (splice to and from a socket). 0, -ENOMEM, or
 * -ERESTARTSYS on a signal. */
int file_wait_events(struct file *f, unsigned events)
{
    struct wait_queue *queues[4];
    struct wait_entry entries[4];
    struct poll_table pt = { .max = 4, .queues = queues, .entries = entries };
    int r = 0;
    for (bool first = true;; first = false) {
        current->state = TASK_INTERRUPTIBLE;
        if (f->f_op->poll(f, first ? &pt : NULL) & (events | POLLERR | POLLHUP))
            break;
        if (signal_pending(current)) {
            r = -ERESTARTSYS;
            break;
        }
        schedule();
    }
    current->state = TASK_RUNNING;
    poll_free(&pt);
    return r;
}

/* Polls fds until one is ready, the deadline passes (ktime ns; 0:
 * never; one already past: look once), or a signal arrives
 * (-ERESTARTSYS: callers map it). Returns the ready count. */
static int do_poll(struct kpollfd *fds, unsigned n, uint64_t deadline)
{
    struct poll_table pt = { .max = (int)(2 * n + 2) };
    pt.queues = kmalloc(pt.max * sizeof *pt.queues);
    pt.entries = kmalloc(pt.max * sizeof *pt.entries);
    if (!pt.queues || !pt.entries) {
        kfree(pt.queues); kfree(pt.entries);
        return -ENOMEM;
    }
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
        if (count || (deadline && ktime_get_ns() >= deadline)) {
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

/* How a call's timeout was given, for writing back the time left. */
enum { TMO_TIMEVAL, TMO_TIMESPEC32, TMO_TIMESPEC64 };

/* The end of ppoll, select and pselect6, as Linux's poll_select_finish:
 * the time left until deadline (none once it passed) is written back to
 * the user's timeout ut, in its kind, unless the call had none or a zero
 * one (timeout < 1). A write that faults is ignored, but then a call that
 * would be restarted fails with EINTR (it would start again from a stale
 * timeout). Returns ret, so changed. */
static long timeout_left(long ret, void *ut, int kind, int64_t timeout, uint64_t deadline)
{
    if (!ut || timeout < 1)
        return ret;
    uint64_t now = ktime_get_ns();
    struct ktime left = ns_to_ktime(deadline > now ? (int64_t)(deadline - now) : 0);
    int32_t tv[2] = { (int32_t)left.sec, left.nsec / 1000 };
    int r = kind == TMO_TIMEVAL ? copy_to_user(ut, tv, sizeof tv)
                                : put_user_timespec(ut, kind == TMO_TIMESPEC64, left.sec, left.nsec);
    return r && ret == -ERESTARTNOHAND ? -EINTR : ret;
}

/* poll's work after the timeout: the pollfds in, polled until the
 * deadline (see do_poll), their revents out. The ready count, -EINVAL,
 * -ENOMEM, -EFAULT, or -ERESTARTNOHAND on a signal. */
static long poll_common(void *ufds, uint32_t n, uint64_t deadline)
{
    if (n > rlimit(RLIMIT_NOFILE))
        return -EINVAL;                      /* as Linux: the limit, not the open files */
    struct kpollfd *fds = kmalloc(n * sizeof *fds + 1);
    if (!fds)
        return -ENOMEM;
    long r = copy_from_user(fds, ufds, n * sizeof *fds) ? -EFAULT : do_poll(fds, n, deadline);
    if (r >= 0)
        for (uint32_t i = 0; i < n; i++)   /* revents only, as Linux writes them */
            if (copy_to_user((char *)ufds + i * sizeof *fds + 6, &fds[i].revents, 2)) {
                r = -EFAULT;
                break;
            }
    kfree(fds);
    return r == -ERESTARTSYS ? -ERESTARTNOHAND : r;
}

/* poll: a timeout in ms, negative for none. Interrupted by a signal
 * without a handler (a stop), it goes on to the same deadline, as
 * Linux's restart block does: kept in restart_until. */
long sys_poll(void *ufds, uint32_t n, int timeout_ms)
{
    uint64_t deadline = current->restarted ? current->restart_until
                                           : deadline_after_ns(timeout_ms < 0 ? -1 : timeout_ms * 1000000LL);
    long r = poll_common(ufds, n, deadline);
    current->restart_until = deadline;
    return restart_block(r);
}

/* ppoll: the timeout read (-EFAULT, -EINVAL), then the signal mask
 * swapped for the call (restored on return, after a handler runs:
 * restore_saved_mask), and the time left written back. */
static long ppoll_common(void *ufds, uint32_t n, void *uts, bool ts64, const void *sigmask, uint32_t sigsetsize)
{
    int64_t timeout;
    long r = timeout_from_user(uts, ts64, &timeout);
    if (r || (sigmask && (r = set_user_sigmask(sigmask, sigsetsize))))
        return r;
    uint64_t deadline = deadline_after_ns(timeout);
    r = poll_common(ufds, n, deadline);
    return timeout_left(r, uts, ts64 ? TMO_TIMESPEC64 : TMO_TIMESPEC32, timeout, deadline);
}

long sys_ppoll(void *ufds, uint32_t n, void *ts32, const void *sigmask, uint32_t sigsetsize)
{
    return ppoll_common(ufds, n, ts32, false, sigmask, sigsetsize);
}

long sys_ppoll_time64(void *ufds, uint32_t n, void *ts64, const void *sigmask, uint32_t sigsetsize)
{
    return ppoll_common(ufds, n, ts64, true, sigmask, sigsetsize);
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
            if (!fd_in_use(fd)) {           /* an O_PATH fd is open, a reserved one taken: */
                kfree(fds);                  /* POLLNVAL below */
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

/* select_common's work on the kernel's copies in, out, ex (words of
 * (n + 31) / 32, zeroed) of the user's sets uin, uout, uex. */
static long select_sets(int n, uint32_t *uin, uint32_t *uout, uint32_t *uex, uint32_t *in,
                        uint32_t *out, uint32_t *ex, uint64_t deadline)
{
    size_t bytes = (size_t)((n + 31) / 32) * 4;
    if ((uin && copy_from_user(in, uin, bytes)) || (uout && copy_from_user(out, uout, bytes)) ||
        (uex && copy_from_user(ex, uex, bytes)))
        return -EFAULT;
    struct kpollfd *fds;
    long k = sets_to_pollfds(n, in, out, ex, &fds);
    if (k < 0)
        return k;
    long r = do_poll(fds, (unsigned)k, deadline);
    if (r >= 0) {
        memset(in, 0, bytes); memset(out, 0, bytes); memset(ex, 0, bytes);
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

#define SELECT_STACK_FDS 256                /* sets this small stay on the kernel stack */

/* select: fd sets become a pollfd array, polled until the deadline,
 * and back; n is cut to the descriptor table's size (32, 256, 512, ...
 * as it grew: fs/fd.c), so bits past it are neither read nor checked.
 * The ready bits' count, -EINVAL, -EBADF, -ENOMEM, -EFAULT, or
 * -ERESTARTNOHAND on a signal. */
static long select_common(int n, uint32_t *uin, uint32_t *uout, uint32_t *uex, uint64_t deadline)
{
    if (n < 0)
        return -EINVAL;
    if (n > current->nr_fds)
        n = current->nr_fds;                /* as Linux: bits past the table are not read */
    size_t words = (size_t)(n + 31) / 32, bytes = words * 4;
    uint32_t small[3 * SELECT_STACK_FDS / 32] = { 0 };
    uint32_t *in = n <= SELECT_STACK_FDS ? small : kzalloc(3 * bytes);
    if (!in)
        return -ENOMEM;
    uint32_t *out = in + words, *ex = out + words;
    long r = select_sets(n, uin, uout, uex, in, out, ex, deadline);
    if (in != small)
        kfree(in);
    return r;
}

/* select's timeval: seconds and microseconds, the microseconds carried
 * into the seconds first (so 1500000 of them is 1.5 s), as Linux; then
 * -EINVAL if negative. */
long sys__newselect(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *tv32)
{
    int64_t timeout = -1;
    if (tv32) {
        int32_t t[2];
        if (copy_from_user(t, tv32, sizeof t))
            return -EFAULT;
        int32_t sec = (int32_t)((uint32_t)t[0] + (uint32_t)(t[1] / 1000000)), nsec = t[1] % 1000000 * 1000;
        if (sec < 0 || nsec < 0)
            return -EINVAL;
        timeout = (int64_t)sec * 1000000000 + nsec;
    }
    uint64_t deadline = deadline_after_ns(timeout);
    long r = select_common(n, in, out, ex, deadline);
    return timeout_left(r, tv32, TMO_TIMEVAL, timeout, deadline);
}

/* pselect6: its sixth argument ({ sigset pointer, size }) is read first
 * (-EFAULT), then the timeout (-EFAULT, -EINVAL); the mask is swapped for
 * the call as ppoll's, and the time left written back. */
static long pselect_common(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *uts, bool ts64,
                           const uint32_t *sigdata)
{
    uint32_t d[2] = { 0, 0 };                /* { const sigset_t *ss, size_t ss_len } */
    if (sigdata && copy_from_user(d, sigdata, sizeof d))
        return -EFAULT;
    int64_t timeout;
    long r = timeout_from_user(uts, ts64, &timeout);
    if (r || (d[0] && (r = set_user_sigmask((void *)d[0], d[1]))))
        return r;
    uint64_t deadline = deadline_after_ns(timeout);
    r = select_common(n, in, out, ex, deadline);
    return timeout_left(r, uts, ts64 ? TMO_TIMESPEC64 : TMO_TIMESPEC32, timeout, deadline);
}

long sys_pselect6(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *ts32, const uint32_t *sigdata)
{
    return pselect_common(n, in, out, ex, ts32, false, sigdata);
}

long sys_pselect6_time64(int n, uint32_t *in, uint32_t *out, uint32_t *ex, void *ts64, const uint32_t *sigdata)
{
    return pselect_common(n, in, out, ex, ts64, true, sigdata);
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
