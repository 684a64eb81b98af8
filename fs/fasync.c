/* Signal-driven I/O, as Linux's fs/fcntl.c: a file with O_ASYNC is on its
 * object's fasync list (pipe ends, sockets, ttys: f_op->fasync puts it
 * there), and when input arrives or output becomes possible the object
 * calls kill_fasync, which signals each file's owner (F_SETOWN,
 * F_SETOWN_EX) with SIGIO, or with the F_SETSIG signal and si_fd, si_band
 * in its siginfo. sys_fcntl (fs/fd.c) calls fcntl_owner. */
#include "kernel/kernel.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "kernel/pid_namespace.h"
#include <linux/poll.h>

/* Whether some task has pid n as its pid, process group or session (what
 * Linux's find_vpid finds). */
static bool pid_in_use(int n)
{
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED &&
            (tasks[i].pid == n || tasks[i].pgid == n || tasks[i].sid == n))
            return true;
    return false;
}

/* Makes (type, pid) f's owner, remembering who set it. 0, or -ESRCH when
 * no task uses that pid. */
static int f_setown(struct file *f, int type, int pid)
{
    if (pid && !pid_in_use(pid))
        return -ESRCH;
    f->f_owner.type = type;
    f->f_owner.pid = pid;
    f->f_owner.uid = current->uid;
    f->f_owner.euid = current->euid;
    return 0;
}

static int f_setown_ex(struct file *f, uint32_t arg)
{
    struct f_owner_ex o;
    if (copy_from_user(&o, (void *)arg, sizeof o))
        return -EFAULT;
    if (o.type != F_OWNER_TID && o.type != F_OWNER_PID && o.type != F_OWNER_PGRP)
        return -EINVAL;
    int g = o.pid ? pid_from_vnr(o.pid) : 0;
    return o.pid && !g ? -ESRCH : f_setown(f, o.type, g);
}

static int f_getown_ex(struct file *f, uint32_t arg)
{
    struct f_owner_ex o = { .type = f->f_owner.type, .pid = pid_vnr(f->f_owner.pid) };
    return copy_to_user((void *)arg, &o, sizeof o) ? -EFAULT : 0;
}

/* F_GETOWN, F_SETOWN (a negative argument names a process group),
 * F_GETOWN_EX, F_SETOWN_EX, F_GETSIG and F_SETSIG (0 or a signal number)
 * on f. Does not sleep. As Linux: F_GETOWN's value, 0 or the signal, or
 * -EFAULT, -EINVAL, -ESRCH. */
long fcntl_owner(struct file *f, int cmd, uint32_t arg)
{
    int a = (int)arg;
    switch (cmd) {
    case F_GETOWN:
        return f->f_owner.type == F_OWNER_PGRP ? -pid_vnr(f->f_owner.pid) : pid_vnr(f->f_owner.pid);
    case F_SETOWN:
        if (a == INT32_MIN)
            return -EINVAL;
        if (a && !pid_from_vnr(a < 0 ? -a : a))
            return -ESRCH;                   /* no such id seen in the caller's namespace */
        return a < 0 ? f_setown(f, F_OWNER_PGRP, pid_from_vnr(-a)) : f_setown(f, F_OWNER_PID, pid_from_vnr(a));
    case F_GETOWN_EX:
        return f_getown_ex(f, arg);
    case F_SETOWN_EX:
        return f_setown_ex(f, arg);
    case F_GETSIG:
        return f->f_owner.signum;
    case F_SETSIG:
        if (a < 0 || a > NSIG_K)
            return -EINVAL;
        f->f_owner.signum = a;
        return 0;
    }
    return -EINVAL;
}

/* Adds f (through descriptor fd) to the list at head when on, else takes
 * it off. Does not sleep. 1 when added, 0, or -ENOMEM. */
int fasync_helper(int fd, struct file *f, int on, struct fasync_struct **head)
{
    struct fasync_struct **pp = head, *fa;
    while ((fa = *pp) && fa->file != f)
        pp = &fa->next;
    if (!on) {
        if (fa) {
            *pp = fa->next;
            kfree(fa);
        }
        return 0;
    }
    if (fa) {
        fa->fd = fd;
        return 0;
    }
    if (!(fa = kzalloc(sizeof *fa)))
        return -ENOMEM;
    fa->file = f;
    fa->fd = fd;
    fa->next = *head;
    *head = fa;
    return 1;
}

