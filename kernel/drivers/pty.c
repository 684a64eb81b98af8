/* Pseudo-terminals (Linux's drivers/tty/pty.c, Unix 98 ptys): opening
 * /dev/ptmx (char 5:2) makes a pair of ttys, the master for the opener
 * and the slave, named /dev/pts/N (136:N) by devpts (fs/devpts.c). What
 * one side writes, after its own output processing, is the other side's
 * input: the slave's line discipline edits what the master writes and
 * echoes it back; the master's modes are raw, so it reads what the
 * slave wrote as it came. A writer waits while the other side's input
 * ring is full. The slave is locked until unlockpt (TIOCSPTLCK 0); the
 * master's ioctls are TIOCGPTN, TIOCSPTLCK/TIOCGPTLCK, TIOCPKT/TIOCGPKT,
 * TIOCSIG and (tty_io.c) TIOCGPTPEER. When the last slave file closes
 * the master reads what is left, then EIO; when the master closes, the
 * slave's name goes and the slave is hung up (tty_vhangup). The pair is
 * freed when both sides are closed. */
#include "kernel/kernel.h"
#include "kernel/x86.h"
#include "kernel/drivers/tty.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/mm/mm.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include "fs/devpts.h"

#define UNIX98_PTY_MASTER_MAJOR 128

struct pty {
    struct tty master, slave;
};

static struct pty *pty_of(struct tty *t)
{
    size_t off = t->flags & TTY_PTY_MASTER ? __builtin_offsetof(struct pty, master)
                                           : __builtin_offsetof(struct pty, slave);
    return (struct pty *)((char *)t - off);
}

/* A side's output: the other side's input, byte by byte through its line
 * discipline. The writer checked the room (pty_write_room); echoes that
 * find no room are lost. */
static void pty_write(struct tty *t, const char *s, size_t n)
{
    struct tty *to = t->link;
    uint32_t f = irq_save();
    for (size_t i = 0; i < n; i++)
        tty_receive(to, s[i]);
    irq_restore(f);
}

static uint32_t pty_write_room(struct tty *t)
{
    return tty_input_room(t->link);
}

/* t's reader made room: the other side's writers go on. */
static void pty_unthrottle(struct tty *t)
{
    wake_up(&t->link->write_wq);
}

/* TCOFLUSH, and a signal character's flush: there are no bytes in flight
 * to drop, but a packet-mode master hears of it (TIOCPKT_FLUSHWRITE). */
static void pty_flush_buffer(struct tty *t)
{
    struct tty *to = t->link;
    if (to->packet) {
        t->pktstatus |= TIOCPKT_FLUSHWRITE;
        wake_up(&to->read_wq);
    }
}

/* After TCSETS on the slave: a packet-mode master hears whether ^S and
 * ^Q work now (TIOCPKT_DOSTOP, NOSTOP); a pty keeps 8 bits without
 * parity and CREAD. */
static void pty_set_termios(struct tty *t, const struct termios *old)
{
    if (t->link->packet) {
        bool was = (old->c_iflag & IXON) && old->c_cc[VSTOP] == '\023' && old->c_cc[VSTART] == '\021';
        bool now = (t->termios.c_iflag & IXON) && t->termios.c_cc[VSTOP] == '\023' &&
                   t->termios.c_cc[VSTART] == '\021';
        if (was != now) {
            t->pktstatus &= ~(TIOCPKT_DOSTOP | TIOCPKT_NOSTOP);
            t->pktstatus |= now ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP;
            wake_up(&t->link->read_wq);
        }
    }
    t->termios.c_cflag &= ~(CSIZE | PARENB);
    t->termios.c_cflag |= CS8 | CREAD;
}

/* A slave opens (Linux's pty_open): not while its master is gone or
 * holds the lock, when EIO also sticks to the slave's open files
 * (TTY_IO_ERROR) until an open succeeds. */
