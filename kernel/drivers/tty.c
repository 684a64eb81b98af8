/* The line discipline, Linux's n_tty, one for every terminal (tty.h):
 * input bytes arrive by tty_receive (from interrupt handlers for the
 * console, from the other side's writes for a pty) and are edited here
 * into an input ring, whose line ends are marked as n_tty's read_flags
 * mark them; readers sleep on read_wq, in canonical mode for a whole
 * line, in raw mode as VMIN and VTIME say. Output goes through OPOST and
 * ONLCR to the driver's write hook; a writer waits on write_wq while the
 * driver has no room (a pty whose other side does not read) or output
 * is stopped (IXON's ^S). The modes' ioctls and flushing are here; the
 * files, the window size and job control are tty_io.c's. */
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
#define CC(t, i) ((uint8_t)(t)->termios.c_cc[i])
/* Whether c is the (enabled: not 0, _POSIX_VDISABLE) control character i. */
#define IS(t, c, i) ((uint8_t)(c) == CC(t, i) && CC(t, i))

/* Linux's tty_std_termios with INIT_C_CC: cooked, echo, 38400 baud. */
const struct termios tty_std_termios = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B38400 | CS8 | CREAD | HUPCL,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4, [VTIME] = 0,
              [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18,
              [VDISCARD] = 15, [VWERASE] = 23, [VLNEXT] = 22 },
};

static void set_rates(struct tty *t);

/* t with modes *tio, driven by ops, with nothing typed and a 0x0 window. */
void tty_init(struct tty *t, const struct tty_operations *ops, const struct termios *tio)
{
    memset(t, 0, sizeof *t);
    t->termios = *tio;
    set_rates(t);
    wait_queue_init(&t->read_wq);
    wait_queue_name(&t->read_wq, "tty %x input", (uint32_t)(uintptr_t)t);
    wait_queue_init(&t->write_wq);
    wait_queue_name(&t->write_wq, "tty %x output", (uint32_t)(uintptr_t)t);
    t->ops = ops;
}

/* ---- output ---- */

/* Output with OPOST processing (\n -> \r\n); keeps the column for echo. */
static void tty_out(struct tty *t, const char *s, size_t n)
{
    char buf[128];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (k + 2 > sizeof buf) { t->ops->write(t, buf, k); k = 0; }
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
        t->ops->write(t, buf, k);
}

static bool is_cntrl(char c) { return (uint8_t)c < 32 || c == 127; }

/* Echoes an input byte when ECHO is on, a control character other than
 * tab and newline as ^X under ECHOCTL. */
static void echo_char(struct tty *t, char c)
{
    if (!L(t, ECHO))
        return;
    if (L(t, ECHOCTL) && is_cntrl(c) && c != '\n' && c != '\t') {
        char b[2] = { '^', c == 127 ? '?' : (char)(c + '@') };
        tty_out(t, b, 2);
    } else {
        tty_out(t, &c, 1);
    }
}

/* TIOCPKT: tell a packet-mode master of the slave's status change. */
static void packet_status(struct tty *t, uint8_t set, uint8_t clear)
{
    if (t->link && t->link->packet) {
        t->pktstatus = (t->pktstatus & ~clear) | set;
        wake_up(&t->link->read_wq);
    }
}

/* IXON's ^S and ^Q, TCOOFF and TCOON: output stops and starts. */
static void stop_tty(struct tty *t)
{
    if (t->stopped)
        return;
    t->stopped = true;
    packet_status(t, TIOCPKT_STOP, TIOCPKT_START);
}

static void start_tty(struct tty *t)
{
    if (!t->stopped || t->tco_stopped)
        return;
    t->stopped = false;
    packet_status(t, TIOCPKT_START, TIOCPKT_STOP);
    wake_up(&t->write_wq);
}

/* ---- the input ring ---- */

