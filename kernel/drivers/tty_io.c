/* The terminals' files (Linux's tty_io.c and tty_jobctrl.c): every file
 * open on a tty, whichever device it came by (/dev/console, /dev/ttyS0,
 * /dev/tty, /dev/ptmx, /dev/pts/N), has tty_fops and a struct tty_file
 * naming its tty. Here are the ioctls every tty has (the window size,
 * the exclusive mode, the device number), the job control ones (the
 * controlling terminal, the foreground group, the session), the order in
 * which a driver's and the line discipline's ioctls are asked, and the
 * hang-ups: a file opened before its tty was hung up reads end of file
 * and fails the rest with EIO, as Linux's hung_up_tty_fops. */
#include "kernel/kernel.h"
#include "kernel/drivers/tty.h"
#include "kernel/proc.h"
#include "kernel/pid_namespace.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/syscalls.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include <linux/poll.h>

struct tty_file {                           /* a tty file's private_data (Linux's tty_file_private) */
    struct tty *tty;
    uint32_t hangups;                       /* the tty's count of hang-ups at open */
};

struct tty *file_tty(struct file *f)
{
    return f->f_op == &tty_fops ? ((struct tty_file *)f->private_data)->tty : NULL;
}

bool tty_hung_up_p(struct file *f)
{
    struct tty_file *tf = f->private_data;
    return tf->hangups != tf->tty->hangups;
}

uint32_t tty_devnum(struct tty *t)
{
    return new_encode_dev(t->dev);
}

/* See tty.h. Linux's tty_open after the driver is found: a terminal
 * opened exclusively (TIOCEXCL) opens again for CAP_SYS_ADMIN only; a
 * session leader without a terminal, opening one no session has for
 * reading and without O_NOCTTY, acquires it (tty_open_proc_set_tty). */
int tty_open_file(struct tty *t, struct inode *ip UNUSED, struct file *f, bool noctty)
{
    if (t->count && (t->flags & TTY_EXCLUSIVE) && !capable(CAP_SYS_ADMIN))
        return -EBUSY;
    struct tty_file *tf = kmalloc(sizeof *tf);
    if (!tf)
        return -ENOMEM;
    int r = t->ops->open ? t->ops->open(t, f) : 0;
    if (r) {
        kfree(tf);
        return r;
    }
    tf->tty = t;
    tf->hangups = t->hangups;
    t->count++;
    f->private_data = tf;
    f->f_op = &tty_fops;
    f->f_mode &= ~(FMODE_PREAD | FMODE_PWRITE);   /* a stream: no pread, no lseek */
    struct task *c = current;
    if (!noctty && (f->f_mode & FMODE_READ) && c->sid == c->pid && !c->tty && !t->session) {
        c->tty = t;
        t->session = c->sid;
        t->pgrp = c->pgid;
    }
    return 0;
}

static ssize_t tty_read(struct file *f, struct iov_iter *to, loff_t *pos UNUSED)
{
    struct tty *t = file_tty(f);
    if (tty_hung_up_p(f))
        return 0;
    if (t->flags & TTY_IO_ERROR)
        return -EIO;
    ssize_t r = n_tty_read(t, f, to);
    if (r > 0 && (current_time().sec ^ f->f_inode->i_atime.sec) & ~7)
        f->f_inode->i_atime = current_time();   /* Linux's tty_update_time: 8 s steps */
    return r;
}

static ssize_t tty_write(struct file *f, struct iov_iter *from, loff_t *pos UNUSED)
{
    struct tty *t = file_tty(f);
    if (tty_hung_up_p(f) || (t->flags & TTY_IO_ERROR))
        return -EIO;
    ssize_t r = n_tty_write(t, f, from);
    if (r > 0 && (current_time().sec ^ f->f_inode->i_mtime.sec) & ~7)
        f->f_inode->i_mtime = current_time();
    return r;
}

static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
    if (tty_hung_up_p(f))
        return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
    return n_tty_poll(file_tty(f), f, pt);
}