static int pty_open(struct tty *t, struct file *f UNUSED)
{
    if ((t->flags & TTY_OTHER_CLOSED) || (t->link->flags & TTY_PTY_LOCK) || t->link->count != 1) {
        t->flags |= TTY_IO_ERROR;
        return -EIO;
    }
    t->flags &= ~TTY_IO_ERROR;
    t->link->flags &= ~TTY_OTHER_CLOSED;
    return 0;
}

static void pty_free(struct pty *p)
{
    tty_forget(&p->slave);
    devpts_kill_index(p->master.index);
    kfree(p);
}

/* A side's file closed (t->count already counts it out). The master's
 * close ends the pty for the slave: its name goes, it is hung up. The
 * last slave's close makes the master read EIO, unless an open that
 * failed left the slave in error (as Linux, which then says nothing). */
static void pty_close(struct tty *t, struct file *f UNUSED)
{
    struct pty *p = pty_of(t);
    if (t->flags & TTY_PTY_MASTER) {
        t->flags |= TTY_IO_ERROR | TTY_OTHER_CLOSED;
        t->packet = false;
        p->slave.flags |= TTY_OTHER_CLOSED;
        if (p->slave.driver_data)
            devpts_pty_kill(p->slave.driver_data);
        p->slave.driver_data = NULL;
        tty_vhangup(&p->slave);
        tty_wakeup(t);
    } else if (!(t->flags & TTY_IO_ERROR) && !t->count) {
        t->flags |= TTY_IO_ERROR;
        p->master.flags |= TTY_OTHER_CLOSED;
        tty_wakeup(t);
        tty_wakeup(&p->master);
    }
    if (!p->master.count && !p->slave.count)
        pty_free(p);
}

/* TIOCSIG: sig (^C's, ^\'s or ^Z's) to the slave's foreground group. */
static int pty_signal(struct tty *t, int sig)
{
    if (sig != SIGINT && sig != SIGQUIT && sig != SIGTSTP)
        return -EINVAL;
    if (t->link->pgrp)
        kill_pgrp(t->link->pgrp, sig);
    return 0;
}

/* The master's own ioctls (Linux's pty_unix98_ioctl); the slave has none. */
static int pty_ioctl(struct tty *t, struct file *f UNUSED, uint32_t cmd, uint32_t arg)
{
    int v;
    switch (cmd) {
    case TIOCSPTLCK:
        if (copy_from_user(&v, (void *)arg, sizeof v))
            return -EFAULT;
        t->flags = v ? t->flags | TTY_PTY_LOCK : t->flags & ~TTY_PTY_LOCK;
        return 0;
    case TIOCGPTLCK:
        v = !!(t->flags & TTY_PTY_LOCK);
        return copy_to_user((void *)arg, &v, sizeof v);
    case TIOCPKT:
        if (copy_from_user(&v, (void *)arg, sizeof v))
            return -EFAULT;
        if (v && !t->packet)
            t->link->pktstatus = 0;
        t->packet = v != 0;
        return 0;
    case TIOCGPKT:
        v = t->packet;
        return copy_to_user((void *)arg, &v, sizeof v);
    case TIOCGPTN:
        return copy_to_user((void *)arg, &t->index, sizeof t->index);
    case TIOCSIG:
        return pty_signal(t, (int)arg);
    }
    return -ENOIOCTLCMD;
}

static const struct tty_operations ptm_ops = {
    .write = pty_write, .write_room = pty_write_room, .unthrottle = pty_unthrottle,
    .flush_buffer = pty_flush_buffer, .ioctl = pty_ioctl, .close = pty_close,
};
static const struct tty_operations pts_ops = {
    .write = pty_write, .write_room = pty_write_room, .unthrottle = pty_unthrottle,
    .flush_buffer = pty_flush_buffer, .set_termios = pty_set_termios, .open = pty_open,
    .close = pty_close,
};

/* The modes Linux gives the two sides: the master raw, 8 bits; the slave
 * the standard ones without HUPCL. */
