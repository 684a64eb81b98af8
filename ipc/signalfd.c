/* signalfd: pending signals read from a descriptor as struct
 * signalfd_siginfo instead of running a handler (signalfd 321, signalfd4
 * 327). The descriptor holds only a mask: a read takes the reader's own
 * pending signals of the mask, which stay pending only while they are
 * blocked (signalfd blocks nothing itself). kernel/signal.c calls
 * signalfd_notify when a signal becomes pending, which wakes the readers
 * and pollers of every signalfd whose mask holds it. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/user_namespace.h"
#include "kernel/poll.h"
#include "kernel/signal.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/signalfd.h>

struct signalfd_ctx {
    sigset64_t sigmask;                     /* what a read takes; never SIGKILL, SIGSTOP */
    struct wait_queue wqh;                  /* readers and pollers */
    struct signalfd_ctx *next;              /* on the list signalfd_notify walks */
};

static struct signalfd_ctx *signalfds;

void signalfd_notify(struct task *t UNUSED, int sig)
{
    for (struct signalfd_ctx *ctx = signalfds; ctx; ctx = ctx->next)
        if (ctx->sigmask & SIGBIT(sig))
            wake_up(&ctx->wqh);             /* a waiter of another task re-checks and sleeps on */
}

/* Whether a signal of the mask is pending for the current task. */
static bool signalfd_ready(const struct signalfd_ctx *ctx)
{
    return ((current->pending | current->group_leader->shared_pending) & ctx->sigmask) != 0;
}

/* ---- struct signalfd_siginfo ---- */

/* The siginfo_t fields a signal's info fills, by si_code: Linux's
 * siginfo_layout, for the layouts Pipit's signals can have. */
enum { SIL_KILL, SIL_TIMER, SIL_POLL, SIL_FAULT, SIL_CHLD, SIL_RT, SIL_SYS };

static int siginfo_layout(int sig, int code)
{
    static const struct { unsigned char limit, layout; } specific[] = {
        [SIGILL] = { NSIGILL, SIL_FAULT }, [SIGFPE] = { NSIGFPE, SIL_FAULT },
        [SIGSEGV] = { NSIGSEGV, SIL_FAULT }, [SIGBUS] = { NSIGBUS, SIL_FAULT },
        [SIGTRAP] = { NSIGTRAP, SIL_FAULT }, [SIGCHLD] = { NSIGCHLD, SIL_CHLD },
        [SIGPOLL] = { NSIGPOLL, SIL_POLL }, [SIGSYS] = { NSIGSYS, SIL_SYS },
    };
    if (code > SI_USER && code < SI_KERNEL) {
        if ((unsigned)sig < ARRAY_SIZE(specific) && code <= specific[sig].limit)
            return specific[sig].layout;
        return code <= NSIGPOLL ? SIL_POLL : SIL_KILL;
    }
    if (code == SI_TIMER)
        return SIL_TIMER;
    if (code == SI_SIGIO)
        return SIL_POLL;
    return code < 0 ? SIL_RT : SIL_KILL;
}

/* Copies sig and its info to the user as Linux's signalfd_copyinfo:
 * 128 bytes, or -EFAULT (the signal is gone all the same). */
static int signalfd_copyinfo(void *ubuf, int sig, const struct ksiginfo *k)
{
    struct signalfd_siginfo n;
    memset(&n, 0, sizeof n);
    n.ssi_signo = (uint32_t)sig;
    n.ssi_code = k->code;
    switch (siginfo_layout(sig, k->code)) {
    case SIL_KILL:
        n.ssi_pid = (uint32_t)k->pid;
        n.ssi_uid = si_uid_out(k->uid);
        break;
    case SIL_TIMER:                          /* si_tid, si_overrun where pid and uid are */
        n.ssi_tid = (uint32_t)k->pid;
        n.ssi_overrun = k->uid;
        n.ssi_int = k->value;
        n.ssi_ptr = (uint64_t)(int64_t)k->value;
        break;
    case SIL_RT:                             /* sigqueue's value: an int, and a pointer widened */
        n.ssi_pid = (uint32_t)k->pid;
        n.ssi_uid = si_uid_out(k->uid);
        n.ssi_int = k->value;
        n.ssi_ptr = (uint64_t)(int64_t)k->value;
        break;
    case SIL_POLL:                           /* O_ASYNC keeps si_band and si_fd in pid and uid */
        n.ssi_band = (uint32_t)k->pid;
        n.ssi_fd = (int32_t)k->uid;
        break;
    case SIL_FAULT:
        n.ssi_addr = k->addr;
        break;
    case SIL_CHLD:
        n.ssi_pid = (uint32_t)k->pid;
        n.ssi_uid = si_uid_out(k->uid);
        n.ssi_status = k->status;
        n.ssi_utime = k->utime;
        n.ssi_stime = k->stime;
        break;
    }
    return copy_to_user(ubuf, &n, sizeof n) ? -EFAULT : (int)sizeof n;
}

