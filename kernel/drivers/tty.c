/* The line discipline (see tty.h). Input bytes arrive from interrupt
 * handlers (serial, keyboard) and are edited here; readers sleep on
 * read_wq. Output goes through OPOST/ONLCR to the device's output hook. */
#include "kernel/kernel.h"
#include "kernel/trace.h"
#include "kernel/x86.h"
#include "kernel/drivers/tty.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "kernel/poll.h"
#include "kernel/mm/uaccess.h"
#include "fs/vfs.h"
#include <linux/poll.h>

struct tty console_tty;

#define L(t, f) ((t)->termios.c_lflag & (f))
#define I(t, f) ((t)->termios.c_iflag & (f))
#define CC(t, i) ((t)->termios.c_cc[i])
#define EOF_MARK 0xFF00                     /* not a byte: an ^D in the ring */

/* A tty in its initial modes (cooked, echo, 24x80) writing through output. */
void tty_init(struct tty *t, void (*output)(const char *, size_t))
{
    memset(t, 0, sizeof *t);
    t->termios.c_iflag = ICRNL | IXON;
    t->termios.c_oflag = OPOST | ONLCR;
    t->termios.c_cflag = B38400 | CS8 | CREAD | HUPCL;
    t->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
    const uint8_t cc[] = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21,
                           [VEOF] = 4, [VTIME] = 0, [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19,
                           [VSUSP] = 26, [VREPRINT] = 18, [VWERASE] = 23, [VLNEXT] = 22 };
    memcpy(t->termios.c_cc, cc, sizeof cc);
    t->rows = 24;
    t->cols = 80;
    wait_queue_init(&t->read_wq);
    wait_queue_name(&t->read_wq, "tty %x input", (uint32_t)(uintptr_t)t);
    t->output = output;
}

/* Output with OPOST processing (\n -> \r\n); keeps the column for echo. */
static void tty_out(struct tty *t, const char *s, size_t n)
{
    char buf[128];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (k + 2 > sizeof buf) { t->output(buf, k); k = 0; }
        if (c == '\n' && (t->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR)) {
            buf[k++] = '\r';
            t->column = 0;
        }
        buf[k++] = c;
        if (c == '\r' || c == '\n') t->column = 0;
        else if (c == '\b') { if (t->column) t->column--; }
        else if (c == '\t') t->column = (t->column | 7) + 1;
        else if ((uint8_t)c >= 32) t->column++;
    }
    if (k)
        t->output(buf, k);
}

/* Echoes an input byte when ECHO is on, a control character as ^X under
 * ECHOCTL. */
static void echo_char(struct tty *t, char c)
{
    if (!L(t, ECHO))
        return;
    if (L(t, ECHOCTL) && ((uint8_t)c < 32 && c != '\n' && c != '\t')) {
        char b[2] = { '^', (char)(c + '@') };
        tty_out(t, b, 2);
    } else if (c == 127 && L(t, ECHOCTL)) {
        tty_out(t, "^?", 2);
    } else {
        tty_out(t, &c, 1);
    }
}

static uint32_t at(struct tty *t, uint32_t i) { return (t->head + i) % TTY_BUF; }

/* Removes the last character of the line being edited; echoes the erase. */
static bool erase_one(struct tty *t)
{
    if (t->len == t->cooked)
        return false;
    char c = t->buf[at(t, t->len - 1)];
    t->len--;
    if (L(t, ECHO) && L(t, ECHOE)) {
        int w = ((uint8_t)c < 32 && L(t, ECHOCTL)) ? 2 : 1;
        while (w--)
            tty_out(t, "\b \b", 3);
    }
    return true;
}

/* Appends c to the line being edited; a full ring drops it. */
static void put_char(struct tty *t, char c)
{
    if (t->len < TTY_BUF - 1) {
        t->buf[at(t, t->len)] = c;
        t->len++;
    }
}