static uint32_t at(struct tty *t, uint32_t i) { return (t->head + i) % TTY_BUF; }
static bool end_at(struct tty *t, uint32_t slot) { return t->line_end[slot / 32] & (1u << (slot % 32)); }
static void mark_end(struct tty *t, uint32_t slot) { t->line_end[slot / 32] |= 1u << (slot % 32); }
static void clear_end(struct tty *t, uint32_t slot) { t->line_end[slot / 32] &= ~(1u << (slot % 32)); }

/* What t can take as input now: a writer into it waits while this is 0.
 * A canonical line longer than the ring keeps coming (its last byte is
 * overwritten, as n_tty does), so that its newline can end it. */
uint32_t tty_input_room(struct tty *t)
{
    uint32_t room = t->len < TTY_BUF - 1 ? TTY_BUF - 1 - t->len : 0;
    if (!room && L(t, ICANON) && t->cooked == 0)
        return 1;
    return room;
}

/* Appends c to the line being edited; a full ring drops it, except in a
 * canonical line that fills the ring, whose last byte it replaces. */
static bool put_char(struct tty *t, char c)
{
    if (t->len < TTY_BUF - 1 || (t->len < TTY_BUF && L(t, ICANON) && t->cooked == 0)) {
        t->buf[at(t, t->len++)] = c;
        return true;
    }
    if (L(t, ICANON) && t->cooked == 0) {
        t->buf[at(t, t->len - 1)] = c;
        return true;
    }
    return false;
}

/* Removes the last byte of the line being edited, if any. */
static bool erase_one(struct tty *t, char *c)
{
    if (t->len == t->cooked)
        return false;
    *c = t->buf[at(t, --t->len)];
    return true;
}

/* The echo of one erased byte under ECHOE (Linux's eraser): "\b \b" per
 * column it took. */
static void echo_erase(struct tty *t, char c)
{
    if (!L(t, ECHO))
        return;
    if (is_cntrl(c) && c != '\t') {
        if (L(t, ECHOCTL)) {
            tty_out(t, "\b \b", 3);
            tty_out(t, "\b \b", 3);
        }
        return;
    }
    tty_out(t, "\b \b", 3);
}

/* Drops all input and wakes the writers waiting for room. Interrupts
 * off. */
void tty_flush_input(struct tty *t)
{
    t->head = t->cooked = t->len = 0;
    memset(t->line_end, 0, sizeof t->line_end);
    t->flushes++;
    if (t->ops->unthrottle)
        t->ops->unthrottle(t);
}

/* TCIFLUSH and a signal character's flush: a packet master hears of it. */
static void flush_input_packet(struct tty *t)
{
    tty_flush_input(t);
    packet_status(t, TIOCPKT_FLUSHREAD, 0);
}

/* Everything typed so far becomes readable; wakes the readers. */
static void commit(struct tty *t)
{
    t->cooked = t->len;
    wake_up(&t->read_wq);
    kill_fasync(&t->fasync, POLL_IN);       /* O_ASYNC readers (fs/fasync.c) */
}

/* A line ends with c (a 0 byte: an ^D, which reads leave out). */
static void end_line(struct tty *t, char c)
{
    if (put_char(t, c)) {
        mark_end(t, at(t, t->len - 1));
        commit(t);
    }
}

/* A signal character (Linux's isig): unless NOFLSH, the input and any
 * output in flight go; the foreground group gets sig; the character is
 * echoed. */
static void isig(struct tty *t, int sig, char c)
{
    if (!L(t, NOFLSH)) {
        flush_input_packet(t);
        if (t->ops->flush_buffer)
            t->ops->flush_buffer(t);
    }
    if (t->pgrp)
        kill_pgrp(t->pgrp, sig);
    echo_char(t, c);
    wake_up(&t->read_wq);
}

/* Erase (one byte), word erase (back over non-word bytes, then over the
 * word, as BSD's ALTWERASE) and kill (the line): Linux's eraser. */
