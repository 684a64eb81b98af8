/* timerfd: a timer whose expirations are read from a descriptor instead of
 * arriving as SIGALRM (timerfd_create 322, timerfd_settime 325/411,
 * timerfd_gettime 326/410). Each armed timer is a high-resolution timer
 * (kernel/hrtimer.c); a read takes the count of expirations as a u64, a
 * periodic timer being moved on past "now" only then, as Linux does. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/mm/mm.h"
#include "kernel/proc.h"
#include "kernel/poll.h"
#include "kernel/time.h"
#include "kernel/hrtimer.h"
#include "kernel/mm/uaccess.h"
#include "kernel/syscalls.h"
#include "kernel/time_namespace.h"
#include "fs/vfs.h"
#include "ipc/eventfd.h"
#include <linux/poll.h>
#include <linux/time.h>
#include <linux/timerfd.h>

#define TFD_CREATE_FLAGS  (TFD_CLOEXEC | TFD_NONBLOCK)
#define TFD_SETTIME_FLAGS (TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)
#define KTIME_MAX         INT64_MAX

struct timerfd_ctx {
    int clockid;
    int64_t expires;                        /* ns on clockid's clock; 0: disarmed */
    int64_t interval;                       /* ns; 0: one-shot */
    bool armed;                             /* hrt is queued */
    struct hrtimer hrt;                     /* fires at expires (in ktime ns) */
    bool expired;                           /* fired and not yet moved on */
    bool might_cancel;                      /* TFD_TIMER_CANCEL_ON_SET on a realtime clock */
    bool canceled;                          /* ... and the clock was set since */
    uint64_t ticks;                         /* expirations not yet read */
    int settime_flags;                      /* of the last settime: ABSTIME, CANCEL_ON_SET */
    struct wait_queue wqh;                  /* readers and pollers */
    struct timerfd_ctx *next;               /* the list of all */
};

static struct timerfd_ctx *all_list;

static bool isalarm(const struct timerfd_ctx *ctx)
{
    return ctx->clockid == CLOCK_REALTIME_ALARM || ctx->clockid == CLOCK_BOOTTIME_ALARM;
}

/* ---- the timer underneath ----
 * A high-resolution timer at the expiry, converted to ktime (CLOCK_MONOTONIC
 * ns); for a realtime timer the conversion is redone when it fires, so a
 * clock set meanwhile is honoured. These functions are all that knows it. */

/* Now on the timer's clock, in ns. */
static int64_t timerfd_now(const struct timerfd_ctx *ctx)
{
    bool real = ctx->clockid == CLOCK_REALTIME || ctx->clockid == CLOCK_REALTIME_ALARM;
    struct ktime t = real ? time_now() : time_mono();
    return t.sec * NSEC_PER_SEC + t.nsec;
}

static void timerfd_triggered(struct timerfd_ctx *ctx);

/* Arms hrt for ctx->expires as seen from now. Interrupts off. */
static void hrt_arm(struct timerfd_ctx *ctx)
{
    int64_t left = ctx->expires - timerfd_now(ctx);
    ctx->armed = true;
    hrtimer_start(&ctx->hrt, ktime_get_ns_irqoff() + (uint64_t)(left > 0 ? left : 0));
}

/* The hrtimer fired (interrupt, interrupts off): an expiration, unless the
 * realtime clock was set back meanwhile (then it waits on). */
static void timerfd_hrt_fn(struct hrtimer *h)
{
    struct timerfd_ctx *ctx = (struct timerfd_ctx *)((char *)h - __builtin_offsetof(struct timerfd_ctx, hrt));
    ctx->armed = false;
    if (timerfd_now(ctx) >= ctx->expires)
        timerfd_triggered(ctx);
    else
        hrt_arm(ctx);
}

static void timer_cancel(struct timerfd_ctx *ctx)
{
    uint32_t f = irq_save();
    if (ctx->armed)
        hrtimer_cancel(&ctx->hrt);
    ctx->armed = false;
    irq_restore(f);
}

/* The timer fires at ctx->expires: at once if that is past. */
static void timer_start(struct timerfd_ctx *ctx)
{
    uint32_t f = irq_save();
    ctx->hrt.fn = timerfd_hrt_fn;
    if (ctx->armed)
        hrtimer_cancel(&ctx->hrt);
    ctx->armed = false;
    if (timerfd_now(ctx) >= ctx->expires)
        timerfd_triggered(ctx);
    else
        hrt_arm(ctx);
    irq_restore(f);
}