/* Drops all input; the caller has interrupts off. */
static void flush_input(struct tty *t)
{
    t->head = t->cooked = t->len = t->eofs = 0;
}

/* Everything typed so far becomes readable; wakes the readers. */
static void line_done(struct tty *t)
{
    t->cooked = t->len;
    wake_up(&t->read_wq);
    kill_fasync(&t->fasync, POLL_IN);       /* O_ASYNC readers (fs/fasync.c) */
}

/* One input byte, from an interrupt handler: signal characters, editing
 * characters and ^D act at once, the rest goes into the ring and is
 * echoed. Does not sleep. */
void tty_receive(struct tty *t, char c)
{
    if (I(t, ISTRIP)) c &= 0x7F;
    if (c == '\r' && I(t, IGNCR)) return;
    if (c == '\r' && I(t, ICRNL)) c = '\n';
    else if (c == '\n' && I(t, INLCR)) c = '\r';
    if (L(t, ISIG)) {
        int sig = c == CC(t, VINTR) ? SIGINT : c == CC(t, VQUIT) ? SIGQUIT :
                  c == CC(t, VSUSP) ? SIGTSTP : 0;
        if (sig && c) {
            if (!L(t, NOFLSH))
                flush_input(t);
            echo_char(t, c);
            if (t->pgrp)
                kill_pgrp(t->pgrp, sig);
            wake_up(&t->read_wq);
            return;
        }
    }
    if (!L(t, ICANON)) {
        put_char(t, c);
        echo_char(t, c);
        line_done(t);
        return;
    }
    if (c == CC(t, VERASE) || c == '\b') {
        erase_one(t);
    } else if (c == CC(t, VWERASE) && L(t, IEXTEN)) {
        while (t->len > t->cooked && t->buf[at(t, t->len - 1)] == ' ') erase_one(t);
        while (t->len > t->cooked && t->buf[at(t, t->len - 1)] != ' ') erase_one(t);
    } else if (c == CC(t, VKILL)) {
        while (erase_one(t))
            ;
    } else if (c == CC(t, VEOF)) {
        put_char(t, (char)0xFF);             /* a mark the reader turns into EOF */
        t->eofs++;
        line_done(t);
    } else if (c == '\n' || c == CC(t, VEOL)) {
        put_char(t, c);
        if (L(t, ECHO) || L(t, ECHONL)) tty_out(t, "\n", 1);
        line_done(t);
    } else {
        put_char(t, c);
        echo_char(t, c);
    }
}

/* Job control: a background process reading its terminal gets SIGTTIN
 * (writing it with TOSTOP: SIGTTOU), sent to its whole group. 0 (go on),
 * -ERESTARTSYS (signal sent) or -EIO (SIGTTIN blocked or ignored). */
static int check_background(struct tty *t, int sig)
{
    if (current->tty != t || !t->pgrp || current->pgid == t->pgrp)
        return 0;
    if ((current->blocked & SIGBIT(sig)) || current->action[sig - 1].handler == (uint32_t)SIG_IGN)
        return sig == SIGTTIN ? -EIO : 0;
    kill_pgrp(current->pgid, sig);
    return -ERESTARTSYS;
}

/* VMIN and VTIME both set: wait for a first byte as long as it takes,
 * then at most VTIME for each next one, until there are min. Sleeps; 0,
 * -ETIME (a gap longer than VTIME) or nonzero for a signal. */
static int wait_intercharacter(struct tty *t, uint32_t min, uint32_t vtime)
{
    int r = wait_event_interruptible(&t->read_wq, t->cooked > 0);
    if (r)
        return r;
    for (uint32_t seen = t->cooked; t->cooked < min; seen = t->cooked) {
        r = wait_event_interruptible_deadline(&t->read_wq, t->cooked != seen, deadline_after_ticks(vtime));
        if (r)
            return r;
    }
    return 0;
}