static int tty_fasync(int fd, struct file *f, int on)
{
    if (on && tty_hung_up_p(f))
        return -ENOTTY;
    int r = fasync_helper(fd, f, on, &file_tty(f)->fasync);
    if (r > 0)                               /* newly on: the owner is the terminal's group */
        f_setown_tty(f, file_tty(f)->pgrp);
    return r < 0 ? r : 0;
}

/* The last close of a file: the driver hears of it after the count went
 * down (a pty's side closes when it reaches 0; the pair may go). */
static void tty_release(struct inode *ip UNUSED, struct file *f)
{
    struct tty_file *tf = f->private_data;
    struct tty *t = tf->tty;
    kfree(tf);
    t->count--;
    if (t->ops->close)
        t->ops->close(t, f);
}

/* A pty master's fdinfo line, Linux's "tty-index". */
static int tty_show_fdinfo(struct file *f, char *buf, int size)
{
    struct tty *t = file_tty(f);
    return t->flags & TTY_PTY_MASTER ? snprintf(buf, size, "tty-index:\t%d\n", t->index) : 0;
}

/* ---- the controlling terminal and the foreground group ---- */

/* The session of t loses it (Linux's tty_signal_session_leader): every
 * task with t as its terminal lets it go, and with signal, the session's
 * leader gets SIGHUP and SIGCONT; t keeps no session and no group. */
static void session_hangup(struct tty *t, bool signal)
{
    int sid = t->session;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *p = &tasks[i];
        if (p->state == TASK_UNUSED || p->tty != t)
            continue;
        if (signal && sid && p->tgid == sid && p->group_leader == p) {
            send_sig(p, SIGHUP);
            send_sig(p, SIGCONT);
        }
        p->tty = NULL;
    }
    t->session = t->pgrp = 0;
}

/* See tty.h (Linux's __tty_hangup without exit_session). */
void tty_vhangup(struct tty *t)
{
    t->hangups++;
    uint32_t f = irq_save();
    tty_flush_input(t);
    irq_restore(f);
    session_hangup(t, true);
    tty_wakeup(t);
}

void tty_forget(struct tty *t)
{
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].tty == t)
            tasks[i].tty = NULL;
}

/* TIOCSWINSZ (on a master: its slave's). A change of any of the four
 * fields is sent to the foreground group as SIGWINCH (Linux's
 * tty_do_resize). 0 or -EFAULT. */
static int tiocswinsz(struct tty *t, uint32_t arg)
{
    struct tty n;
    if (copy_from_user(&n.winsize, (void *)arg, sizeof n.winsize))
        return -EFAULT;
    if (memcmp(&n.winsize, &t->winsize, sizeof n.winsize)) {
        if (t->pgrp)
            kill_pgrp(t->pgrp, SIGWINCH);
        t->winsize = n.winsize;
    }
    return 0;
}

/* Whether group pg may be t's foreground group for current (Linux's
 * session_of_pgrp): a group, else a process, of current's session. 0,
 * -EPERM (another session's) or -ESRCH (no such). */
static int pgrp_in_session(int pg)
{
    int sid = -1;
    for (int i = 1; i < task_slots_used() && sid < 0; i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == pg)
            sid = tasks[i].sid;
    for (int i = 1; i < task_slots_used() && sid < 0; i++)
        if (tasks[i].state != TASK_UNUSED && (tasks[i].pid == pg || tasks[i].sid == pg))
            sid = tasks[i].pid == pg ? tasks[i].sid : 0;
    return sid < 0 ? -ESRCH : sid == current->sid ? 0 : -EPERM;
}

/* TIOCSPGRP: the foreground group of real becomes *arg. A background
 * caller gets SIGTTOU first. 0, -ENOTTY (real is not current's
 * controlling terminal), -EFAULT, -EINVAL (negative), -EPERM, -ESRCH. */
static int tiocspgrp(struct tty *real, uint32_t arg)
{
    struct task *c = current;
    int r = tty_check_change(real, SIGTTOU), pg;
    if (r)
        return r == -EIO ? -ENOTTY : r;
    if (copy_from_user(&pg, (void *)arg, sizeof pg))
        return -EFAULT;
    if (pg < 0)
        return -EINVAL;
    if (c->tty != real || real->session != c->sid)
        return -ENOTTY;
    int g = pid_from_vnr(pg);                /* a group the caller's namespace sees */
    if ((r = g ? pgrp_in_session(g) : -ESRCH))
        return r;
    real->pgrp = g;
    return 0;
}