/* ---- expirations ---- */

/* The timer fired: one more expiration, readers wake. It is not re-armed
 * here, even if periodic: the next read or gettime moves it on (so a tiny
 * interval cannot flood the tick). Interrupts off. */
static void timerfd_triggered(struct timerfd_ctx *ctx)
{
    if (ctx->armed)
        hrtimer_cancel(&ctx->hrt);
    ctx->armed = false;
    ctx->expired = true;
    ctx->ticks++;
    wake_up(&ctx->wqh);
}

/* Moves a periodic timer's expiry past now by whole intervals (Linux's
 * hrtimer_forward_now): how many, 0 if it is still ahead. The expiry
 * stops at KTIME_MAX, as ktime_add_safe. */
static uint64_t timer_forward_now(struct timerfd_ctx *ctx)
{
    int64_t now = timerfd_now(ctx), delta = now - ctx->expires;
    if (delta < 0)
        return 0;
    uint64_t n = (uint64_t)delta / (uint64_t)ctx->interval + 1;
    uint64_t add = n * (uint64_t)ctx->interval;     /* <= delta + interval: no wrap */
    ctx->expires = add > (uint64_t)(KTIME_MAX - ctx->expires) ? KTIME_MAX : ctx->expires + (int64_t)add;
    return n;
}

/* A periodic timer that fired goes on: the intervals missed since are
 * counted in ticks, and it is armed for the next one. Interrupts off. */
static void timer_rearm(struct timerfd_ctx *ctx)
{
    if (ctx->expired && ctx->interval) {
        ctx->expired = false;
        ctx->ticks += timer_forward_now(ctx) - 1;
        timer_start(ctx);
    }
}

/* Once after each setting of the realtime clock, for a CANCEL_ON_SET timer. */
static bool timerfd_canceled(struct timerfd_ctx *ctx)
{
    if (!ctx->might_cancel || !ctx->canceled)
        return false;
    ctx->canceled = false;
    return true;
}

void timerfd_clock_was_set(void)
{
    uint32_t f = irq_save();
    for (struct timerfd_ctx *ctx = all_list; ctx; ctx = ctx->next)
        if (ctx->might_cancel && !ctx->canceled) {
            ctx->canceled = true;
            ctx->ticks++;
            wake_up(&ctx->wqh);
        }
    irq_restore(f);
}

/* ---- the file ---- */

/* read(2): the expirations since the last read, as a u64, waiting for
 * one. -EINVAL (fewer than 8 bytes), -EAGAIN (O_NONBLOCK), -ECANCELED
 * (CANCEL_ON_SET and the clock was set), -ERESTARTSYS, -EFAULT. */
static ssize_t timerfd_read(struct file *f, char *ubuf, size_t n, loff_t *pos UNUSED)
{
    struct timerfd_ctx *ctx = f->private_data;
    if (n < sizeof(uint64_t))
        return -EINVAL;
    ssize_t res = 0;
    if (f->f_flags & O_NONBLOCK)
        res = ctx->ticks ? 0 : -EAGAIN;
    else if (wait_event_interruptible(&ctx->wqh, ctx->ticks != 0))
        res = -ERESTARTSYS;
    uint32_t fl = irq_save();
    if (timerfd_canceled(ctx)) {
        ctx->ticks = 0;
        ctx->expired = false;
        res = -ECANCELED;
    }
    uint64_t ticks = 0;
    if (ctx->ticks) {
        timer_rearm(ctx);                    /* a periodic timer counts what it missed */
        ticks = ctx->ticks;
        ctx->ticks = 0;
        ctx->expired = false;
    }
    irq_restore(fl);
    if (ticks)
        res = copy_to_user(ubuf, &ticks, sizeof ticks) ? -EFAULT : (ssize_t)sizeof ticks;
    return res;
}

static unsigned timerfd_poll(struct file *f, struct poll_table *pt)
{
    struct timerfd_ctx *ctx = f->private_data;
    poll_wait(&ctx->wqh, pt);
    return ctx->ticks ? POLLIN : 0;
}

/* TFD_IOC_SET_TICKS (checkpoint/restore): sets the count of expirations. */
static int timerfd_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct timerfd_ctx *ctx = f->private_data;
    uint64_t ticks;
    if (cmd != TFD_IOC_SET_TICKS)
        return -ENOTTY;
    if (copy_from_user(&ticks, (void *)arg, sizeof ticks))
        return -EFAULT;
    if (!ticks)
        return -EINVAL;
    uint32_t fl = irq_save();
    int r = timerfd_canceled(ctx) ? -ECANCELED : 0;
    if (!r) {
        ctx->ticks = ticks;
        wake_up(&ctx->wqh);
    }
    irq_restore(fl);
    return r;
}