/* Non-canonical input as termios(3) describes VMIN and VTIME (tenths of a
 * second): wait for VMIN bytes, for a byte with a timeout, or both. May
 * sleep; 0 (read what is there, perhaps nothing) or -ERESTARTSYS. */
static int raw_wait(struct tty *t, size_t n)
{
    uint32_t min = MIN((uint32_t)CC(t, VMIN), (uint32_t)n);
    uint32_t vtime = CC(t, VTIME) * HZ / 10;
    int r;
    if (min == 0 && vtime == 0)
        return 0;
    if (min == 0)
        r = wait_event_interruptible_deadline(&t->read_wq, t->cooked > 0, deadline_after_ticks(vtime));
    else if (vtime == 0)
        r = wait_event_interruptible(&t->read_wq, t->cooked >= min);
    else
        r = wait_intercharacter(t, min, vtime);
    if (r == -ETIME)
        r = 0;
    return r ? -ERESTARTSYS : 0;
}

/* See tty.h: may sleep; bytes read, 0 at end of file, or -errno. */
ssize_t tty_read(struct tty *t, struct iov_iter *to, bool nonblock)
{
    size_t n = iov_iter_count(to);
    int r = check_background(t, SIGTTIN);
    if (r)
        return r;
    if (n == 0)
        return 0;
    if (t->cooked == 0 && nonblock)
        return -EAGAIN;
    if (L(t, ICANON)) {
        if (wait_event_interruptible(&t->read_wq, t->cooked > 0))
            return -ERESTARTSYS;
    } else if ((r = raw_wait(t, n)) < 0) {
        return r;
    }
    uint32_t f = irq_save();
    size_t done = 0;
    while (done < n && t->cooked) {
        char c = t->buf[t->head];
        if (L(t, ICANON) && (uint8_t)c == 0xFF && t->eofs) {
            if (done)                        /* EOF after data: stop before it */
                break;
            t->head = (t->head + 1) % TTY_BUF;
            t->cooked--; t->len--; t->eofs--;
            break;                           /* ^D on an empty line: read returns 0 */
        }
        irq_restore(f);
        if (copy_to_iter(&c, 1, to) != 1)    /* a bad page: the byte stays */
            return done ? (ssize_t)done : -EFAULT;
        f = irq_save();
        t->head = (t->head + 1) % TTY_BUF;
        t->cooked--; t->len--;
        done++;
        if (L(t, ICANON) && c == '\n')
            break;
    }
    irq_restore(f);
    return done;
}

/* Writes through OPOST. A fault in the user's buffers ends the write: the
 * bytes before it are written and counted. Bytes written, -EFAULT, or
 * what check_background says under TOSTOP. */
ssize_t tty_write(struct tty *t, struct iov_iter *from)
{
    if ((t->termios.c_lflag & TOSTOP)) {
        int r = check_background(t, SIGTTOU);
        if (r)
            return r;
    }
    char buf[256];
    size_t done = 0;
    while (iov_iter_count(from)) {
        size_t k = MIN(iov_iter_count(from), sizeof buf), c = copy_from_iter(buf, k, from);
        tty_out(t, buf, c);
        done += c;
        if (c < k)
            return done ? (ssize_t)done : -EFAULT;
    }
    return done;
}

/* Readable when there is cooked input; always writable. */
unsigned tty_poll(struct tty *t, struct poll_table *pt)
{
    poll_wait(&t->read_wq, pt);
    return (t->cooked ? POLLIN | POLLRDNORM : 0) | POLLOUT | POLLWRNORM;
}

/* A session leader without a terminal, opening t that has no session and
 * without O_NOCTTY, makes t its controlling terminal. */
void tty_open(struct tty *t, bool noctty)
{
    struct task *c = current;
    if (!noctty && c->sid == c->pid && !c->tty && !t->session) {
        c->tty = t;
        t->session = c->sid;
        t->pgrp = c->pgid;
    }
}

