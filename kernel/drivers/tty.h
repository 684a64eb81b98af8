/* Terminals: a struct tty is one terminal with its line discipline
 * (canonical mode, echo, erase, ^C/^\/^Z signals, ^D end of file, VMIN
 * and VTIME: kernel/drivers/tty.c, Linux's n_tty), its termios, window
 * size, input ring, wait queues and the session and foreground group
 * that job control hands around (kernel/drivers/tty_io.c). A driver
 * gives it a write hook for its output and, if it needs them, hooks for
 * flow control, ioctls and opening and closing. Two drivers: the console
 * (COM1, and the VGA screen with the PS/2 keyboard: fs/console_dev.c)
 * and the pseudo-terminals (kernel/drivers/pty.c), whose master and
 * slave are a pair of ttys, each one's output the other's input. */
#ifndef TTY_H
#define TTY_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/ioctls.h>

struct poll_table;
struct file;
struct inode;
struct iov_iter;
struct tty;

#define TTY_BUF 4096                        /* Linux's N_TTY_BUF_SIZE */
#define ENOIOCTLCMD 515                     /* a driver's "not mine": the ldisc's turn */

/* What a driver does for its ttys. Only write is required. */
struct tty_operations {
    /* Output, after OPOST: the bytes go to the device (the console's
     * serial port and screen, a pty's other side). Never sleeps; also
     * called with interrupts off (the echo of typed input). */
    void (*write)(struct tty *t, const char *s, size_t n);
    /* How many bytes write takes now; NULL: any number. A writer waits on
     * t->write_wq for room, which unthrottle's wake-up brings. */
    uint32_t (*write_room)(struct tty *t);
    /* The reader of t took input: room for whoever fills it. */
    void (*unthrottle)(struct tty *t);
    /* TCOFLUSH: drop output not yet delivered. */
    void (*flush_buffer)(struct tty *t);
    /* The driver's own ioctls: 0, -errno or -ENOIOCTLCMD (not its own). */
    int (*ioctl)(struct tty *t, struct file *f, uint32_t cmd, uint32_t arg);
    /* After TCSETS*: old holds the modes before. */
    void (*set_termios)(struct tty *t, const struct termios *old);
    /* A file opens on t (0 or -errno), and a file's last close. */
    int (*open)(struct tty *t, struct file *f);
    void (*close)(struct tty *t, struct file *f);
};

/* tty->flags, Linux's TTY_* bits of the same names */
#define TTY_PTY_LOCK     0x01               /* master: the slave may not open (unlockpt clears) */
#define TTY_OTHER_CLOSED 0x02               /* the other side of the pty has closed */
#define TTY_IO_ERROR     0x04               /* reads and writes fail with EIO */
#define TTY_EXCLUSIVE    0x08               /* TIOCEXCL: only CAP_SYS_ADMIN opens it again */
#define TTY_PTY_MASTER   0x10               /* a pty's master: modes, size, jobs are the slave's */
#define TTY_PTY_SLAVE    0x20

struct tty {
    struct termios termios;
    uint32_t ispeed, ospeed;                /* the rates (Linux's ktermios c_ispeed, c_ospeed) */
    struct { uint16_t row, col, xpixel, ypixel; } winsize;   /* struct winsize */
    char buf[TTY_BUF];                      /* the input ring */
    uint32_t line_end[TTY_BUF / 32];        /* a bit per slot: a line ends there (Linux's
                                               read_flags); at a 0 byte: an ^D, not read */
    uint32_t head;                          /* slot of the first unread byte */
    uint32_t cooked;                        /* bytes readable now: whole lines, or all in raw mode */
    uint32_t len;                           /* all bytes in the ring (then the line being edited) */
    uint32_t flushes;                       /* counts input flushes: a reader's copy is then stale */
    uint32_t column;                        /* output column, for erase and tabs */
    int pgrp, session;                      /* foreground group, controlling session (0: none) */
    struct wait_queue read_wq;              /* readers wait for a line (or bytes) */
    struct wait_queue write_wq;             /* writers wait for room (a pty) */
    struct fasync_struct *fasync;           /* O_ASYNC files: SIGIO when input is readable */
    const struct tty_operations *ops;
    struct tty *link;                       /* a pty's other side */
    void *driver_data;                      /* a pty slave: its /dev/pts inode */
    uint32_t dev;                           /* MKDEV: tty_nr, TIOCGDEV */
    int index;                              /* a pty's number */
    int count;                              /* files open on it */
    uint32_t hangups;                       /* hang-ups so far: a file opened before one is dead */
    unsigned flags;                         /* TTY_* */
    bool stopped, tco_stopped;              /* output stopped: by ^S (IXON), by TCOOFF */
    bool lnext;                             /* ^V came: the next byte is taken as it is */
    bool packet;                            /* master: TIOCPKT */
    uint8_t pktstatus;                      /* slave: TIOCPKT_* the master's next read reports */
};