static loff_t timerfd_lseek(struct file *f, loff_t off UNUSED, int whence UNUSED)
{
    return f->f_pos;                         /* noop_llseek */
}

static void timerfd_release(struct inode *ip UNUSED, struct file *f)
{
    struct timerfd_ctx *ctx = f->private_data;
    uint32_t fl = irq_save();
    timer_cancel(ctx);
    for (struct timerfd_ctx **pp = &all_list; *pp; pp = &(*pp)->next)
        if (*pp == ctx) {
            *pp = ctx->next;
            break;
        }
    irq_restore(fl);
    kfree(ctx);
}

/* What is left until the expiry, 0 when it is past (or disarmed: 0). */
static int64_t timerfd_remaining(struct timerfd_ctx *ctx)
{
    int64_t rem = ctx->expires - timerfd_now(ctx);
    return rem < 0 ? 0 : rem;
}

/* fdinfo, as Linux's timerfd_show: the clock, the expirations not yet
 * read, the flags of the last settime in octal, the time left (0 once
 * it passed: a periodic timer is not moved on here, as it is by read and
 * gettime, so one that fired shows (0, 0) and 1 tick until then) and the
 * interval, each as (seconds, nanoseconds). */
static int timerfd_show_fdinfo(struct file *f, char *buf, int size)
{
    struct timerfd_ctx *ctx = f->private_data;
    uint32_t fl = irq_save();
    int64_t value = timerfd_remaining(ctx), interval = ctx->interval;
    uint64_t ticks = ctx->ticks;
    irq_restore(fl);
    return snprintf(buf, size, "clockid: %d\nticks: %llu\nsettime flags: 0%o\n"
                    "it_value: (%llu, %llu)\nit_interval: (%llu, %llu)\n",
                    ctx->clockid, (unsigned long long)ticks, ctx->settime_flags,
                    (unsigned long long)(value / NSEC_PER_SEC), (unsigned long long)(value % NSEC_PER_SEC),
                    (unsigned long long)(interval / NSEC_PER_SEC),
                    (unsigned long long)(interval % NSEC_PER_SEC));
}

static const struct file_operations timerfd_fops = {
    .read = timerfd_read, .poll = timerfd_poll, .ioctl = timerfd_ioctl,
    .lseek = timerfd_lseek, .release = timerfd_release, .show_fdinfo = timerfd_show_fdinfo,
};

/* ---- the system calls ---- */

long sys_timerfd_create(int clockid, int flags)
{
    if ((flags & ~TFD_CREATE_FLAGS) ||
        (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME && clockid != CLOCK_BOOTTIME &&
         clockid != CLOCK_REALTIME_ALARM && clockid != CLOCK_BOOTTIME_ALARM))
        return -EINVAL;
    struct timerfd_ctx *ctx = kzalloc(sizeof *ctx);
    if (!ctx)
        return -ENOMEM;
    ctx->clockid = clockid;
    if (isalarm(ctx) && !capable(CAP_WAKE_ALARM)) {   /* CAP_WAKE_ALARM */
        kfree(ctx);
        return -EPERM;
    }
    wait_queue_init(&ctx->wqh);
    struct file *f = anon_inode_getfile("[timerfd]", &timerfd_fops, ctx, flags);
    if (!f) {
        kfree(ctx);
        return -ENOMEM;
    }
    uint32_t fl = irq_save();
    ctx->next = all_list;
    all_list = ctx;
    irq_restore(fl);
    return anon_inode_install(f, flags);
}

/* The timer behind descriptor ufd: -EBADF, or -EINVAL for another file. */
static struct timerfd_ctx *timerfd_fget(int ufd, int *err)
{
    struct file *f = fget(ufd);
    *err = !f ? -EBADF : f->f_op != &timerfd_fops ? -EINVAL : 0;
    return *err ? NULL : f->private_data;
}

struct kitimerspec { int64_t isec, insec, vsec, vnsec; };   /* it_interval, it_value */

static int get_itimerspec(const void *u, bool ts64, struct kitimerspec *k)
{
    size_t half = ts64 ? 16 : 8;
    if (get_user_timespec(u, ts64, &k->isec, &k->insec) ||
        get_user_timespec((const char *)u + half, ts64, &k->vsec, &k->vnsec))
        return -EFAULT;
    return 0;
}