static const struct termios *ptm_termios(void)
{
    static struct termios m;
    m = tty_std_termios;
    m.c_iflag = m.c_oflag = m.c_lflag = 0;
    m.c_cflag = CS8 | CREAD;
    return &m;
}

static const struct termios *pts_termios(void)
{
    static struct termios s;
    s = tty_std_termios;
    s.c_cflag = B38400 | CS8 | CREAD;
    return &s;
}

/* /dev/ptmx and /dev/pts/ptmx: a new pair, the opener's file on its
 * master; the slave is named and locked. A master never becomes a
 * controlling terminal. 0, -ENOSPC (no number left) or -ENOMEM. */
static int ptmx_open(struct inode *ip, struct file *f)
{
    int idx = devpts_new_index();
    if (idx < 0)
        return idx;
    struct pty *p = kmalloc(sizeof *p);
    if (!p) {
        devpts_kill_index(idx);
        return -ENOMEM;
    }
    tty_init(&p->master, &ptm_ops, ptm_termios());
    tty_init(&p->slave, &pts_ops, pts_termios());
    p->master.link = &p->slave;
    p->slave.link = &p->master;
    p->master.index = p->slave.index = idx;
    p->master.flags = TTY_PTY_MASTER | TTY_PTY_LOCK;
    p->slave.flags = TTY_PTY_SLAVE;
    p->master.dev = MKDEV(UNIX98_PTY_MASTER_MAJOR, idx);
    p->slave.dev = MKDEV(UNIX98_PTY_SLAVE_MAJOR, idx);
    int r = -ENOMEM;
    if ((p->slave.driver_data = devpts_pty_new(idx, &p->slave)) &&
        !(r = tty_open_file(&p->master, ip, f, true)))
        return 0;
    if (p->slave.driver_data)
        devpts_pty_kill(p->slave.driver_data);
    pty_free(p);
    return r;
}

/* /dev/pts/N: the slave its node stands for (a node made elsewhere with
 * mknod stands for none: EIO). */
static int pts_open(struct inode *ip, struct file *f)
{
    struct tty *t = devpts_get_priv(ip);
    if (!t)
        return -EIO;
    return tty_open_file(t, ip, f, f->f_flags & O_NOCTTY);
}

/* TIOCGPTPEER (Linux's ptm_open_peer): a new file on master t's slave,
 * opened with flags (O_RDWR, O_NOCTTY, O_CLOEXEC...) without a lookup of
 * its name or a check of its mode, in the lowest free descriptor. The
 * descriptor, -EIO (no master, or the open failed as pty_open says),
 * -EMFILE, -ENOMEM. */
int ptm_open_peer(struct file *master UNUSED, struct tty *t, int flags)
{
    if (!(t->flags & TTY_PTY_MASTER))
        return -EIO;
    struct inode *ip = t->link->driver_data;
    if (!ip)
        return -EIO;
    int fd = fd_alloc(0);
    if (fd < 0)
        return fd;
    struct file *f = file_alloc();
    if (!f) {
        fd_unreserve(fd);
        return -ENOMEM;
    }
    int acc = flags & O_ACCMODE;
    inode_get(ip);
    f->f_inode = ip;
    f->f_op = ip->i_fop;
    f->f_flags = flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    f->f_mode = (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
                (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
    int r = tty_open_file(t->link, ip, f, flags & O_NOCTTY);
    if (r) {
        kfree(f);
        inode_put(ip);
        fd_unreserve(fd);
        return r;
    }
    fd_install_at(fd, f, flags & O_CLOEXEC);
    return fd;
}

static const struct file_operations ptmx_fops = { .open = ptmx_open };
static const struct file_operations pts_fops = { .open = pts_open };

void pty_init(void)
{
    chrdev_register(MKDEV(5, 2), &ptmx_fops);
    chrdev_register_region(MKDEV(UNIX98_PTY_SLAVE_MAJOR, 0), DEVPTS_MAX, &pts_fops);
}