/* TCSETS, TCSETSW, TCSETSF (which flushes input first): new termios from
 * the user. Switching ICANON off makes the line being edited readable;
 * switching it on makes the raw bytes the line being edited. Does not
 * sleep (TCSETSW has no output to drain); 0 or -EFAULT. */
static int set_termios(struct tty *t, uint32_t arg, uint32_t cmd)
{
    struct termios n;
    if (copy_from_user(&n, (void *)arg, sizeof n))
        return -EFAULT;
    uint32_t f = irq_save();
    if (cmd == TCSETSF)
        flush_input(t);
    bool was_canon = L(t, ICANON);
    t->termios = n;
    if (was_canon && !L(t, ICANON)) {        /* the partial line becomes readable */
        t->cooked = t->len;
        if (t->len) wake_up(&t->read_wq);
    } else if (!was_canon && L(t, ICANON)) {
        t->cooked = 0;                       /* raw bytes become the line being edited */
    }
    irq_restore(f);
    return 0;
}

/* TIOCSWINSZ: a new window size; the foreground group gets SIGWINCH when
 * it changed. 0 or -EFAULT. */
static int tiocswinsz(struct tty *t, uint32_t arg)
{
    uint16_t ws[4];
    if (copy_from_user(ws, (void *)arg, sizeof ws))
        return -EFAULT;
    bool changed = ws[0] != t->rows || ws[1] != t->cols;
    t->rows = ws[0];
    t->cols = ws[1];
    if (changed && t->pgrp)
        kill_pgrp(t->pgrp, SIGWINCH);
    return 0;
}

/* TIOCSPGRP: the foreground group becomes *arg, a group of current's
 * session. 0, -ENOTTY (t is not current's controlling terminal), -EFAULT,
 * -EINVAL (negative), -EPERM (a group of another session) or -ESRCH (no
 * such group). */
static int tiocspgrp(struct tty *t, uint32_t arg)
{
    struct task *c = current;
    if (c->tty != t || t->session != c->sid)
        return -ENOTTY;
    int pg;
    if (copy_from_user(&pg, (void *)arg, sizeof pg))
        return -EFAULT;
    if (pg < 0)
        return -EINVAL;
    bool found = false;
    for (int i = 1; i < task_slots_used(); i++)
        if (tasks[i].state != TASK_UNUSED && tasks[i].pgid == pg) {
            found = true;
            if (tasks[i].sid != c->sid)
                return -EPERM;
        }
    if (!found)
        return -ESRCH;
    t->pgrp = pg;
    return 0;
}

/* TIOCSCTTY: t becomes the controlling terminal of current, a session
 * leader; a terminal another session holds is taken from it only by root
 * asking with arg 1. 0 or -EPERM. */
static int tiocsctty(struct tty *t, uint32_t arg)
{
    struct task *c = current;
    if (c->sid != c->pid)
        return -EPERM;
    if (c->tty == t)
        return 0;
    if (t->session && !(arg == 1 && capable(CAP_SYS_ADMIN)))
        return -EPERM;
    for (int i = 1; i < task_slots_used(); i++)      /* steal it from its old session */
        if (tasks[i].tty == t)
            tasks[i].tty = NULL;
    c->tty = t;
    t->session = c->sid;
    t->pgrp = c->pgid;
    return 0;
}

/* Session leader current gives up its controlling terminal (TIOCNOTTY,
 * or on exit): the foreground group gets SIGHUP, and SIGCONT unless the
 * leader is exiting (as Linux's disassociate_ctty); every process of the
 * session loses the terminal; the terminal keeps no session and no
 * foreground group, so the next session leader can acquire it. Does not
 * sleep. */
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

/* TIOCNOTTY: current gives up its controlling terminal t; a session
 * leader takes the whole session with it (disassociate_ctty). 0 or
 * -ENOTTY (t is not current's controlling terminal). */