static int put_itimerspec(void *u, bool ts64, int64_t interval, int64_t value)
{
    int64_t v64[4] = { interval / NSEC_PER_SEC, interval % NSEC_PER_SEC,
                       value / NSEC_PER_SEC, value % NSEC_PER_SEC };
    int32_t v32[4] = { (int32_t)v64[0], (int32_t)v64[1], (int32_t)v64[2], (int32_t)v64[3] };
    return (ts64 ? copy_to_user(u, v64, sizeof v64) : copy_to_user(u, v32, sizeof v32)) ? -EFAULT : 0;
}

/* A timespec as ns, KTIME_MAX past what ktime can hold (ktime_set). */
static int64_t ts_to_ns(int64_t sec, int64_t nsec)
{
    return sec >= KTIME_MAX / NSEC_PER_SEC ? KTIME_MAX : sec * NSEC_PER_SEC + nsec;
}

/* Arms (a non-zero it_value) or disarms the timer; pending expirations
 * are forgotten. Interrupts off. */
static void timerfd_setup(struct timerfd_ctx *ctx, int flags, const struct kitimerspec *k)
{
    timer_cancel(ctx);
    ctx->expired = false;
    ctx->ticks = 0;
    ctx->settime_flags = flags & TFD_SETTIME_FLAGS;
    ctx->interval = ts_to_ns(k->isec, k->insec);
    ctx->expires = 0;
    int64_t v = ts_to_ns(k->vsec, k->vnsec);
    if (!v)
        return;
    if (!(flags & TFD_TIMER_ABSTIME)) {
        int64_t now = timerfd_now(ctx);
        v = v > KTIME_MAX - now ? KTIME_MAX : v + now;
    } else {
        v = timens_ktime_to_host(ctx->clockid, v);   /* a time namespace's */
    }
    ctx->expires = v;
    timer_start(ctx);
}

static long do_timerfd_settime(int ufd, int flags, const void *utmr, void *otmr, bool ts64)
{
    struct kitimerspec k;
    if (get_itimerspec(utmr, ts64, &k))
        return -EFAULT;
    if ((flags & ~TFD_SETTIME_FLAGS) || k.isec < 0 || k.vsec < 0 || k.insec < 0 ||
        k.insec >= NSEC_PER_SEC || k.vnsec < 0 || k.vnsec >= NSEC_PER_SEC)
        return -EINVAL;
    int err;
    struct timerfd_ctx *ctx = timerfd_fget(ufd, &err);
    if (!ctx)
        return err;
    if (isalarm(ctx) && !capable(CAP_WAKE_ALARM))
        return -EPERM;
    uint32_t fl = irq_save();
    bool real = ctx->clockid == CLOCK_REALTIME || ctx->clockid == CLOCK_REALTIME_ALARM;
    ctx->might_cancel = real && (flags & TFD_TIMER_ABSTIME) && (flags & TFD_TIMER_CANCEL_ON_SET);
    if (ctx->expired && ctx->interval)
        timer_forward_now(ctx);              /* the old value is the next expiry */
    int64_t old_value = timerfd_remaining(ctx), old_interval = ctx->interval;
    timerfd_setup(ctx, flags, &k);
    irq_restore(fl);
    if (otmr)
        return put_itimerspec(otmr, ts64, old_interval, old_value);
    return 0;
}

static long do_timerfd_gettime(int ufd, void *otmr, bool ts64)
{
    int err;
    struct timerfd_ctx *ctx = timerfd_fget(ufd, &err);
    if (!ctx)
        return err;
    uint32_t fl = irq_save();
    timer_rearm(ctx);
    int64_t value = timerfd_remaining(ctx), interval = ctx->interval;
    irq_restore(fl);
    return put_itimerspec(otmr, ts64, interval, value);
}

long sys_timerfd_settime(int ufd, int flags, const void *utmr32, void *otmr32)
{
    return do_timerfd_settime(ufd, flags, utmr32, otmr32, false);
}

long sys_timerfd_settime64(int ufd, int flags, const void *utmr64, void *otmr64)
{
    return do_timerfd_settime(ufd, flags, utmr64, otmr64, true);
}

long sys_timerfd_gettime(int ufd, void *otmr32)
{
    return do_timerfd_gettime(ufd, otmr32, false);
}

long sys_timerfd_gettime64(int ufd, void *otmr64)
{
    return do_timerfd_gettime(ufd, otmr64, true);
}