extern struct tty console_tty;
extern const struct termios tty_std_termios;   /* Linux's: cooked, echo, 38400 baud, 8 bits */

/* ---- the line discipline (tty.c) ---- */
/* A tty with modes *tio, a 0x0 window and nothing typed. */
void tty_init(struct tty *t, const struct tty_operations *ops, const struct termios *tio);
void tty_receive(struct tty *t, char c);    /* an input byte; interrupts off */
uint32_t tty_input_room(struct tty *t);     /* bytes t can take as input now */
/* Read and write take the whole of the user's buffers (fs/vfs.h:
 * iov_iter), so readv and writev are one call; both may sleep. Read:
 * bytes, 0 at end of file, -EAGAIN, -EIO, -ERESTARTSYS. */
ssize_t n_tty_read(struct tty *t, struct file *f, struct iov_iter *to);
ssize_t n_tty_write(struct tty *t, struct file *f, struct iov_iter *from);
unsigned n_tty_poll(struct tty *t, struct file *f, struct poll_table *pt);
/* The ldisc's ioctls: the modes (on real, a master's slave), the queues,
 * TCFLSH, TCXONC; -ENOTTY for any other. */
int n_tty_ioctl(struct tty *t, struct tty *real, uint32_t cmd, uint32_t arg);
void tty_flush_input(struct tty *t);        /* drops the input, wakes writers */
void tty_wakeup(struct tty *t);             /* wakes t's readers and writers */
/* Job control: 0 to go on, -ERESTARTSYS (sig sent to current's group),
 * -EIO (SIGTTIN ignored, or an orphaned group). Linux's tty_check_change. */
int tty_check_change(struct tty *t, int sig);

/* ---- the files (tty_io.c) ---- */
extern const struct file_operations tty_fops;
/* Makes f (being opened on a tty device) a file of t: the driver's open,
 * then, unless noctty, a session leader without a terminal acquires t. */
int tty_open_file(struct tty *t, struct inode *ip, struct file *f, bool noctty);
struct tty *file_tty(struct file *f);       /* the tty of a tty file, else NULL */
bool tty_hung_up_p(struct file *f);         /* f, a tty file, was hung up */
/* The other side of a pty has gone: t's files are hung up (reads see end
 * of file, writes and ioctls EIO), its session's leader gets SIGHUP and
 * SIGCONT and the session loses t (Linux's tty_vhangup). */
void tty_vhangup(struct tty *t);
/* t goes away: no task keeps it as its terminal. */
void tty_forget(struct tty *t);
/* A session leader (current) releases its controlling terminal, on exit
 * or TIOCNOTTY: SIGHUP to the foreground group, the session loses it. */
void disassociate_ctty(bool on_exit);
uint32_t tty_devnum(struct tty *t);         /* new_encode_dev of t's device, tty_nr */

/* ---- the pseudo-terminals (pty.c) ---- */
int ptm_open_peer(struct file *master, struct tty *t, int flags);   /* TIOCGPTPEER */
void pty_init(void);

#endif