static int tiocnotty(struct tty *t)
{
    struct task *c = current;
    if (c->tty != t)
        return -ENOTTY;
    if (c->sid == c->pid)
        disassociate_ctty(false);
    c->tty = NULL;
    return 0;
}

/* Job control: the foreground group (TIOCGPGRP, TIOCSPGRP), the session
 * (TIOCGSID) and the controlling terminal (TIOCSCTTY, TIOCNOTTY). The
 * getters need t to be current's controlling terminal (-ENOTTY). */
static int tty_jobctrl_ioctl(struct tty *t, uint32_t cmd, uint32_t arg)
{
    switch (cmd) {
    case TIOCGPGRP: {
        if (current->tty != t)
            return -ENOTTY;
        int pg = t->pgrp;
        return copy_to_user((void *)arg, &pg, sizeof pg);
    }
    case TIOCSPGRP:
        return tiocspgrp(t, arg);
    case TIOCGSID:
        if (current->tty != t)
            return -ENOTTY;
        return copy_to_user((void *)arg, &t->session, sizeof t->session);
    case TIOCSCTTY:
        return tiocsctty(t, arg);
    default:                                 /* TIOCNOTTY */
        return tiocnotty(t);
    }
}

/* TCFLSH: TCIFLUSH and TCIOFLUSH drop the input (there is no output
 * queue to drop). Always 0. */
static int tty_perform_flush(struct tty *t, uint32_t arg)
{
    if (arg == TCIFLUSH || arg == TCIOFLUSH) {
        uint32_t f = irq_save();
        flush_input(t);
        irq_restore(f);
    }
    return 0;
}

/* The terminal's ioctls, one group each: termios, window size, job
 * control, the input queue's size, flushing; TCXONC and TCSBRK do
 * nothing. Does not sleep; 0 or -errno, -ENOTTY for a command a tty does
 * not know. */
int tty_ioctl(struct tty *t, uint32_t cmd, uint32_t arg)
{
    switch (cmd) {
    case TCGETS:
        return copy_to_user((void *)arg, &t->termios, sizeof t->termios);
    case TCSETS: case TCSETSW: case TCSETSF:
        return set_termios(t, arg, cmd);
    case TIOCGWINSZ: {
        uint16_t ws[4] = { t->rows, t->cols, 0, 0 };
        return copy_to_user((void *)arg, ws, sizeof ws);
    }
    case TIOCSWINSZ:
        return tiocswinsz(t, arg);
    case TIOCGPGRP: case TIOCSPGRP: case TIOCGSID:
    case TIOCSCTTY: case TIOCNOTTY:
        return tty_jobctrl_ioctl(t, cmd, arg);
    case FIONREAD: {
        int k = (int)t->cooked;
        return copy_to_user((void *)arg, &k, sizeof k);
    }
    case TCFLSH:
        return tty_perform_flush(t, arg);
    case TCXONC: case TCSBRK:
        return 0;
    }
    return -ENOTTY;
}

/* vhangup(): CAP_SYS_TTY_CONFIG only (-EPERM). The caller's
 * controlling terminal is hung up for its session as Linux's
 * tty_vhangup_self: the session's leader gets SIGHUP and SIGCONT and
 * every process of the session loses the terminal. Descriptors open on it stay usable (docs/decisions.md).
 * 0, also without a terminal. */
long sys_vhangup(void)
{
    if (!capable(CAP_SYS_TTY_CONFIG))
        return -EPERM;
    struct tty *t = current->tty;
    if (!t)
        return 0;
    int sid = t->session;
    for (int i = 1; i < task_slots_used(); i++) {
        struct task *p = &tasks[i];
        if (p->state == TASK_UNUSED || p->tty != t)
            continue;
        if (p->tgid == sid && p->group_leader == p) {
            send_sig(p, SIGHUP);
            send_sig(p, SIGCONT);
        }
        p->tty = NULL;
    }
    t->session = t->pgrp = 0;
    return 0;
}