/* TIOCSCTTY: real becomes the controlling terminal of current, a session
 * leader without one (0 at once if it is its session's already); a
 * terminal another session holds is taken from it only by root asking
 * with arg 1; a file open only for writing does not give it. 0 or
 * -EPERM. */
static int tiocsctty(struct tty *real, struct file *f, uint32_t arg)
{
    struct task *c = current;
    if (c->sid == c->pid && real->session == c->sid)
        return 0;
    if (c->sid != c->pid || c->tty)
        return -EPERM;
    if (real->session) {
        if (!(arg == 1 && capable(CAP_SYS_ADMIN)))
            return -EPERM;
        session_hangup(real, false);         /* stolen from its old session */
    }
    if (!(f->f_mode & FMODE_READ) && !capable(CAP_SYS_ADMIN))
        return -EPERM;
    c->tty = real;
    real->session = c->sid;
    real->pgrp = c->pgid;
    return 0;
}

/* Session leader current gives up its controlling terminal (TIOCNOTTY,
 * or on exit): the foreground group gets SIGHUP, and SIGCONT unless the
 * leader is exiting (as Linux's disassociate_ctty for a pty; Pipit does
 * the same for the console, decision 19); every process of the session
 * loses the terminal; the terminal keeps no session and no foreground
 * group, so the next session leader can acquire it. Does not sleep. */
void disassociate_ctty(bool on_exit)
{
    struct task *c = current;
    struct tty *t = c->tty;
    if (!t || c->sid != c->tgid)             /* the session leader's process */
        return;
    if (t->pgrp) {
        kill_pgrp(t->pgrp, SIGHUP);
        if (!on_exit)
            kill_pgrp(t->pgrp, SIGCONT);
    }
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].sid == c->sid && tasks[i].tty == t)
            tasks[i].tty = NULL;
    if (t->session == c->sid)
        t->session = t->pgrp = 0;
    c->tty = NULL;
}

/* Job control (Linux's tty_jobctrl_ioctl): TIOCNOTTY on t, the rest on
 * real, the slave of a master. The getters need real to be current's
 * controlling terminal unless asked through the master; TIOCGSID needs a
 * session. -ENOIOCTLCMD for another command. */
static int tty_jobctrl_ioctl(struct tty *t, struct tty *real, struct file *f, uint32_t cmd, uint32_t arg)
{
    struct task *c = current;
    switch (cmd) {
    case TIOCNOTTY:
        if (c->tty != t)
            return -ENOTTY;
        if (c->sid == c->pid)
            disassociate_ctty(false);
        c->tty = NULL;
        return 0;
    case TIOCSCTTY:
        return tiocsctty(real, f, arg);
    case TIOCGPGRP:
        if (t == real && c->tty != real)
            return -ENOTTY;
    {
        int pg = pid_vnr(real->pgrp);
        return copy_to_user((void *)arg, &pg, sizeof pg);
    }
    case TIOCSPGRP:
        return tiocspgrp(real, arg);
    case TIOCGSID:
        if ((t == real && c->tty != real) || !real->session)
            return -ENOTTY;
    {
        int sid = pid_vnr(real->session);
        return copy_to_user((void *)arg, &sid, sizeof sid);
    }
    }
    return -ENOIOCTLCMD;
}

/* TIOCSTI: the byte at arg is input of t, as if typed (Linux 6.1's
 * tiocsti, before legacy_tiocsti): -EPERM unless t is the caller's
 * controlling terminal or it has CAP_SYS_ADMIN, then -EFAULT. */
static int tiocsti(struct tty *t, uint32_t arg)
{
    char c;
    if (current->tty != t && !capable(CAP_SYS_ADMIN))
        return -EPERM;
    if (copy_from_user(&c, (void *)arg, 1))
        return -EFAULT;
    uint32_t f = irq_save();
    tty_receive(t, c);
    irq_restore(f);
    return 0;
}

