/* The terminal: one tty for the console (COM1, and the VGA screen with the
 * PS/2 keyboard), with a line discipline (canonical mode, echo, erase,
 * ^C/^\/^Z signals, ^D end of file), termios, the window size, and the
 * foreground process group that job control hands around. */
#ifndef TTY_H
#define TTY_H
#include "kernel/types.h"
#include "kernel/wait.h"
#include <asm/termbits.h>
#include <asm/ioctls.h>

struct poll_table;

#define TTY_BUF 4096

struct tty {
    struct termios termios;
    uint16_t rows, cols;                    /* TIOCGWINSZ */
    char buf[TTY_BUF];                      /* input ring: cooked lines, then the line being edited */
    uint32_t head;                          /* first unread byte */
    uint32_t cooked;                        /* bytes readable now (complete lines, or all in raw mode) */
    uint32_t len;                           /* all bytes in the ring */
    uint32_t eofs;                          /* pending ^D marks inside the cooked part */
    uint32_t column;                        /* output column, for erase and tabs */
    int pgrp, session;                      /* foreground group, controlling session */
    struct wait_queue read_wq;              /* readers wait for a line (or bytes) */
    struct fasync_struct *fasync;           /* O_ASYNC files: SIGIO when input is readable */
    void (*output)(const char *s, size_t n);
};

extern struct tty console_tty;

void tty_init(struct tty *t, void (*output)(const char *, size_t));
void tty_receive(struct tty *t, char c);   /* an input byte; interrupts off */
/* Reads for the current task: canonical lines or raw bytes; may sleep.
 * Returns bytes, 0 at end of file, -EAGAIN, -EINTR/-ERESTARTSYS, -EIO. */
struct iov_iter;
/* Read and write take the whole of the user's buffers (fs/vfs.h: iov_iter),
 * so readv and writev are one call; both may sleep. */
ssize_t tty_read(struct tty *t, struct iov_iter *to, bool nonblock);
ssize_t tty_write(struct tty *t, struct iov_iter *from);
int tty_ioctl(struct tty *t, uint32_t cmd, uint32_t arg);
unsigned tty_poll(struct tty *t, struct poll_table *pt);
/* Opening a tty: a session leader without a terminal acquires it. */
void tty_open(struct tty *t, bool noctty);
/* A session leader (current) releases its controlling terminal, on exit
 * or TIOCNOTTY: SIGHUP to the foreground group, the session loses it. */
void disassociate_ctty(bool on_exit);

#endif