/* ---- the file ---- */

/* The next pending signal of the mask, taken: its number, waiting for
 * one unless nonblock (-EAGAIN); -ERESTARTSYS on another signal. */
static int signalfd_dequeue(struct signalfd_ctx *ctx, struct ksiginfo *info, bool nonblock)
{
    int sig = dequeue_signal(ctx->sigmask, info);
    if (sig || nonblock)
        return sig ? sig : -EAGAIN;
    current->waiting_for = ctx->sigmask;    /* a process-directed signal comes to us */
    int r = wait_event_interruptible(&ctx->wqh, (sig = dequeue_signal(ctx->sigmask, info)) != 0);
    current->waiting_for = 0;
    return r ? -ERESTARTSYS : sig;
}

/* read(2): as many struct signalfd_siginfo as fit and are pending, at
 * least one (waiting for it unless O_NONBLOCK). -EINVAL when not even one
 * fits, -EAGAIN, -ERESTARTSYS, -EFAULT. */
static ssize_t signalfd_read(struct file *f, char *ubuf, size_t n, loff_t *pos UNUSED)
{
    struct signalfd_ctx *ctx = f->private_data;
    size_t count = n / sizeof(struct signalfd_siginfo);
    if (!count)
        return -EINVAL;
    bool nonblock = f->f_flags & O_NONBLOCK;
    ssize_t total = 0, r;
    do {
        struct ksiginfo info;
        r = signalfd_dequeue(ctx, &info, nonblock);
        if (r <= 0)
            break;
        r = signalfd_copyinfo(ubuf + total, (int)r, &info);
        if (r < 0)
            break;
        total += r;
        nonblock = true;
    } while (--count);
    return total ? total : r;
}

static unsigned signalfd_poll(struct file *f, struct poll_table *pt)
{
    struct signalfd_ctx *ctx = f->private_data;
    poll_wait(&ctx->wqh, pt);
    return signalfd_ready(ctx) ? POLLIN : 0;
}

static loff_t signalfd_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;                         /* noop_llseek */
}

static void signalfd_release(struct inode *ip UNUSED, struct file *f)
{
    struct signalfd_ctx *ctx = f->private_data;
    uint32_t fl = irq_save();
    for (struct signalfd_ctx **pp = &signalfds; *pp; pp = &(*pp)->next)
        if (*pp == ctx) {
            *pp = ctx->next;
            break;
        }
    irq_restore(fl);
    kfree(ctx);
}

/* fdinfo: the mask as the user gave it, less SIGKILL and SIGSTOP, as 16
 * hex digits with signal 1 in the lowest bit (Linux's render_sigset_t, as
 * /proc/<pid>/status's SigBlk). */
static int signalfd_show_fdinfo(struct file *f, char *buf, int size)
{
    struct signalfd_ctx *ctx = f->private_data;
    return snprintf(buf, size, "sigmask:\t%016llx\n", (unsigned long long)ctx->sigmask);
}

static const struct file_operations signalfd_fops = {
    .read = signalfd_read, .poll = signalfd_poll, .lseek = signalfd_lseek,
    .release = signalfd_release, .show_fdinfo = signalfd_show_fdinfo,
};

/* ---- the system calls ---- */

/* A new signalfd for mask (ufd -1), or the mask of signalfd ufd replaced.
 * The descriptor, or -EINVAL (flags, or ufd is another file), -EBADF,
 * -EMFILE, -ENOMEM. */
static long do_signalfd4(int ufd, sigset64_t mask, int flags)
{
    if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
        return -EINVAL;
    mask &= ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP));   /* silently, as Linux */
    if (ufd != -1) {
        struct file *f = fget(ufd);
        if (!f)
            return -EBADF;
        if (f->f_op != &signalfd_fops)
            return -EINVAL;
        struct signalfd_ctx *ctx = f->private_data;
        ctx->sigmask = mask;
        wake_up(&ctx->wqh);
        return ufd;
    }
    struct signalfd_ctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->sigmask = mask;
    wait_queue_init(&ctx->wqh);
    struct file *f = anon_inode_getfile("[signalfd]", &signalfd_fops, ctx, flags);
    if (!f) {
        kfree(ctx);
        return -ENOMEM;
    }
    uint32_t fl = irq_save();
    ctx->next = signalfds;
    signalfds = ctx;
    irq_restore(fl);
    return anon_inode_install(f, flags);
}

long sys_signalfd4(int ufd, const void *umask, uint32_t sizemask, int flags)
{
    sigset64_t mask;
    if (sizemask != sizeof mask)
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof mask))
        return -EFAULT;
    return do_signalfd4(ufd, mask, flags);
}

long sys_signalfd(int ufd, const void *umask, uint32_t sizemask)
{
    return sys_signalfd4(ufd, umask, sizemask, 0);
}