static void eraser(struct tty *t, char c)
{
    char e;
    if (IS(t, c, VERASE)) {
        if (!erase_one(t, &e))
            return;
        if (L(t, ECHOE))
            echo_erase(t, e);
        else
            echo_char(t, CC(t, VERASE));
        return;
    }
    if (IS(t, c, VKILL) && (!L(t, ECHO) || !L(t, ECHOK) || !L(t, ECHOKE) || !L(t, ECHOE))) {
        t->len = t->cooked;                  /* the line goes without visual erasing */
        echo_char(t, c);
        if (L(t, ECHO) && L(t, ECHOK))
            tty_out(t, "\n", 1);
        return;
    }
    bool word = !IS(t, c, VKILL);
    int seen = 0;
    while (t->len > t->cooked) {
        e = t->buf[at(t, t->len - 1)];
        if (word) {
            bool alnum = (e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z') || e == '_';
            if (alnum)
                seen++;
            else if (seen)
                break;
        }
        t->len--;
        echo_erase(t, e);
    }
}

/* ^R: the line being edited again, on a line of its own. */
static void reprint(struct tty *t, char c)
{
    echo_char(t, c);
    tty_out(t, "\n", 1);
    for (uint32_t i = t->cooked; i < t->len; i++)
        echo_char(t, t->buf[at(t, i)]);
}

/* The special characters of canonical mode; false for an ordinary one. */
static bool canon_special(struct tty *t, char c)
{
    if (IS(t, c, VERASE) || IS(t, c, VKILL) || (IS(t, c, VWERASE) && L(t, IEXTEN))) {
        eraser(t, c);
    } else if (IS(t, c, VLNEXT) && L(t, IEXTEN)) {
        t->lnext = true;
        if (L(t, ECHO) && L(t, ECHOCTL))
            tty_out(t, "^\b", 2);
    } else if (IS(t, c, VREPRINT) && L(t, ECHO) && L(t, IEXTEN)) {
        reprint(t, c);
    } else if (c == '\n') {
        if (L(t, ECHO) || L(t, ECHONL))
            tty_out(t, "\n", 1);
        end_line(t, c);
    } else if (IS(t, c, VEOF)) {
        end_line(t, 0);                      /* Linux's __DISABLED_CHAR, marked */
    } else if (IS(t, c, VEOL) || (IS(t, c, VEOL2) && L(t, IEXTEN))) {
        echo_char(t, c);
        end_line(t, c);
    } else {
        return false;
    }
    return true;
}

/* One input byte (Linux's n_tty_receive_char_special): ^V's literal
 * next, IXON's ^S and ^Q, the signal characters, CR and NL mapping, the
 * editing of canonical mode; the rest goes into the ring and is echoed.
 * Interrupts off; does not sleep. */
void tty_receive(struct tty *t, char c)
{
    if (I(t, ISTRIP))
        c &= 0x7F;
    if (t->lnext) {                         /* after ^V: c as it is */
        t->lnext = false;
        if (L(t, ECHO) && L(t, ECHOCTL))
            tty_out(t, "\b", 1);
        echo_char(t, c);
        put_char(t, c);
        return;
    }
    if (I(t, IXON)) {
        if (IS(t, c, VSTART)) {
            start_tty(t);
            return;
        }
        if (IS(t, c, VSTOP)) {
            stop_tty(t);
            return;
        }
    }
    if (L(t, ISIG)) {
        int sig = IS(t, c, VINTR) ? SIGINT : IS(t, c, VQUIT) ? SIGQUIT : IS(t, c, VSUSP) ? SIGTSTP : 0;
        if (sig) {
            if (I(t, IXON))
                start_tty(t);
            isig(t, sig, c);
            return;
        }
    }
    if (t->stopped && !t->tco_stopped && I(t, IXON) && I(t, IXANY))
        start_tty(t);
    if (c == '\r') {
        if (I(t, IGNCR))
            return;
        if (I(t, ICRNL))
            c = '\n';
    } else if (c == '\n' && I(t, INLCR)) {
        c = '\r';
    }
    if (L(t, ICANON) && canon_special(t, c))
        return;
    echo_char(t, c);
    put_char(t, c);
    if (!L(t, ICANON))
        commit(t);
}

/* ---- reading ---- */

/* Whether a read finds input (Linux's input_available_p): a whole line
 * in canonical mode, else a byte; for poll in raw mode with VMIN and no
 * VTIME, VMIN bytes. */
static bool input_available(struct tty *t, bool poll)
{
    uint32_t amt = poll && !L(t, ICANON) && !CC(t, VTIME) && CC(t, VMIN) ? CC(t, VMIN) : 1;
    return t->cooked >= amt;
}

/* Copies up to `want` readable bytes to the user and takes them from the
 * ring; then, when all came and eat_mark, takes the ^D mark after them
 * too (it is not read). Returns the bytes copied, or -EFAULT when none
 * could be. */
static ssize_t copy_out(struct tty *t, struct iov_iter *to, uint32_t want, bool eat_mark)
{
    char kbuf[256];
    uint32_t done = 0;
    while (done < want) {
        uint32_t f = irq_save(), gen = t->flushes;
        uint32_t k = MIN(MIN(want - done, (uint32_t)sizeof kbuf), t->cooked);
        for (uint32_t i = 0; i < k; i++)
            kbuf[i] = t->buf[at(t, i)];
        irq_restore(f);
        if (!k)
            return done;
        uint32_t c = copy_to_iter(kbuf, k, to);
        f = irq_save();
        if (gen == t->flushes) {            /* else a flush meanwhile took them already */
            for (uint32_t i = 0; i < c; i++)
                clear_end(t, at(t, i));
            t->head = at(t, c);
            t->cooked -= c;
            t->len -= c;
        }
        irq_restore(f);
        done += c;
        if (c < k)
            return done ? (ssize_t)done : -EFAULT;
    }
    uint32_t f = irq_save();
    if (eat_mark && t->cooked) {
        clear_end(t, t->head);
        t->head = at(t, 1);
        t->cooked--;
        t->len--;
    }
    irq_restore(f);
    return done;
}

/* Canonical mode (Linux's canon_copy_from_read_buf): up to the first
 * line end among the first n readable bytes, the line end included
 * unless it is an ^D. Bytes copied or -EFAULT. */
static ssize_t canon_copy(struct tty *t, struct iov_iter *to, uint32_t n)
{
    uint32_t f = irq_save(), k = MIN(n, t->cooked), e = 0;
    while (e < k && !end_at(t, at(t, e)))
        e++;
    bool found = e < k, eof = found && t->buf[at(t, e)] == 0;
    irq_restore(f);
    if (!found)
        return copy_out(t, to, k, false);
    return copy_out(t, to, eof ? e : e + 1, eof);
}

static bool hung(struct tty *t UNUSED, struct file *f) { return tty_hung_up_p(f); }

/* What ends a reader's sleep. */
static bool read_wakes(struct tty *t, struct file *f)
{
    return input_available(t, false) || (t->flags & TTY_OTHER_CLOSED) || hung(t, f) ||
           (t->packet && t->link->pktstatus);
}

/* See tty.h (Linux's n_tty_read). Canonical mode returns at most one
 * line; raw mode returns when VMIN bytes have come, or when VTIME passed
 * since the last byte (VMIN > 0) or since the read began (VMIN 0);
 * O_NONBLOCK returns what is there, or -EAGAIN. A master in packet mode
 * reads a status byte alone, or TIOCPKT_DATA before its data. */
ssize_t n_tty_read(struct tty *t, struct file *f, struct iov_iter *to)
{
    int r = tty_check_change(t, SIGTTIN);
    if (r)
        return r;
    uint32_t nr = iov_iter_count(to), done = 0, minimum = 0;
    uint64_t time = 0, deadline = UINT64_MAX;   /* ns: VTIME; the wait's end (none) */
    bool canon = L(t, ICANON), nonblock = f->f_flags & O_NONBLOCK;
    if (!canon) {
        minimum = CC(t, VMIN);
        if (minimum) {
            time = CC(t, VTIME) * 100000000ull;
        } else {
            deadline = ktime_get_ns() + CC(t, VTIME) * 100000000ull;
            minimum = 1;
        }
    }
    while (nr) {
        if (t->packet && t->link->pktstatus) {
            if (done)
                break;
            uint32_t fl = irq_save();
            char cs = (char)t->link->pktstatus;
            t->link->pktstatus = 0;
            irq_restore(fl);
            if (copy_to_iter(&cs, 1, to) != 1)
                return -EFAULT;
            done = 1;
            break;
        }
        if (!input_available(t, false)) {
            if (t->flags & TTY_OTHER_CLOSED) {
                r = -EIO;
                break;
            }
            if (hung(t, f) || ktime_get_ns() >= deadline)
                break;
            if (nonblock) {
                r = -EAGAIN;
                break;
            }
            if (signal_pending(current)) {
                r = -ERESTARTSYS;
                break;
            }
            int w = deadline == UINT64_MAX ? wait_event_interruptible(&t->read_wq, read_wakes(t, f))
                  : wait_event_interruptible_deadline(&t->read_wq, read_wakes(t, f), deadline);
            if (w && w != -ETIME) {
                r = -ERESTARTSYS;
                break;
            }
            continue;
        }
        ssize_t c;
        if (canon) {
            c = canon_copy(t, to, nr);
        } else {
            if (t->packet && done == 0) {
                char data = TIOCPKT_DATA;
                if (copy_to_iter(&data, 1, to) != 1)
                    return -EFAULT;
                done++;
                nr--;
            }
            c = copy_out(t, to, nr, false);
        }
        if (c < 0)
            return done ? (ssize_t)done : c;
        done += c;
        nr -= c;
        if (t->ops->unthrottle)
            t->ops->unthrottle(t);
        if (done >= minimum)
            break;
        if (time)
            deadline = ktime_get_ns() + time;
    }
    return done ? (ssize_t)done : r;
}

/* ---- writing ---- */

static uint32_t write_room(struct tty *t)
{
    if (t->stopped)
        return 0;
    return t->ops->write_room ? t->ops->write_room(t) : UINT32_MAX;
}

/* Room for the first of the bytes s: ONLCR makes a newline two. */
static uint32_t need_of(struct tty *t, char c)
{
    return c == '\n' && (t->termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR) ? 2 : 1;
}

/* Whether a writer cannot go on at all: its file was hung up, or the
 * master of its pty has closed. */
static bool write_dead(struct tty *t, struct file *f)
{
    return hung(t, f) || ((t->flags & TTY_PTY_SLAVE) && (t->flags & TTY_OTHER_CLOSED));
}

/* Writes through OPOST, as much as the driver has room for at a time
 * (Linux's n_tty_write); under TOSTOP a background process gets SIGTTOU.
 * A signal ends the write only while it waits for room (Linux also
 * looks before each piece it writes, which only a signal that came
 * since the call began can make a difference to).
 * A fault in the user's buffers ends the write: the bytes before it are
 * written and counted. Bytes written, or -EFAULT, -EAGAIN, -EIO,
 * -ERESTARTSYS when none were. */
ssize_t n_tty_write(struct tty *t, struct file *f, struct iov_iter *from)
{
    if (L(t, TOSTOP)) {
        int r = tty_check_change(t, SIGTTOU);
        if (r)
            return r;
    }
    char buf[256];
    size_t have = 0, off = 0, done = 0;
    bool fault = false;
    int r = 0;
    for (;;) {
        if (off == have) {
            if (fault || !iov_iter_count(from))
                break;
            size_t k = MIN(iov_iter_count(from), sizeof buf);
            have = copy_from_iter(buf, k, from);
            off = 0;
            fault = have < k;
            if (!have)
                break;
        }
        if (write_dead(t, f)) {
            r = -EIO;
            break;
        }
        uint32_t room = write_room(t);
        if (room < need_of(t, buf[off])) {
            if (f->f_flags & O_NONBLOCK) {
                r = -EAGAIN;
                break;
            }
            if (wait_event_interruptible(&t->write_wq, write_room(t) >= need_of(t, buf[off]) ||
                                         write_dead(t, f)))
                r = -ERESTARTSYS;
            if (r)
                break;
            continue;
        }
        size_t k = 0;
        for (uint32_t need = 0; off + k < have && need + need_of(t, buf[off + k]) <= room; k++)
            need += need_of(t, buf[off + k]);
        tty_out(t, buf + off, k);
        off += k;
        done += k;
    }
    if (!done && fault && !r)
        r = -EFAULT;
    return done ? (ssize_t)done : r;
}

/* Readable with a line (or bytes: input_available's poll form), with a
 * status for a packet master; hung up (POLLHUP) when the other side of a
 * pty closed; writable when the driver has room. */
unsigned n_tty_poll(struct tty *t, struct file *f UNUSED, struct poll_table *pt)
{
    poll_wait(&t->read_wq, pt);
    poll_wait(&t->write_wq, pt);
    unsigned mask = 0;
    if (input_available(t, true))
        mask |= POLLIN | POLLRDNORM;
    if (t->packet && t->link->pktstatus)
        mask |= POLLPRI | POLLIN | POLLRDNORM;
    if (t->flags & TTY_OTHER_CLOSED)
        mask |= POLLHUP;
    if (write_room(t) > 0)
        mask |= POLLOUT | POLLWRNORM;
    return mask;
}

/* Wakes everyone waiting on t (a change of modes, a hang-up). */
void tty_wakeup(struct tty *t)
{
    wake_up(&t->read_wq);
    wake_up(&t->write_wq);
}

/* ---- job control's part in reading and writing ---- */

/* See tty.h (Linux's __tty_check_change): only a process in the
 * background of t, its controlling terminal, is held back. */
int tty_check_change(struct tty *t, int sig)
{
    struct task *c = current;
    if (c->tty != t || !t->pgrp || c->pgid == t->pgrp)
        return 0;
    if ((c->blocked & SIGBIT(sig)) || c->action[sig - 1].handler == (uint32_t)SIG_IGN)
        return sig == SIGTTIN ? -EIO : 0;
    if (pgrp_orphaned(c->pgid, NULL))
        return -EIO;
    kill_pgrp(c->pgid, sig);
    return -ERESTARTSYS;
}

/* ---- the modes' ioctls ---- */

/* Linux's baud_table: the rate of each CBAUD code, the CBAUDEX ones
 * (B57600 up) after B38400. */
static const uint32_t baud_table[] = {
    0, 50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400,
    57600, 115200, 230400, 460800, 500000, 576000, 921600, 1000000, 1152000, 1500000,
    2000000, 2500000, 3000000, 3500000, 4000000,
};

/* The rate of a CBAUD code; BOTHER: `other`, the rate given in numbers. */
static uint32_t baud_of(uint32_t code, uint32_t other)
{
    if (code == BOTHER)
        return other;
    if (code & CBAUDEX)
        code = (code & ~CBAUDEX) + 15;
    return code < sizeof baud_table / sizeof baud_table[0] ? baud_table[code] : 0;
}

/* The rates the modes name (Linux's tty_termios_baud_rate and
 * tty_termios_input_baud_rate): output from CBAUD, input from CIBAUD
 * or, when that is B0, the output's. BOTHER keeps the rate given. */
static void set_rates(struct tty *t)
{
    uint32_t cflag = t->termios.c_cflag, in = (cflag >> IBSHIFT) & CBAUD;
    t->ospeed = baud_of(cflag & CBAUD, t->ospeed);
    t->ispeed = in == B0 ? t->ospeed : baud_of(in, t->ispeed);
}

/* The three layouts of the modes' ioctls. */
enum { MODES_TERMIOS, MODES_TERMIOS2, MODES_TERMIO };

static int modes_layout(uint32_t cmd)
{
    switch (cmd) {
    case TCSETS2: case TCSETSW2: case TCSETSF2:
        return MODES_TERMIOS2;
    case TCSETA: case TCSETAW: case TCSETAF:
        return MODES_TERMIO;
    }
    return MODES_TERMIOS;
}

/* A tty's modes and rates (Linux's struct ktermios). */
struct modes {
    struct termios termios;
    uint32_t ispeed, ospeed;
};

/* The modes a TCSET* call gives, over t's (Linux's set_termios reading
 * with TERMIOS_OLD, struct termios2, or TERMIOS_TERMIO: the low 16 bits
 * of each flag and the first NCC characters, the rest kept). 0 or -EFAULT. */
static int read_modes(struct tty *t, uint32_t arg, int layout, struct modes *n)
{
    n->termios = t->termios;
    n->ispeed = t->ispeed;
    n->ospeed = t->ospeed;
    if (layout == MODES_TERMIOS)
        return copy_from_user(&n->termios, (void *)arg, sizeof n->termios) ? -EFAULT : 0;
    if (layout == MODES_TERMIOS2) {
        struct termios2 k;
        if (copy_from_user(&k, (void *)arg, sizeof k))
            return -EFAULT;
        memcpy(&n->termios, &k, sizeof n->termios);   /* (termios2 begins as termios) */
        n->ispeed = k.c_ispeed;
        n->ospeed = k.c_ospeed;
        return 0;
    }
    struct termio o;
    if (copy_from_user(&o, (void *)arg, sizeof o))
        return -EFAULT;
    n->termios.c_iflag = (n->termios.c_iflag & 0xffff0000) | o.c_iflag;
    n->termios.c_oflag = (n->termios.c_oflag & 0xffff0000) | o.c_oflag;
    n->termios.c_cflag = (n->termios.c_cflag & 0xffff0000) | o.c_cflag;
    n->termios.c_lflag = (n->termios.c_lflag & 0xffff0000) | o.c_lflag;
    n->termios.c_line = o.c_line;
    memcpy(n->termios.c_cc, o.c_cc, NCC);
    return 0;
}

/* TCGETS, TCGETS2, TCGETA: t's modes in the caller's layout. */
static int write_modes(struct tty *t, uint32_t arg, uint32_t cmd)
{
    if (cmd == TCGETS)
        return copy_to_user((void *)arg, &t->termios, sizeof t->termios);
    if (cmd == TCGETS2) {
        struct termios2 k;
        memset(&k, 0, sizeof k);
        memcpy(&k, &t->termios, sizeof t->termios);
        k.c_ispeed = t->ispeed;
        k.c_ospeed = t->ospeed;
        return copy_to_user((void *)arg, &k, sizeof k);
    }
    struct termio o;
    memset(&o, 0, sizeof o);
    o.c_iflag = (unsigned short)t->termios.c_iflag;
    o.c_oflag = (unsigned short)t->termios.c_oflag;
    o.c_cflag = (unsigned short)t->termios.c_cflag;
    o.c_lflag = (unsigned short)t->termios.c_lflag;
    o.c_line = t->termios.c_line;
    memcpy(o.c_cc, t->termios.c_cc, NCC);
    return copy_to_user((void *)arg, &o, sizeof o);
}

/* TCSETS, TCSETSW, TCSETSF (which flushes input first), the same with
 * termios2 (TCSETS2...) and termio (TCSETA...): new modes from the user
 * (Linux's set_termios and n_tty_set_termios). Switching ICANON off
 * makes the line being edited readable; switching it on makes the bytes
 * waiting a line of their own. The rates follow the Bnnn codes. The
 * driver may adjust the modes (a pty keeps CS8). Does not sleep (there
 * is no output to drain); 0, -EFAULT, or job control's answer. */
static int set_termios(struct tty *t, uint32_t arg, uint32_t cmd)
{
    int r = tty_check_change(t, SIGTTOU);
    if (r)
        return r;
    struct modes n;                          /* (the copy may sleep: the caller's own) */
    if ((r = read_modes(t, arg, modes_layout(cmd), &n)))
        return r;
    uint32_t f = irq_save();
    if (cmd == TCSETSF || cmd == TCSETSF2 || cmd == TCSETAF) {
        flush_input_packet(t);
        if (t->ops->flush_buffer)
            t->ops->flush_buffer(t);
    }
    struct termios old = t->termios;
    t->termios = n.termios;
    t->ispeed = n.ispeed;
    t->ospeed = n.ospeed;
    set_rates(t);
    if ((old.c_lflag ^ t->termios.c_lflag) & ICANON) {
        memset(t->line_end, 0, sizeof t->line_end);
        t->lnext = false;
        if (L(t, ICANON) && t->len) {        /* raw bytes waiting: a line of their own */
            mark_end(t, at(t, t->len - 1));
            t->cooked = t->len;
        } else {
            t->cooked = L(t, ICANON) ? 0 : t->len;
        }
    }
    irq_restore(f);
    if (t->ops->set_termios)
        t->ops->set_termios(t, &old);
    if (!I(t, IXON) && (old.c_iflag & IXON) && !t->tco_stopped)
        start_tty(t);
    tty_wakeup(t);
    return 0;
}

/* TCFLSH: TCIFLUSH drops the input, TCOFLUSH the driver's output in
 * flight, TCIOFLUSH both. 0 or -EINVAL. */
static int perform_flush(struct tty *t, uint32_t arg)
{
    if (arg > TCIOFLUSH)
        return -EINVAL;
    if (arg != TCOFLUSH) {
        uint32_t f = irq_save();
        flush_input_packet(t);
        irq_restore(f);
    }
    if (arg != TCIFLUSH && t->ops->flush_buffer)
        t->ops->flush_buffer(t);
    return 0;
}

/* TCXONC: TCOOFF and TCOON stop and start output; TCIOFF and TCION send
 * the STOP and START characters. 0 or -EINVAL. */
static int tcxonc(struct tty *t, uint32_t arg)
{
    char c;
    switch (arg) {
    case TCOOFF:
        if (!t->tco_stopped) {
            stop_tty(t);
            t->tco_stopped = true;
        }
        return 0;
    case TCOON:
        if (t->tco_stopped) {
            t->tco_stopped = false;
            start_tty(t);
        }
        return 0;
    case TCIOFF: case TCION:
        c = (char)CC(t, arg == TCIOFF ? VSTOP : VSTART);
        if (c)
            t->ops->write(t, &c, 1);
        return 0;
    }
    return -EINVAL;
}

/* The bytes a read would give (TIOCINQ): in canonical mode the whole
 * lines, without their ^D marks. */
static int inq(struct tty *t)
{
    uint32_t f = irq_save(), n = t->cooked;
    if (L(t, ICANON))
        for (uint32_t i = 0; i < t->cooked; i++)
            if (end_at(t, at(t, i)) && t->buf[at(t, i)] == 0)
                n--;
    irq_restore(f);
    return (int)n;
}

/* See tty.h (Linux's n_tty_ioctl, n_tty_ioctl_helper, tty_mode_ioctl). */
int n_tty_ioctl(struct tty *t, struct tty *real, uint32_t cmd, uint32_t arg)
{
    int k, r;
    switch (cmd) {
    case TIOCOUTQ:                           /* nothing waits: output goes out at once */
        k = 0;
        return copy_to_user((void *)arg, &k, sizeof k);
    case TIOCINQ:
        k = inq(t);
        return copy_to_user((void *)arg, &k, sizeof k);
    case TCXONC:
        if ((r = tty_check_change(t, SIGTTOU)))
            return r;
        return tcxonc(t, arg);
    case TCFLSH:
        if ((r = tty_check_change(t, SIGTTOU)))
            return r;
        return perform_flush(t, arg);
    case TCGETS: case TCGETS2: case TCGETA:
        return write_modes(real, arg, cmd);
    case TCSETS: case TCSETSW: case TCSETSF: case TCSETS2: case TCSETSW2: case TCSETSF2:
    case TCSETA: case TCSETAW: case TCSETAF:
        return set_termios(real, arg, cmd);
    }
    return -ENOTTY;
}