/* May the setter of fown signal t (Linux's sigio_perm). */
static bool sigio_perm(struct task *t, const struct fown_struct *o)
{
    return o->euid == 0 || o->euid == t->suid || o->euid == t->uid ||
           o->uid == t->suid || o->uid == t->uid;
}

/* The poll bits si_band reports for each POLL_* reason (Linux's band_table). */
static const int band_table[] = {
    POLLIN | POLLRDNORM,                    /* POLL_IN */
    POLLOUT | POLLWRNORM | POLLWRBAND,      /* POLL_OUT */
    POLLIN | POLLRDNORM | POLLMSG,          /* POLL_MSG */
    POLLERR,                                /* POLL_ERR */
    POLLPRI | POLLRDBAND,                   /* POLL_PRI */
    POLLHUP | POLLERR,                      /* POLL_HUP */
};

static void send_sigio_to_task(struct task *t, const struct fown_struct *o, int fd, int reason)
{
    if (!sigio_perm(t, o))
        return;
    int sig = o->signum;
    bool specific = sig == SIGILL || sig == SIGFPE || sig == SIGSEGV || sig == SIGBUS ||
                    sig == SIGTRAP || sig == SIGCHLD || sig == SIGSYS;
    if (sig) {                              /* si_band in the pid word, si_fd in the uid word */
        struct ksiginfo info = { .code = specific ? SI_SIGIO : reason,
                                 .pid = band_table[reason - POLL_IN], .uid = (uint32_t)fd };
        if (send_sig_info(t, sig, &info) == 0)
            return;
    }
    send_sig_kernel(t, SIGIO);              /* plain SIGIO, or the queue was full */
}

/* The next live task after slot *i that owner o names (a process, a
 * thread or a process group), or NULL. */
static struct task *next_owner_task(const struct fown_struct *o, int *i)
{
    while (o->pid && ++*i < task_slots_used()) {
        struct task *t = &tasks[*i];
        if (t->state != TASK_UNUSED && t->state != TASK_ZOMBIE &&
            (o->type == F_OWNER_PGRP ? t->pgid == o->pid : t->pid == o->pid))
            return t;
    }
    return NULL;
}

/* Signals f's owner, if it has one, for `reason` with si_fd fd (Linux's
 * send_sigio). Does not sleep. */
void send_sigio(struct file *f, int fd, int reason)
{
    int i = 0;
    for (struct task *t; (t = next_owner_task(&f->f_owner, &i));)
        send_sigio_to_task(t, &f->f_owner, fd, reason);
}

/* Signals the owner of every file on the list at head for `reason`
 * (POLL_IN when input arrived, POLL_OUT when room was made...). Does not
 * sleep; callable wherever a wake_up is. */
void __kill_fasync(struct fasync_struct **head, int reason)
{
    for (struct fasync_struct *fa = *head; fa; fa = fa->next)
        if (fa->file->f_flags & FASYNC)
            send_sigio(fa->file, fa->fd, reason);
}

/* A terminal's O_ASYNC makes its foreground group (else the caller's
 * process) the owner of a file that has none (Linux's __tty_fasync). */
void f_setown_tty(struct file *f, int pgrp)
{
    if (f->f_owner.pid)
        return;
    if (pgrp)
        f_setown(f, F_OWNER_PGRP, pgrp);
    else
        f_setown(f, F_OWNER_PID, current->tgid);
}

/* F_SETLEASE makes the setter's process the owner, unless f has one
 * (Linux's __f_setown without force). */
void f_setown_lease(struct file *f)
{
    if (!f->f_owner.pid)
        f_setown(f, F_OWNER_PID, current->tgid);
}

/* Urgent data came (TCP's MSG_OOB): SIGURG goes to the owner F_SETOWN
 * named, whether or not the file has O_ASYNC, as Linux's send_sigurg. */
void send_sigurg(struct file *f)
{
    int i = 0;
    for (struct task *t; (t = next_owner_task(&f->f_owner, &i));)
        if (sigio_perm(t, &f->f_owner))
            send_sig_kernel(t, SIGURG);
}