/* The ioctls of every tty (Linux's tty_ioctl): the window size, the
 * exclusive mode, the line discipline (only N_TTY), the device, breaks,
 * TIOCGPTPEER, TIOCSTI; then job control; then the driver's own; then the line
 * discipline's. A hung-up file: -EIO (TIOCSPGRP: -ENOTTY). */
static int tty_ioctl(struct file *f, uint32_t cmd, uint32_t arg)
{
    struct tty *t = file_tty(f);
    if (tty_hung_up_p(f))
        return cmd == TIOCSPGRP ? -ENOTTY : -EIO;
    struct tty *real = t->flags & TTY_PTY_MASTER ? t->link : t;
    int r, k;
    switch (cmd) {
    case TIOCSETD: case TIOCSBRK: case TIOCCBRK: case TCSBRK: case TCSBRKP:
        if ((r = tty_check_change(t, SIGTTOU)))
            return r;
    }
    switch (cmd) {
    case TIOCGWINSZ:
        return copy_to_user((void *)arg, &real->winsize, sizeof real->winsize);
    case TIOCSWINSZ:
        return tiocswinsz(real, arg);
    case TIOCCONS:                           /* console redirection: not done (decision 63) */
        return real != t ? -EINVAL : capable(CAP_SYS_ADMIN) ? -EINVAL : -EPERM;
    case TIOCEXCL:
        t->flags |= TTY_EXCLUSIVE;
        return 0;
    case TIOCNXCL:
        t->flags &= ~TTY_EXCLUSIVE;
        return 0;
    case TIOCGEXCL:
        k = !!(t->flags & TTY_EXCLUSIVE);
        return copy_to_user((void *)arg, &k, sizeof k);
    case TIOCGETD:
        k = 0;                               /* N_TTY */
        return copy_to_user((void *)arg, &k, sizeof k);
    case TIOCSETD:
        if (copy_from_user(&k, (void *)arg, sizeof k))
            return -EFAULT;
        return k == 0 ? 0 : -EINVAL;
    case TIOCGDEV:
        k = (int)tty_devnum(real);
        return copy_to_user((void *)arg, &k, sizeof k);
    case TIOCSBRK: case TIOCCBRK: case TCSBRK: case TCSBRKP:
        return 0;                            /* no line to break; tcdrain has nothing to wait for */
    case TIOCMGET: case TIOCMSET: case TIOCMBIC: case TIOCMBIS:
        return -ENOTTY;                      /* no modem lines */
    case TIOCGPTPEER:
        return ptm_open_peer(f, t, (int)arg);
    case TIOCSTI:
        return tiocsti(t, arg);
    }
    r = tty_jobctrl_ioctl(t, real, f, cmd, arg);
    if (r != -ENOIOCTLCMD)
        return r;
    if (t->ops->ioctl && (r = t->ops->ioctl(t, f, cmd, arg)) != -ENOIOCTLCMD)
        return r;
    return n_tty_ioctl(t, real, cmd, arg);
}

const struct file_operations tty_fops = {
    .read_iter = tty_read,
    .write_iter = tty_write,
    .lseek = no_lseek,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
    .fasync = tty_fasync,
    .release = tty_release,
    .show_fdinfo = tty_show_fdinfo,
};

/* vhangup(): CAP_SYS_TTY_CONFIG only (-EPERM). The caller's controlling
 * terminal is hung up for its session as Linux's tty_vhangup_self: the
 * session's leader gets SIGHUP and SIGCONT and every process of the
 * session loses the terminal. A pty's files are hung up too; the
 * console's stay usable (decision 55). 0, also without a terminal. */
long sys_vhangup(void)
{
    if (!capable(CAP_SYS_TTY_CONFIG))
        return -EPERM;
    struct tty *t = current->tty;
    if (!t)
        return 0;
    if (t->flags & TTY_PTY_SLAVE)
        tty_vhangup(t);
    else
        session_hangup(t, true);
    return 0;
}
